import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import * as aanpak from '../../src/lib/server/arrangements/aanpak';
import { Invalid } from '../../src/lib/server/arrangements/input';
import * as tlv from '../../src/lib/server/arrangements/tlv';
import { sql } from '../../src/lib/server/db';
import * as parents from '../../src/lib/server/parents/view';
import {
	arrangementWorld,
	goodAanpak,
	goodTlv,
	type ArrangementWorld
} from '../support/arrangements';
import type { World } from '../support/demo-world';

let a: ArrangementWorld;
let w: World;
let lotte: Actor, henk: Actor, nora: Actor, anouk: Actor, femke: Actor;
let sanne: Actor, mila: Actor, fatima: Actor;
const hulpvraagIn: ArrangementWorld['hulpvraagIn'] = (...args) => a.hulpvraagIn(...args);

beforeAll(async () => {
	a = await arrangementWorld();
	({ w, lotte, henk, nora, anouk, femke, sanne, mila, fatima } = a);
});

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
		expect(by(ending)!.mayArchive).toBe(true);
		// The school sees its own children's TLVs, without archiving them; an extern sees none.
		const schoolList = await tlv.active(sql, lotte, now);
		expect(schoolList.find((t) => t.id === ending)).toMatchObject({ mayArchive: false });
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
