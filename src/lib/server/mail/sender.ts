/**
 * Delivers the outbox over SMTP (nodemailer) with retries and exponential backoff.
 *
 * Several app nodes may run a sender: a row is claimed by moving its next attempt forward
 * (a lease) under `for update skip locked`, so one node sends it. A node that dies while
 * sending leaves the lease to expire and another node retries: at-least-once delivery.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Sql } from '../db';
import { log } from '../log';
import { onEnqueued } from './outbox';

export interface SenderOptions {
	smtpUrl: string;
	fromAddress: string;
	pollMs?: number;
	/** Longest wait between attempts. */
	maxBackoffMs?: number;
	/** First wait after a failure; doubles each attempt. */
	baseBackoffMs?: number;
	maxAttempts?: number;
}

export interface Sender {
	/** Sends what is due now (after any run under way); resolves with the number sent. */
	runOnce(): Promise<number>;
	stop(): Promise<void>;
}

const leaseMs = 120_000;

export function start(sql: Sql, options: SenderOptions): Sender {
	const transport: Transporter = nodemailer.createTransport(options.smtpUrl);
	const pollMs = options.pollMs ?? 5000;
	const base = options.baseBackoffMs ?? 10_000;
	const cap = options.maxBackoffMs ?? 3_600_000;
	const maxAttempts = options.maxAttempts ?? 25;
	let running: Promise<number> | undefined;
	let again = false;
	let stopped = false;

	async function sendDue(): Promise<number> {
		let sent = 0;
		for (;;) {
			const batch = await sql<
				{
					id: number;
					fromName: string;
					toAddress: string;
					subject: string;
					textBody: string;
					htmlBody: string;
					attempts: number;
				}[]
			>`
				with due as (
					select o.id from outbox o
					where o.sent_at is null and o.cancelled_at is null and o.next_attempt_at <= now()
						and o.attempts < ${maxAttempts}
						-- A deactivated account gets no mail but the notice of its deactivation,
						-- also none that was queued before (account-actions.ts cancels those; this
						-- catches one committed by a transaction that still saw the account active).
						and not exists (select 1 from account a where a.id = o.account_id
							and a.state = 'deactivated' and o.kind <> 'deactivated')
					order by o.id limit 10
					for update of o skip locked
				)
				update outbox o set attempts = o.attempts + 1,
					next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
				from due where o.id = due.id
				returning o.id::int, o.from_name, o.to_address, o.subject, o.text_body, o.html_body, o.attempts`;
			if (batch.length === 0) return sent;
			for (const mail of batch) {
				try {
					await transport.sendMail({
						from: { name: mail.fromName, address: options.fromAddress },
						to: mail.toAddress,
						subject: mail.subject,
						text: mail.textBody,
						html: mail.htmlBody
					});
					await sql`update outbox set sent_at = now(), last_error = null where id = ${mail.id}`;
					sent++;
				} catch (error) {
					const wait = Math.min(cap, base * 2 ** (mail.attempts - 1));
					const reason = error instanceof Error ? error.message.slice(0, 500) : 'unknown error';
					await sql`
						update outbox set last_error = ${reason},
							next_attempt_at = now() + ${wait} * interval '1 millisecond'
						where id = ${mail.id}`;
					log.warn(
						{ outboxId: mail.id, attempts: mail.attempts, retryInMs: wait },
						'mail not sent, will retry'
					);
					if (mail.attempts >= maxAttempts)
						log.error({ outboxId: mail.id }, 'mail given up after max attempts');
				}
			}
		}
	}

	function run(): Promise<number> {
		if (running) {
			again = true;
			return running;
		}
		running = sendDue()
			.catch((error) => {
				log.warn({ err: { message: (error as Error).message } }, 'outbox run failed');
				return 0;
			})
			.finally(() => {
				running = undefined;
				if (again && !stopped) {
					again = false;
					void run();
				}
			});
		return running;
	}

	const timer = setInterval(() => void run(), pollMs);
	timer.unref();
	const unsubscribe = onEnqueued(() => void run());
	void run();

	return {
		// A whole run that starts after this call: a run already under way may have looked
		// at the outbox before the caller's mail was in it.
		runOnce: async () => {
			while (running) await running;
			return run();
		},
		stop: async () => {
			stopped = true;
			clearInterval(timer);
			unsubscribe();
			await running;
			transport.close();
		}
	};
}
