/**
 * "Mijn kind": what a parent sees of their children. The key test: for
 * both demo parents, the list holds exactly the dossiers and hulpvragen the access policy
 * lets them view. Then what must stay hidden: voorlopig hulpvragen, reasons of changes to a
 * status parents do not see, bijlagen not shared, other families' children. And the staff
 * side: sharing a bijlage with parents.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import { may, type Actor } from '../../src/lib/server/access/policy';
import { sql } from '../../src/lib/server/db';
import { dossierFacts, hulpvraagFacts } from '../../src/lib/server/dossiers/facts';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import * as sharing from '../../src/lib/server/parents/sharing';
import * as parents from '../../src/lib/server/parents/view';
import { makeDossier, seedWorld, type OrgCode, type World } from '../support/demo-world';

let w: World;

const demoParents: [OrgCode, string][] = [
	['PO2806', 'sanne.bakker'],
	['PO2507', 'tom.vanleeuwen']
];

async function dossierOf(code: OrgCode, roepnaam: string, achternaam: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		select id from dossier where organisation_id = ${w.org[code]}
			and roepnaam = ${roepnaam} and achternaam = ${achternaam}`;
	if (!row) throw new Error(`demo data: no ${roepnaam} ${achternaam}`);
	return row.id;
}

async function hulpvraagOf(dossierId: string, titel: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		select h.id from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id
		where h.dossier_id = ${dossierId} and t.name = ${titel}`;
	if (!row) throw new Error(`demo data: no ${titel}`);
	return row.id;
}

/** What the policy lets `actor` view, asked one by one. */
async function byPolicy(actor: Actor) {
	const dossiers = await sql<{ id: string }[]>`
		select id from dossier where organisation_id = ${actor.organisationId}`;
	const hulpvragen = await sql<{ id: string }[]>`
		select id from hulpvraag where organisation_id = ${actor.organisationId}`;
	const d: string[] = [];
	for (const { id } of dossiers) {
		const facts = (await dossierFacts(sql, actor.organisationId, id))!;
		if (may(actor, 'view', facts).allowed) d.push(id);
	}
	const h: string[] = [];
	for (const { id } of hulpvragen) {
		const facts = (await hulpvraagFacts(sql, actor.organisationId, id))!;
		if (may(actor, 'view', facts).allowed) h.push(id);
	}
	return { dossiers: d.sort(), hulpvragen: h.sort() };
}

async function listed(actor: Actor) {
	const children = await parents.children(sql, actor);
	return {
		dossiers: children.map((c) => c.id).sort(),
		hulpvragen: children.flatMap((c) => c.hulpvragen.map((h) => h.id)).sort()
	};
}

/** A hulpvraag of a new dossier at De Vuurtoren with `parentEmails`, moved along `path`. */
async function make(parentEmails: string[], path: [by: string, to: string, reason?: string][]) {
	const lotte = await w.acting('lotte.vandam');
	const dossierId = await makeDossier(sql, lotte, w.school('21XA00'), {}, parentEmails);
	const id = await hulpvraag.create(sql, lotte, {
		dossierId,
		schoolId: w.school('21XA00'),
		datum: '2026-09-01',
		titelId: w.titel('PO2806', 'Herstart junior'),
		omschrijving: '',
		coordinatorId: null,
		labels: []
	});
	for (const [by, to, reason] of path) {
		const mover = await w.acting(by);
		const h = (await hulpvraag.get(sql, mover.organisationId, id))!;
		await hulpvraag.changeStatus(sql, mover, {
			hulpvraagId: id,
			toStatusId: w.status('PO2806', to),
			reason: reason ?? '',
			version: h.version
		});
	}
	return { dossierId, id };
}

beforeAll(async () => {
	w = await seedWorld(sql);
});

describe('the list equals the policy', () => {
	it('for both demo parents, over all dossiers and hulpvragen of their organisation', async () => {
		for (const [, username] of demoParents) {
			const actor = await w.acting(username);
			const mine = await listed(actor);
			expect(mine, username).toEqual(await byPolicy(actor));
			expect(mine.dossiers.length, username).toBeGreaterThanOrEqual(2);
		}
	});

	it('also with made-up cases: any case of the address, voorlopig, another family', async () => {
		// Submitted when made.
		const upper = await make(['Sanne.Bakker@Example.COM'], []);
		// dossier.create lower-cases addresses; an address stored otherwise must still match.
		await sql`update dossier_parent_email set email = 'Sanne.Bakker@Example.COM'
			where dossier_id = ${upper.dossierId}`;
		const voorlopig = await make(
			['sanne.bakker@example.com'],
			[['lotte.vandam', 'Voorlopige aanmelding']]
		);
		const other = await make(['iemand.anders@example.com'], []);
		const sanne = await w.acting('sanne.bakker');
		const mine = await listed(sanne);
		expect(mine).toEqual(await byPolicy(sanne));
		expect(mine.hulpvragen).toContain(upper.id);
		expect(mine.hulpvragen).not.toContain(voorlopig.id);
		expect(mine.dossiers).not.toContain(voorlopig.dossierId);
		expect(mine.hulpvragen).not.toContain(other.id);
	});

	it('shows nothing to staff: the parent view is only the parent role', async () => {
		for (const username of ['lotte.vandam', 'nora.yilmaz', 'beheer.femke']) {
			expect(await parents.children(sql, await w.acting(username)), username).toEqual([]);
		}
	});
});

describe('what a parent reads', () => {
	it('shows plain-language status, next step, contact and last change', async () => {
		const sanne = await w.acting('sanne.bakker');
		const children = await parents.children(sql, sanne);
		const noah = children.find((c) => c.roepnaam === 'Noah')!;
		expect(noah.schoolName).toBe('OBS De Vuurtoren');
		const dyslexie = noah.hulpvragen.find((h) => h.titel === 'Dyslexie -Vergoede zorg')!;
		expect(dyslexie).toMatchObject({
			statusText: 'De ondersteuning is toegekend, maar nog niet begonnen.',
			nextStep: 'De school of de aanbieder neemt contact met u op over de start.',
			sharedBijlagen: 1
		});
		// One person with her own address: the aanvrager, Lotte van Dam; the phone is the school's.
		expect(dyslexie.contact).toEqual({
			kind: 'school',
			place: 'OBS De Vuurtoren',
			person: 'Lotte van Dam',
			functionTitle: "IB'er",
			email: 'l.vandam@vuurtoren.example.nl',
			phone: '010-000 21 10'
		});
		const [last] = await sql<{ at: Date }[]>`
			select max(changed_at) as at from status_change where hulpvraag_id = ${dyslexie.id}`;
		expect(dyslexie.lastChange).toEqual(last!.at);
		// Noah's second hulpvraag is voorlopig: not there.
		expect(noah.hulpvragen.map((h) => h.titel)).not.toContain('Psychodiagnostisch onderzoek');
	});

	it('names the coördinator when the child has no school yet (Jonge Kind)', async () => {
		const tom = await w.acting('tom.vanleeuwen');
		const mees = (await parents.children(sql, tom)).find((c) => c.roepnaam === 'Mees')!;
		expect(mees.schoolName).toBeNull();
		expect(mees.hulpvragen[0]!.contact).toMatchObject({
			kind: 'coordinator',
			place: 'Samenwerkingsverband Stromenland'
		});
	});

	it('opens a hulpvraag with its history and only the shared bijlagen', async () => {
		const sanne = await w.acting('sanne.bakker');
		const noah = await dossierOf('PO2806', 'Noah', 'Bakker');
		const id = await hulpvraagOf(noah, 'Dyslexie -Vergoede zorg');
		const detail = (await parents.hulpvraag(sql, sanne, noah, id))!;
		expect(detail.child.roepnaam).toBe('Noah');
		expect(detail.timeline.map((t) => t.statusText)).toEqual([
			'De ondersteuning is toegekend, maar nog niet begonnen.',
			'Alle informatie is binnen. De aanvraag wordt beoordeeld.',
			'De aanvraag is ontvangen en wordt bekeken.'
		]);
		expect(detail.timeline[0]!.reason).toContain('ernstige enkelvoudige dyslexie');
		const all = await sql<{ displayName: string; parentVisible: boolean }[]>`
			select display_name, parent_visible from bijlage where hulpvraag_id = ${id}`;
		expect(all.filter((b) => !b.parentVisible)).not.toHaveLength(0);
		expect(detail.bijlagen.map((b) => b.displayName)).toEqual(
			all.filter((b) => b.parentVisible).map((b) => b.displayName)
		);
		expect(detail.bijlagen.every((b) => b.opens)).toBe(true);
		expect(detail.overlegrondes).toEqual([]);
	});

	it('hides a change to a status parents do not see, and its reason', async () => {
		const secret = 'Interne notitie: ouders nog niet informeren';
		const made = await make(
			['sanne.bakker@example.com'],
			[
				['nora.yilmaz', 'Dossier incompleet', secret],
				['lotte.vandam', 'Aanmelding', 'Aangevuld']
			]
		);
		await sql`update process_status set parent_visible = false
			where id = ${w.status('PO2806', 'Dossier incompleet')}`;
		try {
			const sanne = await w.acting('sanne.bakker');
			const detail = (await parents.hulpvraag(sql, sanne, made.dossierId, made.id))!;
			expect(detail.timeline.map((t) => t.statusText)).toEqual([
				'De aanvraag is ontvangen en wordt bekeken.',
				'De aanvraag is ontvangen en wordt bekeken.'
			]);
			expect(JSON.stringify(detail)).not.toContain(secret);
			expect(JSON.stringify(detail)).not.toContain('Dossier incompleet');
			expect(detail.timeline.map((t) => t.reason)).toEqual(['Aangevuld', 'Aangemaakt']);
		} finally {
			await sql`update process_status set parent_visible = true
				where id = ${w.status('PO2806', 'Dossier incompleet')}`;
		}
	});

	it('answers undefined (404) for a voorlopig hulpvraag, another family and another organisation', async () => {
		const sanne = await w.acting('sanne.bakker');
		const noah = await dossierOf('PO2806', 'Noah', 'Bakker');
		const lieke = await dossierOf('PO2806', 'Lieke', 'Bakker');
		const voorlopig = await hulpvraagOf(noah, 'Psychodiagnostisch onderzoek');
		expect(await parents.hulpvraag(sql, sanne, noah, voorlopig)).toBeUndefined();
		// A hulpvraag of her own child under the other child's id.
		const dyslexie = await hulpvraagOf(noah, 'Dyslexie -Vergoede zorg');
		expect(await parents.hulpvraag(sql, sanne, lieke, dyslexie)).toBeUndefined();
		const mohammed = await dossierOf('PO2806', 'Mohammed', 'El Amrani');
		expect(await parents.child(sql, sanne, mohammed)).toBeUndefined();
		const eva = await dossierOf('PO2507', 'Eva', 'Leeuwen');
		expect(await parents.child(sql, sanne, eva)).toBeUndefined();
		const evaHulpvraag = await hulpvraagOf(eva, 'Ambulante Begeleiding');
		expect(await parents.hulpvraag(sql, sanne, eva, evaHulpvraag)).toBeUndefined();
		expect(await parents.child(sql, sanne, 'geen-id')).toBeUndefined();
		expect((await parents.child(sql, sanne, noah))?.roepnaam).toBe('Noah');
	});

	it('writes a dossier.view audit row per child read', async () => {
		const sanne = await w.acting('sanne.bakker');
		const noah = await dossierOf('PO2806', 'Noah', 'Bakker');
		await parents.recordView(sql, sanne, [noah], { page: 'kind' });
		const rows = await sql<{ details: Record<string, string> }[]>`
			select details from audit_log where action = 'dossier.view' and account_id = ${sanne.accountId}
				and target_id = ${noah} and organisation_id = ${sanne.organisationId}`;
		expect(rows.at(-1)!.details).toEqual({ page: 'kind', view: 'ouder' });
	});
});

describe('status in plain words, never the code', () => {
	it('shows the parent text of a status named by a code, in the list, the page and the history', async () => {
		// Outside IJsselmonde a TLV is submitted when it is made: straight into TLV_2.
		const rachid = await w.acting('rachid.elamrani');
		const dossierId = await makeDossier(sql, rachid, w.school('21XC00'), {}, [
			'sanne.bakker@example.com'
		]);
		const id = await hulpvraag.create(sql, rachid, {
			dossierId,
			schoolId: w.school('21XC00'),
			datum: '2026-09-01',
			titelId: w.titel('PO2806', 'TLV -Nieuw'),
			omschrijving: '',
			coordinatorId: null,
			labels: []
		});
		expect((await hulpvraag.get(sql, rachid.organisationId, id))!.status).toBe(
			'TLV_2_aanvraag indienen'
		);
		const sanne = await w.acting('sanne.bakker');
		const listedOne = (await parents.children(sql, sanne))
			.flatMap((c) => c.hulpvragen)
			.find((x) => x.id === id)!;
		expect(listedOne.statusText).toBe(
			'De aanvraag voor een toelaatbaarheidsverklaring is ingediend.'
		);
		const detail = (await parents.hulpvraag(sql, sanne, dossierId, id))!;
		expect(detail.timeline.map((t) => t.statusText)).toEqual([
			'De aanvraag voor een toelaatbaarheidsverklaring is ingediend.'
		]);
		// Not even in the data the page receives.
		expect(JSON.stringify(listedOne)).not.toContain('TLV_');
		expect(JSON.stringify(detail)).not.toContain('TLV_');
	});

	it('never sends a status name to a parent, and gives a status without parent text a general one', async () => {
		const statuses = await sql<{ id: string; name: string }[]>`
			select id, name from process_status where parent_visible`;
		for (const [, username] of demoParents) {
			const actor = await w.acting(username);
			for (const child of await parents.children(sql, actor)) {
				for (const h of child.hulpvragen) {
					const json = JSON.stringify([h, await parents.hulpvraag(sql, actor, child.id, h.id)]);
					for (const s of statuses) {
						// Case-sensitive: "Toegekend" the code, not "toegekend" in a sentence.
						expect(json, `${username}: ${s.name}`).not.toContain(`"${s.name}"`);
					}
					expect(h).not.toHaveProperty('status');
				}
			}
		}
		const noah = await dossierOf('PO2806', 'Noah', 'Bakker');
		const dyslexie = await hulpvraagOf(noah, 'Dyslexie -Vergoede zorg');
		const toegekend = w.status('PO2806', 'Toegekend');
		const [before] = await sql<{ parentText: string }[]>`
			select parent_text from process_status where id = ${toegekend}`;
		await sql`update process_status set parent_text = '' where id = ${toegekend}`;
		try {
			const sanne = await w.acting('sanne.bakker');
			const detail = (await parents.hulpvraag(sql, sanne, noah, dyslexie))!;
			expect(detail.statusText).toBe('Er wordt aan deze vraag gewerkt.');
			expect(detail.timeline[0]!.statusText).toBe('Er wordt aan deze vraag gewerkt.');
			expect(JSON.stringify(detail)).not.toContain('"Toegekend"');
		} finally {
			await sql`update process_status set parent_text = ${before!.parentText} where id = ${toegekend}`;
		}
	});
});

describe('whom a parent can ask', () => {
	it('names one person with that person’s own address, for every hulpvraag of both demo parents', async () => {
		const accounts = await sql<{ displayName: string; email: string }[]>`
			select display_name, email from account`;
		for (const [, username] of demoParents) {
			const actor = await w.acting(username);
			for (const h of (await parents.children(sql, actor)).flatMap((c) => c.hulpvragen)) {
				const c = h.contact!;
				expect(c, h.titel).toBeTruthy();
				const person = accounts.find((a) => a.displayName === c.person);
				// A person with an account is given with that account's address, never another's.
				if (person && c.email) expect(c.email, `${username}: ${h.titel}`).toBe(person.email);
				// An address that is someone's account goes with that someone's name.
				const owner = accounts.find((a) => a.email === c.email);
				if (owner) expect(c.person, `${username}: ${h.titel}`).toBe(owner.displayName);
			}
		}
	});

	it('falls back to the schoolgegevens’ aanvrager with that address when the aanvrager’s account is gone', async () => {
		const lotte = await w.acting('lotte.vandam');
		const dossierId = await makeDossier(sql, lotte, w.school('21XA00'), {}, [
			'sanne.bakker@example.com'
		]);
		await sql`update school_period set aanvrager = 'Joke Smit', contactpersoon = 'Bas Timmermans',
			email = 'j.smit@vuurtoren.example.nl', phone = '010-000 21 19' where dossier_id = ${dossierId}`;
		const id = await hulpvraag.create(sql, lotte, {
			dossierId,
			schoolId: w.school('21XA00'),
			datum: '2026-09-01',
			titelId: w.titel('PO2806', 'Herstart junior'),
			omschrijving: '',
			coordinatorId: null,
			labels: []
		});
		// A new hulpvraag starts in Aanmelding, which parents see.
		const sanne = await w.acting('sanne.bakker');
		const contactOf = async () =>
			(await parents.children(sql, sanne)).flatMap((c) => c.hulpvragen).find((x) => x.id === id)!
				.contact;
		expect(await contactOf()).toMatchObject({
			person: 'Lotte van Dam',
			email: 'l.vandam@vuurtoren.example.nl'
		});
		await sql`update hulpvraag set aanvrager_id = null where id = ${id}`;
		expect(await contactOf()).toEqual({
			kind: 'school',
			place: 'OBS De Vuurtoren',
			person: 'Joke Smit',
			functionTitle: '',
			email: 'j.smit@vuurtoren.example.nl',
			phone: '010-000 21 19'
		});
	});
});

describe('overlegrondes a parent takes part in', () => {
	it('lists live and ended rounds on the hulpvraag, and only the parent’s own', async () => {
		const sanne = await w.acting('sanne.bakker');
		const noah = await dossierOf('PO2806', 'Noah', 'Bakker');
		const id = await hulpvraagOf(noah, 'Dyslexie -Vergoede zorg');
		const lotte = w.account('lotte.vandam');
		const round = async (onderwerp: string, reacties: string, inzage: string) => {
			const [row] = await sql<{ id: string }[]>`
				insert into overlegronde (organisation_id, hulpvraag_id, owner_id, onderwerp, omschrijving,
					einddatum_reacties, einddatum_inzage)
				values (${w.org.PO2806}, ${id}, ${lotte.id}, ${onderwerp}, '', ${reacties}, ${inzage})
				returning id`;
			return row!.id;
		};
		const live = await round('Afstemming dyslexiezorg', '2099-01-01', '2099-01-08');
		const ended = await round('Eerder overleg', '2020-01-01', '2020-01-08');
		const other = await round('Zonder ouders', '2099-01-01', '2099-01-08');
		for (const r of [live, ended]) {
			await sql`insert into overlegronde_participant (organisation_id, overlegronde_id, account_id)
				values (${w.org.PO2806}, ${r}, ${sanne.accountId})`;
		}
		const detail = (await parents.hulpvraag(sql, sanne, noah, id))!;
		expect(detail.overlegrondes.map((o) => [o.onderwerp, o.live, o.reactiesOpen]).sort()).toEqual([
			['Afstemming dyslexiezorg', true, true],
			['Eerder overleg', false, false]
		]);
		expect(detail.overlegrondes.map((o) => o.id)).not.toContain(other);
		// "Mijn kind" lists the open one she takes part in, with its hulpvraag, and no other.
		const open = await parents.openOverlegrondes(sql, sanne, new Date());
		expect(open.map((o) => [o.id, o.onderwerp, o.hulpvraagTitel])).toEqual([
			[live, 'Afstemming dyslexiezorg', 'Dyslexie -Vergoede zorg']
		]);
		const tom = await w.acting('tom.vanleeuwen');
		expect(await parents.openOverlegrondes(sql, tom, new Date())).toEqual([]);
	});
});

describe('sharing a bijlage with parents', () => {
	let lotte: Actor;
	let noah: string;
	let dyslexie: string;
	let unshared: string;

	beforeAll(async () => {
		lotte = await w.acting('lotte.vandam');
		noah = await dossierOf('PO2806', 'Noah', 'Bakker');
		dyslexie = await hulpvraagOf(noah, 'Dyslexie -Vergoede zorg');
		const [row] = await sql<{ id: string }[]>`
			select id from bijlage where hulpvraag_id = ${dyslexie} and not parent_visible`;
		unshared = row!.id;
	});

	const shown = async () => {
		const sanne = await w.acting('sanne.bakker');
		return (await parents.hulpvraag(sql, sanne, noah, dyslexie))!.bijlagen.map((b) => b.id);
	};

	it('lets staff who may edit the hulpvraag share and unshare, with an audit row', async () => {
		expect(await shown()).not.toContain(unshared);
		const facts = (await hulpvraagFacts(sql, lotte.organisationId, dyslexie))!;
		expect(await sharing.setParentVisible(sql, lotte, facts, unshared, true)).toBe(true);
		expect(await shown()).toContain(unshared);
		const [audit] = await sql<{ accountId: string; details: Record<string, unknown> }[]>`
			select account_id, details from audit_log where action = 'bijlage.parent_visible'
				and target_id = ${unshared} order by id desc limit 1`;
		expect(audit).toEqual({
			accountId: lotte.accountId,
			details: { hulpvraag: dyslexie, visible: true }
		});
		const nora = await w.acting('nora.yilmaz');
		expect(await sharing.setParentVisible(sql, nora, facts, unshared, false)).toBe(true);
		expect(await shown()).not.toContain(unshared);
	});

	it('refuses parents and other schools, and bijlagen of another hulpvraag', async () => {
		const facts = (await hulpvraagFacts(sql, lotte.organisationId, dyslexie))!;
		const sanne = await w.acting('sanne.bakker');
		await expect(sharing.setParentVisible(sql, sanne, facts, unshared, true)).rejects.toThrow(
			NotAllowed
		);
		const rachid = await w.acting('rachid.elamrani');
		await expect(sharing.setParentVisible(sql, rachid, facts, unshared, true)).rejects.toThrow(
			NotAllowed
		);
		const lieke = await dossierOf('PO2806', 'Lieke', 'Bakker');
		const other = (await hulpvraagFacts(
			sql,
			lotte.organisationId,
			await hulpvraagOf(lieke, 'Preventie SCP')
		))!;
		expect(await sharing.setParentVisible(sql, lotte, other, unshared, true)).toBe(false);
		expect(await shown()).not.toContain(unshared);
	});
});
