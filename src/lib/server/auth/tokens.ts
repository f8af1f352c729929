/**
 * Activation and reset links. The link carries a random token (160 bits); the database
 * stores its SHA-256. A link works once and until it expires; issuing a new link of the
 * same kind supersedes the older ones, which then say so (users open an old mail).
 */
import { randomToken, tokenHash } from '../crypto';
import type { Sql, TransactionSql } from '../db';

export type TokenKind = 'activation' | 'reset';

export const lifetimeMs: Record<TokenKind, number> = {
	activation: 7 * 24 * 60 * 60_000,
	reset: 60 * 60_000
};

export async function issue(
	sql: Sql | TransactionSql,
	accountId: string,
	kind: TokenKind,
	now = new Date()
): Promise<{ token: string; id: string; expiresAt: Date }> {
	await sql`
		update auth_token set superseded_at = ${now}
		where account_id = ${accountId} and kind = ${kind} and used_at is null and superseded_at is null`;
	const token = randomToken();
	const expiresAt = new Date(now.getTime() + lifetimeMs[kind]);
	const [row] = await sql<{ id: string }[]>`
		insert into auth_token (account_id, kind, token_hash, created_at, expires_at)
		values (${accountId}, ${kind}, ${tokenHash(token)}, ${now}, ${expiresAt})
		returning id`;
	return { token, id: row!.id, expiresAt };
}

export type TokenState =
	| { state: 'valid'; id: string; accountId: string; expiresAt: Date }
	| { state: 'unknown' }
	| { state: 'used'; accountId: string }
	| { state: 'expired'; id: string; accountId: string }
	/** A newer mail was sent at `newestSentAt`. */
	| { state: 'superseded'; accountId: string; newestSentAt: Date };

export async function lookup(
	sql: Sql | TransactionSql,
	token: string,
	kind: TokenKind,
	now = new Date()
): Promise<TokenState> {
	const [row] = await sql<
		{
			id: string;
			accountId: string;
			expiresAt: Date;
			usedAt: Date | null;
			supersededAt: Date | null;
		}[]
	>`
		select id, account_id, expires_at, used_at, superseded_at from auth_token
		where token_hash = ${tokenHash(token)} and kind = ${kind}`;
	if (!row) return { state: 'unknown' };
	if (row.usedAt) return { state: 'used', accountId: row.accountId };
	if (row.supersededAt) {
		const [newest] = await sql<{ createdAt: Date }[]>`
			select created_at from auth_token
			where account_id = ${row.accountId} and kind = ${kind}
			order by created_at desc limit 1`;
		return { state: 'superseded', accountId: row.accountId, newestSentAt: newest!.createdAt };
	}
	if (row.expiresAt <= now) return { state: 'expired', id: row.id, accountId: row.accountId };
	return { state: 'valid', id: row.id, accountId: row.accountId, expiresAt: row.expiresAt };
}

/** Marks the link used; false when another request used it first (a link works once). */
export async function consume(
	sql: Sql | TransactionSql,
	id: string,
	now = new Date()
): Promise<boolean> {
	const rows = await sql`
		update auth_token set used_at = ${now}
		where id = ${id} and used_at is null and superseded_at is null and expires_at > ${now}
		returning id`;
	return rows.length === 1;
}

/** What a link shows when opened: its account, or why it no longer works. */
export type Opened<A> =
	| { state: 'valid'; tokenId: string; account: A }
	/** Unknown, used, or the account is no longer in the state the link is for. */
	| { state: 'unknown' }
	| { state: 'superseded'; newestSentAt: Date }
	| { state: 'expired' };

/** Opens a link of `kind`; `account` loads its account, or null when the link no longer applies. */
export async function open<A>(
	sql: Sql | TransactionSql,
	token: string,
	kind: TokenKind,
	account: (accountId: string) => Promise<A | null | undefined>,
	now = new Date()
): Promise<Opened<A>> {
	const found = await lookup(sql, token, kind, now);
	switch (found.state) {
		case 'superseded':
			return { state: 'superseded', newestSentAt: found.newestSentAt };
		case 'expired':
			return { state: 'expired' };
		case 'valid': {
			const holder = await account(found.accountId);
			return holder ? { state: 'valid', tokenId: found.id, account: holder } : { state: 'unknown' };
		}
		default:
			return { state: 'unknown' };
	}
}
