import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { servingPool, sql, type Sql } from '../../src/lib/server/db';
import {
	createScheduler,
	nextDue,
	type Job,
	type SchedulerOptions
} from '../../src/lib/server/jobs/scheduler';

// Every scheduler here has a clock of its own that the test moves; nothing waits for time.
const quiet: SchedulerOptions['log'] = {
	info: () => undefined,
	warn: () => undefined,
	error: () => undefined
};

const hour = 3600_000;
const start = new Date('2030-03-04T05:00:00.000Z');

interface Clock {
	now(): Date;
	set(at: Date | number | string): void;
	advance(ms: number): void;
}

function clock(at: Date = start): Clock {
	let t = at.getTime();
	return {
		now: () => new Date(t),
		set: (value) => (t = new Date(value).getTime()),
		advance: (ms) => (t += ms)
	};
}

/** A promise the test resolves itself: a run that lasts until the test says so. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((resolve) => (open = resolve));
	return { open, opened };
}

async function row(name: string) {
	const [r] = await sql<
		{
			nextRunAt: Date;
			lastStartedAt: Date | null;
			lastFinishedAt: Date | null;
			lastStatus: string | null;
			lastError: string | null;
			lastDurationMs: number | null;
			lockedBy: string | null;
			leaseUntil: Date | null;
		}[]
	>`select next_run_at, last_started_at, last_finished_at, last_status, last_error,
		last_duration_ms, locked_by, lease_until from scheduled_job where name = ${name}`;
	return r!;
}

const pools: Sql[] = [];
function pool(): Sql {
	const p = servingPool(process.env.DATABASE_URL!, { max: 2 });
	pools.push(p);
	return p;
}

afterAll(async () => {
	await Promise.all(pools.map((p) => p.end({ timeout: 1 })));
});

beforeEach(async () => {
	await sql`delete from scheduled_job where name like 'test-%'`;
});

describe('the due time grid', () => {
	it('is the first multiple of the interval after now, counted from the epoch', () => {
		expect(nextDue(6 * hour, new Date('2030-03-04T05:00:00.000Z')).toISOString()).toBe(
			'2030-03-04T06:00:00.000Z'
		);
		expect(nextDue(6 * hour, new Date('2030-03-04T06:00:00.000Z')).toISOString()).toBe(
			'2030-03-04T12:00:00.000Z'
		);
		expect(nextDue(60_000, new Date('2030-03-04T06:00:59.999Z')).toISOString()).toBe(
			'2030-03-04T06:01:00.000Z'
		);
	});
});

describe('periodic jobs across nodes', () => {
	it('two nodes racing for a due job run it once per due time', async () => {
		const t = clock();
		let runs = 0;
		const job: Job = {
			name: 'test-race',
			intervalMs: hour,
			run: async () => {
				runs++;
			}
		};
		// Each node with its own connections, as two processes would have.
		const a = createScheduler(pool(), [job], { nodeId: 'node-a', now: t.now, log: quiet });
		const b = createScheduler(pool(), [job], { nodeId: 'node-b', now: t.now, log: quiet });
		await Promise.all([a.sync(), b.sync()]);

		for (let round = 0; round < 40; round++) {
			const [fromA, fromB] = await Promise.all([a.tick(), b.tick()]);
			expect(fromA.length + fromB.length, `round ${round}`).toBe(1);
			// The same due time again: nobody runs it a second time.
			expect([...(await a.tick()), ...(await b.tick())]).toEqual([]);
			t.set(nextDue(hour, t.now()));
		}
		expect(runs).toBe(40);
		const r = await row('test-race');
		expect(r.lastStatus).toBe('ok');
		expect(r.lockedBy).toBeNull();
	});

	it('a job that fell due while no node ran runs as soon as a node starts', async () => {
		const t = clock();
		// Known from an earlier deployment, due two hours ago; a new job has no row at all.
		await sql`insert into scheduled_job (name, interval_seconds, next_run_at)
			values ('test-overdue', 21600, ${new Date(start.getTime() - 2 * hour)})`;
		const ran: string[] = [];
		const both = gate();
		const job = (name: string): Job => ({
			name,
			intervalMs: 6 * hour,
			run: async () => {
				ran.push(name);
				if (ran.length === 2) both.open();
			}
		});
		const scheduler = createScheduler(pool(), [job('test-overdue'), job('test-new')], {
			now: t.now,
			pollMs: 24 * hour,
			log: quiet
		});
		scheduler.start();
		// The first poll is at start, not after the poll interval.
		await both.opened;
		await scheduler.stop();
		expect(ran.sort()).toEqual(['test-new', 'test-overdue']);
		// The next due time is on the clock's grid, not counted from the start of the node.
		expect((await row('test-overdue')).nextRunAt.toISOString()).toBe('2030-03-04T06:00:00.000Z');
	});

	it('a job not yet due does not run at start', async () => {
		const t = clock();
		await sql`insert into scheduled_job (name, interval_seconds, next_run_at)
			values ('test-later', 3600, ${new Date(start.getTime() + 60_000)})`;
		const scheduler = createScheduler(
			pool(),
			[{ name: 'test-later', intervalMs: hour, run: async () => expect.fail('ran early') }],
			{ now: t.now, log: quiet }
		);
		expect(await scheduler.tick()).toEqual([]);
		t.advance(60_000);
		expect(await scheduler.tick()).toEqual([
			expect.objectContaining({ status: 'failed', error: 'ran early' })
		]);
	});

	it('a failing job records its error and is tried again at the next due time, not sooner', async () => {
		const t = clock(new Date('2030-03-04T05:10:00.000Z'));
		let fail = true;
		const job: Job = {
			name: 'test-failing',
			intervalMs: hour,
			run: async () => {
				if (fail) throw new Error('schijf vol');
			}
		};
		const scheduler = createScheduler(pool(), [job], { now: t.now, log: quiet });
		expect(await scheduler.tick()).toEqual([
			{ name: 'test-failing', status: 'failed', error: 'schijf vol' }
		]);
		let r = await row('test-failing');
		expect(r).toMatchObject({ lastStatus: 'failed', lastError: 'schijf vol', lockedBy: null });
		expect(r.lastStartedAt!.toISOString()).toBe('2030-03-04T05:10:00.000Z');
		expect(r.lastDurationMs).toBeGreaterThanOrEqual(0);
		expect(r.nextRunAt.toISOString()).toBe('2030-03-04T06:00:00.000Z');

		t.set('2030-03-04T05:59:59.999Z');
		expect(await scheduler.tick()).toEqual([]);

		fail = false;
		t.set('2030-03-04T06:00:00.000Z');
		expect(await scheduler.tick()).toEqual([{ name: 'test-failing', status: 'ok', error: null }]);
		r = await row('test-failing');
		expect(r).toMatchObject({ lastStatus: 'ok', lastError: null });
		expect(r.nextRunAt.toISOString()).toBe('2030-03-04T07:00:00.000Z');
	});

	it('the lease of a crashed run expires and another node runs the job again', async () => {
		const t = clock();
		const hang = gate();
		let crashedRuns = 0;
		let otherRuns = 0;
		const crashing = createScheduler(
			pool(),
			[
				{
					name: 'test-lease',
					intervalMs: hour,
					leaseMs: 60_000,
					run: async () => {
						crashedRuns++;
						await hang.opened;
					}
				}
			],
			{ nodeId: 'node-crashed', now: t.now, log: quiet }
		);
		const other = createScheduler(
			pool(),
			[
				{
					name: 'test-lease',
					intervalMs: hour,
					leaseMs: 60_000,
					run: async () => {
						otherRuns++;
					}
				}
			],
			{ nodeId: 'node-other', now: t.now, log: quiet }
		);
		// The first node claims the job and then never finishes (its process died).
		const stuck = crashing.tick();
		await expect.poll(() => crashedRuns).toBe(1);
		expect((await row('test-lease')).lockedBy).toBe('node-crashed');

		// While the lease holds, the job is not free for another node.
		t.advance(59_999);
		expect(await other.tick()).toEqual([]);
		expect(otherRuns).toBe(0);

		t.advance(1);
		expect(await other.tick()).toEqual([{ name: 'test-lease', status: 'ok', error: null }]);
		expect(otherRuns).toBe(1);
		const afterOther = await row('test-lease');
		expect(afterOther).toMatchObject({ lastStatus: 'ok', lockedBy: null });

		// Should the first node wake after all, its late result overwrites nothing.
		hang.open();
		await stuck;
		expect(await row('test-lease')).toEqual(afterOther);
	});

	it('a run started early during a run is kept: the job runs again after it', async () => {
		const t = clock();
		const hold = gate();
		let runs = 0;
		const scheduler = createScheduler(
			pool(),
			[
				{
					name: 'test-again',
					intervalMs: hour,
					run: async () => {
						runs++;
						if (runs === 1) await hold.opened;
					}
				}
			],
			{ now: t.now, log: quiet }
		);
		const first = scheduler.tick();
		await expect.poll(() => runs).toBe(1);
		// What "Nu uitvoeren" writes: the database's now(), with its microseconds.
		await sql`update scheduled_job set next_run_at = ${t.now()}::timestamptz - interval '1.5 ms'
			where name = 'test-again'`;
		hold.open();
		await first;
		expect((await row('test-again')).nextRunAt.getTime()).toBeLessThan(t.now().getTime());
		expect(await scheduler.tick()).toEqual([{ name: 'test-again', status: 'ok', error: null }]);
		expect(runs).toBe(2);
		expect((await row('test-again')).nextRunAt.toISOString()).toBe('2030-03-04T06:00:00.000Z');
	});

	it('a changed interval takes effect without waiting out the old one', async () => {
		const t = clock();
		const old = createScheduler(
			pool(),
			[{ name: 'test-interval', intervalMs: 24 * hour, run: async () => undefined }],
			{
				now: t.now,
				log: quiet
			}
		);
		await old.tick();
		expect((await row('test-interval')).nextRunAt.toISOString()).toBe('2030-03-05T00:00:00.000Z');
		const changed = createScheduler(
			pool(),
			[{ name: 'test-interval', intervalMs: hour, run: async () => undefined }],
			{
				now: t.now,
				log: quiet
			}
		);
		await changed.sync();
		expect((await row('test-interval')).nextRunAt.toISOString()).toBe('2030-03-04T06:00:00.000Z');
	});
});
