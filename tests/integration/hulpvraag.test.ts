import { NotAllowed } from '../../src/lib/server/access/authorize';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { sql } from '../../src/lib/server/db';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import { makeDossier, seedWorld, type OrgCode, type World } from '../support/demo-world';
import { owner } from '../support/owner';

let w: World;
let lotte: Actor; // IB'er, OBS De Vuurtoren (IJsselmonde)
let rachid: Actor; // IB'er, Het Kompas (Noord) and De Regenboog
let nora: Actor; // SCP Rotterdam
let pieter: Actor; // coördinator Rotterdam
let femke: Actor; // beheerder Rotterdam

beforeAll(async () => {
	w = await seedWorld(sql);
	lotte = await w.acting('lotte.vandam');
	rachid = await w.acting('rachid.elamrani');
	nora = await w.acting('nora.yilmaz');
	pieter = await w.acting('pieter.verbeek');
	femke = await w.acting('beheer.femke');
});

const today = '2026-02-02';

function input(
	dossierId: string,
	schoolId: string,
	titelId: string,
	over: Partial<hulpvraag.NewHulpvraag> = {}
): hulpvraag.NewHulpvraag {
	return {
		dossierId,
		schoolId,
		datum: today,
		titelId,
		omschrijving: '',
		coordinatorId: null,
		labels: [],
		...over
	};
}

/** A new hulpvraag by `actor` at `brin`, with title `titel`. */
async function newHulpvraag(
	actor: Actor,
	code: OrgCode,
	brin: string,
	titel: string,
	over: Partial<hulpvraag.NewHulpvraag> = {},
	child: Parameters<typeof makeDossier>[3] = {}
): Promise<string> {
	const dossierId = await makeDossier(sql, actor, w.school(brin), child);
	return hulpvraag.create(sql, actor, input(dossierId, w.school(brin), w.titel(code, titel), over));
}

/** Changes the status by name, with the version the hulpvraag has now. */
async function move(actor: Actor, id: string, to: string, reason = ''): Promise<void> {
	const h = (await hulpvraag.get(sql, actor.organisationId, id))!;
	const code = actor.organisationId === w.org.PO2806 ? 'PO2806' : 'PO2507';
	await hulpvraag.changeStatus(sql, actor, {
		hulpvraagId: id,
		toStatusId: w.status(code, to),
		reason,
		version: h.version
	});
}

async function state(id: string) {
	const [row] = await sql<{ statusId: string; version: number; omschrijving: string }[]>`
		select status_id, version, omschrijving from hulpvraag where id = ${id}`;
	const [counts] = await sql<{ changes: number; audits: number; mails: number }[]>`
		select (select count(*)::int from status_change where hulpvraag_id = ${id}) as changes,
			(select count(*)::int from audit_log where target_id = ${id}) as audits,
			(select count(*)::int from outbox where text_body like ${'%/hulpvragen/' + id + '%'}) as mails`;
	return { ...row!, ...counts! };
}

async function mailsFor(id: string) {
	return sql<
		{ toAddress: string; accountId: string; subject: string; textBody: string; htmlBody: string }[]
	>`
		select to_address, account_id, subject, text_body, html_body from outbox
		where kind = 'hulpvraag.status' and text_body like ${'%/hulpvragen/' + id + '%'} order by id`;
}

describe('create', () => {
	it('offers "TLV-aanvraag (IJsselmonde)" only to IJsselmonde schools and starts it in its own status', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'TLV-aanvraag (IJsselmonde)');
		const h = await hulpvraag.get(sql, w.org.PO2806, id);
		expect(h).toMatchObject({
			titel: 'TLV-aanvraag (IJsselmonde)',
			status: 'TLV_1_voorlopig (IJsselmonde)',
			schoolName: 'OBS De Vuurtoren',
			schoolRegion: 'IJsselmonde',
			aanvrager: 'Lotte van Dam',
			datum: today,
			version: 1,
			bijlagen: 0
		});
		await expect(
			newHulpvraag(rachid, 'PO2806', '21XC00', 'TLV-aanvraag (IJsselmonde)')
		).rejects.toMatchObject({
			errors: {
				titel_id: 'Deze titel is niet beschikbaar voor deze school. Kies een titel uit de lijst.'
			}
		});
	});

	it.each(['TLV -Nieuw', 'TLV -Verlaging/ophoging', 'TLV -Verlenging'])(
		'does not offer "%s" to IJsselmonde schools, and does elsewhere',
		async (titel) => {
			await expect(newHulpvraag(lotte, 'PO2806', '21XA00', titel)).rejects.toBeInstanceOf(
				hulpvraag.Invalid
			);
			// Submitted when made, into the numbered TLV statuses.
			const id = await newHulpvraag(rachid, 'PO2806', '21XC00', titel);
			expect((await hulpvraag.get(sql, w.org.PO2806, id))!.status).toBe('TLV_2_aanvraag indienen');
		}
	);

	it('starts in the status the title says, else the default, with one history row and an audit row', async () => {
		const ob = await newHulpvraag(lotte, 'PO2806', '21XA00', 'Ondersteuningsbudget');
		expect((await hulpvraag.get(sql, w.org.PO2806, ob))!.status).toBe('OB voorlopige aanvraag');
		const kans = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS', {
			omschrijving: 'Zit vast in groep 5',
			labels: ['gedrag', 'taal']
		});
		const h = (await hulpvraag.get(sql, w.org.PO2806, kans))!;
		expect(h).toMatchObject({
			status: 'Aanmelding',
			statusVoorlopig: false,
			omschrijving: 'Zit vast in groep 5',
			labels: ['gedrag', 'taal']
		});
		const history = await hulpvraag.history(sql, w.org.PO2806, kans);
		expect(history).toHaveLength(1);
		expect(history[0]).toMatchObject({
			fromStatus: null,
			toStatus: 'Aanmelding',
			changedBy: 'Lotte van Dam',
			reason: 'Aangemaakt',
			automatic: true
		});
		const [audit] =
			await sql`select 1 from audit_log where action = 'hulpvraag.create' and target_id = ${kans}`;
		expect(audit).toBeDefined();
	});

	it('refuses a title, school, dossier or coördinator of another organisation', async () => {
		const dossierId = await makeDossier(sql, lotte, w.school('21XA00'));
		const school = w.school('21XA00');
		const titel = w.titel('PO2806', 'KANS');
		const cases: [Partial<hulpvraag.NewHulpvraag>, string][] = [
			[{ titelId: w.titel('PO2507', 'Thuiszitter') }, 'titel_id'],
			[{ schoolId: w.school('27YA00') }, 'school_id'],
			[{ coordinatorId: w.account('bram.kok').id }, 'coordinator_id'],
			// An IB'er is no coördinator.
			[{ coordinatorId: w.account('rachid.elamrani').id }, 'coordinator_id']
		];
		for (const [over, field] of cases) {
			const err = await hulpvraag
				.create(sql, lotte, input(dossierId, school, titel, over))
				.catch((e: unknown) => e);
			expect(err).toBeInstanceOf(hulpvraag.Invalid);
			expect(Object.keys((err as hulpvraag.Invalid).errors)).toEqual([field]);
		}
		// Form values that are no ids are invalid input, not a database error.
		for (const [over, field] of [
			[{ schoolId: 'x' }, 'school_id'],
			[{ coordinatorId: 'x' }, 'coordinator_id'],
			[{ dossierId: 'x' }, 'dossier_id'],
			[{ titelId: 'x' }, 'titel_id']
		] as const) {
			await expect(
				hulpvraag.create(sql, lotte, { ...input(dossierId, school, titel), ...over })
			).rejects.toMatchObject({ errors: { [field]: expect.any(String) } });
		}
		const otherDossier = await makeDossier(sql, await w.acting('karin.dekker'), w.school('27YA00'));
		await expect(
			hulpvraag.create(sql, lotte, input(otherDossier, school, titel))
		).rejects.toBeInstanceOf(NotAllowed);
		const [n] = await sql<{ n: number }[]>`
			select count(*)::int as n from hulpvraag where dossier_id in (${dossierId}, ${otherDossier})`;
		expect(n!.n).toBe(0);
	});

	it('lets a school user ask only for their own school; SWV staff for any school', async () => {
		const dossierId = await makeDossier(sql, nora, w.school('21XB00'));
		const akker = w.school('21XB00');
		const titel = w.titel('PO2806', 'KANS');
		await expect(
			hulpvraag.create(sql, lotte, input(dossierId, akker, titel))
		).rejects.toMatchObject({
			errors: { school_id: 'Kies de school die de hulpvraag stelt.' }
		});
		const id = await hulpvraag.create(sql, nora, input(dossierId, akker, titel));
		expect((await hulpvraag.get(sql, w.org.PO2806, id))!.schoolName).toBe('CBS De Akker');
	});

	it('fills the coördinator from an automation on the initial status, keeping what the user chose', async () => {
		const aanmelding = w.status('PO2806', 'Aanmelding');
		const automations = await sql<{ id: string }[]>`
			insert into process_automation (organisation_id, kind, status_id, coordinator_id)
			values (${w.org.PO2806}, 'coordinator_from_status', ${aanmelding}, ${pieter.accountId})
			returning id`;
		try {
			const auto = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
			expect(await hulpvraag.get(sql, w.org.PO2806, auto)).toMatchObject({
				coordinatorId: pieter.accountId,
				coordinator: 'Pieter Verbeek',
				omschrijving: ''
			});
			const own = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS', {
				omschrijving: 'Eigen tekst',
				coordinatorId: nora.accountId
			});
			expect(await hulpvraag.get(sql, w.org.PO2806, own)).toMatchObject({
				coordinatorId: nora.accountId,
				omschrijving: 'Eigen tekst'
			});
		} finally {
			await sql`delete from process_automation where id in ${sql(automations.map((a) => a.id))}`;
		}
	});
});

describe('changeStatus', () => {
	it('offers only the next statuses the actor’s roles may set', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
		// Only the school takes it back to prepare it first, and submits it again.
		await expect(move(nora, id, 'Voorlopige aanmelding')).rejects.toMatchObject({
			errors: { status: 'Deze status kunt u nu niet kiezen. Kies een status uit de lijst.' }
		});
		await move(lotte, id, 'Voorlopige aanmelding');
		// Voorlopig, it is not the SWV's to see, let alone move.
		await expect(move(nora, id, 'Aanmelding')).rejects.toBeInstanceOf(NotAllowed);
		await move(lotte, id, 'Aanmelding');
		// Not a next status of Aanmelding at all, and one only SWV staff may set.
		await expect(move(nora, id, 'Afgerond')).rejects.toBeInstanceOf(hulpvraag.Invalid);
		await expect(move(lotte, id, 'Dossier compleet')).rejects.toBeInstanceOf(hulpvraag.Invalid);
		await move(nora, id, 'Dossier compleet');
		// Only the coördinator agrees to Herstart/KANS.
		await expect(move(nora, id, 'Akkoord coördinator Herstart/KANS')).rejects.toBeInstanceOf(
			hulpvraag.Invalid
		);
		await move(pieter, id, 'Akkoord coördinator Herstart/KANS');
		const h = (await hulpvraag.get(sql, w.org.PO2806, id))!;
		expect(h.status).toBe('Akkoord coördinator Herstart/KANS');
		expect(h.version).toBe(5);
		// coordinator_from_status: Pieter is the coördinator from this status on.
		expect(h.coordinator).toBe('Pieter Verbeek');
	});

	it('refuses a reason over the limit with the limit, changes and mails nothing', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
		const before = await state(id);
		await expect(move(nora, id, 'Dossier compleet', 'r'.repeat(4001))).rejects.toMatchObject({
			errors: { reden: 'Dit is te lang: 4.001 tekens, ten hoogste 4.000. Er is niets opgeslagen.' }
		});
		expect(await state(id)).toEqual(before);
		await move(nora, id, 'Dossier compleet', 'r'.repeat(4000));
	});

	it('does not move a hulpvraag of another organisation', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
		const karin = await w.acting('karin.dekker');
		await expect(
			hulpvraag.changeStatus(sql, karin, {
				hulpvraagId: id,
				toStatusId: w.status('PO2806', 'Aanmelding'),
				reason: '',
				version: 1
			})
		).rejects.toBeInstanceOf(NotAllowed);
		expect(await hulpvraag.get(sql, w.org.PO2507, id)).toBeUndefined();
		expect((await state(id)).version).toBe(1);
	});

	it.each([
		['Dossier incompleet', 'Aanmelding'],
		['Niet ontvankelijk', 'Aanmelding'],
		['Afgewezen', 'Dossier compleet']
	])('requires a reason for ‘%s’', async (to, from) => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
		if (from !== 'Aanmelding') await move(nora, id, from);
		const before = await state(id);
		for (const reason of ['', '   \n ']) {
			await expect(move(nora, id, to, reason)).rejects.toMatchObject({
				errors: { reden: `Geef een reden bij ‘${to}’: de school en de ouders lezen waarom.` }
			});
		}
		expect(await state(id)).toEqual(before);
		await move(nora, id, to, '  Het OPP ontbreekt.  ');
		const [last] = await hulpvraag.history(sql, w.org.PO2806, id);
		expect(last).toMatchObject({ toStatus: to, reason: 'Het OPP ontbreekt.', automatic: false });
	});

	it('gives the status’s instruction while it holds, and never touches the omschrijving', async () => {
		const leeg = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
		const vol = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS', { omschrijving: 'Eigen' });
		for (const id of [leeg, vol]) await move(nora, id, 'Dossier incompleet', 'OPP ontbreekt');
		const instruction =
			'Voeg de ontbrekende informatie (zie de reden) toe aan deze hulpvraag, niet aan een nieuwe. Zet de status daarna weer op ‘Aanmelding’.';
		expect(await hulpvraag.get(sql, w.org.PO2806, leeg)).toMatchObject({
			omschrijving: '',
			statusInstruction: instruction
		});
		expect(await hulpvraag.get(sql, w.org.PO2806, vol)).toMatchObject({
			omschrijving: 'Eigen',
			statusInstruction: instruction
		});
		// Once the school has resubmitted, there is nothing left for it to do.
		await move(lotte, vol, 'Aanmelding');
		expect(await hulpvraag.get(sql, w.org.PO2806, vol)).toMatchObject({
			omschrijving: 'Eigen',
			statusInstruction: ''
		});
	});

	it('mails the instruction with the reason: to the aanvrager as what to do, to the coördinator as the school’s task', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS', {
			coordinatorId: pieter.accountId
		});
		await move(nora, id, 'Dossier incompleet', 'Het OPP ontbreekt.');
		const [toLotte, toPieter] = await sql<
			{ accountId: string; textBody: string; htmlBody: string }[]
		>`
			select account_id, text_body, html_body from outbox
			where kind = 'hulpvraag.status' and text_body like ${'%/hulpvragen/' + id + '%'}
			order by account_id = ${lotte.accountId} desc`;
		expect(toLotte!.accountId).toBe(lotte.accountId);
		expect(toLotte!.textBody).toContain(
			'Reden:\nHet OPP ontbreekt.\n\nWat moet u nu doen?\nVoeg de ontbrekende informatie (zie de reden) toe aan deze hulpvraag, niet aan een nieuwe.'
		);
		expect(toLotte!.htmlBody).toContain('Wat moet u nu doen?<br>Voeg de ontbrekende informatie');
		expect(toPieter!.accountId).toBe(pieter.accountId);
		expect(toPieter!.textBody).toContain('Wat de school nu moet doen:\nVoeg de ontbrekende');
		expect(toPieter!.textBody).not.toContain('Wat moet u nu doen?');
		// A status without an instruction adds nothing.
		await move(lotte, id, 'Aanmelding');
		const [last] = await sql<{ textBody: string }[]>`
			select text_body from outbox where account_id = ${pieter.accountId}
				and text_body like ${'%/hulpvragen/' + id + '%'} order by id desc limit 1`;
		expect(last!.textBody).toContain('‘Aanmelding’');
		expect(last!.textBody).not.toMatch(/Wat (moet u|de school) nu/);
	});

	it('writes status, history, audit and mail together', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
		const before = await state(id);
		await move(nora, id, 'Dossier incompleet', 'Het OPP ontbreekt.');
		const after = await state(id);
		expect(after).toMatchObject({
			statusId: w.status('PO2806', 'Dossier incompleet'),
			version: before.version + 1,
			changes: before.changes + 1,
			audits: before.audits + 1,
			mails: before.mails + 1
		});
		const [audit] = await sql<{ accountId: string; details: Record<string, string> }[]>`
			select account_id, details from audit_log
			where action = 'hulpvraag.status.change' and target_id = ${id} order by id desc limit 1`;
		expect(audit).toMatchObject({
			accountId: nora.accountId,
			details: {
				from: w.status('PO2806', 'Aanmelding'),
				to: w.status('PO2806', 'Dossier incompleet')
			}
		});
	});

	it('changes nothing when the mail cannot be queued', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
		const before = await state(id);
		await owner().unsafe(`
			create function test_outbox_fails() returns trigger language plpgsql as $$
			begin raise exception 'outbox kapot'; end $$;
			create trigger test_outbox_fails before insert on outbox
				for each row execute function test_outbox_fails();`);
		try {
			await expect(move(nora, id, 'Dossier compleet')).rejects.toThrow(/outbox kapot/);
		} finally {
			await owner().unsafe(`
				drop trigger test_outbox_fails on outbox;
				drop function test_outbox_fails();`);
		}
		expect(await state(id)).toEqual(before);
		// And with a working outbox the same change goes through.
		await move(nora, id, 'Dossier compleet');
		expect((await state(id)).mails).toBe(before.mails + 1);
	});

	it('mails the aanvrager without the child’s name, with a link and the reason', async () => {
		const id = await newHulpvraag(
			lotte,
			'PO2806',
			'21XA00',
			'KANS',
			{},
			{ roepnaam: 'Zoë', tussenvoegsel: 'van', achternaam: 'Geheimhouden' }
		);
		await move(nora, id, 'Dossier incompleet', 'Het OPP ontbreekt.');
		const mails = await mailsFor(id);
		expect(mails).toHaveLength(1);
		const mail = mails[0]!;
		expect(mail.toAddress).toBe('l.vandam@vuurtoren.example.nl');
		expect(mail.accountId).toBe(lotte.accountId);
		expect(mail.subject).toBe('Status gewijzigd: KANS — Dossier incompleet');
		expect(mail.textBody).toContain('Het OPP ontbreekt.');
		expect(mail.textBody).toContain('door Nora Yilmaz');
		expect(mail.textBody).toContain(`https://kindkring.test/hulpvragen/${id}`);
		for (const body of [mail.subject, mail.textBody, mail.htmlBody]) {
			expect(body).not.toMatch(/Zoë|Zo&#235;|Geheimhouden/i);
		}
	});

	it('sends no mail to the one who made the change', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
		await move(lotte, id, 'Voorlopige aanmelding');
		await move(lotte, id, 'Aanmelding');
		expect(await mailsFor(id)).toEqual([]);
	});

	it('respects an aanvrager who switched status mails off', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
		await sql`update account set mail_on_status_change = false where id = ${lotte.accountId}`;
		try {
			await move(nora, id, 'Dossier compleet');
		} finally {
			await sql`update account set mail_on_status_change = true where id = ${lotte.accountId}`;
		}
		expect(await mailsFor(id)).toEqual([]);
		expect((await hulpvraag.history(sql, w.org.PO2806, id))[0]!.toStatus).toBe('Dossier compleet');
	});

	it('mails the coördinator too, once, and not when he made the change', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS', {
			coordinatorId: pieter.accountId
		});
		// Taken back to voorlopig, the hulpvraag is out of the SWV's sight: no mail to it.
		await move(lotte, id, 'Voorlopige aanmelding');
		expect(await mailsFor(id)).toEqual([]);
		await move(lotte, id, 'Aanmelding');
		expect((await mailsFor(id)).map((m) => m.accountId)).toEqual([pieter.accountId]);
		await move(pieter, id, 'Dossier compleet');
		expect((await mailsFor(id)).map((m) => m.accountId)).toEqual([
			pieter.accountId,
			lotte.accountId
		]);
	});

	it('refuses the second of two changes made on the same version, with a clear Dutch message', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
		const seen = (await hulpvraag.get(sql, w.org.PO2806, id))!.version;
		await hulpvraag.changeStatus(sql, nora, {
			hulpvraagId: id,
			toStatusId: w.status('PO2806', 'Dossier compleet'),
			reason: '',
			version: seen
		});
		const before = await state(id);
		const err = await hulpvraag
			.changeStatus(sql, pieter, {
				hulpvraagId: id,
				toStatusId: w.status('PO2806', 'Doorzetten SCP'),
				reason: '',
				version: seen
			})
			.catch((e: unknown) => e);
		expect(err).toBeInstanceOf(hulpvraag.Conflict);
		expect((err as hulpvraag.Conflict).message).toBe(
			'Iemand anders heeft deze hulpvraag intussen gewijzigd (Nora Yilmaz): de status is nu ‘Dossier compleet’. Uw wijziging is niet opgeslagen. Bekijk de hulpvraag opnieuw en kies dan de status.'
		);
		expect((err as hulpvraag.Conflict).current).toMatchObject({
			statusName: 'Dossier compleet',
			changedBy: 'Nora Yilmaz'
		});
		expect(await state(id)).toEqual(before);
		expect((await hulpvraag.get(sql, w.org.PO2806, id))!.status).toBe('Dossier compleet');
	});

	it('lets exactly one of two simultaneous changes through', async () => {
		for (let round = 0; round < 5; round++) {
			const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
			const before = await state(id);
			const change = (actor: Actor, to: string) =>
				hulpvraag.changeStatus(sql, actor, {
					hulpvraagId: id,
					toStatusId: w.status('PO2806', to),
					reason: '',
					version: before.version
				});
			const results = await Promise.allSettled([
				change(nora, 'Dossier compleet'),
				change(pieter, 'Doorzetten SCP')
			]);
			const ok = results.filter((r) => r.status === 'fulfilled');
			const failed = results.filter((r) => r.status === 'rejected');
			expect(ok).toHaveLength(1);
			expect(failed).toHaveLength(1);
			expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(hulpvraag.Conflict);
			const after = await state(id);
			expect(after).toMatchObject({
				version: before.version + 1,
				changes: before.changes + 1,
				audits: before.audits + 1
			});
			const winner = results[0]!.status === 'fulfilled' ? 'Dossier compleet' : 'Doorzetten SCP';
			expect(after.statusId).toBe(w.status('PO2806', winner));
		}
	});

	it('lets a beheerder set any next status', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
		await move(femke, id, 'Dossier compleet');
		// Only the coördinator may set this one; a beheerder may too.
		await move(femke, id, 'Akkoord coördinator Herstart/KANS');
		expect((await hulpvraag.get(sql, w.org.PO2806, id))!.status).toBe(
			'Akkoord coördinator Herstart/KANS'
		);
	});
});

describe('Jonge Kind: status after attachments', () => {
	async function jk(coordinatorId: string | null) {
		const karin = await w.acting('karin.dekker');
		const id = await newHulpvraag(karin, 'PO2507', '27YA00', 'Jonge kind (3,2 - 4 jr) advisering', {
			coordinatorId
		});
		const fatima = w.account('fatima.ouali');
		await sql`insert into hulpvraag_link (hulpvraag_id, account_id, role) values (${id}, ${fatima.id}, 'voorschool')`;
		return { id, karin, fatima: await w.acting('fatima.ouali') };
	}

	it('moves "JK onderwijsadvies aanvraag" to "JK bijlagen toegevoegd" and mails aanvrager and JK-specialist', async () => {
		const esther = w.account('esther.bos');
		const { id, karin, fatima } = await jk(esther.id);
		expect((await hulpvraag.get(sql, w.org.PO2507, id))!.status).toBe(
			'JK onderwijsadvies aanvraag'
		);
		const moved = await sql.begin((tx) => hulpvraag.afterAttachment(tx, fatima, id));
		expect(moved).toBe(w.status('PO2507', 'JK bijlagen toegevoegd'));
		const h = (await hulpvraag.get(sql, w.org.PO2507, id))!;
		expect(h).toMatchObject({ status: 'JK bijlagen toegevoegd', version: 2 });
		const [last] = await hulpvraag.history(sql, w.org.PO2507, id);
		expect(last).toMatchObject({
			fromStatus: 'JK onderwijsadvies aanvraag',
			toStatus: 'JK bijlagen toegevoegd',
			changedBy: 'Fatima Ouali',
			reason: 'Bijlagen toegevoegd',
			automatic: true
		});
		const [audit] = await sql`
			select 1 from audit_log where action = 'hulpvraag.status.automatic' and target_id = ${id}`;
		expect(audit).toBeDefined();
		expect((await mailsFor(id)).map((m) => m.accountId).sort()).toEqual(
			[karin.accountId, esther.id].sort()
		);
	});

	it('mails only the aanvrager when no JK-specialist is set', async () => {
		const { id, karin, fatima } = await jk(null);
		await sql.begin((tx) => hulpvraag.afterAttachment(tx, fatima, id));
		expect((await mailsFor(id)).map((m) => m.accountId)).toEqual([karin.accountId]);
	});

	it('leaves the status alone where no automation applies', async () => {
		const { id, fatima } = await jk(null);
		await sql.begin((tx) => hulpvraag.afterAttachment(tx, fatima, id));
		const before = await state(id);
		expect(await sql.begin((tx) => hulpvraag.afterAttachment(tx, fatima, id))).toBeNull();
		expect(await state(id)).toEqual(before);
	});

	it('lets the linked pre-school set "JK bijlagen toegevoegd" by hand, and nothing after it', async () => {
		const { id, fatima } = await jk(null);
		await move(fatima, id, 'JK bijlagen toegevoegd');
		await expect(move(fatima, id, 'JK Onderwijsadvies')).rejects.toBeInstanceOf(hulpvraag.Invalid);
	});
});

describe('history and get', () => {
	it('lists every change newest first, with who and why', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS');
		await move(nora, id, 'Dossier incompleet', 'OPP mist');
		await move(lotte, id, 'Aanmelding');
		const rows = await hulpvraag.history(sql, w.org.PO2806, id);
		expect(rows.map((r) => [r.fromStatus, r.toStatus, r.changedBy, r.reason, r.automatic])).toEqual(
			[
				['Dossier incompleet', 'Aanmelding', 'Lotte van Dam', '', false],
				['Aanmelding', 'Dossier incompleet', 'Nora Yilmaz', 'OPP mist', false],
				[null, 'Aanmelding', 'Lotte van Dam', 'Aangemaakt', true]
			]
		);
		expect(await hulpvraag.history(sql, w.org.PO2507, id)).toEqual([]);
	});

	it('gets the detail with names, and nothing from the other organisation', async () => {
		const id = await newHulpvraag(lotte, 'PO2806', '21XA00', 'KANS', {
			coordinatorId: nora.accountId
		});
		const h = (await hulpvraag.get(sql, w.org.PO2806, id))!;
		expect(h).toMatchObject({
			id,
			schoolId: w.school('21XA00'),
			titelId: w.titel('PO2806', 'KANS'),
			statusId: w.status('PO2806', 'Aanmelding'),
			statusParentText: 'De aanvraag is ontvangen en wordt bekeken.',
			statusInstruction: '',
			statusVoorlopig: false,
			statusFinal: false,
			closesAttachments: false,
			coordinator: 'Nora Yilmaz',
			aanvrager: 'Lotte van Dam'
		});
		expect(h.createdAt).toBeInstanceOf(Date);
		expect(await hulpvraag.get(sql, w.org.PO2507, id)).toBeUndefined();
		expect(await hulpvraag.ofDossier(sql, w.org.PO2806, h.dossierId)).toEqual([
			expect.objectContaining({ id, titel: 'KANS', status: 'Aanmelding' })
		]);
	});
});
