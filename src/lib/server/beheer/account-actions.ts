/**
 * What a beheerder does to an account of their own organisation: create, change roles,
 * block/unblock, deactivate/reactivate, resend the activation link, reset 2FA.
 *
 * Each change runs in one transaction with its audit row and, where it changes the holder's
 * access, a mail to them (outbox), so they learn of it even when it was not their request.
 * The target row is read `for update` and filtered on the actor's organisation: another
 * SWV's account is 'not-found', exactly like an id that does not exist.
 */
import * as account from '../account';
import type { Role } from '../account';
import * as audit from '../audit';
import * as mails from '../auth/mails';
import * as session from '../auth/session';
import * as throttle from '../auth/throttle';
import * as tokens from '../auth/tokens';
import type { Sql, TransactionSql } from '../db';
import { isAccountId, validateRoles, type AccountState, type NewAccountFields } from './accounts';
import { authorizeOrganisation } from '../access/authorize';
import type { Actor } from '../access/policy';

export type ChangeResult =
	| { ok: true }
	| { ok: false; reason: 'not-found' }
	| { ok: false; reason: 'self' | 'state' | 'invalid'; message: string };

interface Target extends mails.MailAccount {
	state: AccountState;
	roles: Role[];
	passwordHash: string | null;
}

/** The policy lets the actor manage its organisation's accounts, decided in the change's transaction. */
function mayManage(actor: Actor): void {
	authorizeOrganisation(actor, 'manage-accounts');
}

async function lockTarget(tx: TransactionSql, actor: Actor, id: string): Promise<Target | null> {
	mayManage(actor);
	if (!isAccountId(id)) return null;
	const [row] = await tx<Target[]>`
		select id, organisation_id, username, email, display_name, state, roles, password_hash
		from account where id = ${id} and organisation_id = ${actor.organisationId}
		for update`;
	return row ?? null;
}

function record(
	tx: TransactionSql,
	actor: Actor,
	action: string,
	targetId: string,
	details?: audit.AuditEntry['details']
) {
	return audit.byActor(tx, actor, action, 'account', targetId, details);
}

const notFound = { ok: false, reason: 'not-found' } as const;
const done = { ok: true } as const;

function refuse(reason: 'self' | 'state' | 'invalid', message: string): ChangeResult {
	return { ok: false, reason, message };
}

// --- Create ---------------------------------------------------------------------------------

export type CreateResult = { ok: true; id: string } | { ok: false; usernameTaken: true };

/** Creates a pending account and queues its welcome mail. Fields must be validated first. */
export async function create(
	sql: Sql,
	actor: Actor,
	fields: NewAccountFields
): Promise<CreateResult> {
	try {
		const { id } = await sql.begin((tx) => {
			mayManage(actor);
			return account.create(
				tx,
				{
					organisationId: actor.organisationId,
					username: fields.username,
					email: fields.email,
					displayName: fields.displayName,
					roles: fields.roles as Role[],
					functionTitle: fields.functionTitle
				},
				{ origin: actor.origin, actorId: actor.accountId, ipHash: actor.ipHash }
			);
		});
		return { ok: true, id };
	} catch (e) {
		// Two beheerders creating the same username at once: the unique index decides.
		if (e instanceof account.UsernameTaken || (e as { code?: string }).code === '23505') {
			return { ok: false, usernameTaken: true };
		}
		throw e;
	}
}

// --- Roles ------------------------------------------------------------------------------------

export async function setRoles(
	sql: Sql,
	actor: Actor,
	id: string,
	roles: string[]
): Promise<ChangeResult> {
	return sql.begin(async (tx): Promise<ChangeResult> => {
		const target = await lockTarget(tx, actor, id);
		if (!target) return notFound;
		const invalid = validateRoles(roles);
		if (invalid) return refuse('invalid', invalid);
		// A beheerder who removes their own role can no longer undo it.
		if (target.id === actor.accountId && !roles.includes('beheerder')) {
			return refuse('self', 'U kunt uw eigen rol Beheerder niet weghalen.');
		}
		const next = account.roles.filter((r) => roles.includes(r));
		const before = [...target.roles].sort().join(',');
		if (before === [...next].sort().join(',')) return done;
		await tx`update account set roles = ${tx.array(next)}, updated_at = now() where id = ${target.id}`;
		await record(tx, actor, 'account.roles-changed', target.id, {
			from: before,
			to: next.join(',')
		});
		await mails.notice(
			tx,
			target,
			'roles-changed',
			'uw rollen zijn gewijzigd',
			`Een beheerder heeft de rollen van uw account gewijzigd. Uw rollen zijn nu: ${next.map((r) => account.roleLabels[r]).join(', ')}.`,
			actor.origin,
			{ byOrganisation: true }
		);
		return done;
	});
}

// --- Block and unblock ----------------------------------------------------------------------

export async function block(sql: Sql, actor: Actor, id: string): Promise<ChangeResult> {
	return sql.begin(async (tx): Promise<ChangeResult> => {
		const target = await lockTarget(tx, actor, id);
		if (!target) return notFound;
		if (target.id === actor.accountId)
			return refuse('self', 'U kunt uw eigen account niet blokkeren.');
		if (target.state !== 'active') {
			return refuse('state', 'Alleen een actief account kan worden geblokkeerd.');
		}
		await tx`update account set state = 'blocked', blocked_at = now(), updated_at = now() where id = ${target.id}`;
		const sessions = await session.invalidateAll(tx, target.id);
		await record(tx, actor, 'account.blocked', target.id, { reason: 'by-admin', sessions });
		await mails.notice(
			tx,
			target,
			'blocked-by-admin',
			'uw account is geblokkeerd',
			'Een beheerder heeft uw account geblokkeerd. U kunt niet inloggen tot de blokkade is opgeheven.',
			actor.origin,
			{ byOrganisation: true }
		);
		return done;
	});
}

/**
 * Lifts a block, whether a beheerder set it or 10 wrong codes did (login.ts): the counter
 * starts again at 0 and a waiting time for wrong passwords ends too, so the parent on the
 * phone with the helpdesk can log in right away.
 */
export async function unblock(sql: Sql, actor: Actor, id: string): Promise<ChangeResult> {
	return sql.begin(async (tx): Promise<ChangeResult> => {
		const target = await lockTarget(tx, actor, id);
		if (!target) return notFound;
		if (target.state !== 'blocked') return refuse('state', 'Dit account is niet geblokkeerd.');
		await tx`
			update account set state = 'active', failed_codes = 0, blocked_at = null, updated_at = now()
			where id = ${target.id}`;
		await throttle.clearPasswordFailures(tx, actor.organisationId, target.username);
		await record(tx, actor, 'account.unblocked', target.id);
		await mails.notice(
			tx,
			target,
			'unblocked',
			'uw account is gedeblokkeerd',
			'Een beheerder heeft de blokkade van uw account opgeheven. U kunt weer inloggen met uw wachtwoord en de code uit uw authenticator-app.',
			actor.origin,
			{ byOrganisation: true }
		);
		return done;
	});
}

// --- Deactivate and reactivate ---------------------------------------------------------------

/**
 * What deactivating an account ends, in the caller's transaction: its sessions, the links in
 * old mails (activation, reset), and mail to it that is queued and not yet sent (a status
 * mail about a child must not reach someone who left; the sender skips any that a
 * concurrent transaction still queues). A notice queued after this still goes out.
 */
export async function endAccess(
	tx: TransactionSql,
	accountId: string
): Promise<{ sessions: number; cancelledMails: number }> {
	const sessions = await session.invalidateAll(tx, accountId);
	await tx`
		update auth_token set expires_at = now()
		where account_id = ${accountId} and used_at is null and expires_at > now()`;
	const cancelled = await tx`
		update outbox set cancelled_at = now()
		where account_id = ${accountId} and sent_at is null and cancelled_at is null
		returning id`;
	return { sessions, cancelledMails: cancelled.length };
}

export async function deactivate(sql: Sql, actor: Actor, id: string): Promise<ChangeResult> {
	return sql.begin(async (tx): Promise<ChangeResult> => {
		const target = await lockTarget(tx, actor, id);
		if (!target) return notFound;
		if (target.id === actor.accountId) {
			return refuse('self', 'U kunt uw eigen account niet deactiveren.');
		}
		if (target.state === 'deactivated') {
			return refuse('state', 'Dit account is al gedeactiveerd.');
		}
		await tx`
			update account set state = 'deactivated', deactivated_at = now(), updated_at = now()
			where id = ${target.id}`;
		const ended = await endAccess(tx, target.id);
		await record(tx, actor, 'account.deactivated', target.id, {
			from: target.state,
			...ended
		});
		await mails.notice(
			tx,
			target,
			'deactivated',
			'uw account is gedeactiveerd',
			'Een beheerder heeft uw account gedeactiveerd. U kunt niet meer inloggen.',
			actor.origin,
			{ byOrganisation: true }
		);
		return done;
	});
}

/**
 * Back to active when the holder had set a password and an authenticator; otherwise back to
 * pending, and the beheerder sends a new activation link.
 */
export async function reactivate(
	sql: Sql,
	actor: Actor,
	id: string
): Promise<ChangeResult & { state?: AccountState }> {
	return sql.begin(async (tx): Promise<ChangeResult & { state?: AccountState }> => {
		const target = await lockTarget(tx, actor, id);
		if (!target) return notFound;
		if (target.state !== 'deactivated') {
			return refuse('state', 'Dit account is niet gedeactiveerd.');
		}
		const [authenticator] = await tx`
			select 1 from totp_secret where account_id = ${target.id} and state = 'active'`;
		const state: AccountState = target.passwordHash && authenticator ? 'active' : 'pending';
		await tx`
			update account set state = ${state}, deactivated_at = null, failed_codes = 0, blocked_at = null,
				updated_at = now()
			where id = ${target.id}`;
		await record(tx, actor, 'account.reactivated', target.id, { to: state });
		if (state === 'active') {
			await mails.notice(
				tx,
				target,
				'reactivated',
				'uw account is weer actief',
				'Een beheerder heeft uw account weer geactiveerd. U kunt weer inloggen met uw wachtwoord en de code uit uw authenticator-app.',
				actor.origin,
				{ byOrganisation: true }
			);
		}
		return { ok: true, state };
	});
}

// --- Activation link and 2FA reset -----------------------------------------------------------

export async function resendActivation(sql: Sql, actor: Actor, id: string): Promise<ChangeResult> {
	return sql.begin(async (tx): Promise<ChangeResult> => {
		const target = await lockTarget(tx, actor, id);
		if (!target) return notFound;
		if (target.state !== 'pending') {
			return refuse('state', 'Dit account is al geactiveerd; een activatielink is niet nodig.');
		}
		await account.resendActivation(tx, target.id, actor.organisationId, {
			origin: actor.origin,
			actorId: actor.accountId,
			ipHash: actor.ipHash
		});
		return done;
	});
}

/**
 * "2FA opnieuw instellen" for someone who lost their phone: every authenticator
 * of the account stops working, recovery codes too, all sessions end, and a fresh activation
 * link lets the holder set up a new authenticator. The password hash is kept; the account is
 * pending until the link is used, so the old phone's codes are worthless from this moment.
 */
export async function resetTotp(sql: Sql, actor: Actor, id: string): Promise<ChangeResult> {
	return sql.begin((tx) => resetTotpIn(tx, actor, id));
}

/** resetTotp in the caller's transaction (an approved 2FA reset request commits with it). */
export async function resetTotpIn(
	tx: TransactionSql,
	actor: Actor,
	id: string
): Promise<ChangeResult> {
	const target = await lockTarget(tx, actor, id);
	if (!target) return notFound;
	if (target.id === actor.accountId) {
		return refuse(
			'self',
			'U kunt de tweestapsverificatie van uw eigen account niet opnieuw instellen. Vraag dat aan een andere beheerder.'
		);
	}
	if (target.state === 'deactivated') {
		return refuse('state', 'Dit account is gedeactiveerd. Activeer het eerst weer.');
	}
	// Pending secrets too: one may have been scanned on the lost phone, and the activation
	// page reuses a pending secret until it is confirmed.
	const replaced = await tx`
		update totp_secret set state = 'replaced', replaced_at = now()
		where account_id = ${target.id} and state in ('active', 'pending')
		returning id`;
	const codes = await tx`delete from recovery_code where account_id = ${target.id} returning id`;
	const sessions = await session.invalidateAll(tx, target.id);
	await tx`
		update account set state = 'pending', failed_codes = 0, blocked_at = null, updated_at = now()
		where id = ${target.id}`;
	const { token } = await tokens.issue(tx, target.id, 'activation');
	await mails.authenticatorReset(tx, target, actor.origin, token);
	await record(tx, actor, 'totp.reset-by-admin', target.id, {
		from: target.state,
		authenticators: replaced.length,
		recoveryCodes: codes.length,
		sessions
	});
	return done;
}
