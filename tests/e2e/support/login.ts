/**
 * Logging in as a demo account in the browser, with a code computed from the demo secret.
 * A code is accepted once: logging in twice within one 30-second step waits for the next.
 */
import { expect, type Page } from '@playwright/test';
import * as totp from '../../../src/lib/server/auth/totp';
import { demoPassword, demoTotpSecret } from '../../../src/lib/server/demo/credentials';

const lastStep = new Map<string, number>();

export async function nextCode(organisation: string, username: string): Promise<string> {
	const key = `${organisation}:${username.toLowerCase()}`;
	let step = totp.currentStep();
	if (lastStep.get(key) === step) {
		const msLeft = (step + 1) * totp.period * 1000 - Date.now();
		await new Promise((r) => setTimeout(r, msLeft + 200));
		step = totp.currentStep();
	}
	lastStep.set(key, step);
	return totp.generate(demoTotpSecret(organisation, username));
}

export async function fillLogin(
	page: Page,
	organisation: string,
	username: string,
	password: string,
	code: string
) {
	await page.getByLabel('Organisatie').fill(organisation);
	await page.getByLabel('Gebruikersnaam').fill(username);
	await page.getByLabel('Wachtwoord').fill(password);
	await page.getByLabel('Code', { exact: true }).fill(code);
	await page.getByRole('button', { name: 'Inloggen' }).click();
}

/** Submits the login form and waits for the server's answer (not for an earlier one on screen). */
export async function submitLogin(
	page: Page,
	organisation: string,
	username: string,
	password: string,
	code: string
) {
	const answered = page.waitForResponse(
		(r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/inloggen'
	);
	await fillLogin(page, organisation, username, password, code);
	await answered;
}

export async function loginAs(page: Page, organisation: string, username: string) {
	await page.goto('/inloggen');
	await fillLogin(
		page,
		organisation,
		username,
		demoPassword,
		await nextCode(organisation, username)
	);
	// Another test file (its own module state) may have used this step's code for the same
	// account: the server says so, and the next step's code works.
	const used = page.getByText('Deze code is al gebruikt');
	const outcome = await Promise.race([
		page
			.waitForURL((url) => !url.pathname.startsWith('/inloggen'), { timeout: 15_000 })
			.then(() => 'in' as const),
		used.waitFor({ timeout: 15_000 }).then(() => 'used' as const)
	]).catch(() => 'unknown' as const);
	if (outcome === 'used') {
		const step = totp.currentStep();
		lastStep.set(`${organisation}:${username.toLowerCase()}`, step);
		await fillLogin(
			page,
			organisation,
			username,
			demoPassword,
			await nextCode(organisation, username)
		);
	}
	await expect(page).not.toHaveURL(/\/inloggen/);
}
