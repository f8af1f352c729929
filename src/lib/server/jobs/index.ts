/**
 * The periodic jobs of this node (started once at start-up) and Beheer → Taken: the state
 * of every job and "Nu uitvoeren". Jobs belong to the whole installation, not to one
 * organisation; the policy (`manage-jobs`) lets beheerders see and start them.
 */

import { authorizeOrganisation } from '../access/authorize';
import type { Actor } from '../access/policy';
import * as audit from '../audit';
import { jobsPollMs } from '../config';
import type { Sql } from '../db';
import { jobs } from './definitions';
import { createScheduler, type Job, type Scheduler, type SchedulerOptions } from './scheduler';

let current: Scheduler | undefined;
let configuredPollMs: number | undefined;

/** How often this node looks for due jobs. */
export function pollMs(): number {
	return configuredPollMs ?? jobsPollMs();
}

/** Starts polling on this node; `stop` on shutdown lets a run under way finish its row. */
export function start(
	sql: Sql,
	options: SchedulerOptions = {},
	definitions: readonly Job[] = jobs
): Scheduler {
	configuredPollMs = options.pollMs;
	current ??= createScheduler(sql, definitions, options);
	current.start();
	return current;
}

export function stop(): Promise<void> {
	const running = current;
	current = undefined;
	return running?.stop() ?? Promise.resolve();
}

export type JobStatus = 'running' | 'ok' | 'failed' | 'never';

export interface JobView {
	name: string;
	label: string;
	description: string;
	intervalSeconds: number;
	status: JobStatus;
	nextRunAt: Date | null;
	/** Due and not running: waits for the next poll of any node (at most its interval). */
	due: boolean;
	lastStartedAt: Date | null;
	lastFinishedAt: Date | null;
	lastDurationMs: number | null;
	lastError: string | null;
}

/** Beheerders only: the jobs are the installation's, shared by all organisations. */
function requireManager(actor: Actor): void {
	authorizeOrganisation(actor, 'manage-jobs');
}

interface Row {
	name: string;
	intervalSeconds: number;
	nextRunAt: Date;
	lastStartedAt: Date | null;
	lastFinishedAt: Date | null;
	lastStatus: 'ok' | 'failed' | null;
	lastError: string | null;
	lastDurationMs: number | null;
	running: boolean;
	due: boolean;
}

/** Every job Kindkring knows, in its order, with its row (a job not yet synced has none). */
export async function list(sql: Sql, actor: Actor): Promise<JobView[]> {
	requireManager(actor);
	const rows = await sql<Row[]>`
		select name, interval_seconds, next_run_at, last_started_at, last_finished_at,
			last_status, last_error, last_duration_ms,
			coalesce(lease_until > now(), false) as running,
			next_run_at <= now() and coalesce(lease_until <= now(), true) as due
		from scheduled_job where name = any(${jobs.map((j) => j.name)})`;
	const byName = new Map(rows.map((r) => [r.name, r]));
	return jobs.map((job) => {
		const row = byName.get(job.name);
		return {
			name: job.name,
			label: job.label,
			description: job.description,
			intervalSeconds: row?.intervalSeconds ?? job.intervalMs / 1000,
			status: row?.running ? 'running' : (row?.lastStatus ?? 'never'),
			nextRunAt: row?.nextRunAt ?? null,
			due: row?.due ?? true,
			lastStartedAt: row?.lastStartedAt ?? null,
			lastFinishedAt: row?.lastFinishedAt ?? null,
			lastDurationMs: row?.lastDurationMs ?? null,
			lastError: row?.lastError ?? null
		};
	});
}

/**
 * Makes a job due now (audited); the node that handled the request polls at once, so it
 * usually runs within a second, on whichever node claims it first. A run under way keeps
 * the request and the job runs again after it.
 */
export async function runNow(
	sql: Sql,
	actor: Actor,
	name: string
): Promise<{ ok: true } | { ok: false; reason: 'not-found' }> {
	requireManager(actor);
	if (!jobs.some((j) => j.name === name)) return { ok: false, reason: 'not-found' };
	const changed = await sql.begin(async (tx) => {
		const rows = await tx`update scheduled_job set next_run_at = now() where name = ${name}`;
		if (rows.count === 0) return false;
		await audit.byActor(tx, actor, 'job.run-now', 'scheduled_job', name);
		return true;
	});
	if (!changed) return { ok: false, reason: 'not-found' };
	current?.poke();
	return { ok: true };
}
