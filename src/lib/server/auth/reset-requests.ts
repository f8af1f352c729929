/**
 * Requests to reset 2FA, for someone who lost every authenticator and every
 * recovery code. The public form answers the same whatever exists, so it tells nobody which
 * usernames or addresses are real. A request is stored only when username and e-mail belong
 * together; the organisation's beheerders approve it after checking the person outside the
 * system, which runs the beheerder's own "2FA opnieuw instellen" (a fresh activation link).
 */
import { isUuid } from '../ids';
import * as audit from '../audit';
import * as change from '../beheer/account-actions';
import { authorizeOrganisation } from '../access/authorize';
import type { Actor } from '../access/policy';
import type { Sql, TransactionSql } from '../db';
import * as mails from './mails';
import * as throttle from './throttle';

export const maxMessageLength = 1000;
/** Per organisation + username: also the mail to the holder, so no mailbox is flooded. */
export const accountLimit = { attempts: 3, windowSeconds: 24 * 60 * 60 };
/** Per client address: generous, because a school's staff share one address. */
export const addressLimit = {
	attempts: Number.parseInt(process.env.RESET_REQUEST_LIMIT_PER_ADDRESS ?? '20', 10),
	windowSeconds: 60 * 60
};

export interface RequestInput {
	organisationId: string;
	username: string;
	email: string;
	message: string;
	ipHash: string | null;
	origin: string;
	now?: Date;
}

/**
 * `accepted` whether or not anything was stored: the caller shows one answer. Only the
 * address limit is told apart — it concerns the network, not an account.
 */
export type RequestResult = { kind: 'accepted' } | { kind: 'addressLimited'; until: Date };

export async function request(sql: Sql, input: RequestInput): Promise<RequestResult> {
	const now = input.now ?? new Date();
	if (input.ipHash) {
		const byAddress = await throttle.hit(
			sql,
			`2fa-request:ip:${input.ipHash}`,
			addressLimit.attempts,
			addressLimit.windowSeconds,
			now
		);
		if (!byAddress.allowed) return { kind: 'addressLimited', until: byAddress.retryAt };
	}
	// Keyed on what was typed, not on an account: an unknown username is limited exactly like
	// a real one, so being limited reveals nothing either.
	const byAccount = await throttle.hit(
		sql,
		`2fa-request:account:${input.organisationId}:${throttle.usernameKey(input.username)}`,
		accountLimit.attempts,
		accountLimit.windowSeconds,
		now
	);
	if (!byAccount.allowed) return { kind: 'accepted' };

	const message = input.message.trim().slice(0, maxMessageLength);
	await sql.begin(async (tx) => {
		const [account] = await tx<mails.MailAccount[]>`
			select id, organisation_id, username, email, display_name from account
			where organisation_id = ${input.organisationId}
				and lower(username) = ${throttle.usernameKey(input.username)}
				and lower(email) = ${input.email.trim().toLowerCase()}
				and state in ('active', 'blocked')
			for update`;
		if (!account) return;
		// One open request per account: asking again replaces the message, not a second row.
		const [row] = await tx<{ id: string }[]>`
			insert into totp_reset_request (organisation_id, account_id, message, created_at, ip_hash)
			values (${account.organisationId}, ${account.id}, ${message}, ${now}, ${input.ipHash})
			on conflict (account_id) where state = 'open'
			do update set message = excluded.message, created_at = excluded.created_at, ip_hash = excluded.ip_hash
			returning id`;
		await audit.record(tx, {
			organisationId: account.organisationId,
			accountId: account.id,
			action: 'totp.reset-requested',
			targetType: 'totp_reset_request',
			targetId: row!.id,
			ipHash: input.ipHash
		});
		await mails.resetRequestReceived(tx, account, input.origin);
	});
	return { kind: 'accepted' };
}

export interface OpenRequest {
	id: string;
	accountId: string;
	displayName: string;
	username: string;
	email: string;
	message: string;
	createdAt: Date;
}

export async function listOpen(sql: Sql, organisationId: string): Promise<OpenRequest[]> {
	return sql<OpenRequest[]>`
		select r.id, r.account_id, a.display_name, a.username, a.email, r.message, r.created_at
		from totp_reset_request r join account a on a.id = r.account_id
		where r.organisation_id = ${organisationId} and a.organisation_id = ${organisationId}
			and r.state = 'open'
		order by r.created_at`;
}

export async function countOpen(sql: Sql, organisationId: string): Promise<number> {
	const [row] = await sql<{ n: number }[]>`
		select count(*)::int as n from totp_reset_request
		where organisation_id = ${organisationId} and state = 'open'`;
	return row?.n ?? 0;
}

export type DecideResult =
	| { ok: true }
	| { ok: false; reason: 'not-found' }
	| { ok: false; reason: 'refused'; message: string };

/** The open request, locked; another organisation's request is 'not found' like an unknown id. */
async function lockOpen(tx: TransactionSql, actor: Actor, id: string) {
	authorizeOrganisation(actor, 'manage-accounts');
	if (!isUuid(id)) return null;
	const [row] = await tx<{ id: string; accountId: string }[]>`
		select id, account_id from totp_reset_request
		where id = ${id} and organisation_id = ${actor.organisationId} and state = 'open'
		for update`;
	return row ?? null;
}

/**
 * Approval after the beheerder checked who asks (by phone, in person): every authenticator
 * and recovery code stops working, and the holder gets a fresh activation link by mail.
 * The reset and the decision commit together or not at all.
 */
export async function approve(sql: Sql, actor: Actor, id: string): Promise<DecideResult> {
	return sql.begin(async (tx): Promise<DecideResult> => {
		const found = await lockOpen(tx, actor, id);
		if (!found) return { ok: false, reason: 'not-found' };
		// resetTotpIn refuses (own account, deactivated) before it writes anything.
		const reset = await change.resetTotpIn(tx, actor, found.accountId);
		if (!reset.ok) {
			return reset.reason === 'not-found'
				? { ok: false, reason: 'not-found' }
				: { ok: false, reason: 'refused', message: reset.message };
		}
		await tx`
			update totp_reset_request set state = 'approved', decided_at = now(), decided_by = ${actor.accountId}
			where id = ${found.id}`;
		await audit.byActor(tx, actor, 'totp.reset-request-approved', 'totp_reset_request', found.id, {
			account: found.accountId
		});
		return { ok: true };
	});
}

export async function decline(
	sql: Sql,
	actor: Actor,
	id: string,
	reason: string
): Promise<DecideResult> {
	const text = reason.trim().slice(0, maxMessageLength);
	return sql.begin(async (tx): Promise<DecideResult> => {
		const found = await lockOpen(tx, actor, id);
		if (!found) return { ok: false, reason: 'not-found' };
		const [account] = await tx<mails.MailAccount[]>`
			select id, organisation_id, username, email, display_name from account
			where id = ${found.accountId} and organisation_id = ${actor.organisationId}`;
		if (!account) return { ok: false, reason: 'not-found' };
		await tx`
			update totp_reset_request set state = 'declined', decided_at = now(), decided_by = ${actor.accountId},
				decline_reason = ${text || null}
			where id = ${found.id}`;
		await audit.byActor(tx, actor, 'totp.reset-request-declined', 'totp_reset_request', found.id, {
			account: found.accountId
		});
		await mails.resetRequestDeclined(tx, account, actor.origin, text);
		return { ok: true };
	});
}
