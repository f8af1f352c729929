/**
 * The audit log: who did what to which thing, when, from which (hashed) address. Never a
 * password, a code, a name or an e-mail address in `details`.
 *
 * Rows are only ever added: the database refuses UPDATE, DELETE and TRUNCATE of
 * `audit_log`, and chains every committed row into `audit_chain` (migration 0009;
 * `npm run audit:verify` checks the chain, `audit-chain.ts`).
 *
 * Denied views (NEN 7513: attempts count too) get the fields of the allowed view and
 * `details.result = 'denied'`. So that a crawler cannot flood the log, repeats per account,
 * action and target are collapsed per window of a minute: the first denial is an audit row
 * at once (`count: 1`); later ones in the window are counted in `audit_denial`, and once the
 * window has closed one more row records them (`count`: how many, `first`: the id of the
 * window's first row). So `count` is always the number of attempts a row stands for.
 */
import type { Actor } from './access/policy';
import type { Sql, TransactionSql } from './db';

export type AuditDetails = Record<string, string | number | boolean | null>;

export interface AuditEntry {
	organisationId?: string | null;
	accountId?: string | null;
	action: string;
	targetType?: string;
	targetId?: string;
	ipHash?: string | null;
	details?: AuditDetails;
}

export async function record(sql: Sql | TransactionSql, entry: AuditEntry): Promise<void> {
	await insert(sql, entry);
}

/** A row for what `actor` did to one thing (`targetType`, `targetId`). */
export function byActor(
	sql: Sql | TransactionSql,
	actor: Pick<Actor, 'organisationId' | 'accountId' | 'ipHash'>,
	action: string,
	targetType: string,
	targetId: string,
	details?: AuditDetails
): Promise<void> {
	return record(sql, {
		organisationId: actor.organisationId,
		accountId: actor.accountId,
		action,
		targetType,
		targetId,
		ipHash: actor.ipHash,
		details
	});
}

async function insert(
	sql: Sql | TransactionSql,
	entry: AuditEntry,
	occurredAt?: Date
): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		insert into audit_log (occurred_at, organisation_id, account_id, action, target_type, target_id, ip_hash, details)
		values (
			${occurredAt ?? sql`now()`}, ${entry.organisationId ?? null}, ${entry.accountId ?? null},
			${entry.action}, ${entry.targetType ?? null}, ${entry.targetId ?? null},
			${entry.ipHash ?? null}, ${sql.json(entry.details ?? {})}
		)
		returning id`;
	return row!.id;
}

/** How long repeated denials of one account, action and target are collapsed. */
export const denialWindowMs = 60_000;

export interface DeniedEntry {
	organisationId: string;
	accountId: string;
	action: string;
	targetType: string;
	targetId: string;
	ipHash: string | null;
	details?: AuditDetails;
}

/** Records a denied attempt, collapsed with its repeats within a minute. */
export async function denied(sql: Sql, entry: DeniedEntry, now = new Date()): Promise<void> {
	const key = { ...entry, targetId: entry.targetId.toLowerCase() };
	await sql.begin(async (tx) => {
		await flush(tx, now, key);
		const [window] = await tx<{ repeats: number }[]>`
			insert into audit_denial (account_id, action, target_type, target_id, organisation_id,
				ip_hash, details, opened_at, last_at)
			values (${key.accountId}, ${key.action}, ${key.targetType}, ${key.targetId},
				${key.organisationId}, ${key.ipHash}, ${tx.json(key.details ?? {})}, ${now}, ${now})
			on conflict (account_id, action, target_type, target_id) do update
				set repeats = audit_denial.repeats + 1, last_at = excluded.last_at,
					ip_hash = excluded.ip_hash
			returning repeats`;
		if (window!.repeats > 0) return;
		const id = await insert(
			tx,
			{ ...key, details: { ...key.details, result: 'denied', count: 1 } },
			now
		);
		await tx`
			update audit_denial set first_audit_id = ${id}
			where account_id = ${key.accountId} and action = ${key.action}
				and target_type = ${key.targetType} and target_id = ${key.targetId}`;
	});
}

/**
 * Writes the audit row of every closed window with repeats and removes the windows. Spans
 * all organisations (a maintenance job, like the files sweep); one node at a time.
 */
export async function flushDenials(sql: Sql, now = new Date()): Promise<number> {
	return sql.begin(async (tx) => {
		const [lock] = await tx<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(72062) as ok`;
		return lock?.ok ? flush(tx, now) : 0;
	});
}

interface WindowKey {
	accountId: string;
	action: string;
	targetType: string;
	targetId: string;
}

async function flush(tx: TransactionSql, now: Date, key?: WindowKey): Promise<number> {
	const closedBefore = new Date(now.getTime() - denialWindowMs);
	const only = key
		? tx`and account_id = ${key.accountId} and action = ${key.action}
			and target_type = ${key.targetType} and target_id = ${key.targetId}`
		: tx``;
	const written = await tx`
		with closed as (
			delete from audit_denial where opened_at <= ${closedBefore} ${only}
			returning *
		)
		insert into audit_log (occurred_at, organisation_id, account_id, action, target_type,
			target_id, ip_hash, details)
		select last_at, organisation_id, account_id, action, target_type, target_id, ip_hash,
			details || jsonb_build_object('result', 'denied', 'count', repeats,
				'first', first_audit_id::text)
		from closed where repeats > 0
		order by opened_at`;
	return written.count;
}
