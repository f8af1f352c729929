/**
 * "Wachtwoord vergeten": request a link by username and/or e-mail, then set a new password
 * with the link AND a second factor (the authenticator code or a recovery code). A mailbox
 * alone is never enough to take over an account.
 *
 * The request never tells whether anything matched: the caller shows one answer for every
 * outcome, and throttled requests silently send nothing.
 */
import * as strength from '../../password-strength';
import * as audit from '../audit';
import { hmac } from '../crypto';
import type { Sql, TransactionSql } from '../db';
import * as mails from './mails';
import { checkBeforeFactor, codesLeft, withSecondFactor, type Change } from './new-password';
import * as password from './password';
import * as throttle from './throttle';
import * as tokens from './tokens';

const hour = 60 * 60;
/** Mails per account and per address per hour: enough to retry, too few to flood a mailbox. */
export const mailLimit = { attempts: 3, windowSeconds: hour };
/** Requests per client address per hour; generous, because a school shares one address. */
export const addressLimit = { attempts: 30, windowSeconds: hour };
/** Second-factor attempts per account on the reset page. */
export { factorLimit } from './new-password';

interface ResetAccount extends mails.MailAccount {
	state: string;
	organisationName: string;
	organisationShortName: string;
	organisationCode: string;
}

export interface RequestInput {
	/** The organisation's code (PO2806), as resolved from the form's organisation field. */
	organisationCode: string;
	username: string;
	email: string;
	ipHash: string | null;
	origin: string;
	now?: Date;
}

/** Rate-limit keys carry a keyed hash of an address, never the address itself. */
function emailKey(email: string): string {
	return `reset:email:${hmac('email', email.trim().toLowerCase()).slice(0, 32)}`;
}

async function allowed(sql: Sql, key: string, now: Date): Promise<boolean> {
	return (await throttle.hit(sql, key, mailLimit.attempts, mailLimit.windowSeconds, now)).allowed;
}

async function matching(sql: Sql, input: RequestInput): Promise<ResetAccount[]> {
	const username = input.username.trim().toLowerCase();
	const email = input.email.trim().toLowerCase();
	if (!username && !email) return [];
	// Both given: they must belong together; one alone: any match.
	return sql<ResetAccount[]>`
		select a.id, a.organisation_id, a.username, a.email, a.display_name, a.state, o.name as organisation_name,
			o.short_name as organisation_short_name, o.code as organisation_code
		from account a join organisation o on o.id = a.organisation_id
		where o.code = ${input.organisationCode}
			and a.state in ('active', 'blocked')
			and (${username} = '' or lower(a.username) = ${username})
			and (${email} = '' or lower(a.email) = ${email})
		order by a.username`;
}

/** Sends a reset mail to each matching account, within the limits. Returns how many were queued. */
export async function request(sql: Sql, input: RequestInput): Promise<number> {
	const now = input.now ?? new Date();
	if (input.ipHash) {
		const byAddress = await throttle.hit(
			sql,
			`reset:ip:${input.ipHash}`,
			addressLimit.attempts,
			addressLimit.windowSeconds,
			now
		);
		if (!byAddress.allowed) return 0;
	}
	// A typed address counts whether or not it exists, so probing costs the same everywhere.
	const typedEmail = input.email.trim().toLowerCase();
	if (typedEmail && !(await allowed(sql, emailKey(typedEmail), now))) return 0;

	let sent = 0;
	for (const account of await matching(sql, input)) {
		if (!(await allowed(sql, `reset:account:${account.id}`, now))) continue;
		const accountEmail = account.email.trim().toLowerCase();
		if (accountEmail !== typedEmail && !(await allowed(sql, emailKey(accountEmail), now))) continue;
		await issueMail(sql, account, input.origin, input.ipHash, now);
		sent++;
	}
	return sent;
}

async function issueMail(
	sql: Sql,
	account: mails.MailAccount,
	origin: string,
	ipHash: string | null,
	now: Date
): Promise<void> {
	await sql.begin(async (tx) => {
		const { token } = await tokens.issue(tx, account.id, 'reset', now);
		await mails.reset(tx, account, origin, token);
		await audit.record(tx, {
			organisationId: account.organisationId,
			accountId: account.id,
			action: 'password.reset-requested',
			ipHash
		});
	});
}

async function resetAccount(sql: Sql, accountId: string): Promise<ResetAccount | null> {
	const [row] = await sql<ResetAccount[]>`
		select a.id, a.organisation_id, a.username, a.email, a.display_name, a.state, o.name as organisation_name,
			o.short_name as organisation_short_name, o.code as organisation_code
		from account a join organisation o on o.id = a.organisation_id
		where a.id = ${accountId} and a.state in ('active', 'blocked')`;
	return row ?? null;
}

export type Opened = tokens.Opened<ResetAccount>;

export async function open(sql: Sql, token: string, now = new Date()): Promise<Opened> {
	return tokens.open(sql, token, 'reset', (id) => resetAccount(sql, id), now);
}

/** From an expired link: a fresh mail to the same account (within the same limits). */
export async function renew(
	sql: Sql,
	token: string,
	{ ipHash, origin, now = new Date() }: { ipHash: string | null; origin: string; now?: Date }
): Promise<boolean> {
	const found = await tokens.lookup(sql, token, 'reset', now);
	if (found.state !== 'expired') return false;
	const account = await resetAccount(sql, found.accountId);
	if (!account) return false;
	if (ipHash) {
		const byAddress = await throttle.hit(
			sql,
			`reset:ip:${ipHash}`,
			addressLimit.attempts,
			addressLimit.windowSeconds,
			now
		);
		if (!byAddress.allowed) return false;
	}
	if (!(await allowed(sql, `reset:account:${account.id}`, now))) return false;
	if (!(await allowed(sql, emailKey(account.email), now))) return false;
	await issueMail(sql, account, origin, ipHash, now);
	return true;
}

export interface CompleteInput {
	token: string;
	password: string;
	repeat: string;
	/** The authenticator code, or empty when a recovery code is given. */
	code: string;
	recoveryCode: string;
	ipHash: string | null;
	origin: string;
	now?: Date;
}

export type CompleteResult =
	| { kind: 'done' }
	| { kind: 'password'; problem: password.PasswordProblem }
	| { kind: 'factorMissing' }
	| { kind: 'wrongCode'; reason: 'mismatch' | 'reused' }
	| { kind: 'wrongRecoveryCode' }
	| { kind: 'limited'; until: Date }
	| { kind: 'gone' };

/** The user's own words, which the new password must not lean on (the page shows the same). */
export function passwordContext(account: ResetAccount): string[] {
	return strength.contextOf(account);
}

export async function complete(sql: Sql, input: CompleteInput): Promise<CompleteResult> {
	const now = input.now ?? new Date();
	const opened = await open(sql, input.token, now);
	if (opened.state !== 'valid') return { kind: 'gone' };
	const account = opened.account;

	const early = await checkBeforeFactor(input, passwordContext(account));
	if (early) return early;

	const factor = { purpose: 'reset', account, input, now } as const;
	const linkUsed = async (tx: TransactionSql) =>
		(await tokens.consume(tx, opened.tokenId, now)) ? null : ({ kind: 'gone' } as const);
	const change = async (
		tx: TransactionSql,
		{ usedRecovery, sessionsEnded, recoveryLeft }: Parameters<Change>[1]
	) => {
		await throttle.clearPasswordFailures(tx, account.organisationId, account.username);
		await audit.record(tx, {
			organisationId: account.organisationId,
			accountId: account.id,
			action: 'password.reset',
			ipHash: input.ipHash,
			details: { factor: usedRecovery ? 'recovery' : 'totp', sessionsEnded }
		});
		const what =
			recoveryLeft === null
				? 'Uw wachtwoord is gewijzigd met de link uit de e-mail en de code uit uw authenticator-app. U bent op alle apparaten uitgelogd.'
				: `Uw wachtwoord is gewijzigd met de link uit de e-mail en een herstelcode. Die herstelcode werkt niet meer; u heeft ${codesLeft(recoveryLeft)} over. U bent op alle apparaten uitgelogd.${recoveryLeft <= 3 ? ' Maak nieuwe herstelcodes bij Mijn account.' : ''}`;
		await mails.passwordChanged(tx, account, what, input.origin);
		return { kind: 'done' } as const;
	};
	return withSecondFactor<CompleteResult>(sql, factor, change, linkUsed);
}
