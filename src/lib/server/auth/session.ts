/**
 * Sessions in the Lucia guide's design: a random token (160 bits) in an HttpOnly cookie,
 * only its SHA-256 stored; sliding idle expiry (per organisation, default 10 minutes) and an
 * absolute expiry of 12 hours; a new token at every login.
 */
import type { Cookies } from '@sveltejs/kit';
import { isProduction } from '../config';
import { randomToken, tokenHash } from '../crypto';
import type { Sql, TransactionSql } from '../db';
import { isRole, type Role } from '../../roles';

export const absoluteLifetimeMs = 12 * 60 * 60 * 1000;

export function cookieName(): string {
	// __Host-: Secure, Path=/, no Domain — the cookie cannot be set or shadowed by a subdomain.
	return isProduction() ? '__Host-kk_session' : 'kk_session';
}

export interface SessionAccount {
	id: string;
	organisationId: string;
	organisationCode: string;
	organisationName: string;
	organisationShortName: string;
	username: string;
	displayName: string;
	email: string;
	roles: Role[];
	/** The schools of its organisation this account works for (school staff). */
	schoolIds: string[];
}

/**
 * The schools an account works for, as a SQL array: only schools of the account's own
 * organisation count (a link to another organisation's school grants nothing). `account` is
 * the account row's alias (`a`) in the query.
 */
export function schoolIdsOf(sql: Sql | TransactionSql, account: 'a') {
	const a = sql(account);
	return sql`array(
		select x.school_id from account_school x join school on school.id = x.school_id
		where x.account_id = ${a}.id and school.organisation_id = ${a}.organisation_id
		order by x.school_id
	)`;
}

export interface Session {
	id: string;
	account: SessionAccount;
	expiresAt: Date;
	absoluteExpiresAt: Date;
	idleTimeoutMinutes: number;
}

export async function create(
	sql: Sql | TransactionSql,
	accountId: string,
	now = new Date()
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomToken();
	const [row] = await sql<{ expiresAt: Date }[]>`
		insert into session (id, account_id, created_at, last_seen_at, expires_at, absolute_expires_at)
		select ${tokenHash(token)}, a.id, ${now}, ${now},
			${now}::timestamptz + make_interval(mins => o.idle_timeout_minutes),
			${new Date(now.getTime() + absoluteLifetimeMs)}
		from account a join organisation o on o.id = a.organisation_id
		where a.id = ${accountId}
		returning expires_at`;
	if (!row) throw new Error('Account not found for session');
	return { token, expiresAt: row.expiresAt };
}

/**
 * The session of a token, its idle expiry pushed forward, or null when unknown, expired, or
 * the account is no longer active. `touch: false` reads without extending (the idle-warning poll).
 */
export async function validate(
	sql: Sql,
	token: string,
	{ now = new Date(), touch = true }: { now?: Date; touch?: boolean } = {}
): Promise<Session | null> {
	const id = tokenHash(token);
	const rows = await sql<
		(Omit<SessionAccount, 'roles'> & {
			roles: string[];
			sessionId: string;
			expiresAt: Date;
			absoluteExpiresAt: Date;
			idleTimeoutMinutes: number;
			state: string;
		})[]
	>`
		select s.id as session_id, s.expires_at, s.absolute_expires_at,
			a.id, a.organisation_id, a.username, a.display_name, a.email, a.roles, a.state,
			o.code as organisation_code, o.name as organisation_name,
			o.short_name as organisation_short_name, o.idle_timeout_minutes,
			${schoolIdsOf(sql, 'a')} as school_ids
		from session s
		join account a on a.id = s.account_id
		join organisation o on o.id = a.organisation_id
		where s.id = ${id}`;
	const row = rows[0];
	if (!row) return null;
	if (row.state !== 'active' || now >= row.expiresAt || now >= row.absoluteExpiresAt) {
		await sql`delete from session where id = ${id}`;
		return null;
	}
	let expiresAt = row.expiresAt;
	if (touch) {
		const next = new Date(
			Math.min(now.getTime() + row.idleTimeoutMinutes * 60_000, row.absoluteExpiresAt.getTime())
		);
		// Write at most every 15 seconds per session: every request reads, few write.
		if (next.getTime() - expiresAt.getTime() > 15_000) {
			await sql`update session set last_seen_at = ${now}, expires_at = ${next} where id = ${id}`;
			expiresAt = next;
		}
	}
	return {
		id,
		expiresAt,
		absoluteExpiresAt: row.absoluteExpiresAt,
		idleTimeoutMinutes: row.idleTimeoutMinutes,
		account: {
			id: row.id,
			organisationId: row.organisationId,
			organisationCode: row.organisationCode,
			organisationName: row.organisationName,
			organisationShortName: row.organisationShortName,
			username: row.username,
			displayName: row.displayName,
			email: row.email,
			// A role the code does not know (a newer release's, rolled back) grants nothing.
			roles: row.roles.filter(isRole),
			schoolIds: row.schoolIds
		}
	};
}

export async function invalidate(sql: Sql | TransactionSql, sessionId: string): Promise<void> {
	await sql`delete from session where id = ${sessionId}`;
}

/** Ends every session of an account: password or TOTP change, block, deactivation, "log out everywhere". */
export async function invalidateAll(sql: Sql | TransactionSql, accountId: string): Promise<number> {
	const rows = await sql`delete from session where account_id = ${accountId} returning id`;
	return rows.length;
}

export async function deleteExpired(sql: Sql, now = new Date()): Promise<number> {
	const rows = await sql`
		delete from session where expires_at <= ${now} or absolute_expires_at <= ${now} returning id`;
	return rows.length;
}

export function setCookie(cookies: Cookies, token: string, now = new Date()): void {
	cookies.set(cookieName(), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: isProduction(),
		// Lives as long as the session may; idle expiry is the server's decision.
		expires: new Date(now.getTime() + absoluteLifetimeMs)
	});
}

export function clearCookie(cookies: Cookies): void {
	cookies.delete(cookieName(), { path: '/', secure: isProduction() });
}
