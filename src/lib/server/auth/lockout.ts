/**
 * Wrong passwords and their waits, shared by the login and the password change on Mijn
 * account: which count a failure goes to (the device's own, or the one of every browser
 * without a device cookie of the account), the audit rows, and the mail to the holder.
 *
 * - During a wait an attempt is refused before the password is checked, and not counted: a
 *   stranger cannot make the wait longer than its cap (throttle.waitMinutes).
 * - A browser with a valid device cookie (device.ts) has its own count and its own wait.
 */
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import type { Device } from './device';
import * as mails from './mails';
import * as throttle from './throttle';

/** The lock mail at most once a day per account, however often a stranger keeps trying. */
const lockMailLimit = { attempts: 1, windowSeconds: 24 * 60 * 60 };

export interface PasswordAttempt {
	organisationId: string;
	/** As typed; the count is per organisation + lower-case username, existing or not. */
	username: string;
	/** The account of that username, if there is one (for the audit log). */
	accountId: string | null;
	/** The holder to mail when a wait starts: only an account that can log in. */
	holder: mails.MailAccount | null;
	/** Set only for a valid device cookie of `accountId`. */
	device: Device | null;
	ipHash: string | null;
	origin: string;
	now: Date;
}

/** Where the audit rows of a failure go: a login, or a password change on Mijn account. */
export type Purpose = 'login' | 'password-change';

function failureAction(purpose: Purpose): string {
	return purpose === 'login' ? 'login.failure' : 'password.change-failure';
}

/** The wait this attempt falls in, if any: the device's own, or that of all other browsers. */
export function waitingUntil(sql: Sql | TransactionSql, a: PasswordAttempt): Promise<Date | null> {
	return a.device
		? throttle.deviceLockedUntil(sql, a.device.key, a.now)
		: throttle.lockedUntil(sql, a.organisationId, a.username, a.now);
}

/** An attempt during a wait: refused unchecked and uncounted, but in the audit log. */
export async function refusedDuringWait(
	sql: Sql | TransactionSql,
	a: PasswordAttempt,
	purpose: Purpose
): Promise<void> {
	await audit.record(sql, {
		organisationId: a.organisationId,
		accountId: a.accountId,
		action: failureAction(purpose),
		ipHash: a.ipHash,
		details: { reason: 'waiting', device: a.device !== null }
	});
}

/**
 * A wrong password (or an unknown username): counted, audited, and when it starts a wait,
 * audited as such and (for browsers without a device cookie) told to the holder. Returns
 * the running wait, if any.
 */
export async function wrongPassword(
	tx: TransactionSql,
	a: PasswordAttempt,
	purpose: Purpose
): Promise<Date | null> {
	const result =
		a.device && a.accountId
			? await throttle.recordDeviceFailure(tx, a.device.key, a.accountId, a.now)
			: await throttle.recordPasswordFailure(tx, a.organisationId, a.username, a.now);
	const device = a.device !== null;
	await audit.record(tx, {
		organisationId: a.organisationId,
		accountId: a.accountId,
		action: failureAction(purpose),
		ipHash: a.ipHash,
		details: { reason: result.counted ? 'password' : 'waiting', failures: result.failures, device }
	});
	if (result.lockStarted && result.lockedUntil) {
		await audit.record(tx, {
			organisationId: a.organisationId,
			accountId: a.accountId,
			action: device ? 'login.device-locked' : 'login.locked',
			ipHash: a.ipHash,
			details: { until: result.lockedUntil.toISOString(), purpose }
		});
		// A device that fails is the holder's own browser (or someone at it): no mail. Other
		// browsers' waits are told, so a holder learns that someone else is trying.
		if (!device && a.holder) {
			const mail = await throttle.hit(
				tx,
				`login:locked-mail:${a.holder.id}`,
				lockMailLimit.attempts,
				lockMailLimit.windowSeconds,
				a.now
			);
			if (mail.allowed) await mails.locked(tx, a.holder, a.origin, result.lockedUntil);
		}
	}
	return result.lockedUntil;
}

/** After a successful login: the count this browser belongs to starts again. */
export async function succeeded(tx: TransactionSql, a: PasswordAttempt): Promise<void> {
	if (a.device) await throttle.clearDeviceFailures(tx, a.device.key);
	else await throttle.clearPasswordFailures(tx, a.organisationId, a.username);
}
