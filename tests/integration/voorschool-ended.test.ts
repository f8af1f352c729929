/**
 * The moment a pre-school's access to a hulpvraag ended is stored once, on the hulpvraag,
 * by the database itself whenever a status change into a status that ends that access is
 * written, and everything reads it from there.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/lib/server/db';
import { hulpvraagFacts } from '../../src/lib/server/dossiers/facts';
import { seedWorld, type World } from '../support/demo-world';

let w: World;

beforeAll(async () => {
	w = await seedWorld(sql);
});

/** Hulpvragen whose stored moment differs from what their history says. */
async function disagreeing() {
	return sql<{ id: string }[]>`
		select h.id from hulpvraag h
		where h.voorschool_access_ended_at is distinct from (
			select min(c.changed_at) from status_change c join process_status s on s.id = c.to_status_id
			where c.hulpvraag_id = h.id and s.ends_voorschool_access)`;
}

describe('the moment pre-school access ended', () => {
	it('matches the history of every demo hulpvraag, and some have one', async () => {
		expect(await disagreeing()).toEqual([]);
		const [ended] = await sql<{ n: number }[]>`
			select count(*)::int as n from hulpvraag where voorschool_access_ended_at is not null`;
		expect(ended!.n).toBeGreaterThan(0);
	});

	it('is the first such change, also when history arrives in one statement, out of order', async () => {
		const [h] = await sql<{ id: string; organisationId: string; statusId: string }[]>`
			select h.id, h.organisation_id, h.status_id from hulpvraag h
			where h.organisation_id = ${w.org.PO2507} and h.voorschool_access_ended_at is null limit 1`;
		const ends = w.status('PO2507', 'advies afgerond');
		await sql`
			insert into status_change (organisation_id, hulpvraag_id, from_status_id, to_status_id, changed_at)
			values (${h!.organisationId}, ${h!.id}, ${h!.statusId}, ${ends}, '2026-03-02T10:00:00Z'),
				(${h!.organisationId}, ${h!.id}, ${h!.statusId}, ${ends}, '2026-01-15T09:00:00Z')`;
		const [row] = await sql<{ endedAt: Date }[]>`
			select voorschool_access_ended_at as ended_at from hulpvraag where id = ${h!.id}`;
		expect(row!.endedAt.toISOString()).toBe('2026-01-15T09:00:00.000Z');
		// A later one does not move it.
		await sql`
			insert into status_change (organisation_id, hulpvraag_id, from_status_id, to_status_id, changed_at)
			values (${h!.organisationId}, ${h!.id}, ${h!.statusId}, ${ends}, '2026-06-01T09:00:00Z')`;
		expect(await disagreeing()).toEqual([]);
	});

	it('stays when a beheerder later changes which status ends the access', async () => {
		const ends = w.status('PO2507', 'advies afgerond');
		const [h] = await sql<{ id: string }[]>`
			select id from hulpvraag
			where organisation_id = ${w.org.PO2507} and voorschool_access_ended_at is not null limit 1`;
		expect((await hulpvraagFacts(sql, w.org.PO2507, h!.id))!.voorschoolAccessEnded).toBe(true);
		await sql`update process_status set ends_voorschool_access = false where id = ${ends}`;
		try {
			expect((await hulpvraagFacts(sql, w.org.PO2507, h!.id))!.voorschoolAccessEnded).toBe(true);
		} finally {
			await sql`update process_status set ends_voorschool_access = true where id = ${ends}`;
		}
	});
});
