/**
 * Kindkring's periodic jobs, with what Beheer → Taken calls them. Each runs once per due
 * time across all nodes (scheduler.ts); the work itself is safe to repeat (a rerun after a
 * lost lease does no harm): cleanups delete what is stale, reminders and denial rows are
 * recorded as sent or written in the same transaction as their effect.
 */
import { sendArrangementReminders } from '../arrangements/reminders';
import { runDormant } from '../beheer/dormant';
import * as audit from '../audit';
import * as session from '../auth/session';
import * as throttle from '../auth/throttle';
import type { Sql } from '../db';
import * as files from '../files';
import { log } from '../log';
import { sendReminders } from '../overlegronde/reminders';
import type { Job } from './scheduler';

export interface JobInfo {
	label: string;
	description: string;
}

const minute = 60_000;
const hour = 60 * minute;

/** One sweep of the bijlagen store at a time, also when a lease was lost mid-sweep. */
const sweepLock = 72061;

/**
 * Removes blobs no row references (after a day's grace) and temp files of interrupted
 * uploads, and logs rows whose blob is missing. Null when another sweep holds the lock.
 */
export async function sweepFiles(
	sql: Sql,
	now = new Date()
): Promise<files.FullSweepReport | null> {
	return sql.begin(async (tx) => {
		const [lock] = await tx<
			{ ok: boolean }[]
		>`select pg_try_advisory_xact_lock(${sweepLock}) as ok`;
		if (!lock?.ok) return null;
		const report = await files.sweep(tx, { now });
		log.info(
			{ removed: report.removed.length, temp: report.tempRemoved, missing: report.missing.length },
			'files: sweep done'
		);
		return report;
	});
}

export const jobs: readonly (Job & JobInfo)[] = [
	{
		name: 'denials-flush',
		label: 'Geweigerde inzages vastleggen',
		description:
			'Herhaalde geweigerde inzages van een afgelopen minuut worden één regel in het auditlog.',
		intervalMs: minute,
		run: (sql, now) => audit.flushDenials(sql, now)
	},
	{
		name: 'sessions-cleanup',
		label: 'Verlopen sessies en tellers opruimen',
		description: 'Verwijdert verlopen sessies en oude tellers van inlogpogingen.',
		intervalMs: 10 * minute,
		run: async (sql, now) => {
			await session.deleteExpired(sql, now);
			await throttle.deleteStale(sql, now);
		}
	},
	{
		name: 'overlegronde-reminders',
		label: 'Herinneringen overlegrondes',
		description:
			'Mailt deelnemers en eigenaren drie dagen voor een einddatum van een overlegronde (elke herinnering één keer).',
		intervalMs: 15 * minute,
		run: (sql, now) => sendReminders(sql, now)
	},
	{
		name: 'arrangement-reminders',
		label: 'Herinneringen aanpak en TLV',
		description:
			'Mailt de aanvrager en de coördinator twee weken voor de evaluatiedatum van een aanpak, en de school drie maanden voor de einddatum van een TLV (elke herinnering één keer).',
		intervalMs: hour,
		run: (sql, now) => sendArrangementReminders(sql, now)
	},
	{
		name: 'dormant-accounts',
		label: 'Slapende accounts',
		description:
			'Waarschuwt accounts die de door de organisatie gekozen maanden niet gebruikt zijn twee weken vooraf per e-mail, en deactiveert ze daarna als er niet is ingelogd.',
		intervalMs: 6 * hour,
		run: (sql, now) => runDormant(sql, now)
	},
	{
		name: 'files-sweep',
		label: 'Bijlagen-opslag opruimen',
		description:
			'Verwijdert bestanden waar geen bijlage meer naar verwijst (na een dag) en restanten van afgebroken uploads, en meldt bijlagen waarvan het bestand ontbreekt.',
		intervalMs: 6 * hour,
		leaseMs: 10 * minute,
		run: (sql, now) => sweepFiles(sql, now)
	}
];

export function infoOf(name: string): JobInfo | undefined {
	return jobs.find((j) => j.name === name);
}
