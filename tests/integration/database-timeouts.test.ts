/**
 * The app's pool gives every statement a time limit on the server and the readiness check
 * reports the measured latency; the migrations' owner connection has no limit.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { isDatabaseUnavailable } from '../../src/lib/server/db/outage';

process.env.DATABASE_STATEMENT_TIMEOUT_MS = '300';
vi.resetModules();
const db = await import('../../src/lib/server/db');

afterAll(() => {
	delete process.env.DATABASE_STATEMENT_TIMEOUT_MS;
});

describe('database time limits', () => {
	it('cancel a statement of the app that runs past the statement timeout', async () => {
		const statementTimeout = (
			await db.sql<{ value: string }[]>`select current_setting('statement_timeout') as value`
		)[0]?.value;
		expect(statementTimeout).toBe('300ms');
		// A statement that takes time is the thing under test: 2 s against a 300 ms limit.
		const error = await db.sql`select pg_sleep(2)`.catch((e: unknown) => e);
		expect(error).toMatchObject({ code: '57014' });
		// Counted as the database being unavailable: a 503 with Retry-After, not a 500.
		expect(isDatabaseUnavailable(error)).toBe(true);
		// The pool still works afterwards.
		expect(await db.sql`select 1 as one`).toEqual([{ one: 1 }]);
	});

	it('do not limit the owner connection the migrations run on', async () => {
		const owner = await db.owner();
		try {
			const statementTimeout = (
				await owner.sql<{ value: string }[]>`select current_setting('statement_timeout') as value`
			)[0]?.value;
			expect(statementTimeout).toBe('0');
		} finally {
			await owner.close();
		}
	});

	it('readiness reports ok with the latency, and not ok when select 1 takes too long', async () => {
		const ready = await db.readiness(1_000);
		expect(ready.ok).toBe(true);
		expect(ready.ms).toBeGreaterThanOrEqual(0);
		expect(ready.ms).toBeLessThan(1_000);
		// A client whose `select 1` waits behind a lock: the check gives up at its limit.
		const slow = (() => new Promise(() => undefined)) as unknown as typeof db.sql;
		const notReady = await db.readiness(100, slow);
		expect(notReady.ok).toBe(false);
		expect(notReady.ms).toBeGreaterThanOrEqual(99);
	});
});
