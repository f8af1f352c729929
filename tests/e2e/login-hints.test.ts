import { expect, test } from '@playwright/test';
import * as totp from '../../src/lib/server/auth/totp';
import { demoPassword, demoTotpSecret } from '../../src/lib/server/demo/credentials';
import { fillLogin } from './support/login';

const step = 30_000;

test.describe('the login page explains a wrong code', () => {
	test('a phone clock four minutes fast is named, with the fix', async ({ page }) => {
		const code = totp.generate(demoTotpSecret('PO2507', 'karin.dekker'), Date.now() + 8 * step);
		await page.goto('/inloggen');
		await fillLogin(page, 'PO2507', 'karin.dekker', demoPassword, code);
		await expect(
			page.getByRole('heading', { name: /De klok van uw telefoon loopt ongeveer 4 minuten voor/ })
		).toBeVisible();
		await expect(page.getByText('Datum en tijd automatisch instellen')).toBeVisible();
		await expect(
			page.getByRole('link', { name: 'Klok van dit apparaat controleren' })
		).toHaveAttribute('href', '/hulp/klok');
	});

	test('two codes from a phone three minutes fast log in and say the clock is off', async ({
		page
	}) => {
		const secret = demoTotpSecret('PO2507', 'esther.bos');
		await page.goto('/inloggen');
		await fillLogin(
			page,
			'PO2507',
			'esther.bos',
			demoPassword,
			totp.generate(secret, Date.now() + 6 * step)
		);
		await expect(
			page.getByRole('heading', { name: /loopt ongeveer 3 minuten voor/ })
		).toBeVisible();
		// The next code of the same phone: the offset is stored and the login goes through.
		await page.getByLabel('Wachtwoord').fill(demoPassword);
		await page
			.getByLabel('Code', { exact: true })
			.fill(totp.generate(secret, Date.now() + 7 * step));
		await page.getByRole('button', { name: 'Inloggen' }).click();
		await expect(page).toHaveURL(/\/hulp\/klok-bijgesteld/);
		await expect(page.getByRole('heading', { level: 1 })).toContainText(
			'U bent ingelogd, maar de klok van uw telefoon'
		);
		await expect(page.getByRole('heading', { level: 1 })).toContainText('voor');
		await page.getByRole('link', { name: 'Verder' }).click();
		await expect(page).toHaveURL(/\/hulpvragen$/);
	});
});
