/**
 * Logging in as a demo account in the browser, with a code computed from the demo secret.
 * A code is accepted once per time step; the server accepts the steps right before and after
 * the current one too, so a test takes a step no earlier login of the account used
 * (support/codes.ts) instead of waiting for the next one.
 */
import { expect, type Cookie, type Page } from '@playwright/test';
import { demoPassword, demoTotpSecret } from '../../../src/lib/server/demo/credentials';
import { claimStep, freshCode } from './codes';
import { db } from './db';

/** The steps the e2e database recorded as used by any of the account's authenticators. */
async function recordedSteps(organisation: string, username: string): Promise<number[]> {
	const rows = await db()<{ step: string }[]>`
		select s::text as step from totp_secret t
		join account a on a.id = t.account_id
		join organisation o on o.id = a.organisation_id,
		unnest(t.used_steps) s
		where o.code = ${organisation} and lower(a.username) = ${username.toLowerCase()}`;
	return rows.map((r) => Number(r.step));
}

/** Takes `step` of a demo account for a code read elsewhere; false when it was used before. */
export async function claimDemoStep(
	organisation: string,
	username: string,
	step: number
): Promise<boolean> {
	const secret = demoTotpSecret(organisation, username);
	return claimStep(secret, step, await recordedSteps(organisation, username));
}

export async function nextCode(organisation: string, username: string): Promise<string> {
	const secret = demoTotpSecret(organisation, username);
	return (await freshCode(secret, await recordedSteps(organisation, username))).code;
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

/**
 * The session cookie of every demo account this worker logged in, reused by the next
 * `loginAs` of that account while the server still accepts it (a test that logged out, ended
 * every session, or waited past the idle timeout makes the next one log in again).
 */
const sessions = new Map<string, Cookie[]>();

async function reuse(page: Page, key: string): Promise<boolean> {
	const saved = sessions.get(key);
	if (!saved) return false;
	const context = page.context();
	await context.addCookies(saved);
	// The session endpoint reads the session without extending it: 200 while it is valid.
	if ((await page.request.get('/api/sessie')).ok()) {
		await page.goto('/');
		if (!new URL(page.url()).pathname.startsWith('/inloggen')) return true;
	}
	sessions.delete(key);
	for (const cookie of saved) await context.clearCookies({ name: cookie.name });
	return false;
}

/**
 * Logs in as a demo account and lands where it lands after login. By default a session this
 * worker made for the account earlier is reused (one login per account, not per test);
 * `fresh` logs in through the form whatever there is, for tests of the login itself or of
 * a new session (its idle timeout, a second device).
 */
export async function loginAs(
	page: Page,
	organisation: string,
	username: string,
	{ fresh = false }: { fresh?: boolean } = {}
) {
	const key = `${organisation}/${username.toLowerCase()}`;
	if (!fresh && (await reuse(page, key))) return;
	await page.goto('/inloggen');
	await fillLogin(
		page,
		organisation,
		username,
		demoPassword,
		await nextCode(organisation, username)
	);
	// Something outside this process (another app process on the same account) may have
	// used the step between the look-up and the login: the server says so, and another
	// step's code works (the step just tried counts as handed out).
	const used = page.getByText('Deze code is al gebruikt');
	const outcome = await Promise.race([
		page
			.waitForURL((url) => !url.pathname.startsWith('/inloggen'), { timeout: 15_000 })
			.then(() => 'in' as const),
		used.waitFor({ timeout: 15_000 }).then(() => 'used' as const)
	]).catch(() => 'unknown' as const);
	if (outcome === 'used') {
		await fillLogin(
			page,
			organisation,
			username,
			demoPassword,
			await nextCode(organisation, username)
		);
	}
	await expect(page).not.toHaveURL(/\/inloggen/);
	const cookies = (await page.context().cookies()).filter((c) => c.name.endsWith('kk_session'));
	if (cookies.length > 0) sessions.set(key, cookies);
}
