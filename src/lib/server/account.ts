/**
 * Accounts: creation (with the welcome mail) and lookups. SQL for the account table lives
 * here and in auth/; every query filters on the organisation.
 */
import * as audit from './audit';
import type { Role } from '../roles';
import * as mails from './auth/mails';
import * as tokens from './auth/tokens';
import type { Sql, TransactionSql } from './db';

export { isRole, roleLabels, roles, type Role } from '../roles';

export interface NewAccount {
	organisationId: string;
	username: string;
	email: string;
	displayName: string;
	roles: Role[];
	functionTitle?: string;
}

export class UsernameTaken extends Error {
	constructor() {
		super('Deze gebruikersnaam bestaat al in deze organisatie.');
	}
}

/**
 * Creates a pending account and queues the welcome mail with its activation link, in the
 * caller's transaction. `actorId`: who created it (a beheerder, or an overlegronde owner).
 */
export async function create(
	tx: TransactionSql,
	input: NewAccount,
	{ origin, actorId, ipHash }: { origin: string; actorId: string | null; ipHash: string | null }
): Promise<{ id: string }> {
	const [taken] = await tx`
		select 1 from account where organisation_id = ${input.organisationId} and lower(username) = ${input.username.trim().toLowerCase()}`;
	if (taken) throw new UsernameTaken();
	const [row] = await tx<{ id: string }[]>`
		insert into account (organisation_id, username, email, display_name, roles, state, function_title)
		values (${input.organisationId}, ${input.username.trim()}, ${input.email.trim()}, ${input.displayName.trim()},
			${tx.array(input.roles)}, 'pending', ${input.functionTitle?.trim() ?? ''})
		returning id`;
	const id = row!.id;
	const { token } = await tokens.issue(tx, id, 'activation');
	await mails.welcome(
		tx,
		{
			id,
			organisationId: input.organisationId,
			username: input.username.trim(),
			email: input.email.trim(),
			displayName: input.displayName.trim()
		},
		origin,
		token
	);
	await audit.record(tx, {
		organisationId: input.organisationId,
		accountId: actorId,
		action: 'account.created',
		targetType: 'account',
		targetId: id,
		ipHash,
		details: { roles: input.roles.join(',') }
	});
	return { id };
}

/** Sends a new activation link (supersedes the previous one). */
export async function resendActivation(
	tx: TransactionSql,
	accountId: string,
	organisationId: string,
	{ origin, actorId, ipHash }: { origin: string; actorId: string | null; ipHash: string | null }
): Promise<boolean> {
	const [account] = await tx<mails.MailAccount[]>`
		select id, organisation_id, username, email, display_name from account
		where id = ${accountId} and organisation_id = ${organisationId}`;
	if (!account) return false;
	const { token } = await tokens.issue(tx, account.id, 'activation');
	await mails.welcome(tx, account, origin, token);
	await audit.record(tx, {
		organisationId,
		accountId: actorId,
		action: 'account.activation-sent',
		targetType: 'account',
		targetId: account.id,
		ipHash
	});
	return true;
}

export async function mailAccount(
	sql: Sql | TransactionSql,
	accountId: string
): Promise<mails.MailAccount | null> {
	const [row] = await sql<mails.MailAccount[]>`
		select id, organisation_id, username, email, display_name from account where id = ${accountId}`;
	return row ?? null;
}
