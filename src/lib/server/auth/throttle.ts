/**
 * Lockout and rate limits, in PostgreSQL: they survive restarts, are shared by every app
 * node, and are counted atomically (an upsert, or a locked row, per attempt), so parallel
 * attempts are counted exactly.
 *
 * Wrong passwords are counted twice over, apart (OWASP "device cookies"): per organisation +
 * username for every browser without a device cookie of the account, and per device for a
 * browser with one. A stranger's failures make strangers wait, never the user's own device.
 *
 * (rate-limiter-flexible would need node-postgres beside postgres.js; an upsert on one
 * table is the whole mechanism, on the same pool and in the same transactions.)
 */
import type { Sql, TransactionSql } from '../db';

/** Wrong passwords in a row before a wait starts. */
export const failuresBeforeWait = 5;
/**
 * The wait, and its cap: never longer, however many wrong passwords a stranger types, so no
 * one can keep a user out for hours. Attempts during a wait are refused without counting.
 */
export const waitMinutes = 15;

/**
 * Wrong passwords bring a wait, never a permanent block (a stranger must not be able to
 * block a parent's account): from the 5th in a row, every wrong password outside a wait
 * starts a wait of 15 minutes.
 */
export function waitAfterFailures(failures: number): number {
	return failures >= failuresBeforeWait ? waitMinutes * 60_000 : 0;
}

export function usernameKey(username: string): string {
	return username.trim().toLowerCase();
}

/** The running wait for browsers without a device cookie of this account, if any. */
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
	/** False when the failure fell in a wait (a parallel request started it): not counted. */
	counted: boolean;
	failures: number;
	/** The running wait after this failure, if any. */
	lockedUntil: Date | null;
	/** This failure started a wait (the moment to tell the account holder). */
	lockStarted: boolean;
}

/**
 * Counts one wrong password in the row the caller just locked. The row lock serialises
 * parallel requests: 50 at once count exactly up to the 5th, which starts the wait, and the
 * other 45 fall in that wait and count nothing.
 */
function nextFailure(
	row: { failures: number; lockedUntil: Date | null },
	now: Date
): FailureResult {
	if (row.lockedUntil && row.lockedUntil > now) {
		return {
			counted: false,
			failures: row.failures,
			lockedUntil: row.lockedUntil,
			lockStarted: false
		};
	}
	const failures = row.failures + 1;
	const wait = waitAfterFailures(failures);
	const lockedUntil = wait > 0 ? new Date(now.getTime() + wait) : null;
	return { counted: true, failures, lockedUntil, lockStarted: wait > 0 };
}

/** A wrong password from a browser without a valid device cookie of the account. */
export async function recordPasswordFailure(
	tx: TransactionSql,
	organisationId: string,
	username: string,
	now = new Date()
): Promise<FailureResult> {
	const key = usernameKey(username);
	await tx`
		insert into login_throttle (organisation_id, username_key, failures, updated_at)
		values (${organisationId}, ${key}, 0, ${now})
		on conflict (organisation_id, username_key) do nothing`;
	const [row] = await tx<{ failures: number; lockedUntil: Date | null }[]>`
		select failures, locked_until from login_throttle
		where organisation_id = ${organisationId} and username_key = ${key} for update`;
	const result = nextFailure(row!, now);
	if (result.counted) {
		await tx`
			update login_throttle set failures = ${result.failures}, locked_until = ${result.lockedUntil},
				updated_at = ${now}
			where organisation_id = ${organisationId} and username_key = ${key}`;
	}
	return result;
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

/** The running wait of one device (a browser with a valid device cookie), if any. */
export async function deviceLockedUntil(
	sql: Sql | TransactionSql,
	deviceKey: string,
	now = new Date()
): Promise<Date | null> {
	const [row] = await sql<{ lockedUntil: Date | null }[]>`
		select locked_until from login_device_throttle where device_key = ${deviceKey}`;
	return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/** A wrong password from a device that logged in to the account before: its own count. */
export async function recordDeviceFailure(
	tx: TransactionSql,
	deviceKey: string,
	accountId: string,
	now = new Date()
): Promise<FailureResult> {
	await tx`
		insert into login_device_throttle (device_key, account_id, failures, updated_at)
		values (${deviceKey}, ${accountId}, 0, ${now})
		on conflict (device_key) do nothing`;
	const [row] = await tx<{ failures: number; lockedUntil: Date | null }[]>`
		select failures, locked_until from login_device_throttle where device_key = ${deviceKey} for update`;
	const result = nextFailure(row!, now);
	if (result.counted) {
		await tx`
			update login_device_throttle set failures = ${result.failures},
				locked_until = ${result.lockedUntil}, updated_at = ${now}
			where device_key = ${deviceKey}`;
	}
	return result;
}

export async function clearDeviceFailures(
	sql: Sql | TransactionSql,
	deviceKey: string
): Promise<void> {
	await sql`delete from login_device_throttle where device_key = ${deviceKey}`;
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
	await sql`
		delete from login_device_throttle
		where (locked_until is null or locked_until < ${now}) and updated_at < ${now}::timestamptz - interval '1 day'`;
}
