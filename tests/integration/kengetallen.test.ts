import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import { sql } from '../../src/lib/server/db';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import * as kengetallen from '../../src/lib/server/kengetallen';
import { toCsv } from '../../src/lib/server/kengetallen/csv';
import { emptyFilters, parseFilters } from '../../src/lib/server/kengetallen/input';
import { tables } from '../../src/lib/server/kengetallen/tables';
import { GET as exportCsv } from '../../src/routes/(staff)/kengetallen/export/+server';
import { makeDossier, seedWorld, type World } from '../support/demo-world';

let w: World;
let femke: Actor, nora: Actor, henk: Actor, lotte: Actor, sanne: Actor, mila: Actor;
let fatima: Actor;
let org: string;

beforeAll(async () => {
	w = await seedWorld(sql);
	org = w.org.PO2806;
	femke = await w.acting('beheer.femke');
	nora = await w.acting('nora.yilmaz');
	henk = await w.acting('henk.degroot');
	lotte = await w.acting('lotte.vandam');
	sanne = await w.acting('sanne.bakker');
	mila = await w.acting('mila.jansen');
	fatima = await w.acting('fatima.ouali');
});

/** Counts straight from the tables, per key, over the hulpvragen `where` keeps. */
async function direct(
	where: string,
	key: 'status_id' | 'titel_id' | 'school_id'
): Promise<Map<string | null, number>> {
	const rows = await sql.unsafe<{ key: string | null; n: number }[]>(
		`select h.${key}::text as key, count(*)::int as n
		from hulpvraag h join process_status s on s.id = h.status_id
		where h.organisation_id = $1 and ${where} group by 1`,
		[org]
	);
	return new Map(rows.map((r) => [r.key, r.n]));
}

const asMap = (rows: { id: string | null; count: number }[]) =>
	new Map(rows.map((r) => [r.id, r.count]));

/** percentile_cont as PostgreSQL takes it: interpolated between the two nearest values. */
function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	const at = p * (sorted.length - 1);
	const lo = Math.floor(at);
	const hi = Math.ceil(at);
	return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

describe('the figures equal a direct count on the demo data', () => {
	it('for a beheerder: every hulpvraag of the organisation, per status, title, school, month and arrival', async () => {
		const f = await kengetallen.figures(sql, femke, emptyFilters);
		const [all] = await sql<{ n: number; intake: number }[]>`
			select count(*)::int as n,
				count(*) filter (where exists (select 1 from intake_aanvraag a where a.hulpvraag_id = h.id))::int
					as intake
			from hulpvraag h where h.organisation_id = ${org}`;
		expect(f.total).toBe(all!.n);
		expect(f.total).toBeGreaterThan(5);
		expect(f.arrival).toEqual({ direct: all!.n - all!.intake, intake: all!.intake });
		expect(asMap(f.perStatus)).toEqual(await direct('true', 'status_id'));
		expect(asMap(f.perTitel)).toEqual(await direct('true', 'titel_id'));
		expect(asMap(f.perSchool)).toEqual(await direct('true', 'school_id'));
		expect(f.perRegion.reduce((n, r) => n + r.count, 0)).toBe(all!.n);
		expect(f.perMonth.reduce((n, r) => n + r.count, 0)).toBe(all!.n);
		const months = await sql<{ month: string; n: number }[]>`
			select to_char(datum, 'YYYY-MM') as month, count(*)::int as n from hulpvraag
			where organisation_id = ${org} group by 1`;
		for (const m of months) {
			expect(f.perMonth.find((r) => r.month === m.month)?.count, m.month).toBe(m.n);
		}
		const [tlvs] = await sql<{ n: number }[]>`
			select count(*)::int as n from tlv where organisation_id = ${org}`;
		expect(f.tlvs.reduce((n, t) => n + t.count, 0)).toBe(tlvs!.n);
		expect(f.withoutVoorlopig).toBe(false);
	});

	it('for SWV staff: no voorlopig hulpvraag counts, and the page says so', async () => {
		const f = await kengetallen.figures(sql, nora, emptyFilters);
		const [row] = await sql<{ n: number; voorlopig: number }[]>`
			select count(*) filter (where not s.voorlopig)::int as n,
				count(*) filter (where s.voorlopig)::int as voorlopig
			from hulpvraag h join process_status s on s.id = h.status_id
			where h.organisation_id = ${org}`;
		expect(row!.voorlopig).toBeGreaterThan(0);
		expect(f.total).toBe(row!.n);
		expect(asMap(f.perStatus)).toEqual(await direct('not s.voorlopig', 'status_id'));
		expect(f.withoutVoorlopig).toBe(true);
	});

	it('for the directeur: only the own school, voorlopig ones included; other schools cannot be chosen', async () => {
		const vuurtoren = w.school('21XA00');
		const f = await kengetallen.figures(sql, henk, emptyFilters);
		const [row] = await sql<{ n: number }[]>`
			select count(*)::int as n from hulpvraag where organisation_id = ${org} and school_id = ${vuurtoren}`;
		expect(f.total).toBe(row!.n);
		expect(f.perSchool.map((s) => s.id)).toEqual([vuurtoren]);
		expect(f.options.schools.map((s) => s.id)).toEqual([vuurtoren]);
		expect(f.ownSchoolsOnly).toBe(true);
		const other = w.school('21XC00');
		await expect(
			kengetallen.figures(sql, henk, { ...emptyFilters, schoolId: other })
		).rejects.toBeInstanceOf(kengetallen.InvalidFilter);
	});

	it('refuses IB’ers, parents, externs and the pre-school', async () => {
		for (const actor of [lotte, sanne, mila, fatima]) {
			await expect(kengetallen.figures(sql, actor, emptyFilters)).rejects.toBeInstanceOf(
				NotAllowed
			);
			await expect(kengetallen.options(sql, actor)).rejects.toBeInstanceOf(NotAllowed);
		}
	});
});

describe('filters narrow the figures', () => {
	it('by title, school and period, each equal to a direct count', async () => {
		const all = await kengetallen.figures(sql, femke, emptyFilters);
		const titel = all.perTitel[0]!;
		const byTitel = await kengetallen.figures(sql, femke, { ...emptyFilters, titelId: titel.id! });
		expect(byTitel.total).toBe(titel.count);
		expect(byTitel.perTitel).toEqual([titel]);

		const school = all.perSchool.find((s) => s.id !== null)!;
		const bySchool = await kengetallen.figures(sql, femke, {
			...emptyFilters,
			schoolId: school.id!
		});
		expect(bySchool.total).toBe(school.count);

		const [range] = await sql<{ van: string; tot: string; n: number }[]>`
			with d as (select percentile_disc(0.5) within group (order by datum) as mid
				from hulpvraag where organisation_id = ${org})
			select to_char(mid, 'YYYY-MM-DD') as van, to_char(mid + 40, 'YYYY-MM-DD') as tot,
				(select count(*)::int from hulpvraag where organisation_id = ${org}
					and datum between mid and mid + 40) as n
			from d`;
		const byPeriod = await kengetallen.figures(sql, femke, {
			...emptyFilters,
			van: range!.van,
			tot: range!.tot
		});
		expect(byPeriod.total).toBe(range!.n);
		expect(byPeriod.total).toBeLessThan(all.total);
	});

	it('reads them from the query string, with Dutch messages', () => {
		expect(parseFilters(new URLSearchParams('van=2026-08-01&tot=2027-07-31'))).toMatchObject({
			success: true,
			filters: { van: '2026-08-01', tot: '2027-07-31', schoolId: '', titelId: '' }
		});
		expect(parseFilters(new URLSearchParams('van=2026-02-30'))).toMatchObject({
			success: false,
			errors: { van: expect.stringContaining('bestaande datum') }
		});
		expect(parseFilters(new URLSearchParams('van=2027-01-01&tot=2026-01-01'))).toMatchObject({
			success: false,
			errors: { tot: expect.stringContaining('vóór') }
		});
		expect(parseFilters(new URLSearchParams('school=abc'))).toMatchObject({
			success: false,
			errors: { school: 'Kies een school uit de lijst.' }
		});
	});
});

describe('doorlooptijd and the time per status', () => {
	const day = 86_400_000;
	const t0 = Date.parse('2001-03-05T09:00:00Z');

	/** A hulpvraag of De Vuurtoren dated March 2001 with exactly these status changes. */
	async function withHistory(changes: [status: string, afterDays: number][]): Promise<string> {
		const dossierId = await makeDossier(sql, lotte, w.school('21XA00'));
		const id = await hulpvraag.create(sql, lotte, {
			dossierId,
			schoolId: w.school('21XA00'),
			datum: '2001-03-05',
			titelId: w.titel('PO2806', 'Ambulante Begeleiding'),
			omschrijving: '',
			coordinatorId: null,
			labels: []
		});
		const last = changes.at(-1)![0];
		await sql`update hulpvraag set created_at = ${new Date(t0)},
			status_id = ${w.status('PO2806', last)} where id = ${id}`;
		await sql`delete from status_change where hulpvraag_id = ${id}`;
		for (const [status, after] of changes) {
			await sql`
				insert into status_change (organisation_id, hulpvraag_id, to_status_id, changed_at)
				values (${org}, ${id}, ${w.status('PO2806', status)}, ${new Date(t0 + after * day)})`;
		}
		return id;
	}

	it('runs from the aanmelding to the first final status; a stay counts once it has ended', async () => {
		await withHistory([
			['Aanmelding', 0],
			['Dossier compleet', 1],
			['Afgerond', 2]
		]);
		await withHistory([
			['Aanmelding', 0],
			['Dossier compleet', 3],
			['Afgewezen', 4],
			// Reopened and finished again: the first final status counts.
			['In behandeling', 20],
			['Afgerond', 30]
		]);
		await withHistory([
			['Aanmelding', 0],
			['Dossier compleet', 0.5],
			['Niet ontvankelijk', 10]
		]);
		// Not finished: no doorlooptijd, and its Aanmelding has not ended.
		await withHistory([['Aanmelding', 0]]);

		const march = { ...emptyFilters, van: '2001-03-01', tot: '2001-03-31' };
		const f = await kengetallen.figures(sql, femke, march);
		expect(f.total).toBe(4);
		expect(f.doorlooptijd.count).toBe(3);
		expect(f.doorlooptijd.median).toBeCloseTo(4, 6);
		expect(f.doorlooptijd.p90).toBeCloseTo(percentile([2, 4, 10], 0.9), 6);
		expect(f.doorlooptijd.p90).toBeCloseTo(8.8, 6);

		const stay = (name: string) => f.perStatusDuration.find((s) => s.name === name);
		expect(stay('Aanmelding')).toMatchObject({ count: 3 });
		expect(stay('Aanmelding')!.median).toBeCloseTo(1, 6);
		expect(stay('Aanmelding')!.p90).toBeCloseTo(percentile([1, 3, 0.5], 0.9), 6);
		expect(stay('Dossier compleet')!.median).toBeCloseTo(1, 6);
		expect(stay('Dossier compleet')!.p90).toBeCloseTo(percentile([1, 1, 9.5], 0.9), 6);
		expect(stay('Afgewezen')).toMatchObject({ count: 1, median: 16, p90: 16 });
		expect(stay('In behandeling')).toMatchObject({ count: 1, median: 10 });
		// The last status of each has not ended.
		expect(stay('Afgerond')).toBeUndefined();

		// The same hulpvragen by the SWV: none voorlopig, so the same figures.
		const swv = await kengetallen.figures(sql, nora, march);
		expect(swv.doorlooptijd).toEqual(f.doorlooptijd);
	});
});

describe('the CSV export of a table', () => {
	it('has a BOM, `;` between fields, a decimal comma, quotes where needed and no formulas', () => {
		const csv = toCsv({
			columns: ['Status', 'Mediaan (dagen)'],
			rows: [
				['Aanmelding; nieuw', 4.25],
				['=SOM(A1)', null],
				['Zeg "ja"', 12]
			]
		});
		expect(csv).toBe(
			'\uFEFFStatus;Mediaan (dagen)\r\n"Aanmelding; nieuw";4,3\r\n\'=SOM(A1);\r\n"Zeg ""ja""";12\r\n'
		);
	});

	it('has a header row per table, the same as the page shows', async () => {
		const all = tables(await kengetallen.figures(sql, femke, emptyFilters));
		const status = all.find((t) => t.key === 'status')!;
		expect(toCsv(status).split('\r\n')[0]).toBe('\uFEFFStatus;Hulpvragen');
		expect(status.rows.length).toBe(
			(await kengetallen.figures(sql, femke, emptyFilters)).perStatus.length
		);
	});
});

describe('the export route', () => {
	/** The route's handler as SvelteKit calls it, for a logged-in actor. */
	async function get(actor: Actor, query: string): Promise<Response> {
		const event = {
			url: new URL(`https://kindkring.test/kengetallen/export?${query}`),
			locals: { account: { id: actor.accountId }, actor }
		};
		try {
			return await exportCsv(event as unknown as Parameters<typeof exportCsv>[0]);
		} catch (e) {
			if (e && typeof e === 'object' && 'status' in e) {
				return new Response(null, { status: (e as { status: number }).status });
			}
			throw e;
		}
	}

	it('answers a table as a CSV download with its filters, and audits it', async () => {
		const titel = w.titel('PO2806', 'Ambulante Begeleiding');
		const res = await get(femke, `tabel=titel&titel=${titel}`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toMatch(
			/^attachment; filename="kengetallen-titel-\d{4}-\d{2}-\d{2}\.csv"$/
		);
		const bytes = new Uint8Array(await res.arrayBuffer());
		// The byte order mark Excel needs to read UTF-8.
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder().decode(bytes).split('\r\n');
		expect(lines[0]).toBe('Titel;Hulpvragen');
		expect(lines[1]).toMatch(/^Ambulante Begeleiding;\d+$/);
		expect(lines.length).toBe(3);
		const [audit] = await sql`
			select details from audit_log where action = 'kengetallen.export'
			and account_id = ${femke.accountId} order by id desc limit 1`;
		expect(audit?.details).toMatchObject({ tabel: 'titel' });
	});

	it('refuses an unknown table and a bad filter (400), and an IB’er (NotAllowed: 404)', async () => {
		expect((await get(femke, 'tabel=geheim')).status).toBe(400);
		expect((await get(femke, 'tabel=status&van=2026-13-01')).status).toBe(400);
		expect((await get(henk, `tabel=status&school=${w.school('21XC00')}`)).status).toBe(400);
		await expect(get(lotte, 'tabel=status')).rejects.toBeInstanceOf(NotAllowed);
	});
});
