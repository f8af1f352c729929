/**
 * Setting a new password with a second factor, as the reset link and Mijn account do it.
 *
 * The second factor is a code from the authenticator app or a recovery code. The app's code
 * is claimed before anything else (one-time and atomic, so two requests cannot both use it);
 * the new password is hashed only after that, so a wrong code costs no hashing; a recovery
 * code is used inside the change's transaction, so a change that fails leaves it unused.
 * Tries are limited per account and purpose, every refused factor is audited; the change
 * writes the new hash and ends every session of the account.
 */
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { acceptCode } from './code-check';
import * as password from './password';
import * as recovery from './recovery';
import * as session from './session';
import * as throttle from './throttle';

/** Tries at a second factor per account and purpose: enough for fumbling, not for guessing. */
export const factorLimit = { attempts: 10, windowSeconds: 15 * 60 };

export interface Factor {
	/** Where the new password is set: its own limit of tries and its own audit action. */
	purpose: 'reset' | 'password-change';
	account: { id: string; organisationId: string };
	input: {
		/** The authenticator code as typed (spaces allowed); empty when a recovery code is used. */
		code: string;
		recoveryCode: string;
		/** The new password, already checked for strength and repetition. */
		password: string;
		ipHash: string | null;
	};
	now: Date;
}

export type Refused =
	| { kind: 'wrongCode'; reason: 'mismatch' | 'reused' }
	| { kind: 'wrongRecoveryCode' }
	| { kind: 'limited'; until: Date };

const failureActions = {
	reset: 'password.reset-failure',
	'password-change': 'password.change-failure'
} as const;

/** "nog 1 herstelcode", "nog 4 herstelcodes". */
export function codesLeft(left: number): string {
	return `nog ${left} ${left === 1 ? 'herstelcode' : 'herstelcodes'}`;
}

/**
 * What needs no secret, checked first so a weak new password costs no attempt at the factor:
 * the new password (strong enough, typed twice the same), then whether a factor was given.
 */
export async function checkBeforeFactor(
	input: { password: string; repeat: string; code: string; recoveryCode: string },
	context: string[]
): Promise<
	{ kind: 'password'; problem: password.PasswordProblem } | { kind: 'factorMissing' } | null
> {
	const problem = await password.validateNew(input.password, input.repeat, context);
	if (problem) return { kind: 'password', problem };
	return given(input).missing ? { kind: 'factorMissing' } : null;
}

/** The second factor that was given: none, or the authenticator code without spaces. */
export function given(input: { code: string; recoveryCode: string }) {
	const code = input.code.replace(/\s/g, '');
	const recoveryCode = input.recoveryCode.trim();
	return { code, recoveryCode, missing: !code && !recoveryCode };
}

/** What runs once the factor is accepted, in the transaction that stores the new hash. */
export type Change<T = unknown> = (
	tx: TransactionSql,
	done: {
		usedRecovery: boolean;
		sessionsEnded: number;
		/** The recovery codes left after one was used; null when the app's code was used. */
		recoveryLeft: number | null;
	}
) => Promise<T>;

/**
 * Runs `change` in one transaction once the factor is accepted, after the new hash is
 * stored, every session ended (`sessionsEnded`) and a used recovery code audited with how
 * many are left (`recoveryLeft`); what it returns is the result.
 * `beforeStore` runs first in that transaction and may end it with its own result (a reset
 * link that was used meanwhile).
 */
export async function withSecondFactor<T extends { kind: string }>(
	sql: Sql,
	f: Factor,
	change: Change<T>,
	beforeStore?: (tx: TransactionSql) => Promise<T | null>
): Promise<T | Refused> {
	const { code, recoveryCode } = given(f.input);
	const limit = await throttle.hit(
		sql,
		`${f.purpose}:factor:${f.account.id}`,
		factorLimit.attempts,
		factorLimit.windowSeconds,
		f.now
	);
	if (!limit.allowed) return { kind: 'limited', until: limit.retryAt };
	const failure = (reason: string) =>
		audit.record(sql, {
			organisationId: f.account.organisationId,
			accountId: f.account.id,
			action: failureActions[f.purpose],
			ipHash: f.input.ipHash,
			details: { reason }
		});
	if (code) {
		const check = await acceptCode(sql, f.account.id, code, f.now);
		if (check.kind !== 'accepted') {
			await failure(check.kind === 'reused' ? 'code-reused' : 'code');
			return { kind: 'wrongCode', reason: check.kind };
		}
	}
	const hash = await password.hash(f.input.password);
	const result = (await sql.begin(async (tx): Promise<T | Refused> => {
		const usedRecovery = !code;
		if (usedRecovery && !(await recovery.use(tx, f.account.id, recoveryCode, f.now))) {
			return { kind: 'wrongRecoveryCode' };
		}
		const early = beforeStore ? await beforeStore(tx) : null;
		if (early) return early;
		await tx`
			update account set password_hash = ${hash}, password_changed_at = ${f.now}, updated_at = ${f.now}
			where id = ${f.account.id}`;
		const sessionsEnded = await session.invalidateAll(tx, f.account.id);
		let recoveryLeft: number | null = null;
		if (usedRecovery) {
			recoveryLeft = await recovery.remaining(tx, f.account.id);
			await audit.record(tx, {
				organisationId: f.account.organisationId,
				accountId: f.account.id,
				action: 'recovery.used',
				ipHash: f.input.ipHash,
				details: { remaining: recoveryLeft, purpose: f.purpose }
			});
		}
		return change(tx, { usedRecovery, sessionsEnded, recoveryLeft });
	})) as T | Refused;
	if (result.kind === 'wrongRecoveryCode') await failure('recovery-code');
	return result;
}
