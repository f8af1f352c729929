/**
 * Lists decide access on facts loaded for all their rows at once: the number of queries
 * does not grow with the number of rows (no query per row).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { servingPool, sql } from '../../src/lib/server/db';
import * as dossier from '../../src/lib/server/dossiers/dossier';
import * as round from '../../src/lib/server/overlegronde/round';
import { makeDossier, seedWorld, type World } from '../support/demo-world';

let w: World;
let nora: Actor;
let queries = 0;
const counted = servingPool(process.env.DATABASE_URL!, { max: 1, debug: () => queries++ });

beforeAll(async () => {
	w = await seedWorld(sql);
	nora = await w.acting('nora.yilmaz');
});

afterAll(async () => {
	await counted.end();
});

async function countQueries(work: () => Promise<unknown>): Promise<number> {
	queries = 0;
	await work();
	return queries;
}

describe('batched facts', () => {
	it('the possible duplicates of a new child: as many queries for 1 candidate as for 8', async () => {
		const one = { roepnaam: 'Uniek', achternaam: 'Eenling' };
		await makeDossier(sql, nora, w.school('21XD00'), { ...one, geboortedatum: '2018-02-02' });
		const many = { roepnaam: 'Veel', achternaam: 'Tweeling' };
		for (let i = 0; i < 8; i++) {
			await makeDossier(sql, nora, w.school('21XD00'), { ...many, geboortedatum: '2018-03-03' });
		}
		const found = await dossier.findDuplicates(counted, nora, many, '2018-03-03');
		expect(found).toHaveLength(8);
		const forOne = await countQueries(() =>
			dossier.findDuplicates(counted, nora, one, '2018-02-02')
		);
		const forMany = await countQueries(() =>
			dossier.findDuplicates(counted, nora, many, '2018-03-03')
		);
		expect(forMany).toBe(forOne);
	});

	it('the rounds a coördinator manages: as many queries for 1 round as for 6 or more', async () => {
		const owner = await w.acting('pieter.verbeek');
		const now = new Date();
		const [hulpvraag] = await sql<{ id: string }[]>`
			select h.id from hulpvraag h join process_status s on s.id = h.status_id
			where h.organisation_id = ${w.org.PO2806} and not s.voorlopig limit 1`;
		const day = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString().slice(0, 10);
		const start = (i: number) =>
			round.create(
				sql,
				owner,
				{
					hulpvraagId: hulpvraag!.id,
					onderwerp: `Ronde ${i}`,
					omschrijving: '',
					besloten: false,
					einddatumReacties: day(7),
					einddatumInzage: day(14)
				},
				now
			);
		await start(0);
		const forOne = await countQueries(() => round.managedBy(counted, owner, now));
		const before = (await round.managedBy(counted, owner, now)).length;
		for (let i = 1; i < 6; i++) await start(i);
		expect((await round.managedBy(counted, owner, now)).length).toBe(before + 5);
		expect(await countQueries(() => round.managedBy(counted, owner, now))).toBe(forOne);
	});
});
