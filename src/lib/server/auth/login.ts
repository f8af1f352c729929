/**
 * The login procedure: organisation + username + password + TOTP code.
 *
 * - Unknown user, unusable account and wrong password give the same answer in the same
 *   time (a dummy hash is verified).
 * - Wrong passwords bring a wait of at most 15 minutes (lockout.ts, throttle.ts), whether or
 *   not the account exists; never a block. Attempts during a wait are refused without
 *   counting. A browser that logged in to the account before (a device cookie, device.ts)
 *   has its own count, so strangers' failures never keep the rightful user out.
 * - After a correct password a wrong code counts; 10 in a row block the account (only
 *   someone who knows the password can cause that).
 * - Accepting a code is atomic: the code's time step is claimed with a conditional update,
 *   so one code gives exactly one session however many requests carry it.
 */
import * as audit from '../audit';
import { acceptCode, diagnose, type CodeHint } from './code-check';
import type { Sql, TransactionSql } from '../db';
import * as device from './device';
import * as lockout from './lockout';
import * as mails from './mails';
import * as password from './password';
import * as recovery from './recovery';
import * as session from './session';
import * as throttle from './throttle';

export const maxWrongCodes = 10;
/** Per client address; generous, because a school's staff share one address. */
export const ipLimit = {
	attempts: Number.parseInt(process.env.LOGIN_LIMIT_PER_ADDRESS ?? '100', 10),
	windowSeconds: 15 * 60
};

export interface LoginInput {
	organisationCode: string;
	username: string;
	password: string;
	code: string;
	/** Instead of a code: a recovery code, for someone without their phone. */
	recoveryCode?: string;
	/** The values of the device cookies the browser sent (device.ts). */
	deviceCookies?: string[];
	ipHash: string | null;
	origin: string;
	now?: Date;
}

export type LoginResult =
	| {
			kind: 'ok';
			token: string;
			accountId: string;
			roles: string[];
			/** Set when this login stored a clock offset: tell the user to fix the phone's clock. */
			driftRepairedSeconds: number | null;
			/** Logged in with a recovery code: how many are left (add a new authenticator!). */
			recoveryCodesLeft: number | null;
			/** A fresh device cookie for this browser (device.setCookie). */
			deviceCookie: string;
	  }
	| { kind: 'invalid' }
	/** `device`: the wait of this browser's own device cookie, not that of all other browsers. */
	| { kind: 'wait'; until: Date; device: boolean }
	| { kind: 'addressLimited'; until: Date }
	| {
			kind: 'wrongCode';
			reason: 'mismatch' | 'reused';
			attemptsLeft: number;
			accountId: string;
			hint: CodeHint;
	  }
	| { kind: 'blocked'; helpdeskText: string; organisationName: string };

interface AccountRow {
	id: string;
	organisationId: string;
	username: string;
	email: string;
	displayName: string;
	roles: string[];
	state: string;
	passwordHash: string | null;
	failedCodes: number;
}

export async function attempt(sql: Sql, input: LoginInput): Promise<LoginResult> {
	const now = input.now ?? new Date();
	const [org] = await sql<{ id: string; name: string; helpdeskText: string }[]>`
		select id, name, helpdesk_text from organisation where code = ${input.organisationCode.trim().toUpperCase()}`;

	if (input.ipHash) {
		const limit = await throttle.hit(
			sql,
			`login:ip:${input.ipHash}`,
			ipLimit.attempts,
			ipLimit.windowSeconds,
			now
		);
		if (!limit.allowed) return { kind: 'addressLimited', until: limit.retryAt };
	}

	if (!org) {
		await password.verify(null, input.password);
		return { kind: 'invalid' };
	}

	const [account] = await sql<AccountRow[]>`
		select id, organisation_id, username, email, display_name, roles, state, password_hash, failed_codes
		from account
		where organisation_id = ${org.id} and lower(username) = ${throttle.usernameKey(input.username)}`;
	const usable = Boolean(account && (account.state === 'active' || account.state === 'blocked'));
	const who: lockout.PasswordAttempt = {
		organisationId: org.id,
		username: input.username,
		accountId: account?.id ?? null,
		holder: usable ? account! : null,
		device: account ? device.recognise(input.deviceCookies ?? [], account.id, now) : null,
		ipHash: input.ipHash,
		origin: input.origin,
		now
	};
	// During a wait nothing is checked and nothing counts: the right password does not get
	// in, and a stranger's wrong ones do not make the wait longer.
	const until = await lockout.waitingUntil(sql, who);
	if (until) {
		await lockout.refusedDuringWait(sql, who, 'login');
		return { kind: 'wait', until, device: who.device !== null };
	}
	const passwordOk = await password.verify(usable ? account!.passwordHash : null, input.password);
	if (!passwordOk || !account) {
		const waitUntil = await sql.begin((tx) => lockout.wrongPassword(tx, who, 'login'));
		return waitUntil
			? { kind: 'wait', until: waitUntil, device: who.device !== null }
			: { kind: 'invalid' };
	}

	if (account.state === 'blocked') {
		await audit.record(sql, {
			organisationId: org.id,
			accountId: account.id,
			action: 'login.failure',
			ipHash: input.ipHash,
			details: { reason: 'blocked' }
		});
		return { kind: 'blocked', helpdeskText: org.helpdeskText, organisationName: org.name };
	}

	if (input.recoveryCode) {
		return loginWithRecoveryCode(sql, input, org, account, who);
	}

	const step = await acceptCode(sql, account.id, input.code, now);
	if (step.kind === 'accepted') {
		const token = await sql.begin(async (tx) => {
			await lockout.succeeded(tx, who);
			await tx`update account set failed_codes = 0, last_login_at = ${now} where id = ${account.id}`;
			const created = await session.create(tx, account.id, now);
			await audit.record(tx, {
				organisationId: org.id,
				accountId: account.id,
				action: 'login.success',
				ipHash: input.ipHash,
				details: { knownDevice: who.device !== null }
			});
			if (step.driftRepaired) {
				await audit.record(tx, {
					organisationId: org.id,
					accountId: account.id,
					action: 'totp.drift-repaired',
					targetType: 'totp_secret',
					targetId: step.secretId,
					ipHash: input.ipHash,
					details: { driftSteps: step.driftSteps }
				});
			}
			return created.token;
		});
		return {
			kind: 'ok',
			token,
			accountId: account.id,
			roles: account.roles,
			driftRepairedSeconds: step.driftRepaired ? step.driftSteps * 30 : null,
			recoveryCodesLeft: null,
			deviceCookie: device.issue(account.id, now)
		};
	}

	if (step.kind === 'reused') {
		// A code that was valid but already used is not a guess: it cannot get anyone in and
		// tells nothing new. It is a failed attempt in the audit log, but does not count
		// towards the block — otherwise a double-clicked login button, or 20 parallel
		// requests with one code, would block the account of its rightful holder.
		await audit.record(sql, {
			organisationId: org.id,
			accountId: account.id,
			action: 'login.failure',
			ipHash: input.ipHash,
			details: { reason: 'code-reused' }
		});
		return {
			kind: 'wrongCode',
			reason: 'reused',
			attemptsLeft: maxWrongCodes - account.failedCodes,
			accountId: account.id,
			hint: { kind: 'none' }
		};
	}

	const hint = await diagnose(sql, account, input.code, now);
	return sql.begin((tx) =>
		countWrongCode(tx, { ...org, id: org.id }, account, input, now, 'code', hint)
	);
}

/**
 * A wrong code (or recovery code) after a correct password: counted; the tenth in a row
 * blocks the account, ends its sessions and tells the holder.
 */
async function countWrongCode(
	tx: TransactionSql,
	org: { id: string; name: string; helpdeskText: string },
	account: AccountRow,
	input: LoginInput,
	now: Date,
	reason: 'code' | 'recovery-code',
	hint: CodeHint
): Promise<LoginResult> {
	const [row] = await tx<{ failedCodes: number }[]>`
		update account set failed_codes = failed_codes + 1 where id = ${account.id} returning failed_codes`;
	await audit.record(tx, {
		organisationId: org.id,
		accountId: account.id,
		action: 'login.failure',
		ipHash: input.ipHash,
		details: { reason, hint: hint.kind, failedCodes: row!.failedCodes }
	});
	if (row!.failedCodes >= maxWrongCodes) {
		const [changed] = await tx`
			update account set state = 'blocked', blocked_at = ${now}
			where id = ${account.id} and state = 'active' returning id`;
		if (changed) {
			await session.invalidateAll(tx, account.id);
			await audit.record(tx, {
				organisationId: org.id,
				accountId: account.id,
				action: 'account.blocked',
				ipHash: input.ipHash,
				details: { reason: 'wrong-codes' }
			});
			await mails.blocked(tx, account);
		}
		return { kind: 'blocked', helpdeskText: org.helpdeskText, organisationName: org.name };
	}
	return {
		kind: 'wrongCode',
		reason: 'mismatch',
		attemptsLeft: maxWrongCodes - row!.failedCodes,
		accountId: account.id,
		hint
	};
}

/**
 * A recovery code instead of a TOTP code (after a correct password): single use, and a
 * wrong one counts like a wrong code. The holder is mailed, because a recovery code in the
 * wrong hands is as good as the phone.
 */
async function loginWithRecoveryCode(
	sql: Sql,
	input: LoginInput,
	org: { id: string; name: string; helpdeskText: string },
	account: AccountRow,
	who: lockout.PasswordAttempt
): Promise<LoginResult> {
	const organisationId = org.id;
	const now = who.now;
	return sql.begin(async (tx) => {
		if (await recovery.use(tx, account.id, input.recoveryCode!, now)) {
			await lockout.succeeded(tx, who);
			await tx`update account set failed_codes = 0, last_login_at = ${now} where id = ${account.id}`;
			const created = await session.create(tx, account.id, now);
			const left = await recovery.remaining(tx, account.id);
			await audit.record(tx, {
				organisationId,
				accountId: account.id,
				action: 'recovery.used',
				ipHash: input.ipHash,
				details: { remaining: left, purpose: 'login' }
			});
			await audit.record(tx, {
				organisationId,
				accountId: account.id,
				action: 'login.success',
				ipHash: input.ipHash,
				details: { with: 'recovery-code', knownDevice: who.device !== null }
			});
			await mails.notice(
				tx,
				account,
				'recovery-login',
				'ingelogd met een herstelcode',
				`Er is ingelogd op uw account met een herstelcode. U heeft nog ${left} ${left === 1 ? 'herstelcode' : 'herstelcodes'} over. Voeg onder Mijn account een nieuwe authenticator toe.`,
				input.origin
			);
			return {
				kind: 'ok',
				token: created.token,
				accountId: account.id,
				roles: account.roles,
				driftRepairedSeconds: null,
				recoveryCodesLeft: left,
				deviceCookie: device.issue(account.id, now)
			} as const;
		}
		return countWrongCode(tx, org, account, input, now, 'recovery-code', { kind: 'none' });
	});
}

export { acceptCode, type CodeCheck } from './code-check';
