import { beforeAll, describe, expect, it } from 'vitest';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import { sql } from '../../src/lib/server/db';
import * as jobs from '../../src/lib/server/jobs';
import { jobs as definitions } from '../../src/lib/server/jobs/definitions';
import { createScheduler } from '../../src/lib/server/jobs/scheduler';
import { seedWorld, type World } from '../support/demo-world';

let world: World;

beforeAll(async () => {
	world = await seedWorld(sql);
	// The rows as a node's first start makes them, without running anything.
	await createScheduler(sql, definitions).sync();
	await sql`update scheduled_job set next_run_at = now() + interval '1 hour'`;
});

describe('Beheer → Taken', () => {
	it('lists every job with its state for a beheerder, of either organisation', async () => {
		for (const username of ['beheer.femke', 'beheer.joost']) {
			const list = await jobs.list(sql, await world.acting(username));
			expect(list.map((j) => j.name)).toEqual(definitions.map((j) => j.name));
			const sweep = list.find((j) => j.name === 'files-sweep')!;
			expect(sweep).toMatchObject({
				label: 'Bijlagen-opslag opruimen',
				intervalSeconds: 6 * 3600,
				status: 'never',
				due: false,
				lastError: null
			});
		}
	});

	it('is for beheerders only: everyone else is refused before anything is read or changed', async () => {
		for (const username of [
			'lotte.vandam',
			'henk.degroot',
			'nora.yilmaz',
			'sanne.bakker',
			'mila.jansen'
		]) {
			const actor = await world.acting(username);
			await expect(jobs.list(sql, actor), username).rejects.toBeInstanceOf(NotAllowed);
			await expect(jobs.runNow(sql, actor, 'files-sweep'), username).rejects.toBeInstanceOf(
				NotAllowed
			);
		}
		const [row] = await sql<{ due: boolean }[]>`
			select next_run_at <= now() as due from scheduled_job where name = 'files-sweep'`;
		expect(row!.due).toBe(false);
	});

	it('"Nu uitvoeren" makes the job due now and is audited', async () => {
		const femke = await world.acting('beheer.femke');
		expect(await jobs.runNow(sql, femke, 'sessions-cleanup')).toEqual({ ok: true });
		const list = await jobs.list(sql, femke);
		expect(list.find((j) => j.name === 'sessions-cleanup')!.due).toBe(true);
		expect(list.find((j) => j.name === 'files-sweep')!.due).toBe(false);
		const audits = await sql<{ accountId: string; organisationId: string; targetId: string }[]>`
			select account_id, organisation_id, target_id from audit_log
			where action = 'job.run-now' and target_type = 'scheduled_job'`;
		expect(audits).toEqual([
			{
				accountId: femke.accountId,
				organisationId: femke.organisationId,
				targetId: 'sessions-cleanup'
			}
		]);
		expect(await jobs.runNow(sql, femke, 'bestaat-niet')).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});
});
