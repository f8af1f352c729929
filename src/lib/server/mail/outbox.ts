/**
 * The outbox: a mail is a row written in the same transaction as the change that causes
 * it. It is sent after commit by the sender (sender.ts), with retries; a rolled-back change
 * leaves no row, so no mail.
 */
import type { Sql, TransactionSql } from '../db';
import type { RenderedMail } from './templates';

export interface OutgoingMail extends RenderedMail {
	kind: string;
	organisationId: string | null;
	accountId: string | null;
	fromName: string;
	to: string;
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** The sender subscribes to be woken right after a commit instead of at its next poll. */
export function onEnqueued(listener: Listener): () => void {
	listeners.add(listener);
	return () => listeners.delete(listener);
}

export async function enqueue(sql: Sql | TransactionSql, mail: OutgoingMail): Promise<void> {
	await sql`
		insert into outbox (organisation_id, account_id, kind, from_name, to_address, subject, text_body, html_body)
		values (${mail.organisationId}, ${mail.accountId}, ${mail.kind}, ${mail.fromName}, ${mail.to},
			${mail.subject}, ${mail.text}, ${mail.html})`;
	// A wake-up before commit finds nothing yet; the sender also polls, so nothing is missed.
	setTimeout(() => listeners.forEach((l) => l()), 50);
}

export interface OutboxRow {
	id: number;
	kind: string;
	toAddress: string;
	fromName: string;
	subject: string;
	textBody: string;
	htmlBody: string;
	createdAt: Date;
	sentAt: Date | null;
	/** Not sent and never will be: the account was deactivated first. */
	cancelledAt: Date | null;
	attempts: number;
	lastError: string | null;
}

export async function latest(sql: Sql, limit = 50): Promise<OutboxRow[]> {
	return sql<OutboxRow[]>`
		select id::int, kind, to_address, from_name, subject, text_body, html_body, created_at, sent_at, cancelled_at, attempts, last_error
		from outbox order by id desc limit ${limit}`;
}
