import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as mails from '../../src/lib/server/auth/mails';
import { sql } from '../../src/lib/server/db';
import * as demo from '../../src/lib/server/demo/seed';
import * as outbox from '../../src/lib/server/mail/outbox';
import * as sender from '../../src/lib/server/mail/sender';
import { startSmtp, type SmtpListener } from '../support/smtp';

let smtp: SmtpListener;

beforeAll(async () => {
	await demo.seed(sql);
	smtp = await startSmtp();
});

afterAll(async () => {
	await smtp.stop();
});

/** Mail goes through a real SMTP listener: give it more than expect.poll's default second. */
const patience = { timeout: 10_000 };

async function lotte(): Promise<mails.MailAccount> {
	const [row] = await sql<mails.MailAccount[]>`
		select id, organisation_id, username, email, display_name from account where username = 'lotte.vandam'`;
	return row!;
}

describe('outbox', () => {
	it('writes no mail for a change that rolled back', async () => {
		const account = await lotte();
		await expect(
			sql.begin(async (tx) => {
				await mails.notice(
					tx,
					account,
					'test-rollback',
					'test',
					'Iets is gewijzigd.',
					'https://x.test'
				);
				throw new Error('the change failed');
			})
		).rejects.toThrow('the change failed');
		expect(await sql`select 1 from outbox where kind = 'test-rollback'`).toHaveLength(0);
	});

	it('renders Dutch plain text and HTML with the organisation as sender and its closing text', async () => {
		await sql`update organisation set mail_closing_text = ${'Met vriendelijke groet,\nTeam PPO Rotterdam'} where code = 'PO2806'`;
		const account = await lotte();
		await mails.notice(
			sql,
			account,
			'test-render',
			'uw wachtwoord is gewijzigd',
			'Uw wachtwoord is gewijzigd.',
			'https://x.test'
		);
		const [row] = await outbox.latest(sql, 1);
		expect(row).toMatchObject({
			kind: 'test-render',
			fromName: 'PPO Rotterdam',
			toAddress: 'l.vandam@vuurtoren.example.nl'
		});
		expect(row!.subject).toBe('Kindkring: uw wachtwoord is gewijzigd');
		expect(row!.textBody).toContain('Beste Lotte van Dam,');
		expect(row!.textBody).toContain('Gebruikersnaam: lotte.vandam');
		expect(row!.textBody).toContain('Team PPO Rotterdam');
		expect(row!.htmlBody).toContain('<html lang="nl">');
		expect(row!.htmlBody).toContain('Team PPO Rotterdam');
	});

	it('escapes HTML in names', async () => {
		const account = { ...(await lotte()), displayName: '<script>alert(1)</script>' };
		await mails.notice(sql, account, 'test-escape', 'x', 'x', 'https://x.test');
		const [row] = await sql<
			{ htmlBody: string }[]
		>`select html_body from outbox where kind = 'test-escape'`;
		expect(row!.htmlBody).not.toContain('<script>');
		expect(row!.htmlBody).toContain('&lt;script&gt;');
	});

	it('keeps a mail through an SMTP outage and delivers it afterwards', async () => {
		await sql`update outbox set sent_at = now() where sent_at is null`;
		const account = await lotte();
		await smtp.stop();
		const running = sender.start(sql, {
			smtpUrl: smtp.url,
			fromAddress: 'kindkring@example.nl',
			pollMs: 60_000,
			baseBackoffMs: 100
		});
		try {
			await mails.notice(
				sql,
				account,
				'test-outage',
				'na de storing',
				'Deze mail moet aankomen.',
				'https://x.test'
			);
			await running.runOnce();
			const [failed] = await sql<
				{ attempts: number; lastError: string | null; sentAt: Date | null }[]
			>`
				select attempts, last_error, sent_at from outbox where kind = 'test-outage'`;
			expect(failed).toMatchObject({ attempts: 1, sentAt: null });
			expect(failed!.lastError).toBeTruthy();

			await smtp.start();
			// The retry waits out its backoff (100 ms here) before it is due again.
			await expect
				.poll(async () => {
					const [row] = await sql<{ due: boolean }[]>`
						select next_attempt_at <= now() as due from outbox where kind = 'test-outage'`;
					return row!.due;
				}, patience)
				.toBe(true);
			await running.runOnce();
			await expect
				.poll(() => smtp.messages.map((m) => m.subject), patience)
				.toContain('Kindkring: na de storing');
			const mail = smtp.messages.find((m) => m.subject === 'Kindkring: na de storing')!;
			expect(mail).toMatchObject({
				to: 'l.vandam@vuurtoren.example.nl',
				fromName: 'PPO Rotterdam',
				from: 'kindkring@example.nl'
			});
			expect(mail.text).toContain('Deze mail moet aankomen.');
			const [sent] = await sql<{ sentAt: Date | null; attempts: number }[]>`
				select sent_at, attempts from outbox where kind = 'test-outage'`;
			expect(sent!.sentAt).not.toBeNull();
			expect(sent!.attempts).toBe(2);
		} finally {
			await running.stop();
		}
	});

	it('sends each mail once when two senders run (two app nodes)', async () => {
		await sql`update outbox set sent_at = now() where sent_at is null`;
		const account = await lotte();
		for (let i = 0; i < 12; i++) {
			await mails.notice(sql, account, 'test-two-nodes', `twee nodes ${i}`, 'x', 'https://x.test');
		}
		const before = smtp.messages.length;
		const a = sender.start(sql, { smtpUrl: smtp.url, fromAddress: 'k@example.nl', pollMs: 60_000 });
		const b = sender.start(sql, { smtpUrl: smtp.url, fromAddress: 'k@example.nl', pollMs: 60_000 });
		try {
			await Promise.all([a.runOnce(), b.runOnce()]);
			await expect.poll(() => smtp.messages.length - before, patience).toBeGreaterThanOrEqual(12);
			// Both senders finished every run they started: a mail sent twice is in by now.
			await Promise.all([a.stop(), b.stop()]);
			await expect
				.poll(async () => {
					const [row] = await sql<{ n: number }[]>`
						select count(*)::int as n from outbox where kind = 'test-two-nodes' and sent_at is null`;
					return row!.n;
				}, patience)
				.toBe(0);
			const subjects = smtp.messages.slice(before).map((m) => m.subject);
			expect(subjects).toHaveLength(12);
			expect(new Set(subjects).size).toBe(12);
		} finally {
			await a.stop();
			await b.stop();
		}
	});
});
