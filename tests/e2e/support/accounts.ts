/**
 * New accounts for browser tests, created the way a beheerder creates them (account.create,
 * which queues the real welcome mail), in the database behind the app under test.
 */
import { expect, type Page } from '@playwright/test';
import postgres from 'postgres';
import * as account from '../../../src/lib/server/account';
import type { Sql } from '../../../src/lib/server/db';
import { freshCode, markUsed } from './codes';
import { linkIn, waitForMail } from './mail';
import { readState } from './state';

export const newPassword = 'Zeven blauwe fietsen op het dak';

export interface PendingAccount {
	username: string;
	email: string;
	since: Date;
}

export async function createPending(prefix: string): Promise<PendingAccount> {
	const username = `${prefix}.${Date.now().toString(36)}`;
	const email = `${username}@ouders.example.nl`;
	const since = new Date();
	const sql = postgres(readState().databaseUrl, {
		max: 1,
		transform: postgres.camel,
		onnotice: () => undefined
	}) as unknown as Sql;
	try {
		const [org] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2806'`;
		await sql.begin((tx) =>
			account.create(
				tx,
				{
					organisationId: org!.id,
					username,
					email,
					displayName: 'Sam de Vries',
					roles: ['ouder']
				},
				{ origin: `http://localhost:${process.env.E2E_PORT}`, actorId: null, ipHash: null }
			)
		);
	} finally {
		await sql.end();
	}
	return { username, email, since };
}

/**
 * A code of a time step that neither `usedStep` nor any code handed out before used (each
 * step's code is accepted once; support/codes.ts picks one of the accepted window).
 */
export async function codeAfter(secret: string, usedStep: number): Promise<string> {
	markUsed(secret, usedStep);
	return (await freshCode(secret)).code;
}

export interface Activated {
	secret: string;
	step: number;
	recoveryCodes: string[];
}

/** The activation from the welcome mail, in the browser. Ends on the recovery codes. */
export async function activate(page: Page, pending: PendingAccount): Promise<Activated> {
	const mail = await waitForMail(pending.email, 'Welkom bij Kindkring', pending.since);
	expect(mail.text).toContain(`Gebruikersnaam: ${pending.username}`);
	await page.goto(linkIn(mail, '/activeren/'));
	await expect(page.getByRole('heading', { name: 'Kies een wachtwoord' })).toBeVisible();
	await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(newPassword);
	await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(newPassword);
	await page.getByRole('button', { name: 'Wachtwoord opslaan en verder' }).click();

	await expect(page.getByRole('heading', { name: 'Stel de authenticator-app in' })).toBeVisible();
	const key = (await page.getByTestId('totp-sleutel').textContent()) ?? '';
	const secret = key.replace(/\s/g, '').toUpperCase();
	const { code, step } = await freshCode(secret);
	await page.getByLabel('Code uit de app').fill(code);
	await page.getByRole('button', { name: 'Opslaan' }).click();

	await expect(page.getByRole('heading', { name: 'Uw account is klaar' })).toBeVisible();
	const recoveryCodes = await page.getByTestId('herstelcodes').locator('code').allTextContents();
	return { secret, step, recoveryCodes };
}
