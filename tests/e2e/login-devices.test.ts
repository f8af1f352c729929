import { expect, test } from '@playwright/test';
import { activate, codeAfter, createPending, newPassword } from './support/accounts';
import { fillLogin, submitLogin } from './support/login';

test('a device that logged in before still logs in while a stranger has caused a wait', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const own = await browser.newContext();
	const stranger = await browser.newContext();
	try {
		const page = await own.newPage();
		const pending = await createPending('ouder.apparaat');
		const { secret, step } = await activate(page, pending);

		await page.goto('/inloggen');
		await fillLogin(page, 'PO2806', pending.username, newPassword, await codeAfter(secret, step));
		await expect(page).toHaveURL(/\/mijn-kind$/);
		// The device cookie: signed, HttpOnly, long-lived, readable by no script.
		const cookie = (await own.cookies()).find((c) => c.name.startsWith('__Host-kk_device_'));
		expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
		expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(300 * 24 * 60 * 60_000);
		expect(cookie!.value).not.toContain(pending.username);
		await page.locator('summary[aria-label^="Accountmenu"]').click();
		await page.getByRole('button', { name: 'Uitloggen' }).click();
		await expect(page).toHaveURL(/\/inloggen\?reden=uitgelogd/);

		// Somebody else guesses five times: browsers without the cookie wait.
		const other = await stranger.newPage();
		await other.goto('/inloggen');
		for (let i = 0; i < 5; i++) {
			await submitLogin(other, 'PO2806', pending.username, `Gok-nummer-${i}-fout`, '123456');
			if (i < 4) {
				await expect(other.locator('p.error')).toHaveText(
					'De gebruikersnaam of het wachtwoord klopt niet.'
				);
			}
		}
		await expect(other.locator('p.error')).toHaveText(
			/Er is te vaak een verkeerd wachtwoord ingevuld\. U kunt weer inloggen om \d{2}:\d{2} uur\./
		);

		// The own device logs in at once.
		const code = await codeAfter(secret, step);
		await fillLogin(page, 'PO2806', pending.username, newPassword, code);
		await expect(page).toHaveURL(/\/mijn-kind$/);
	} finally {
		await own.close();
		await stranger.close();
	}
});
