/**
 * Checking a TOTP code: acceptance (±1 step, atomic one-time claim), drift repair
 * (RFC 6238 §6) and, after a correct password, a diagnosis of a wrong code that tells the
 * user what is actually wrong, without ever
 * accepting a code outside ±1 step of the (drift-corrected) time.
 */
import { decrypt } from '../crypto';
import type { Sql } from '../db';
import * as totp from './totp';

/** Drift repair looks this far (10 steps = 5 minutes); hints look twice as far. */
export const driftWindow = 10;
export const hintWindow = 20;

export type CodeCheck =
	| { kind: 'accepted'; secretId: string; driftSteps: number; driftRepaired: boolean }
	| { kind: 'reused' }
	| { kind: 'mismatch' };

interface SecretRow {
	id: string;
	secretEncrypted: string;
	driftSteps: number;
	driftCandidateSteps: number | null;
	driftCandidateStep: string | null;
}

/**
 * Steps older than this (relative to the real current step) can never be accepted again —
 * not even with the largest stored drift — so they are dropped from `used_steps`.
 */
const keptSteps = driftWindow + 2;

/**
 * Claims `step` for the secret: accepted only when that very step was not used before.
 * Replay protection by the set of used steps, not by "later than the last one": after a
 * drift repair the last used step lies in the phone's future, and the code at the real step,
 * once the clock is fixed, must still work. One conditional update: PostgreSQL re-checks the
 * condition on the row another request just changed, so of many requests with one code one wins.
 */
async function claim(
	sql: Sql,
	id: string,
	step: number,
	drift: number,
	realStep: number
): Promise<boolean> {
	const rows = await sql`
		update totp_secret set
			used_steps = array(
				select s from unnest(used_steps || ${step}::bigint) s
				where s >= ${realStep - keptSteps}::bigint order by s),
			last_used_step = ${step},
			drift_steps = ${drift}, drift_candidate_steps = null, drift_candidate_step = null
		where id = ${id} and not (${step}::bigint = any(used_steps))
		returning id`;
	return rows.length === 1;
}

/**
 * Checks a code against the account's active authenticators and claims its time step. The
 * claim is one conditional update: of many requests with the same code, one wins.
 */
export async function acceptCode(
	sql: Sql,
	accountId: string,
	code: string,
	now = new Date()
): Promise<CodeCheck> {
	const secrets = await sql<SecretRow[]>`
		select id, secret_encrypted, drift_steps, drift_candidate_steps, drift_candidate_step
		from totp_secret where account_id = ${accountId} and state = 'active'`;
	const t = now.getTime();
	const realStep = totp.currentStep(t);
	let reused = false;
	for (const s of secrets) {
		const secret = decrypt(s.secretEncrypted, `totp:${s.id}`);
		// An exact code also resets a stored drift: the phone's clock was fixed.
		const exact = totp.matchStep(secret, code, t, 1);
		if (exact !== null) {
			if (await claim(sql, s.id, exact, 0, realStep)) {
				return { kind: 'accepted', secretId: s.id, driftSteps: 0, driftRepaired: false };
			}
			reused = true;
			continue;
		}
		if (s.driftSteps !== 0) {
			const drifted = totp.matchStep(secret, code, t + s.driftSteps * totp.period * 1000, 1);
			if (drifted !== null) {
				if (await claim(sql, s.id, drifted, s.driftSteps, realStep)) {
					return {
						kind: 'accepted',
						secretId: s.id,
						driftSteps: s.driftSteps,
						driftRepaired: false
					};
				}
				reused = true;
				continue;
			}
		}
		const wide = totp.matchStep(secret, code, t, driftWindow);
		if (wide === null) continue;
		const offset = wide - realStep;
		const candidateStep = s.driftCandidateStep === null ? null : Number(s.driftCandidateStep);
		// Two consecutive codes at (about) the same offset: the clock is off, not a guess.
		if (
			s.driftCandidateSteps !== null &&
			candidateStep !== null &&
			wide > candidateStep &&
			Math.abs(s.driftCandidateSteps - offset) <= 1
		) {
			if (await claim(sql, s.id, wide, offset, realStep)) {
				return { kind: 'accepted', secretId: s.id, driftSteps: offset, driftRepaired: true };
			}
			reused = true;
			continue;
		}
		await sql`
			update totp_secret set drift_candidate_steps = ${offset}, drift_candidate_step = ${wide}
			where id = ${s.id}`;
	}
	return reused ? { kind: 'reused' } : { kind: 'mismatch' };
}

export type CodeHint =
	| { kind: 'clock'; offsetSeconds: number }
	| { kind: 'replaced'; entryAddedAt: Date; currentAddedAt: Date | null }
	| {
			kind: 'otherAccount';
			username: string;
			organisationName: string;
			organisationShortName: string;
	  }
	| { kind: 'none' };

/**
 * Why a code did not work. Only call after a correct password: these hints say something
 * about the account. Nothing here logs anyone in.
 */
export async function diagnose(
	sql: Sql,
	account: { id: string; email: string },
	code: string,
	now = new Date()
): Promise<CodeHint> {
	const t = now.getTime();
	const own = await sql<
		{
			id: string;
			secretEncrypted: string;
			state: string;
			confirmedAt: Date | null;
			createdAt: Date;
		}[]
	>`
		select id, secret_encrypted, state, confirmed_at, created_at from totp_secret
		where account_id = ${account.id} and state in ('active', 'replaced')
		order by created_at`;
	const active = own.filter((s) => s.state === 'active');
	for (const s of active) {
		const step = totp.matchStep(decrypt(s.secretEncrypted, `totp:${s.id}`), code, t, hintWindow);
		if (step !== null) {
			return { kind: 'clock', offsetSeconds: (step - totp.currentStep(t)) * totp.period };
		}
	}
	const current = active.at(-1);
	for (const s of own.filter((x) => x.state === 'replaced')) {
		if (totp.matchStep(decrypt(s.secretEncrypted, `totp:${s.id}`), code, t, 1) !== null) {
			return {
				kind: 'replaced',
				entryAddedAt: s.confirmedAt ?? s.createdAt,
				currentAddedAt: current ? (current.confirmedAt ?? current.createdAt) : null
			};
		}
	}
	const others = await sql<
		{
			id: string;
			secretEncrypted: string;
			username: string;
			organisationName: string;
			organisationShortName: string;
		}[]
	>`
		select t.id, t.secret_encrypted, a.username, o.name as organisation_name, o.short_name as organisation_short_name
		from account a
		join totp_secret t on t.account_id = a.id and t.state = 'active'
		join organisation o on o.id = a.organisation_id
		where lower(a.email) = ${account.email.toLowerCase()} and a.id <> ${account.id} and a.state = 'active'`;
	for (const o of others) {
		if (totp.matchStep(decrypt(o.secretEncrypted, `totp:${o.id}`), code, t, 1) !== null) {
			return {
				kind: 'otherAccount',
				username: o.username,
				organisationName: o.organisationName,
				organisationShortName: o.organisationShortName
			};
		}
	}
	return { kind: 'none' };
}
