import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import * as aanpak from '../../src/lib/server/arrangements/aanpak';
import * as automations from '../../src/lib/server/beheer/process-automations';
import { Invalid } from '../../src/lib/server/arrangements/input';
import { sendArrangementReminders } from '../../src/lib/server/arrangements/reminders';
import * as tlv from '../../src/lib/server/arrangements/tlv';
import { sql } from '../../src/lib/server/db';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import * as parents from '../../src/lib/server/parents/view';
import { makeDossier, seedWorld, type World } from '../support/demo-world';

let w: World;
let lotte: Actor; // IB'er, OBS De Vuurtoren
let henk: Actor; // directeur, OBS De Vuurtoren
let nora: Actor; // SCP
let anouk: Actor; // TLV-administratie
let femke: Actor; // beheerder
let sanne: Actor; // ouder
let mila: Actor; // extern (logopedist)
let fatima: Actor; // voorschool, Stromenland

beforeAll(async () => {
	w = await seedWorld(sql);
	[lotte, henk, nora, anouk, femke, sanne, mila, fatima] = await Promise.all(
		[
			'lotte.vandam',
			'henk.degroot',
			'nora.yilmaz',
			'anouk.smit',
			'beheer.femke',
			'sanne.bakker',
			'mila.jansen',
			'fatima.ouali'
		].map((u) => w.acting(u))
	);
});

/** A hulpvraag of De Vuurtoren asked by Lotte, put in `status` (and its parents' addresses). */
async function hulpvraagIn(
	status: string,
	{ titel = 'Ambulante Begeleiding', parents = [] as string[] } = {}
): Promise<string> {
	const dossierId = await makeDossier(sql, lotte, w.school('21XA00'), {}, parents);
	const id = await hulpvraag.create(sql, lotte, {
		dossierId,
		schoolId: w.school('21XA00'),
		datum: '2026-09-01',
		titelId: w.titel('PO2806', titel),
		omschrijving: '',
		coordinatorId: w.account('pieter.verbeek').id,
		labels: []
	});
	await sql`update hulpvraag set status_id = ${w.status('PO2806', status)} where id = ${id}`;
	return id;
}

const goodAanpak = {
	type: 'Ambulante begeleiding',
	behandelaar: 'Ambulante dienst',
	startdatum: '2026-09-07',
	einddatum: '2027-02-05',
	evaluatiedatum: '',
	budget: '1.250,50',
	toelichting: 'Tien momenten in de klas.'
};

const goodTlv = {
	swv_nummer: 'TLV-2026-0900',
	categorie: 'midden',
	soort: 'so',
	ingangsdatum: '2026-08-01',
	einddatum: '2028-07-31',
	beschikkingsnummer: 'B-0900',
	bijlage_id: ''
};

async function statusName(id: string): Promise<string> {
	const [row] = await sql<{ name: string }[]>`
		select s.name from hulpvraag h join process_status s on s.id = h.status_id where h.id = ${id}`;
	return row!.name;
}

/** Everything a refused change could have touched. */
async function snapshot(id: string) {
	const [row] = await sql`
		select (select count(*)::int from aanpak where hulpvraag_id = ${id}) as aanpakken,
			(select count(*)::int from tlv where hulpvraag_id = ${id}) as tlvs,
			(select count(*)::int from tlv where hulpvraag_id = ${id} and archived_at is not null) as archived,
			(select string_agg(a.version::text || a.type, ',') from aanpak a where hulpvraag_id = ${id}) as versions,
			(select count(*)::int from status_change where hulpvraag_id = ${id}) as changes,
			(select status_id from hulpvraag where id = ${id}) as status,
			(select count(*)::int from audit_log where action like 'aanpak.%' or action like 'tlv.%') as audits`;
	return row;
}

async function bijlageOn(hulpvraagId: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		insert into bijlage (organisation_id, hulpvraag_id, sha256, size, mime, original_name, display_name, added_by)
		values (${w.org.PO2806}, ${hulpvraagId}, ${'a'.repeat(64)}, 10, 'application/pdf', 'tlv.pdf',
			'tlv.pdf', ${w.account('anouk.smit').id})
		returning id`;
	return row!.id;
}

describe('aanpak', () => {
	it('the SWV records one; the school reads it; the hulpvraag keeps its status without an automation', async () => {
		const id = await hulpvraagIn('Aanmelding');
		const added = await aanpak.add(sql, nora, id, goodAanpak);
		expect(added.newStatusId).toBeNull();
		expect(await statusName(id)).toBe('Aanmelding');
		const [seen] = await aanpak.ofHulpvragen(sql, lotte, [id]);
		expect(seen).toMatchObject({
			type: 'Ambulante begeleiding',
			startDate: '2026-09-07',
			endDate: '2027-02-05',
			evaluationDate: null,
			budgetCents: 125050,
			version: 1
		});
		const [audit] =
			await sql`select details from audit_log where action = 'aanpak.create' and target_id = ${added.id}`;
		expect(audit?.details).toMatchObject({ hulpvraag: id });
	});

	it('status_after_aanpak moves the hulpvraag on: Dossier compleet → Toegekend', async () => {
		const id = await hulpvraagIn('Dossier compleet');
		const added = await aanpak.add(sql, nora, id, goodAanpak);
		expect(added.newStatusId).toBe(w.status('PO2806', 'Toegekend'));
		expect(await statusName(id)).toBe('Toegekend');
		const [change] = await sql`
			select automatic, reason from status_change where hulpvraag_id = ${id}
			order by changed_at desc, id desc limit 1`;
		expect(change).toMatchObject({
			automatic: true,
			reason: 'Aanpak vastgelegd: Ambulante begeleiding'
		});
	});

	it('edits with the version it saw; a stale version is refused; a new evaluation date earns a new reminder', async () => {
		const id = await hulpvraagIn('Aanmelding');
		const { id: aanpakId } = await aanpak.add(sql, nora, id, {
			...goodAanpak,
			evaluatiedatum: '2027-01-10'
		});
		await sql`update aanpak set evaluation_reminded_at = now() where id = ${aanpakId}`;
		await aanpak.update(sql, nora, aanpakId, 1, {
			...goodAanpak,
			evaluatiedatum: '2027-01-10',
			behandelaar: 'Ander'
		});
		let [row] =
			await sql`select version, behandelaar, evaluation_reminded_at from aanpak where id = ${aanpakId}`;
		expect(row).toMatchObject({ version: 2, behandelaar: 'Ander' });
		expect(row!.evaluationRemindedAt).not.toBeNull();
		await aanpak.update(sql, femke, aanpakId, 2, { ...goodAanpak, evaluatiedatum: '2027-01-24' });
		[row] = await sql`select version, evaluation_reminded_at from aanpak where id = ${aanpakId}`;
		expect(row).toMatchObject({ version: 3, evaluationRemindedAt: null });
		const stale = aanpak.update(sql, nora, aanpakId, 2, goodAanpak);
		await expect(stale).rejects.toBeInstanceOf(Invalid);
		await expect(stale).rejects.toMatchObject({
			errors: {
				aanpak: expect.stringContaining('Iemand anders heeft deze aanpak intussen gewijzigd')
			}
		});
	});

	it('refuses what it cannot store, in Dutch, and stores nothing', async () => {
		const id = await hulpvraagIn('Aanmelding');
		const before = await snapshot(id);
		const cases: [Record<string, string>, string, string][] = [
			[{ startdatum: '' }, 'startdatum', 'Vul de startdatum in.'],
			[{ startdatum: '2026-02-30' }, 'startdatum', 'Vul een geldige datum in.'],
			[{ type: 'Iets' }, 'type', 'Kies het soort aanpak.'],
			[{ einddatum: '2026-01-01' }, 'einddatum', 'De einddatum ligt vóór de startdatum.'],
			[
				{ evaluatiedatum: '2026-01-01' },
				'evaluatiedatum',
				'De evaluatiedatum ligt vóór de startdatum.'
			],
			[{ budget: 'veel' }, 'budget', 'Vul een bedrag in euro’s in, bijvoorbeeld 1250 of 1250,50.'],
			[
				{ toelichting: 'x'.repeat(4001) },
				'toelichting',
				'Dit is te lang: 4.001 tekens, ten hoogste 4.000. Er is niets opgeslagen.'
			]
		];
		for (const [change, field, message] of cases) {
			await expect(
				aanpak.add(sql, nora, id, { ...goodAanpak, ...change }),
				field
			).rejects.toMatchObject({
				errors: { [field]: message }
			});
		}
		expect(await snapshot(id)).toEqual(before);
	});
});

describe('TLV', () => {
	it('the TLV-administratie records one in TLV_3_in behandeling: the status becomes TLV afgegeven', async () => {
		const id = await hulpvraagIn('TLV_3_in behandeling', { titel: 'TLV-aanvraag (IJsselmonde)' });
		const document = await bijlageOn(id);
		const added = await tlv.add(sql, anouk, id, { ...goodTlv, bijlage_id: document });
		expect(added.newStatusId).toBe(w.status('PO2806', 'TLV afgegeven'));
		expect(await statusName(id)).toBe('TLV afgegeven');
		const [seen] = await tlv.ofHulpvragen(sql, lotte, [id]);
		expect(seen).toMatchObject({
			swvNumber: 'TLV-2026-0900',
			category: 'midden',
			soType: 'so',
			ingangsdatum: '2026-08-01',
			einddatum: '2028-07-31',
			bijlageId: document,
			bijlageName: 'tlv.pdf',
			archivedAt: null
		});
	});

	it('refuses an einddatum before the ingangsdatum, an unknown category, and a document of another hulpvraag', async () => {
		const id = await hulpvraagIn('TLV_3_in behandeling', { titel: 'TLV-aanvraag (IJsselmonde)' });
		const other = await hulpvraagIn('Aanmelding');
		const foreign = await bijlageOn(other);
		const before = await snapshot(id);
		await expect(
			tlv.add(sql, anouk, id, { ...goodTlv, einddatum: '2026-07-31' })
		).rejects.toMatchObject({
			errors: { einddatum: expect.stringContaining('De einddatum ligt vóór de ingangsdatum.') }
		});
		await expect(tlv.add(sql, anouk, id, { ...goodTlv, categorie: '4' })).rejects.toMatchObject({
			errors: { categorie: 'Kies de categorie.' }
		});
		await expect(tlv.add(sql, anouk, id, { ...goodTlv, swv_nummer: ' ' })).rejects.toMatchObject({
			errors: { swv_nummer: 'Vul het TLV-nummer van het samenwerkingsverband in.' }
		});
		await expect(
			tlv.add(sql, anouk, id, { ...goodTlv, bijlage_id: foreign })
		).rejects.toMatchObject({
			errors: { bijlage_id: 'Kies een bijlage van deze hulpvraag.' }
		});
		expect(await snapshot(id)).toEqual(before);
	});

	it('lists active TLVs with those ending this school year marked; archiving takes one off, once', async () => {
		const id = await hulpvraagIn('Aanmelding', { titel: 'TLV-aanvraag (IJsselmonde)' });
		const now = new Date('2027-03-01T09:00:00Z');
		const { id: ending } = await tlv.add(sql, nora, id, {
			...goodTlv,
			swv_nummer: 'A',
			einddatum: '2027-07-31'
		});
		const { id: later } = await tlv.add(sql, nora, id, {
			...goodTlv,
			swv_nummer: 'B',
			einddatum: '2027-08-01'
		});
		const { id: ended } = await tlv.add(sql, nora, id, {
			...goodTlv,
			swv_nummer: 'C',
			einddatum: '2027-02-28'
		});
		const list = await tlv.active(sql, nora, now);
		const by = (x: string) => list.find((t) => t.id === x);
		expect(by(ending)).toMatchObject({ endsThisSchoolYear: true, ended: false });
		expect(by(later)).toMatchObject({ endsThisSchoolYear: false, ended: false });
		expect(by(ended)).toMatchObject({ endsThisSchoolYear: false, ended: true });
		expect(await tlv.archive(sql, nora, ended)).toBe(true);
		expect(await tlv.archive(sql, nora, ended)).toBe(false);
		expect((await tlv.active(sql, nora, now)).some((t) => t.id === ended)).toBe(false);
		const [archived] = (await tlv.ofHulpvragen(sql, lotte, [id])).filter((t) => t.id === ended);
		expect(archived!.archivedAt).not.toBeNull();
		// The school sees no active list of other schools' children, but its own.
		expect((await tlv.active(sql, lotte, now)).some((t) => t.id === ending)).toBe(true);
		expect((await tlv.active(sql, mila, now)).length).toBe(0);
	});

	it('a parent reads the TLV in plain words, only while the status is visible to parents', async () => {
		const id = await hulpvraagIn('TLV_3_in behandeling', {
			titel: 'TLV-aanvraag (IJsselmonde)',
			parents: [sanne.email]
		});
		await tlv.add(sql, anouk, id, goodTlv);
		const mine = (await parents.children(sql, sanne))
			.flatMap((c) => c.hulpvragen)
			.find((h) => h.id === id);
		expect(mine?.tlvs).toEqual([
			'Uw kind mag naar het speciaal onderwijs (SO) van 1 augustus 2026 tot en met 31 juli 2028. Dit heet een toelaatbaarheidsverklaring (TLV).'
		]);
		// A beheerder may record one on a voorlopig hulpvraag; parents do not see that status.
		const hidden = await hulpvraagIn('Voorlopige aanmelding', { parents: [sanne.email] });
		await tlv.add(sql, femke, hidden, { ...goodTlv, soort: 'sbo' });
		const all = (await parents.children(sql, sanne)).flatMap((c) => c.hulpvragen);
		expect(all.some((h) => h.id === hidden)).toBe(false);
		expect(JSON.stringify(all)).not.toContain('speciaal basisonderwijs');
	});
});

describe('who may not', () => {
	it('school staff, parents, externs and the pre-school get NotAllowed, and nothing changes', async () => {
		const id = await hulpvraagIn('Dossier compleet', { parents: [sanne.email] });
		const { id: aanpakId } = await aanpak.add(sql, nora, id, goodAanpak);
		const { id: tlvId } = await tlv.add(sql, nora, id, goodTlv);
		const [jk] = await sql<{ id: string }[]>`
			select hulpvraag_id as id from hulpvraag_link where account_id = ${fatima.accountId} limit 1`;
		const before = await snapshot(id);
		for (const [who, actor] of [
			['ib', lotte],
			['directeur', henk],
			['ouder', sanne],
			['extern', mila],
			['voorschool', fatima]
		] as const) {
			await expect(aanpak.add(sql, actor, id, goodAanpak), who).rejects.toBeInstanceOf(NotAllowed);
			await expect(aanpak.update(sql, actor, aanpakId, 1, goodAanpak), who).rejects.toBeInstanceOf(
				NotAllowed
			);
			await expect(tlv.add(sql, actor, id, goodTlv), who).rejects.toBeInstanceOf(NotAllowed);
			await expect(tlv.archive(sql, actor, tlvId), who).rejects.toBeInstanceOf(NotAllowed);
		}
		// Even on the hulpvraag the pre-school is linked to.
		await expect(aanpak.add(sql, fatima, jk!.id, goodAanpak)).rejects.toBeInstanceOf(NotAllowed);
		expect(await snapshot(id)).toEqual(before);
	});

	it('the SWV is refused on a voorlopig hulpvraag; a beheerder is not', async () => {
		const id = await hulpvraagIn('Voorlopige aanmelding');
		const before = await snapshot(id);
		await expect(aanpak.add(sql, nora, id, goodAanpak)).rejects.toBeInstanceOf(NotAllowed);
		await expect(tlv.add(sql, anouk, id, goodTlv)).rejects.toBeInstanceOf(NotAllowed);
		expect(await snapshot(id)).toEqual(before);
		await aanpak.add(sql, femke, id, goodAanpak);
		expect((await snapshot(id))!.aanpakken).toBe(1);
	});
});

describe('reminders', () => {
	it('mails the aanvrager and the coördinator 14 days before the evaluation, and the school 3 months before a TLV ends, once each', async () => {
		const now = new Date('2027-03-01T08:00:00Z');
		const id = await hulpvraagIn('Aanmelding', { titel: 'TLV-aanvraag (IJsselmonde)' });
		const [{ roepnaam }] = await sql<{ roepnaam: string }[]>`
			select d.roepnaam from dossier d join hulpvraag h on h.dossier_id = d.id where h.id = ${id}`;
		await aanpak.add(sql, nora, id, {
			...goodAanpak,
			startdatum: '2027-01-01',
			einddatum: '',
			evaluatiedatum: '2027-03-20'
		});
		const { id: soon } = await aanpak.add(sql, nora, id, {
			...goodAanpak,
			type: 'Arrangement',
			startdatum: '2027-01-01',
			einddatum: '',
			evaluatiedatum: '2027-03-10'
		});
		await tlv.add(sql, nora, id, { ...goodTlv, einddatum: '2027-05-31' });
		await tlv.add(sql, nora, id, { ...goodTlv, swv_nummer: 'LATER', einddatum: '2027-06-30' });
		const mails = () => sql<
			{ kind: string; toAddress: string; subject: string; textBody: string }[]
		>`
			select kind, to_address, subject, text_body from outbox
			where text_body like ${'%/hulpvragen/' + id + '%'}
				and kind in ('aanpak.evaluation-reminder', 'tlv.end-reminder')
			order by id`;
		await sendArrangementReminders(sql, now, 'https://kindkring.test');
		const first = await mails();
		expect(first.map((m) => `${m.kind} ${m.toAddress}`).sort()).toEqual([
			`aanpak.evaluation-reminder ${w.account('lotte.vandam').email}`,
			`aanpak.evaluation-reminder ${w.account('pieter.verbeek').email}`,
			`tlv.end-reminder ${w.account('lotte.vandam').email}`
		]);
		for (const m of first) {
			expect(m.subject + m.textBody).not.toContain(roepnaam);
			expect(m.textBody).toContain(`https://kindkring.test/hulpvragen/${id}`);
		}
		expect(first.find((m) => m.kind === 'aanpak.evaluation-reminder')!.textBody).toContain(
			'10 maart 2027'
		);
		expect(first.find((m) => m.kind === 'tlv.end-reminder')!.textBody).toContain('31 mei 2027');
		const [marked] = await sql`select evaluation_reminded_at from aanpak where id = ${soon}`;
		expect(marked!.evaluationRemindedAt).not.toBeNull();

		// Again, and from another node at the same time: nothing more.
		await Promise.all([
			sendArrangementReminders(sql, now, 'https://kindkring.test'),
			sendArrangementReminders(sql, now, 'https://kindkring.test')
		]);
		expect(await mails()).toHaveLength(3);
	});
});

describe('demo and Beheer', () => {
	it('the demo has aanpakken and a TLV with its document, and seeding again adds none', async () => {
		const count = async () => {
			const [row] = await sql<{ aanpakken: number; tlvs: number; documents: number }[]>`
				select (select count(*)::int from aanpak a join account c on c.id = a.created_by
						where c.username in ('nora.yilmaz', 'pieter.verbeek', 'bram.kok')
							and a.toelichting <> 'Tien momenten in de klas.') as aanpakken,
					(select count(*)::int from tlv where swv_number = 'TLV-2026-0142') as tlvs,
					(select count(*)::int from tlv x join bijlage b on b.id = x.bijlage_id
						and b.hulpvraag_id = x.hulpvraag_id where x.swv_number = 'TLV-2026-0142') as documents`;
			return row;
		};
		expect(await count()).toEqual({ aanpakken: 3, tlvs: 1, documents: 1 });
		await seedWorld(sql);
		expect(await count()).toEqual({ aanpakken: 3, tlvs: 1, documents: 1 });
	});

	it('a beheerder adds a "Status na toevoegen TLV" automation; the target must differ from the trigger', async () => {
		const added = await automations.add(sql, femke, {
			kind: 'status_after_tlv',
			titelId: '',
			statusId: w.status('PO2806', 'TLV_2_aanvraag indienen'),
			targetStatusId: w.status('PO2806', 'TLV afgegeven'),
			coordinatorId: ''
		});
		expect(added.ok).toBe(true);
		const same = await automations.add(sql, femke, {
			kind: 'status_after_aanpak',
			titelId: '',
			statusId: w.status('PO2806', 'Aanmelding'),
			targetStatusId: w.status('PO2806', 'Aanmelding'),
			coordinatorId: ''
		});
		expect(same).toMatchObject({
			ok: false,
			errors: { targetStatusId: 'Kies een andere status dan de status waarin de aanpak komt.' }
		});
		expect(automations.kindLabels.status_after_aanpak).toBe('Status na toevoegen aanpak');
		expect(automations.kindLabels.status_after_tlv).toBe('Status na toevoegen TLV');
	});
});
