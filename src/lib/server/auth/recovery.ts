/**
 * Recovery codes: the way back in when the phone with the authenticator app is lost.
 *
 * Ten codes like `7kq2-m9xa-4f`, shown once; only an HMAC of each is stored. The alphabet is
 * Crockford's base32 (no i, l, o, u), so a code read from paper cannot be mistyped as a
 * look-alike: `o`, `i` and `l` are read as `0`, `1` and `1`. Ten symbols of 5 bits: 50 bits
 * each, far beyond guessing at the rate the reset page allows.
 */
import { randomBytes } from 'node:crypto';
import * as audit from '../audit';
import { hmac } from '../crypto';
import type { Sql, TransactionSql } from '../db';
import * as login from './login';
import * as mails from './mails';
import * as throttle from './throttle';

export const count = 10;
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

function newCode(): string {
	// 32 symbols: a byte's low 5 bits pick one without bias.
	const symbols = [...randomBytes(10)].map((b) => alphabet[b & 31]).join('');
	return `${symbols.slice(0, 4)}-${symbols.slice(4, 8)}-${symbols.slice(8)}`;
}

/** What was typed, as stored: lower case, no separators, look-alikes folded. Null when it cannot be a code. */
export function normalise(input: string): string | null {
	const value = input
		.toLowerCase()
		.replace(/[\s-]/g, '')
		.replaceAll('o', '0')
		.replace(/[il]/g, '1');
	return /^[0-9a-hjkmnp-tv-z]{10}$/.test(value) ? value : null;
}

function hash(normalised: string): string {
	return hmac('recovery', normalised);
}

/** New codes for the account; every older code stops working. Returns the codes to show once. */
export async function replace(
	tx: TransactionSql,
	accountId: string,
	now = new Date()
): Promise<string[]> {
	const codes = Array.from({ length: count }, newCode);
	await tx`delete from recovery_code where account_id = ${accountId}`;
	for (const code of codes) {
		await tx`
			insert into recovery_code (account_id, code_hash, created_at)
			values (${accountId}, ${hash(normalise(code)!)}, ${now})`;
	}
	return codes;
}

/**
 * Uses a code: one conditional update, so of two requests with the same code one wins and
 * the code never works twice. False for a wrong, used or malformed code.
 */
export async function use(
	sql: Sql | TransactionSql,
	accountId: string,
	input: string,
	now = new Date()
): Promise<boolean> {
	const normalised = normalise(input);
	if (!normalised) return false;
	const rows = await sql`
		update recovery_code set used_at = ${now}
		where account_id = ${accountId} and code_hash = ${hash(normalised)} and used_at is null
		returning id`;
	return rows.length === 1;
}

export async function remaining(sql: Sql | TransactionSql, accountId: string): Promise<number> {
	const [row] = await sql<{ n: number }[]>`
		select count(*)::int as n from recovery_code where account_id = ${accountId} and used_at is null`;
	return row?.n ?? 0;
}

/** Attempts per account per 15 minutes at renewing codes with an authenticator code. */
export const renewLimit = { attempts: 10, windowSeconds: 15 * 60 };

export type RenewResult =
	| { kind: 'done'; codes: string[] }
	| { kind: 'wrongCode'; reason: 'mismatch' | 'reused' }
	| { kind: 'limited'; until: Date };

/**
 * New codes from "Mijn account", only with a current authenticator code: a session left open
 * on a shared computer must not be enough to mint a way back in.
 */
export async function renew(
	sql: Sql,
	account: mails.MailAccount,
	code: string,
	{ ipHash, origin, now = new Date() }: { ipHash: string | null; origin: string; now?: Date }
): Promise<RenewResult> {
	const limit = await throttle.hit(
		sql,
		`recovery:renew:${account.id}`,
		renewLimit.attempts,
		renewLimit.windowSeconds,
		now
	);
	if (!limit.allowed) return { kind: 'limited', until: limit.retryAt };
	const check = await login.acceptCode(sql, account.id, code, now);
	if (check.kind !== 'accepted') return { kind: 'wrongCode', reason: check.kind };
	const codes = await sql.begin(async (tx) => {
		const fresh = await replace(tx, account.id, now);
		await audit.record(tx, {
			organisationId: account.organisationId,
			accountId: account.id,
			action: 'recovery.created',
			ipHash,
			details: { codes: fresh.length, renewed: true }
		});
		await mails.notice(
			tx,
			account,
			'recovery-renewed',
			'nieuwe herstelcodes',
			`Er zijn nieuwe herstelcodes gemaakt voor uw account. De oude herstelcodes werken niet meer.`,
			origin
		);
		return fresh;
	});
	return { kind: 'done', codes };
}
