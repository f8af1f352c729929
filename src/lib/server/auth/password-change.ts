/**
 * Changing the password while logged in (Mijn account → Wachtwoord wijzigen): the current
 * password, the new one twice, and a second factor (a code from the authenticator app or a
 * recovery code). A session alone, say a laptop left unlocked, is never enough.
 *
 * - A wrong current password counts exactly like a wrong password at the login (lockout.ts):
 *   the same count, the same wait. This form is no way around the login's limits.
 * - Wrong codes are limited per account (10 per 15 minutes), as on the reset page.
 * - On success: the new hash; every session of the account ends and this browser gets a
 *   new one; an audit row; a mail to the account (never the password itself).
 */
import * as strength from '../../password-strength';
import * as audit from '../audit';
import type { Sql } from '../db';
import * as device from './device';
import * as lockout from './lockout';
import * as mails from './mails';
import { checkBeforeFactor, codesLeft, withSecondFactor } from './new-password';
import * as password from './password';
import * as session from './session';

export { factorLimit } from './new-password';

export interface ChangeAccount extends mails.MailAccount {
	organisationName: string;
	organisationShortName: string;
	organisationCode: string;
}

/** The user's own words, which the new password must not lean on (the page shows the same). */
export function passwordContext(account: ChangeAccount): string[] {
	return strength.contextOf(account);
}

export interface ChangeInput {
	current: string;
	password: string;
	repeat: string;
	/** The authenticator code; empty when a recovery code is given. */
	code: string;
	recoveryCode: string;
	deviceCookies: string[];
	ipHash: string | null;
	origin: string;
	now?: Date;
}

export type ChangeResult =
	| { kind: 'done'; token: string }
	| { kind: 'password'; problem: password.PasswordProblem }
	| { kind: 'same' }
	| { kind: 'factorMissing' }
	| { kind: 'wrongCurrent' }
	| { kind: 'wait'; until: Date; device: boolean }
	| { kind: 'wrongCode'; reason: 'mismatch' | 'reused' }
	| { kind: 'wrongRecoveryCode' }
	| { kind: 'limited'; until: Date };

export async function change(
	sql: Sql,
	account: ChangeAccount,
	input: ChangeInput
): Promise<ChangeResult> {
	const now = input.now ?? new Date();
	const early = await checkBeforeFactor(input, passwordContext(account));
	if (early) return early;

	const who: lockout.PasswordAttempt = {
		organisationId: account.organisationId,
		username: account.username,
		accountId: account.id,
		holder: account,
		device: device.recognise(input.deviceCookies, account.id, now),
		ipHash: input.ipHash,
		origin: input.origin,
		now
	};
	const until = await lockout.waitingUntil(sql, who);
	if (until) {
		await lockout.refusedDuringWait(sql, who, 'password-change');
		return { kind: 'wait', until, device: who.device !== null };
	}
	const [row] = await sql<{ passwordHash: string | null }[]>`
		select password_hash from account where id = ${account.id} and state = 'active'`;
	if (!(await password.verify(row?.passwordHash ?? null, input.current))) {
		const waitUntil = await sql.begin((tx) => lockout.wrongPassword(tx, who, 'password-change'));
		return waitUntil
			? { kind: 'wait', until: waitUntil, device: who.device !== null }
			: { kind: 'wrongCurrent' };
	}
	if (input.password === input.current) return { kind: 'same' };

	const factor = { purpose: 'password-change', account, input, now } as const;
	return withSecondFactor(
		sql,
		factor,
		async (tx, { usedRecovery, sessionsEnded, recoveryLeft }) => {
			// Every session ended, this one too: this browser continues with a new token.
			const created = await session.create(tx, account.id, now);
			await lockout.succeeded(tx, who);
			await audit.record(tx, {
				organisationId: account.organisationId,
				accountId: account.id,
				action: 'password.changed',
				ipHash: input.ipHash,
				details: {
					factor: usedRecovery ? 'recovery' : 'totp',
					otherSessionsEnded: Math.max(0, sessionsEnded - 1)
				}
			});
			let what =
				'Uw wachtwoord is gewijzigd bij Mijn account. Op alle andere apparaten bent u uitgelogd.';
			if (recoveryLeft !== null) {
				what += ` Daarbij is een herstelcode gebruikt; u heeft ${codesLeft(recoveryLeft)} over.`;
			}
			await mails.passwordChanged(tx, account, what, input.origin);
			return { kind: 'done' as const, token: created.token };
		}
	);
}
