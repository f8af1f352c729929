/**
 * Lockout and rate limits, in PostgreSQL: they survive restarts, are shared by every app
 * node, and are counted atomically (one upsert per attempt), so 50 parallel attempts count 50.
 *
 * (rate-limiter-flexible would need node-postgres beside postgres.js; an upsert on one
 * table is the whole mechanism, on the same pool and in the same transactions.)
 */
import type { Sql, TransactionSql } from '../db';

/**
 * Wrong passwords bring growing waits, never a permanent block (a stranger must not be
 * able to block a parent's account): 5 in a row wait 15 minutes, 10 an hour, 15 four hours.
 */
export function waitAfterFailures(failures: number): number {
	if (failures >= 15) return 4 * 60 * 60_000;
	if (failures >= 10) return 60 * 60_000;
	if (failures >= 5) return 15 * 60_000;
	return 0;
}

export function usernameKey(username: string): string {
	return username.trim().toLowerCase();
}

export async function lockedUntil(
	sql: Sql | TransactionSql,
	organisationId: string,
	username: string,
	now = new Date()
): Promise<Date | null> {
	const [row] = await sql<{ lockedUntil: Date | null }[]>`
		select locked_until from login_throttle
		where organisation_id = ${organisationId} and username_key = ${usernameKey(username)}`;
	return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

export interface FailureResult {
	failures: number;
	lockedUntil: Date | null;
	/** This failure started a wait (the moment to tell the account holder). */
	lockStarted: boolean;
}

export async function recordPasswordFailure(
	sql: Sql | TransactionSql,
	organisationId: string,
	username: string,
	now = new Date()
): Promise<FailureResult> {
	const [row] = await sql<{ failures: number }[]>`
		insert into login_throttle (organisation_id, username_key, failures, updated_at)
		values (${organisationId}, ${usernameKey(username)}, 1, ${now})
		on conflict (organisation_id, username_key) do update
			set failures = login_throttle.failures + 1, updated_at = ${now}
		returning failures`;
	const failures = row!.failures;
	const wait = waitAfterFailures(failures);
	let lockedUntil: Date | null = null;
	if (wait > 0) {
		lockedUntil = new Date(now.getTime() + wait);
		await sql`
			update login_throttle set locked_until = greatest(coalesce(locked_until, ${lockedUntil}), ${lockedUntil})
			where organisation_id = ${organisationId} and username_key = ${usernameKey(username)}`;
	}
	return { failures, lockedUntil, lockStarted: wait > 0 && failures % 5 === 0 };
}

export async function clearPasswordFailures(
	sql: Sql | TransactionSql,
	organisationId: string,
	username: string
): Promise<void> {
	await sql`
		delete from login_throttle
		where organisation_id = ${organisationId} and username_key = ${usernameKey(username)}`;
}

export interface RateLimitResult {
	allowed: boolean;
	hits: number;
	retryAt: Date;
}

/** Fixed window: at most `limit` hits per `windowSeconds` for `key`. */
export async function hit(
	sql: Sql | TransactionSql,
	key: string,
	limit: number,
	windowSeconds: number,
	now = new Date()
): Promise<RateLimitResult> {
	const [row] = await sql<{ hits: number; windowStart: Date }[]>`
		insert into rate_limit (key, window_start, hits) values (${key}, ${now}, 1)
		on conflict (key) do update set
			hits = case when rate_limit.window_start <= ${now}::timestamptz - make_interval(secs => ${windowSeconds})
				then 1 else rate_limit.hits + 1 end,
			window_start = case when rate_limit.window_start <= ${now}::timestamptz - make_interval(secs => ${windowSeconds})
				then ${now} else rate_limit.window_start end
		returning hits, window_start`;
	return {
		allowed: row!.hits <= limit,
		hits: row!.hits,
		retryAt: new Date(row!.windowStart.getTime() + windowSeconds * 1000)
	};
}

export async function deleteStale(sql: Sql, now = new Date()): Promise<void> {
	await sql`delete from rate_limit where window_start < ${now}::timestamptz - interval '1 day'`;
	await sql`
		delete from login_throttle
		where (locked_until is null or locked_until < ${now}) and updated_at < ${now}::timestamptz - interval '1 day'`;
}
