/**
 * Periodic jobs, scheduled by the clock across every node (table `scheduled_job`):
 * - a job is due when its `next_run_at` has passed; due times lie on a grid of its interval
 *   counted from the Unix epoch (a six-hour job is due at 00:00, 06:00, … UTC), so when it
 *   runs does not depend on when a node started;
 * - a node polls every `JOBS_POLL_INTERVAL_MS` and once at start, so a job that became due
 *   while no node ran (or while nodes kept restarting) runs as soon as one is up;
 * - a node claims a due job with one UPDATE that also requires the lease to be free or
 *   expired; PostgreSQL re-checks that condition on the row a concurrent claim just changed,
 *   so of two nodes racing exactly one gets it;
 * - while it runs the node renews its lease; when it ends, success or failure, the next due
 *   time is the first grid point after now (a failure is retried then, not sooner). A node
 *   that dies mid-run stops renewing: once the lease expires, the job (still due) is claimed
 *   again;
 * - "Nu uitvoeren" sets `next_run_at` to now; a run that is under way then keeps that
 *   request instead of overwriting it with the next grid point.
 * The clock is injected (`now`), so tests move time instead of waiting for it.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Sql } from '../db';
import { log as defaultLog } from '../log';

export interface Job {
	/** Stable machine name, the row's key: lower case, digits and hyphens. */
	name: string;
	intervalMs: number;
	/** How long a claim holds without renewal; renewed every third of it while running. */
	leaseMs?: number;
	run(sql: Sql, now: Date): Promise<unknown>;
}

export interface RunOutcome {
	name: string;
	status: 'ok' | 'failed';
	error: string | null;
}

export interface Scheduler {
	readonly nodeId: string;
	/** Adds rows for jobs the table does not have yet (due at once) and records changed intervals. */
	sync(): Promise<void>;
	/** Claims every due job this node is not already running, runs them, resolves when they end. */
	tick(): Promise<RunOutcome[]>;
	/** Polls: a tick now and then every `pollMs`. */
	start(): void;
	/** A tick soon, without waiting for the next poll (after "Nu uitvoeren" on this node). */
	poke(): void;
	/** Stops polling and waits for runs under way. */
	stop(): Promise<void>;
}

export interface SchedulerOptions {
	nodeId?: string;
	now?: () => Date;
	pollMs?: number;
	log?: Pick<typeof defaultLog, 'info' | 'warn' | 'error'>;
}

interface Claim {
	/** `next_run_at` as the claim found it, in PostgreSQL's own text form. */
	due: string;
	startedAt: Date;
}

export const defaultLeaseMs = 2 * 60_000;
const maxErrorLength = 2000;

/** The first due time of a job with this interval strictly after `now`. */
export function nextDue(intervalMs: number, now: Date): Date {
	const step = Math.floor(now.getTime() / intervalMs) + 1;
	return new Date(step * intervalMs);
}

export function intervalSeconds(job: Pick<Job, 'name' | 'intervalMs'>): number {
	if (job.intervalMs < 1000 || job.intervalMs % 1000 !== 0) {
		throw new Error(`job ${job.name}: the interval must be whole seconds`);
	}
	return job.intervalMs / 1000;
}

export function newNodeId(): string {
	return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

function describeError(error: unknown): string {
	const text = error instanceof Error ? error.message || error.name : String(error);
	return (text || 'onbekende fout').slice(0, maxErrorLength);
}

export function createScheduler(sql: Sql, jobs: readonly Job[], options: SchedulerOptions = {}) {
	const nodeId = options.nodeId ?? newNodeId();
	const now = options.now ?? (() => new Date());
	const log = options.log ?? defaultLog;
	const pollMs = options.pollMs ?? 30_000;
	const byName = new Map(jobs.map((j) => [j.name, j]));
	if (byName.size !== jobs.length) throw new Error('two jobs share a name');
	for (const job of jobs) intervalSeconds(job);

	const running = new Map<string, Promise<RunOutcome>>();
	let synced = false;
	let timer: NodeJS.Timeout | undefined;
	let stopped = false;

	async function sync(): Promise<void> {
		const at = now();
		for (const job of jobs) {
			const seconds = intervalSeconds(job);
			await sql`
				insert into scheduled_job (name, interval_seconds, next_run_at)
				values (${job.name}, ${seconds}, ${at})
				on conflict (name) do update set
					interval_seconds = excluded.interval_seconds,
					next_run_at = case
						when scheduled_job.interval_seconds = excluded.interval_seconds
							then scheduled_job.next_run_at
						else least(scheduled_job.next_run_at, ${nextDue(job.intervalMs, at)})
					end
				where scheduled_job.interval_seconds is distinct from excluded.interval_seconds`;
		}
		synced = true;
	}

	/** One UPDATE: due, and nobody holds a lease that is still valid. */
	async function claim(job: Job, at: Date): Promise<Claim | null> {
		const leaseUntil = new Date(at.getTime() + (job.leaseMs ?? defaultLeaseMs));
		// The due time travels as text (and back as `::text::timestamptz`): a JavaScript Date,
		// which postgres.js makes of a timestamptz parameter, drops the microseconds that
		// "Nu uitvoeren" writes with now(), and the end of the run compares it exactly.
		const [row] = await sql<{ due: string }[]>`
			update scheduled_job set locked_by = ${nodeId}, lease_until = ${leaseUntil},
				last_started_at = ${at}
			where name = ${job.name} and next_run_at <= ${at}
				and (lease_until is null or lease_until <= ${at})
			returning next_run_at::text as due`;
		return row ? { due: row.due, startedAt: at } : null;
	}

	async function execute(job: Job, claimed: Claim): Promise<RunOutcome> {
		const lease = job.leaseMs ?? defaultLeaseMs;
		const mine = sql`name = ${job.name} and locked_by = ${nodeId}
			and last_started_at = ${claimed.startedAt}`;
		const renew = setInterval(() => {
			sql`update scheduled_job set lease_until = ${new Date(now().getTime() + lease)}
				where ${mine}`.catch((error) =>
				log.warn(
					{ job: job.name, err: { message: describeError(error) } },
					'jobs: lease renewal failed'
				)
			);
		}, lease / 3);
		renew.unref();
		const started = performance.now();
		let outcome: RunOutcome;
		try {
			await job.run(sql, claimed.startedAt);
			outcome = { name: job.name, status: 'ok', error: null };
		} catch (error) {
			outcome = { name: job.name, status: 'failed', error: describeError(error) };
		} finally {
			clearInterval(renew);
		}
		const ms = Math.round(performance.now() - started);
		const finished = now();
		const result = await sql`
			update scheduled_job set
				last_finished_at = ${finished}, last_status = ${outcome.status},
				last_error = ${outcome.error}, last_duration_ms = ${ms},
				locked_by = null, lease_until = null,
				next_run_at = case when next_run_at = ${claimed.due}::text::timestamptz
					then ${nextDue(job.intervalMs, finished)} else next_run_at end
			where ${mine}`;
		if (result.count === 0) {
			// The lease expired and another run took over; that run records its own outcome.
			log.warn({ job: job.name, node: nodeId }, 'jobs: lease lost before the run ended');
		}
		const fields = { job: job.name, status: outcome.status, ms };
		if (outcome.status === 'ok') log.info(fields, 'jobs: run done');
		else log.error({ ...fields, err: { message: outcome.error } }, 'jobs: run failed');
		return outcome;
	}

	async function tick(): Promise<RunOutcome[]> {
		if (!synced) await sync();
		const at = now();
		const due = await sql<{ name: string }[]>`
			select name from scheduled_job
			where name = any(${[...byName.keys()]}) and next_run_at <= ${at}
				and (lease_until is null or lease_until <= ${at})
			order by next_run_at`;
		const started: Promise<RunOutcome>[] = [];
		for (const { name } of due) {
			const job = byName.get(name)!;
			if (running.has(name)) continue;
			const claimed = await claim(job, at);
			if (!claimed) continue;
			const run = execute(job, claimed).finally(() => running.delete(name));
			running.set(name, run);
			started.push(run);
		}
		return Promise.all(started);
	}

	function pollOnce(): void {
		tick().catch((error) =>
			log.warn({ err: { message: describeError(error) } }, 'jobs: poll failed')
		);
	}

	return {
		nodeId,
		sync,
		tick,
		start() {
			if (timer || stopped) return;
			pollOnce();
			timer = setInterval(pollOnce, pollMs);
			timer.unref();
		},
		poke() {
			if (!stopped) setImmediate(pollOnce);
		},
		async stop() {
			stopped = true;
			clearInterval(timer);
			timer = undefined;
			await Promise.allSettled([...running.values()]);
		}
	} satisfies Scheduler;
}
