import { expect, test } from '@playwright/test';
import { steps } from '../../src/lib/help-steps';
import { db } from './support/db';
import { linkIn, waitForMail } from './support/mail';

test.describe('login help wizard on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

	test('shows exactly which authenticator entry to look for', async ({ page }) => {
		await page.goto('/inloggen');
		await page.getByRole('link', { name: /Hulp stap voor stap/ }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Waar loopt u tegenaan?');
		await page.getByRole('link', { name: 'De code uit mijn app klopt niet' }).click();
		await page.getByRole('link', { name: /codes van meerdere diensten/ }).click();
		await page.getByLabel('Organisatie').fill('2806');
		await page.getByLabel('Gebruikersnaam').fill('Lotte.VanDam');
		await page.getByRole('button', { name: 'Laat zien' }).click();
		const entry = page.getByLabel('Zo heet de regel in uw app');
		await expect(entry).toContainText('Kindkring');
		await expect(entry).toContainText('PPO Rotterdam: Lotte.VanDam');
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
	});

	test('a blocked account learns whom to call', async ({ page }) => {
		await page.goto('/hulp/inloggen');
		await page.getByRole('link', { name: 'Mijn account is geblokkeerd' }).click();
		await page.getByLabel('Organisatie').fill('Stromenland');
		await page.getByRole('button', { name: 'Laat zien' }).click();
		await expect(page.getByText(/Helpdesk Stromenland: 0320 000 25 07/)).toBeVisible();
	});

	test('a clock problem leads to the clock check, a lost phone to the organisation', async ({
		page
	}) => {
		await page.goto('/hulp/inloggen?stap=code');
		await page.getByRole('link', { name: /de code klopt nooit/ }).click();
		await expect(page.getByRole('link', { name: 'Klok controleren' })).toHaveAttribute(
			'href',
			'/hulp/klok'
		);
		await page.goto('/hulp/inloggen?stap=nieuwe-telefoon');
		await page.getByRole('link', { name: /kwijt of kapot/ }).click();
		await expect(page.getByRole('link', { name: /Verzoek sturen/ })).toHaveAttribute(
			'href',
			'/hulp/2fa-herstel'
		);
	});

	test('every screen ends in something to do', async ({ page }) => {
		for (const step of steps) {
			await page.goto(`/hulp/inloggen?stap=${step}`);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			const actions = page.locator('main .choices a, main a.button, main form button');
			expect(await actions.count(), step).toBeGreaterThan(0);
		}
	});

	test('sends a new activation link, and gives the same answer when nothing matches', async ({
		page
	}) => {
		const [org] = await db()<{ id: string }[]>`select id from organisation where code = 'PO2507'`;
		await db()`
			insert into account (organisation_id, username, email, display_name, roles, state)
			values (${org!.id}, 'nieuw.ouder', 'nieuw.ouder@example.com', 'Nieuwe Ouder', ${db().array(['ouder'])}, 'pending')
			on conflict do nothing`;
		const since = new Date();
		await page.goto('/hulp/inloggen?stap=activeren');
		await page.getByLabel('Organisatie').fill('PO2507');
		await page.getByLabel('Gebruikersnaam').fill('Nieuw.Ouder');
		await page.getByLabel('E-mailadres').fill('nieuw.ouder@example.com');
		await page.getByRole('button', { name: 'Stuur een nieuwe activatielink' }).click();
		await expect(page.getByRole('status')).toContainText('Als de gegevens kloppen');
		const mail = await waitForMail('nieuw.ouder@example.com', 'activeer uw account', since);
		expect(linkIn(mail, '/activeren/')).toMatch(/\/activeren\/[a-z2-7]{32}$/);

		await page.goto('/hulp/inloggen?stap=activeren');
		await page.getByLabel('Organisatie').fill('PO2507');
		await page.getByLabel('Gebruikersnaam').fill('bestaat.niet');
		await page.getByLabel('E-mailadres').fill('niemand@example.com');
		await page.getByRole('button', { name: 'Stuur een nieuwe activatielink' }).click();
		await expect(page.getByRole('status')).toContainText('Als de gegevens kloppen');
	});
});
