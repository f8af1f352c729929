/**
 * Activation from the welcome mail ("Welkom, nieuwe gebruiker"): choose a password,
 * set up the authenticator app, receive recovery codes. The account stays `pending` (and
 * cannot log in) until the first correct code; then everything switches in one transaction.
 *
 * One pending secret per account, reused on every visit: scanning the QR code twice gives two
 * entries in the app that show the same codes, never a stale one.
 */
import { randomUUID } from 'node:crypto';
import * as strength from '../../password-strength';
import * as audit from '../audit';
import { decrypt, encrypt } from '../crypto';
import type { Sql, TransactionSql } from '../db';
import * as mails from './mails';
import * as password from './password';
import * as recovery from './recovery';
import * as throttle from './throttle';
import * as tokens from './tokens';
import * as totp from './totp';

export interface ActivationAccount {
	id: string;
	organisationId: string;
	organisationName: string;
	organisationShortName: string;
	organisationCode: string;
	username: string;
	email: string;
	displayName: string;
	hasPassword: boolean;
}

export type Opened = tokens.Opened<ActivationAccount>;

/** Wrong codes per link per 15 minutes: enough for fumbling with a phone, not for guessing. */
export const codeLimit = { attempts: 10, windowSeconds: 15 * 60 };

async function pendingAccount(
	sql: Sql | TransactionSql,
	accountId: string
): Promise<ActivationAccount | null> {
	const [row] = await sql<(Omit<ActivationAccount, 'hasPassword'> & { hasPassword: boolean })[]>`
		select a.id, a.organisation_id, a.username, a.email, a.display_name,
			a.password_hash is not null as has_password,
			o.name as organisation_name, o.short_name as organisation_short_name, o.code as organisation_code
		from account a join organisation o on o.id = a.organisation_id
		where a.id = ${accountId} and a.state = 'pending'`;
	return row ?? null;
}

export async function open(
	sql: Sql | TransactionSql,
	token: string,
	now = new Date()
): Promise<Opened> {
	return tokens.open(sql, token, 'activation', (id) => pendingAccount(sql, id), now);
}

/** The user's own words, which the new password must not lean on (the page shows the same). */
export function passwordContext(account: ActivationAccount): string[] {
	return strength.contextOf(account);
}

/** Step 1. Stores the hash; the account stays pending until the authenticator is confirmed. */
export async function choosePassword(
	sql: Sql,
	opened: Extract<Opened, { state: 'valid' }>,
	newPassword: string,
	repeat: string,
	ipHash: string | null
): Promise<password.PasswordProblem | null> {
	const problem = await password.validateNew(newPassword, repeat, passwordContext(opened.account));
	if (problem) return problem;
	const passwordHash = await password.hash(newPassword);
	await sql.begin(async (tx) => {
		await tx`
			update account set password_hash = ${passwordHash}, password_changed_at = now(), updated_at = now()
			where id = ${opened.account.id} and state = 'pending'`;
		await audit.record(tx, {
			organisationId: opened.account.organisationId,
			accountId: opened.account.id,
			action: 'activation.password-set',
			ipHash
		});
	});
	return null;
}

/**
 * The account's pending secret, created on the first visit. The account row is locked so two
 * tabs opening the page at once still share one secret.
 */
export async function pendingSecret(
	sql: Sql,
	accountId: string
): Promise<{ id: string; secret: string }> {
	return sql.begin(async (tx) => {
		await tx`select id from account where id = ${accountId} for update`;
		const [existing] = await tx<{ id: string; secretEncrypted: string }[]>`
			select id, secret_encrypted from totp_secret
			where account_id = ${accountId} and state = 'pending'
			order by created_at desc limit 1`;
		if (existing) {
			return { id: existing.id, secret: decrypt(existing.secretEncrypted, `totp:${existing.id}`) };
		}
		const id = randomUUID();
		const secret = totp.newSecret();
		await tx`
			insert into totp_secret (id, account_id, secret_encrypted, state)
			values (${id}, ${accountId}, ${encrypt(secret, `totp:${id}`)}, 'pending')`;
		return { id, secret };
	});
}

export interface SetupView {
	qr: string;
	uri: string;
	groupedKey: string;
	label: string;
}

export async function setupView(sql: Sql, account: ActivationAccount): Promise<SetupView> {
	const { secret } = await pendingSecret(sql, account.id);
	const label = totp.label(account.organisationShortName, account.username);
	const uri = totp.uri(secret, label);
	return { qr: await totp.qrDataUrl(uri), uri, groupedKey: totp.groupedKey(secret), label };
}

/**
 * Makes `secretId` the account's authenticator. Older active secrets become `replaced` and
 * are kept: the 2FA help recognises codes from an outdated app entry.
 */
export async function activateSecret(
	tx: TransactionSql,
	accountId: string,
	secretId: string,
	step: number,
	now = new Date()
): Promise<void> {
	await tx`
		update totp_secret set state = 'replaced', replaced_at = ${now}
		where account_id = ${accountId} and state = 'active' and id <> ${secretId}`;
	await tx`
		update totp_secret set state = 'active', confirmed_at = ${now}, last_used_step = ${step},
			used_steps = array[${step}]::bigint[]
		where id = ${secretId}`;
}

export type CompleteResult =
	| { kind: 'done'; codes: string[]; username: string; organisationName: string }
	| { kind: 'wrongCode' }
	| { kind: 'noPassword' }
	| { kind: 'limited'; until: Date }
	| { kind: 'gone' };

export interface CompleteInput {
	token: string;
	code: string;
	ipHash: string | null;
	origin: string;
	now?: Date;
}

/** Step 2: the first correct code activates everything at once, or nothing is saved. */
export async function complete(sql: Sql, input: CompleteInput): Promise<CompleteResult> {
	const now = input.now ?? new Date();
	const opened = await open(sql, input.token, now);
	if (opened.state !== 'valid') return { kind: 'gone' };
	if (!opened.account.hasPassword) return { kind: 'noPassword' };

	const limit = await throttle.hit(
		sql,
		`activation:code:${opened.tokenId}`,
		codeLimit.attempts,
		codeLimit.windowSeconds,
		now
	);
	if (!limit.allowed) return { kind: 'limited', until: limit.retryAt };

	const account = opened.account;
	return sql.begin(async (tx): Promise<CompleteResult> => {
		const [locked] = await tx`
			select id from account where id = ${account.id} and state = 'pending' for update`;
		if (!locked) return { kind: 'gone' };
		const [pending] = await tx<{ id: string; secretEncrypted: string }[]>`
			select id, secret_encrypted from totp_secret
			where account_id = ${account.id} and state = 'pending'
			order by created_at desc limit 1`;
		if (!pending) return { kind: 'wrongCode' };
		const secret = decrypt(pending.secretEncrypted, `totp:${pending.id}`);
		const step = totp.matchStep(secret, input.code, now.getTime(), 1);
		if (step === null) return { kind: 'wrongCode' };

		// Consumed first: a link that another request used meanwhile changes nothing.
		if (!(await tokens.consume(tx, opened.tokenId, now))) return { kind: 'gone' };
		await activateSecret(tx, account.id, pending.id, step, now);
		await tx`
			update account set state = 'active', failed_codes = 0, updated_at = ${now}
			where id = ${account.id}`;
		const codes = await recovery.replace(tx, account.id, now);
		const base = { organisationId: account.organisationId, accountId: account.id };
		await audit.record(tx, { ...base, action: 'activation.completed', ipHash: input.ipHash });
		await audit.record(tx, {
			...base,
			action: 'totp.setup',
			targetType: 'totp_secret',
			targetId: pending.id,
			ipHash: input.ipHash
		});
		await audit.record(tx, {
			...base,
			action: 'recovery.created',
			ipHash: input.ipHash,
			details: { codes: codes.length }
		});
		await mails.notice(
			tx,
			account,
			'activated',
			'uw account is geactiveerd',
			`Uw account is geactiveerd: er is een wachtwoord gekozen en een authenticator-app ingesteld. U heeft ook ${codes.length} herstelcodes gekregen; bewaar die op een veilige plek.`,
			input.origin
		);
		return {
			kind: 'done',
			codes,
			username: account.username,
			organisationName: account.organisationName
		};
	});
}
