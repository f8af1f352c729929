import { expect, test } from '@playwright/test';
import * as totp from '../../src/lib/server/auth/totp';
import { activate, codeAfter, createPending, newPassword } from './support/accounts';
import { fillLogin } from './support/login';
import { waitForMail } from './support/mail';

const changedPassword = 'Negen groene kikkers in de sloot';

test('a logged-in user changes the password on Mijn account; the other device is logged out', async ({
	browser
}) => {
	// Four codes of one new account: one more than the three steps the server accepts at a
	// time, so one may wait for the next step (support/codes.ts); a busy machine adds to that.
	test.setTimeout(240_000);
	const laptop = await browser.newContext();
	const phone = await browser.newContext();
	try {
		const page = await laptop.newPage();
		const pending = await createPending('ouder.wijzig');
		const { secret, step } = await activate(page, pending);

		// Logged in on two devices.
		const login = async (p: typeof page, pw: string) => {
			await p.goto('/inloggen');
			const code = await codeAfter(secret, step);
			await fillLogin(p, 'PO2806', pending.username, pw, code);
		};
		await login(page, newPassword);
		await expect(page).toHaveURL(/\/mijn-kind$/);
		const other = await phone.newPage();
		await login(other, newPassword);
		await expect(other).toHaveURL(/\/mijn-kind$/);

		await page.goto('/account');
		await page.getByRole('link', { name: 'Wachtwoord wijzigen' }).click();
		await expect(page.getByRole('heading', { name: 'Wachtwoord wijzigen' })).toBeVisible();

		// A wrong current password: said so, and nothing changes.
		await page.getByLabel('Huidig wachtwoord').fill('Niet mijn wachtwoord');
		await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(changedPassword);
		await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(changedPassword);
		// Any code of the key: the current password is checked first, so this claims none.
		await page.getByLabel('Code uit de app').fill(totp.generate(secret));
		await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
		await expect(page.getByRole('alert')).toHaveText(
			'Uw huidige wachtwoord klopt niet. Uw wachtwoord is niet gewijzigd.'
		);

		// The same strength feedback as at activation.
		const field = page.getByLabel('Nieuw wachtwoord', { exact: true });
		await field.fill('Zomer2024!!!');
		await expect(page.locator('#wachtwoord-sterkte')).toContainText('met een jaartal');
		await field.fill(changedPassword);
		await expect(page.locator('#wachtwoord-sterkte meter')).toHaveAttribute('value', /[34]/);

		const since = new Date();
		await page.getByLabel('Huidig wachtwoord').fill(newPassword);
		await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(changedPassword);
		await page.getByLabel('Code uit de app').fill(await codeAfter(secret, step));
		await page.getByRole('button', { name: 'Wachtwoord wijzigen' }).click();
		await expect(page).toHaveURL(/\/account\?reden=wachtwoord-gewijzigd$/);
		await expect(
			page.getByRole('status').filter({ hasText: 'Uw wachtwoord is gewijzigd' })
		).toBeVisible();
		await expect(page.locator('main')).toContainText('U bent nu op 1 apparaat ingelogd.');

		// The other device is logged out; this one stays logged in.
		await other.goto('/mijn-kind');
		await expect(other).toHaveURL(/\/inloggen/);
		await page.goto('/mijn-kind');
		await expect(page).toHaveURL(/\/mijn-kind$/);

		const mail = await waitForMail(pending.email, 'uw wachtwoord is gewijzigd', since);
		expect(mail.text).toContain('Op alle andere apparaten bent u uitgelogd.');
		expect(mail.text).not.toContain(changedPassword);
	} finally {
		await laptop.close();
		await phone.close();
	}
});
