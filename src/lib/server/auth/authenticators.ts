/**
 * Several authenticators per account: a phone and a tablet, or the Kindkring app
 * beside another app. Any active one logs in (code-check.ts checks them all), so using a
 * second device no longer silently retires the first ("only the newest phone
 * works").
 *
 * Adding one needs proof of the second factor — a current code from an authenticator the
 * account already has, or an unused recovery code — not just a session: a laptop left
 * unlocked must not be enough to give someone a lasting way in. The proof opens a setup
 * window for this session only; the new secret stays `pending` (one per account, reused on
 * reload) until a correct code from it confirms it.
 */
import { randomUUID } from 'node:crypto';
import * as audit from '../audit';
import { isUuid } from '../ids';
import { decrypt, encrypt } from '../crypto';
import type { Sql, TransactionSql } from '../db';
import { acceptCode } from './code-check';
import * as mails from './mails';
import * as recovery from './recovery';
import * as throttle from './throttle';
import * as totp from './totp';

/** How long a proven session may see and confirm the pending secret. */
export const setupMinutes = 15;
/** Wrong proofs per account: a stolen session cannot guess its way to a second factor. */
export const proofLimit = { attempts: 5, windowSeconds: 15 * 60 };
export const maxNameLength = 60;

export interface Authenticator {
	id: string;
	name: string;
	addedAt: Date;
	/** Start of the 30-second step of the last accepted code; null when never used. */
	lastUsedAt: Date | null;
}

export interface Holder extends mails.MailAccount {
	organisationShortName: string;
}

export interface Context {
	sessionId: string;
	ipHash: string | null;
	origin: string;
	now?: Date;
}

export async function list(sql: Sql, accountId: string): Promise<Authenticator[]> {
	const rows = await sql<
		{ id: string; name: string; addedAt: Date; lastUsedStep: string | null }[]
	>`
		select id, name, coalesce(confirmed_at, created_at) as added_at, last_used_step
		from totp_secret where account_id = ${accountId} and state = 'active'
		order by coalesce(confirmed_at, created_at), id`;
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		addedAt: r.addedAt,
		lastUsedAt:
			r.lastUsedStep === null ? null : new Date(Number(r.lastUsedStep) * totp.period * 1000)
	}));
}

export type ProofResult =
	| { kind: 'ok'; method: 'code' | 'recovery' }
	| { kind: 'wrong' }
	| { kind: 'limited'; until: Date };

/**
 * Checks the proof and opens the setup window for this session. The pending secret is created
 * here, or reused when one exists (an earlier attempt, a second tab).
 */
export async function prove(
	sql: Sql,
	holder: Holder,
	proof: string,
	ctx: Context
): Promise<ProofResult> {
	const now = ctx.now ?? new Date();
	const limit = await throttle.hit(
		sql,
		`totp-add:${holder.id}`,
		proofLimit.attempts,
		proofLimit.windowSeconds,
		now
	);
	if (!limit.allowed) return { kind: 'limited', until: limit.retryAt };

	const value = proof.trim();
	let method: 'code' | 'recovery' | null = null;
	if (/^\d{6}$/.test(totp.normaliseCode(value))) {
		// Claims the code's step: the same code cannot also log someone in.
		const check = await acceptCode(sql, holder.id, value, now);
		if (check.kind === 'accepted') method = 'code';
	}
	return sql.begin(async (tx): Promise<ProofResult> => {
		await tx`select id from account where id = ${holder.id} for update`;
		if (method === null && (await recovery.use(tx, holder.id, value, now))) {
			method = 'recovery';
		}
		if (method === null) {
			await audit.record(tx, {
				organisationId: holder.organisationId,
				accountId: holder.id,
				action: 'totp.add-refused',
				ipHash: ctx.ipHash,
				details: { reason: 'proof' }
			});
			return { kind: 'wrong' };
		}
		const until = new Date(now.getTime() + setupMinutes * 60_000);
		const [existing] = await tx<{ id: string }[]>`
			select id from totp_secret where account_id = ${holder.id} and state = 'pending'`;
		let secretId = existing?.id;
		if (secretId) {
			await tx`
				update totp_secret set setup_session_id = ${ctx.sessionId}, setup_until = ${until}
				where id = ${secretId}`;
		} else {
			secretId = randomUUID();
			await tx`
				insert into totp_secret (id, account_id, secret_encrypted, state, created_at, setup_session_id, setup_until)
				values (${secretId}, ${holder.id}, ${encrypt(totp.newSecret(), `totp:${secretId}`)}, 'pending',
					${now}, ${ctx.sessionId}, ${until})`;
		}
		await audit.record(tx, {
			organisationId: holder.organisationId,
			accountId: holder.id,
			action: 'totp.add-started',
			targetType: 'totp_secret',
			targetId: secretId,
			ipHash: ctx.ipHash,
			details: { proof: method }
		});
		if (method === 'recovery') {
			await audit.record(tx, {
				organisationId: holder.organisationId,
				accountId: holder.id,
				action: 'recovery.used',
				ipHash: ctx.ipHash,
				details: { purpose: 'totp-add' }
			});
		}
		return { kind: 'ok', method };
	});
}

export interface SetupView {
	secretId: string;
	qr: string;
	uri: string;
	groupedKey: string;
	label: string;
	/** The built-in authenticator; the secret travels in the fragment, which no server or log sees. */
	appUrl: string;
	until: Date;
}

async function openSetup(
	sql: Sql | TransactionSql,
	accountId: string,
	sessionId: string,
	now: Date
): Promise<{ id: string; secret: string; until: Date } | null> {
	const [row] = await sql<{ id: string; secretEncrypted: string; setupUntil: Date }[]>`
		select id, secret_encrypted, setup_until from totp_secret
		where account_id = ${accountId} and state = 'pending'
			and setup_session_id = ${sessionId} and setup_until > ${now}`;
	if (!row) return null;
	return {
		id: row.id,
		secret: decrypt(row.secretEncrypted, `totp:${row.id}`),
		until: row.setupUntil
	};
}

/** The pending secret this session proved itself for, or null (no proof, or the window closed). */
export async function setup(
	sql: Sql,
	holder: Holder,
	sessionId: string,
	now = new Date()
): Promise<SetupView | null> {
	const open = await openSetup(sql, holder.id, sessionId, now);
	if (!open) return null;
	const label = totp.label(holder.organisationShortName, holder.username);
	const uri = totp.uri(open.secret, label);
	return {
		secretId: open.id,
		qr: await totp.qrDataUrl(uri),
		uri,
		groupedKey: totp.groupedKey(open.secret),
		label,
		appUrl: `/authenticator#uri=${encodeURIComponent(uri)}`,
		until: open.until
	};
}

export function cleanName(input: string): string {
	return input.replace(/\s+/g, ' ').trim();
}

export function validateName(name: string): string | null {
	if (!name) return 'Geef de authenticator een naam, bijvoorbeeld "iPhone" of "tablet".';
	if (name.length > maxNameLength) return `De naam is te lang (hoogstens ${maxNameLength} tekens).`;
	return null;
}

export type ConfirmResult =
	| { kind: 'ok'; id: string; name: string }
	| { kind: 'expired' }
	| { kind: 'invalidName'; message: string }
	| { kind: 'wrongCode' };

/** A correct code from the new secret makes it active; the holder gets a mail about it. */
export async function confirm(
	sql: Sql,
	holder: Holder,
	input: { name: string; code: string },
	ctx: Context
): Promise<ConfirmResult> {
	const now = ctx.now ?? new Date();
	const name = cleanName(input.name);
	const invalid = validateName(name);
	if (invalid) return { kind: 'invalidName', message: invalid };
	return sql.begin(async (tx): Promise<ConfirmResult> => {
		await tx`select id from account where id = ${holder.id} for update`;
		const open = await openSetup(tx, holder.id, ctx.sessionId, now);
		if (!open) return { kind: 'expired' };
		const step = totp.matchStep(open.secret, input.code, now.getTime(), 1);
		if (step === null) return { kind: 'wrongCode' };
		await tx`
			update totp_secret set state = 'active', name = ${name}, confirmed_at = ${now},
				last_used_step = ${step}, used_steps = array[${step}]::bigint[], setup_session_id = null, setup_until = null
			where id = ${open.id}`;
		// A TOTP change ends every other session of the account: whoever
		// is logged in elsewhere must prove the second factor again.
		await endOtherSessions(tx, holder.id, ctx.sessionId);
		await audit.record(tx, {
			organisationId: holder.organisationId,
			accountId: holder.id,
			action: 'totp.added',
			targetType: 'totp_secret',
			targetId: open.id,
			ipHash: ctx.ipHash
		});
		await mails.notice(
			tx,
			holder,
			'authenticator-added',
			'er is een authenticator toegevoegd',
			`Er is een authenticator toegevoegd: ${name}. Met de codes daaruit kan voortaan ook op uw account worden ingelogd.`,
			ctx.origin
		);
		return { kind: 'ok', id: open.id, name };
	});
}

async function endOtherSessions(tx: TransactionSql, accountId: string, keep: string | null) {
	await tx`delete from session where account_id = ${accountId} and id is distinct from ${keep}`;
}

export type RemoveResult = { kind: 'ok'; name: string } | { kind: 'notFound' } | { kind: 'last' };

/**
 * Retires an authenticator (`replaced`, kept so the 2FA help recognises its codes as an old
 * entry). The last one stays: without it the holder could not log in again.
 */
export async function remove(
	sql: Sql,
	holder: Holder,
	secretId: string,
	ctx: Omit<Context, 'sessionId'> & { sessionId?: string | null }
): Promise<RemoveResult> {
	const now = ctx.now ?? new Date();
	if (!isUuid(secretId)) return { kind: 'notFound' };
	return sql.begin(async (tx): Promise<RemoveResult> => {
		// The account row serialises two removals at once: otherwise each could see the other
		// authenticator still active and together remove both.
		await tx`select id from account where id = ${holder.id} for update`;
		const active = await tx<{ id: string; name: string }[]>`
			select id, name from totp_secret where account_id = ${holder.id} and state = 'active'`;
		const target = active.find((s) => s.id === secretId);
		if (!target) return { kind: 'notFound' };
		if (active.length <= 1) return { kind: 'last' };
		await tx`
			update totp_secret set state = 'replaced', replaced_at = ${now}
			where id = ${target.id} and state = 'active'`;
		await endOtherSessions(tx, holder.id, ctx.sessionId ?? null);
		await audit.record(tx, {
			organisationId: holder.organisationId,
			accountId: holder.id,
			action: 'totp.removed',
			targetType: 'totp_secret',
			targetId: target.id,
			ipHash: ctx.ipHash
		});
		await mails.notice(
			tx,
			holder,
			'authenticator-removed',
			'er is een authenticator verwijderd',
			`Er is een authenticator verwijderd: ${target.name}. De codes daaruit werken niet meer.`,
			ctx.origin
		);
		return { kind: 'ok', name: target.name };
	});
}
