/**
 * The audit log: who did what to which thing, when, from which (hashed) address. Never a
 * password, a code, a name or an e-mail address in `details`.
 */
import type { Sql, TransactionSql } from './db';

export interface AuditEntry {
	organisationId?: string | null;
	accountId?: string | null;
	action: string;
	targetType?: string;
	targetId?: string;
	ipHash?: string | null;
	details?: Record<string, string | number | boolean | null>;
}

export async function record(sql: Sql | TransactionSql, entry: AuditEntry): Promise<void> {
	await sql`
		insert into audit_log (organisation_id, account_id, action, target_type, target_id, ip_hash, details)
		values (
			${entry.organisationId ?? null}, ${entry.accountId ?? null}, ${entry.action},
			${entry.targetType ?? null}, ${entry.targetId ?? null}, ${entry.ipHash ?? null},
			${sql.json(entry.details ?? {})}
		)`;
}
