import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import * as totp from '../../src/lib/server/auth/totp';
import { codeAfter, createPending, newPassword } from './support/accounts';
import { freshCode } from './support/codes';
import { fillLogin } from './support/login';
import { linkIn, waitForMail } from './support/mail';

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

test('a parent activates from the welcome mail on a phone and logs in', async ({ page }) => {
	test.setTimeout(120_000);
	const pending = await createPending('ouder.activeren');
	const mail = await waitForMail(pending.email, 'Welkom bij Kindkring', pending.since);
	const link = linkIn(mail, '/activeren/');
	await page.goto(link);

	// Step 1: the password, with live strength feedback.
	await expect(page.getByText('Stap 1 van 3')).toBeVisible();
	const field = page.getByLabel('Nieuw wachtwoord', { exact: true });
	await field.pressSequentially('wachtwoord1');
	await expect(page.locator('#wachtwoord-sterkte')).toContainText('te makkelijk te raden');
	// The browser applies the server's rules: a word with a year and signs is refused too.
	await field.fill('Welkom2026!!');
	await field.press('End');
	await expect(page.locator('#wachtwoord-sterkte')).toContainText('met een jaartal of leestekens');
	await field.fill(newPassword);
	await field.press('End');
	await expect(page.locator('#wachtwoord-sterkte meter')).toHaveAttribute('value', /[34]/);
	await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(newPassword);
	await page.getByRole('button', { name: 'Wachtwoord opslaan en verder' }).click();

	// Step 2: QR code, key in groups, a link for the app on this phone.
	await expect(page.getByText('Stap 2 van 3')).toBeVisible();
	await expect(page.getByRole('img', { name: /QR-code/ })).toBeVisible();
	const appLink = page.getByRole('link', { name: 'Open in authenticator-app' });
	await expect(appLink).toHaveAttribute('href', /^otpauth:\/\/totp\/Kindkring:/);
	const key = (await page.getByTestId('totp-sleutel').textContent()) ?? '';
	expect(key).toMatch(/^([a-z2-7]{4} )+[a-z2-7]{1,4}$/);
	// Fits the phone: no sideways scrolling to read the key.
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

	// A second visit shows the same key: scanning again cannot leave a stale entry.
	await page.goto(link);
	await expect(page.getByTestId('totp-sleutel')).toHaveText(key);
	// The built-in authenticator is offered too, with the secret in the fragment (never sent).
	await expect(
		page.getByRole('link', { name: 'Gebruik de Kindkring-app op dit apparaat' })
	).toHaveAttribute('href', /^\/authenticator#uri=otpauth%3A%2F%2Ftotp%2F/);

	const secret = key.replace(/\s/g, '').toUpperCase();
	const right = totp.generate(secret);
	const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
	const codeField = page.getByLabel('Code uit de app');
	await expect(codeField).toHaveAttribute('inputmode', 'numeric');
	await expect(codeField).toHaveAttribute('autocomplete', 'one-time-code');
	await codeField.fill(wrong);
	await page.getByRole('button', { name: 'Opslaan' }).click();
	await expect(page.getByRole('alert')).toContainText('De code klopt niet');

	const { code, step } = await freshCode(secret);
	await page.getByLabel('Code uit de app').fill(code);
	await page.getByRole('button', { name: 'Opslaan' }).click();

	// Step 3: recovery codes, once, with a download.
	await expect(page.getByRole('heading', { name: 'Uw account is klaar' })).toBeVisible();
	const codes = await page.getByTestId('herstelcodes').locator('code').allTextContents();
	expect(codes).toHaveLength(10);
	for (const c of codes) expect(c).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{2}$/);
	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download als tekstbestand' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toBe(`kindkring-herstelcodes-${pending.username}.txt`);
	const text = await readFile((await download.path())!, 'utf8');
	for (const c of codes) expect(text).toContain(c);

	await waitForMail(pending.email, 'geactiveerd', pending.since);

	// The link is spent.
	await page.goto(link);
	await expect(page.getByText('Deze link is al gebruikt of bestaat niet.')).toBeVisible();

	await page.goto('/inloggen?reden=geactiveerd');
	await expect(page.getByText('Uw account is klaar.')).toBeVisible();
	const loginCode = await codeAfter(secret, step);
	await fillLogin(page, 'PO2806 PPO Rotterdam', pending.username, newPassword, loginCode);
	await expect(page).toHaveURL(/\/mijn-kind/);

	// New recovery codes from Mijn account, with a current code; the old ones are gone.
	await page.goto('/account');
	await expect(page.getByText('nog 10 ongebruikte herstelcodes')).toBeVisible();
	await page.getByLabel('Code uit uw authenticator-app').fill(await codeAfter(secret, step));
	await page.getByRole('button', { name: 'Nieuwe herstelcodes maken' }).click();
	const renewed = page.getByTestId('herstelcodes').locator('code');
	await expect(renewed).toHaveCount(10);
	const fresh = await renewed.allTextContents();
	expect(fresh.some((c) => codes.includes(c))).toBe(false);
});

test('an activation page works without JavaScript', async ({ browser }) => {
	test.setTimeout(120_000);
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	const pending = await createPending('ouder.zonderjs');
	const mail = await waitForMail(pending.email, 'Welkom bij Kindkring', pending.since);
	await page.goto(linkIn(mail, '/activeren/'));
	await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(newPassword);
	await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(newPassword);
	await page.getByRole('button', { name: 'Wachtwoord opslaan en verder' }).click();
	const key = (await page.getByTestId('totp-sleutel').textContent()) ?? '';
	await page
		.getByLabel('Code uit de app')
		.fill(totp.generate(key.replace(/\s/g, '').toUpperCase()));
	await page.getByRole('button', { name: 'Opslaan' }).click();
	await expect(page.getByRole('heading', { name: 'Uw account is klaar' })).toBeVisible();
	await expect(page.getByTestId('herstelcodes').locator('code')).toHaveCount(10);
	await context.close();
});
