/**
 * Mails the app sent during the e2e run: serve.ts runs a real SMTP listener and writes
 * every message it receives as a JSON file here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import type { ReceivedMail } from '../../support/smtp';

export const mailDir = path.resolve('.data/e2e-mail');

export function allMail(): ReceivedMail[] {
	if (!existsSync(mailDir)) return [];
	return readdirSync(mailDir)
		.sort()
		.map((f) => JSON.parse(readFileSync(path.join(mailDir, f), 'utf8')) as ReceivedMail);
}

/** Waits for a mail to `to` whose subject contains `subject`, received after `since`. */
export async function waitForMail(to: string, subject: string, since: Date): Promise<ReceivedMail> {
	let found: ReceivedMail | undefined;
	await expect
		.poll(
			() => {
				found = allMail()
					.reverse()
					.find(
						(m) =>
							m.to.toLowerCase() === to.toLowerCase() &&
							m.subject.includes(subject) &&
							new Date(m.receivedAt) >= since
					);
				return found !== undefined;
			},
			{ message: `mail "${subject}" to ${to}`, timeout: 20_000 }
		)
		.toBe(true);
	return found!;
}

export function linkIn(mail: ReceivedMail, pathPrefix: string): string {
	const match = new RegExp(`https?://[^\\s]+${pathPrefix.replaceAll('/', '\\/')}[^\\s]*`).exec(
		mail.text
	);
	if (!match) throw new Error(`No link with ${pathPrefix} in mail "${mail.subject}"`);
	return match[0];
}
