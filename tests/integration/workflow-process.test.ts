import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/lib/server/db';
import * as demo from '../../src/lib/server/demo/seed';
import * as process from '../../src/lib/server/workflow/process';

let rotterdam: string;
let stromenland: string;

async function statusId(org: string, name: string): Promise<string> {
	const [row] = await sql<
		{ id: string }[]
	>`select id from process_status where organisation_id = ${org} and name = ${name}`;
	return row!.id;
}

async function titelId(org: string, name: string): Promise<string> {
	const [row] = await sql<
		{ id: string }[]
	>`select id from hulpvraag_titel where organisation_id = ${org} and name = ${name}`;
	return row!.id;
}

beforeAll(async () => {
	await demo.seed(sql);
	await demo.seed(sql); // idempotent
	const orgs = await sql<{ id: string; code: string }[]>`select id, code from organisation`;
	rotterdam = orgs.find((o) => o.code === 'PO2806')!.id;
	stromenland = orgs.find((o) => o.code === 'PO2507')!.id;
});

describe('processes as data', () => {
	it('seeds each organisation with its own statuses, once', async () => {
		const [r] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from process_status where organisation_id = ${rotterdam}`;
		expect(r!.n).toBe(19);
		const jk =
			await sql`select 1 from process_status where organisation_id = ${stromenland} and name = 'JK bijlagen toegevoegd'`;
		expect(jk).toHaveLength(1);
		const none =
			await sql`select 1 from process_status where organisation_id = ${rotterdam} and name = 'JK bijlagen toegevoegd'`;
		expect(none).toHaveLength(0);
	});

	it('limits titles to regions: the IJsselmonde TLV only there, the three "TLV -…" titles not there', async () => {
		const ijsselmonde = (await process.titlesFor(sql, rotterdam, 'IJsselmonde')).map((t) => t.name);
		const noord = (await process.titlesFor(sql, rotterdam, 'Noord')).map((t) => t.name);
		expect(ijsselmonde).toContain('TLV-aanvraag (IJsselmonde)');
		expect(ijsselmonde).not.toContain('TLV -Nieuw');
		expect(ijsselmonde).not.toContain('TLV -Verlaging/ophoging');
		expect(ijsselmonde).not.toContain('TLV -Verlenging');
		expect(noord).not.toContain('TLV-aanvraag (IJsselmonde)');
		expect(noord).toEqual(
			expect.arrayContaining(['TLV -Nieuw', 'TLV -Verlaging/ophoging', 'TLV -Verlenging'])
		);
		expect(noord).toHaveLength(22);
	});

	it('starts a hulpvraag in the status its title says, else the default', async () => {
		expect(
			await process.initialStatus(sql, rotterdam, await titelId(rotterdam, 'Ondersteuningsbudget'))
		).toBe(await statusId(rotterdam, 'OB voorlopige aanvraag'));
		expect(
			await process.initialStatus(
				sql,
				rotterdam,
				await titelId(rotterdam, 'TLV-aanvraag (IJsselmonde)')
			)
		).toBe(await statusId(rotterdam, 'TLV_1_voorlopig (IJsselmonde)'));
		expect(await process.initialStatus(sql, rotterdam, await titelId(rotterdam, 'KANS'))).toBe(
			await statusId(rotterdam, 'Voorlopige aanmelding')
		);
		expect(
			await process.initialStatus(
				sql,
				stromenland,
				await titelId(stromenland, 'Jonge kind (3,2 - 4 jr) advisering')
			)
		).toBe(await statusId(stromenland, 'JK onderwijsadvies aanvraag'));
	});

	it('offers only the next statuses this role may set', async () => {
		const aanmelding = await statusId(rotterdam, 'Aanmelding');
		const forScp = (await process.nextStatuses(sql, rotterdam, aanmelding, ['scp'])).map(
			(s) => s.name
		);
		expect(forScp).toEqual(
			expect.arrayContaining(['Dossier compleet', 'Dossier incompleet', 'Doorzetten SCP'])
		);
		const forIb = await process.nextStatuses(sql, rotterdam, aanmelding, ['ib']);
		expect(forIb).toEqual([]);
		const incompleet = await statusId(rotterdam, 'Dossier incompleet');
		expect(
			(await process.nextStatuses(sql, rotterdam, incompleet, ['ib'])).map((s) => s.name)
		).toEqual(['Aanmelding']);
		const reasons = (await process.nextStatuses(sql, rotterdam, aanmelding, ['scp'])).filter(
			(s) => s.reasonRequired
		);
		expect(reasons.map((s) => s.name).sort()).toEqual(['Dossier incompleet', 'Niet ontvankelijk']);
	});

	it('lets the pre-school set only "JK bijlagen toegevoegd" in the JK process', async () => {
		const aanvraag = await statusId(stromenland, 'JK onderwijsadvies aanvraag');
		expect(
			(await process.nextStatuses(sql, stromenland, aanvraag, ['voorschool'])).map((s) => s.name)
		).toEqual(['JK bijlagen toegevoegd']);
		const onderwijsadvies = await statusId(stromenland, 'JK Onderwijsadvies');
		expect(await process.nextStatuses(sql, stromenland, onderwijsadvies, ['voorschool'])).toEqual(
			[]
		);
	});

	it('keeps process rows of one organisation out of the other', async () => {
		const aanmelding = await statusId(rotterdam, 'Aanmelding');
		expect(await process.nextStatuses(sql, stromenland, aanmelding, ['beheerder'])).toEqual([]);
	});
});
