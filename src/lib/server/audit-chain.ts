/**
 * Checking the audit log's hash chain (`npm run audit:verify`).
 *
 * At commit the database appends every new audit row to `audit_chain` (migration 0009):
 * position `seq` (1, 2, 3, … in commit order, no gaps), the row's id, and
 *
 *     hash = hex(sha256(utf8(previous hash + "\n" + canonical(row))))
 *
 * where the previous hash of position 1 is 64 zeros. The canonical text (version 1) is
 * `kindkring-audit-v1` followed by these fields of the row, in this order, each as `~` when
 * NULL and otherwise as its UTF-8 byte length, `:` and the text itself (so no value can be
 * mistaken for a separator):
 *
 *     id                decimal
 *     occurred_at       UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ (microseconds)
 *     organisation_id   uuid, lower case
 *     account_id        uuid, lower case
 *     action, target_type, target_id, ip_hash   as stored
 *     details           PostgreSQL's text form of the jsonb value (keys sorted its way)
 *
 * Verifying recomputes every hash here, independently of the database's functions, and
 * stops at the first position that does not match: a row edited (its hash differs), a row
 * removed (its chain entry points at nothing), a chain entry removed (a gap), or a row that
 * is not in the chain. Removing the newest rows together with their chain entries leaves no
 * gap; an anchor (a position and hash noted from an earlier run) catches that.
 */
import { createHash } from 'node:crypto';
import type { Sql, TransactionSql } from './db';

export const genesis = '0'.repeat(64);

export interface ChainedRow {
	id: string;
	occurredAt: string;
	organisationId: string | null;
	accountId: string | null;
	action: string;
	targetType: string | null;
	targetId: string | null;
	ipHash: string | null;
	details: string;
}

function field(value: string | null): string {
	return value === null ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

export function canonical(row: ChainedRow): string {
	return (
		'kindkring-audit-v1' +
		[
			row.id,
			row.occurredAt,
			row.organisationId,
			row.accountId,
			row.action,
			row.targetType,
			row.targetId,
			row.ipHash,
			row.details
		]
			.map(field)
			.join('')
	);
}

export function chainHash(previous: string, row: ChainedRow): string {
	return createHash('sha256')
		.update(previous + '\n' + canonical(row), 'utf8')
		.digest('hex');
}

export interface Anchor {
	seq: number;
	hash: string;
}

export type Problem =
	| { kind: 'edited'; seq: number; auditId: string }
	| { kind: 'removed'; seq: number; auditId: string }
	| { kind: 'gap'; seq: number; afterAuditId: string | null }
	| { kind: 'unchained'; auditId: string }
	| { kind: 'anchor'; seq: number };

export interface Verification {
	/** Positions checked. */
	checked: number;
	/** The newest position and its hash: note it to anchor a later run. */
	head: Anchor | null;
	problem: Problem | null;
}

interface Entry extends Partial<ChainedRow> {
	seq: string;
	auditId: string;
	hash: string;
	found: boolean;
}

/** Walks the whole chain in one consistent snapshot. */
export async function verify(sql: Sql, anchor?: Anchor): Promise<Verification> {
	return sql.begin('isolation level repeatable read read only', (tx) => check(tx, anchor));
}

/** The walk itself, in a transaction the caller holds. */
export async function check(tx: TransactionSql, anchor?: Anchor): Promise<Verification> {
	let previous = genesis;
	let expected = 1;
	let lastAuditId: string | null = null;
	let problem: Problem | null = null;
	let anchorSeen = !anchor;
	const cursor = tx<Entry[]>`
		select c.seq, c.audit_id, c.hash, l.id is not null as found, l.id,
			to_char(l.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
			l.organisation_id::text as organisation_id, l.account_id::text as account_id,
			l.action, l.target_type, l.target_id, l.ip_hash, l.details::text as details
		from audit_chain c left join audit_log l on l.id = c.audit_id
		order by c.seq`.cursor(1000);
	walk: for await (const entries of cursor) {
		for (const entry of entries) {
			const seq = Number(entry.seq);
			if (seq !== expected) {
				problem = { kind: 'gap', seq: expected, afterAuditId: lastAuditId };
				break walk;
			}
			if (!entry.found) {
				problem = { kind: 'removed', seq, auditId: entry.auditId };
				break walk;
			}
			if (chainHash(previous, entry as ChainedRow) !== entry.hash) {
				problem = { kind: 'edited', seq, auditId: entry.auditId };
				break walk;
			}
			if (anchor && seq === anchor.seq) {
				if (entry.hash !== anchor.hash) {
					problem = { kind: 'anchor', seq };
					break walk;
				}
				anchorSeen = true;
			}
			previous = entry.hash;
			lastAuditId = entry.auditId;
			expected++;
		}
	}
	const checked = expected - 1;
	const head = checked > 0 ? { seq: checked, hash: previous } : null;
	if (problem) return { checked, head, problem };
	if (!anchorSeen) return { checked, head, problem: { kind: 'anchor', seq: anchor!.seq } };
	const [unchained] = await tx<{ id: string }[]>`
		select l.id from audit_log l
		where not exists (select 1 from audit_chain c where c.audit_id = l.id)
		order by l.id limit 1`;
	if (unchained) return { checked, head, problem: { kind: 'unchained', auditId: unchained.id } };
	return { checked, head, problem: null };
}

/** What the check found, in Dutch, for the operator. */
export function describeProblem(problem: Problem): string {
	switch (problem.kind) {
		case 'edited':
			return `auditregel ${problem.auditId} (positie ${problem.seq}) is gewijzigd: de hash klopt niet meer.`;
		case 'removed':
			return `auditregel ${problem.auditId} (positie ${problem.seq}) is verwijderd: de keten verwijst naar een regel die er niet meer is.`;
		case 'gap':
			return `positie ${problem.seq} ontbreekt in de keten${problem.afterAuditId ? ` (na auditregel ${problem.afterAuditId})` : ''}: een regel is met zijn ketenschakel verwijderd.`;
		case 'unchained':
			return `auditregel ${problem.auditId} staat niet in de keten: hij is toegevoegd buiten de trigger om.`;
		case 'anchor':
			return `positie ${problem.seq} heeft niet de opgegeven hash (of bestaat niet meer): de keten is vanaf daar herschreven of ingekort.`;
	}
}
