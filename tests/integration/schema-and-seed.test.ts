import { describe, expect, it } from 'vitest';
import { sql } from '../../src/lib/server/db';
import * as demo from '../../src/lib/server/demo/seed';

describe('demo data', () => {
	it('fills an empty database once and is safe to run again', async () => {
		expect(await demo.isEmpty(sql)).toBe(true);
		await demo.seed(sql);
		await demo.seed(sql);
		expect(await demo.isEmpty(sql)).toBe(false);

		const orgs = await sql<
			{ code: string; name: string }[]
		>`select code, name from organisation order by code`;
		expect(orgs).toEqual([
			{ code: 'PO2507', name: 'Samenwerkingsverband Stromenland' },
			{ code: 'PO2806', name: 'PPO Rotterdam' }
		]);
		const [count] = await sql<{ n: number }[]>`select count(*)::int as n from account`;
		expect(count!.n).toBe(19);
	});

	it('has an account for every role in the domain', async () => {
		const rows = await sql<{ role: string }[]>`select distinct unnest(roles) as role from account`;
		expect(rows.map((r) => r.role).sort()).toEqual(
			[
				'beheerder',
				'coordinator',
				'directeur',
				'extern',
				'ib',
				'jk_specialist',
				'ouder',
				'scp',
				'tlv_admin',
				'voorschool'
			].sort()
		);
	});

	it('gives PPO Rotterdam schools in and outside IJsselmonde', async () => {
		const rows = await sql<{ region: string }[]>`
			select s.region from school s join organisation o on o.id = s.organisation_id
			where o.code = 'PO2806'`;
		const regions = rows.map((r) => r.region);
		expect(regions).toContain('IJsselmonde');
		expect(regions.some((r) => r !== 'IJsselmonde')).toBe(true);
	});

	it('links school staff to their schools', async () => {
		const rows = await sql<{ username: string; brin: string }[]>`
			select a.username, s.brin_vestiging as brin from account_school x
			join account a on a.id = x.account_id join school s on s.id = x.school_id
			where a.username = 'lotte.vandam'`;
		expect(rows).toEqual([{ username: 'lotte.vandam', brin: '21XA00' }]);
	});
});

describe('schema rules', () => {
	it('keeps usernames unique per organisation regardless of case', async () => {
		const [org] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2806'`;
		await expect(sql`
			insert into account (organisation_id, username, email, display_name, roles)
			values (${org!.id}, 'Lotte.VanDam', 'x@example.nl', 'X', ${sql.array(['ib'])})`).rejects.toMatchObject(
			{
				code: '23505'
			}
		);
	});

	it('allows the same username in another organisation', async () => {
		const [org] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2507'`;
		await sql`
			insert into account (organisation_id, username, email, display_name, roles)
			values (${org!.id}, 'lotte.vandam', 'lotte@example.nl', 'Lotte', ${sql.array(['ib'])})`;
	});

	it('refuses roles outside the domain list', async () => {
		const [org] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2507'`;
		await expect(sql`
			insert into account (organisation_id, username, email, display_name, roles)
			values (${org!.id}, 'hacker', 'h@example.nl', 'H', ${sql.array(['superuser'])})`).rejects.toMatchObject(
			{
				code: '23514'
			}
		);
	});
});
