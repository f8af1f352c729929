/**
 * Beheer → Accounts → Slapende accounts on a laptop: the beheerder chooses after how many
 * months without a login an account is deactivated, a wrong number is refused at the field,
 * and leaving it empty means never. The setting is put back to never afterwards: the e2e
 * server's jobs run on this database.
 */
import { expect, test } from '@playwright/test';
import { axeViolations } from './support/axe';
import { db } from './support/db';
import { loginAs } from './support/login';

test.afterAll(async () => {
	await db()`update organisation set dormant_months = null where code = 'PO2806'`;
});

test('a beheerder sets the months for slapende accounts, and back to never', async ({
	browser,
	baseURL
}) => {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 1280, height: 800 }
	});
	const page = await context.newPage();
	try {
		await loginAs(page, 'PO2806', 'beheer.femke');
		await page.goto('/beheer/accounts');
		const section = page.getByRole('region', { name: 'Slapende accounts' });
		const field = section.getByLabel('Maanden zonder inloggen');
		await field.fill('twaalf');
		await section.getByRole('button', { name: 'Opslaan' }).click();
		await expect(section.getByLabel('Maanden zonder inloggen')).toHaveAccessibleDescription(
			/Kies 1 tot 60 maanden/
		);
		expect(await axeViolations(page)).toEqual([]);

		await section.getByLabel('Maanden zonder inloggen').fill('12');
		await section.getByRole('button', { name: 'Opslaan' }).click();
		await expect(section.getByRole('status')).toHaveText(/na 12 maanden zonder inloggen/);
		const [org] = await db()<{ dormantMonths: number | null }[]>`
			select dormant_months from organisation where code = 'PO2806'`;
		expect(org!.dormantMonths).toBe(12);

		await section.getByLabel('Maanden zonder inloggen').fill('');
		await section.getByRole('button', { name: 'Opslaan' }).click();
		await expect(section.getByRole('status')).toHaveText(/niet automatisch gedeactiveerd/);
	} finally {
		await context.close();
	}
});

test('an SCP cannot change it', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ baseURL, locale: 'nl-NL' });
	const page = await context.newPage();
	try {
		await loginAs(page, 'PO2806', 'nora.yilmaz');
		const response = await page.request.post('/beheer/accounts?/slapend', {
			headers: { origin: new URL(baseURL!).origin },
			form: { maanden: '1' }
		});
		expect(response.status()).toBe(404);
		const [org] = await db()<{ dormantMonths: number | null }[]>`
			select dormant_months from organisation where code = 'PO2806'`;
		expect(org!.dormantMonths).toBeNull();
	} finally {
		await context.close();
	}
});
