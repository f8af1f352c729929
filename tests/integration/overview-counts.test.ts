/**
 * The overview's fast paths (migration 0007, bench/hulpvragen.ts) give the same answers as
 * the plain SQL they replace: counts per status from the trigger-kept counters equal a
 * count of the rows, after inserts, status and school changes and deletes; the search
 * finds the same hulpvragen as the `or` of four subqueries it replaced.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/lib/server/access/policy';
import { sql } from '../../src/lib/server/db';
import * as demo from '../../src/lib/server/demo/seed';
import * as overview from '../../src/lib/server/dossiers/overview';

let org: string;
let schools: string[];
let statuses: { id: string; voorlopig: boolean }[];

function actor(roles: Role[], schoolIds: string[] = []): Actor {
	return {
		accountId: '00000000-0000-4000-8000-000000000001',
		organisationId: org,
		roles,
		schoolIds,
		email: 'x@example.nl',
		ipHash: null,
		origin: 'https://kindkring.test'
	};
}

/** Counts per status the slow, obvious way. */
async function naiveCounts(where: ReturnType<typeof sql>) {
	return sql<{ id: string; name: string; count: number }[]>`
		select s.id, s.name, count(*)::int as count
		from hulpvraag h join process_status s on s.id = h.status_id
		where h.organisation_id = ${org} and ${where}
		group by s.id, s.name, s.position order by s.position, s.name`;
}

async function countersEqualRows() {
	const counters = await sql`
		select organisation_id, status_id, school_id, n::int from hulpvraag_status_count where n > 0
		order by 1, 2, 3`;
	const rows = await sql`
		select organisation_id, status_id, school_id, count(*)::int as n from hulpvraag
		group by 1, 2, 3 order by 1, 2, 3`;
	expect(counters).toEqual(rows);
}

beforeAll(async () => {
	await demo.seed(sql);
	const [o] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2806'`;
	org = o!.id;
	schools = (
		await sql<{ id: string }[]>`select id from school where organisation_id = ${org} order by name`
	).map((s) => s.id);
	statuses = await sql<{ id: string; voorlopig: boolean }[]>`
		select id, voorlopig from process_status where organisation_id = ${org} order by position`;
	// 60 dossiers with 3 hulpvragen each, spread over schools (and none), statuses and titles.
	await sql`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht)
		select ${org}, 'Kind' || i, (array['Bakker','Jansen','de Vries','Van Dijk'])[1 + i % 4] || i,
			date '2018-01-01' + i, 'x'
		from generate_series(1, 60) i`;
	await sql`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id, updated_at, coordinator_id)
		select ${org}, d.id, (${sql.array(schools)}::uuid[])[1 + (i + k) % (${schools.length} + 1)],
			(select id from hulpvraag_titel where organisation_id = ${org} order by position offset (i * k) % 5 limit 1),
			(${sql.array(statuses.map((s) => s.id))}::uuid[])[1 + (i * 7 + k) % ${statuses.length}],
			now() - interval '1 hour' * (i * 3 + k),
			(select id from account where organisation_id = ${org} and username = 'pieter.verbeek' and i % 3 = 0)
		from (select id, row_number() over (order by achternaam)::int as i from dossier where organisation_id = ${org}) d
		cross join generate_series(1, 3) k`;
});

describe('status counts from the counters', () => {
	it('equal a count of the rows for beheerders, SWV staff and school users', async () => {
		await countersEqualRows();
		const cases: [Actor, ReturnType<typeof sql>][] = [
			[actor(['beheerder']), sql`true`],
			[actor(['coordinator']), sql`not s.voorlopig`],
			[actor(['ib'], [schools[0]!]), sql`h.school_id = ${schools[0]!}`],
			[
				actor(['ib', 'directeur'], schools.slice(0, 2)),
				sql`h.school_id = any(${sql.array(schools.slice(0, 2))}::uuid[])`
			],
			[actor(['ib', 'scp'], [schools[1]!]), sql`(h.school_id = ${schools[1]!} or not s.voorlopig)`]
		];
		for (const [who, where] of cases) {
			const result = await overview.list(sql, who, overview.emptyFilters, 1);
			expect(result.statusCounts).toEqual(await naiveCounts(where));
			const withSchool = await overview.list(
				sql,
				who,
				{ ...overview.emptyFilters, schoolId: schools[1]! },
				1
			);
			expect(withSchool.statusCounts).toEqual(
				await naiveCounts(sql`${where} and h.school_id = ${schools[1]!}`)
			);
		}
	});

	it('follow status changes, school changes and deletes, also of many rows at once', async () => {
		const some = await sql<{ id: string }[]>`
			select id from hulpvraag where organisation_id = ${org} order by id limit 40`;
		await sql`update hulpvraag set status_id = ${statuses[2]!.id} where id = ${some[0]!.id}`;
		await sql`update hulpvraag set school_id = ${schools[0]!}
			where id = any(${sql.array(some.slice(1, 20).map((s) => s.id))}::uuid[])`;
		await sql`update hulpvraag set school_id = null where id = ${some[20]!.id}`;
		await sql`update hulpvraag set omschrijving = 'alleen tekst' where organisation_id = ${org}`;
		const gone = sql.array(some.slice(30).map((s) => s.id));
		// Bijlagen (the demo dossiers have some) keep their hulpvraag; they go first.
		await sql`delete from bijlage where hulpvraag_id = any(${gone}::uuid[])`;
		await sql`delete from hulpvraag where id = any(${gone}::uuid[])`;
		await sql.begin(async (tx) => {
			await tx`update hulpvraag set status_id = ${statuses[0]!.id} where id = ${some[21]!.id}`;
			await tx`update hulpvraag set status_id = ${statuses[1]!.id} where id = ${some[21]!.id}`;
		});
		await sql
			.begin(async (tx) => {
				await tx`update hulpvraag set status_id = ${statuses[3]!.id} where id = ${some[22]!.id}`;
				throw new Error('rolled back');
			})
			.catch(() => undefined);
		await countersEqualRows();
		const result = await overview.list(sql, actor(['coordinator']), overview.emptyFilters, 1);
		expect(result.statusCounts).toEqual(await naiveCounts(sql`not s.voorlopig`));
	});
});

describe('the search', () => {
	it.each(['bakker', 'kind1', 'vuurtoren', 'verbeek', 'herstart', 'niemand'])(
		"finds what the plain or-query finds for '%s', with the same counts and order",
		async (q) => {
			const like = `%${q}%`;
			const who = actor(['coordinator']);
			const expected = await sql<{ id: string }[]>`
				select h.id from hulpvraag h join process_status s on s.id = h.status_id
				where h.organisation_id = ${org} and not s.voorlopig and (
					h.dossier_id in (select d.id from dossier d where d.organisation_id = ${org} and d.search_name like ${like})
					or h.titel_id in (select t.id from hulpvraag_titel t where t.organisation_id = ${org} and lower(t.name) like ${like})
					or h.school_id in (select sc.id from school sc where sc.organisation_id = ${org}
						and (lower(sc.name) like ${like} or lower(sc.brin_vestiging) like ${like}))
					or h.coordinator_id in (select a.id from account a where a.organisation_id = ${org} and lower(a.display_name) like ${like}))
				order by h.updated_at desc, h.id`;
			const found: string[] = [];
			for (let page = 1; ; page++) {
				const r = await overview.list(sql, who, { ...overview.emptyFilters, q }, page);
				found.push(...r.rows.map((row) => row.id));
				expect(r.total).toBe(expected.length);
				if (page >= r.pages) break;
			}
			expect(found).toEqual(expected.map((e) => e.id));
		}
	);
});
