import { expect, test } from '@playwright/test';
import { activate, codeAfter, createPending, newPassword } from './support/accounts';
import { fillLogin } from './support/login';
import { linkIn, waitForMail } from './support/mail';

const sameAnswer = 'Als de gegevens kloppen, ontvangt u binnen enkele minuten een e-mail.';
const resetPassword = 'Negen groene kikkers in de sloot';

test('forgotten password: form, mail, link, new password with code, login', async ({ page }) => {
	test.setTimeout(180_000);
	const pending = await createPending('ouder.vergeten');
	const activated = await activate(page, pending);

	// Unknown accounts get the same answer.
	await page.goto('/wachtwoord-vergeten');
	await page.getByLabel('Organisatie').fill('PO2806 PPO Rotterdam');
	await page.getByLabel('Gebruikersnaam').fill('bestaat.niet');
	await page.getByRole('button', { name: 'Stuur mij een e-mail' }).click();
	await expect(page.getByText(sameAnswer)).toBeVisible();

	const since = new Date();
	await page.goto('/wachtwoord-vergeten');
	await page.getByLabel('Organisatie').fill('PO2806 PPO Rotterdam');
	await page.getByLabel('E-mailadres').fill(pending.email.toUpperCase());
	await page.getByRole('button', { name: 'Stuur mij een e-mail' }).click();
	await expect(page.getByText(sameAnswer)).toBeVisible();

	const mail = await waitForMail(pending.email, 'nieuw wachtwoord instellen', since);
	expect(mail.text).toContain(`Gebruikersnaam: ${pending.username}`);
	const link = linkIn(mail, '/wachtwoord-herstellen/');
	await page.goto(link);
	await expect(page.getByRole('heading', { name: 'Nieuw wachtwoord kiezen' })).toBeVisible();

	// The mail alone is not enough.
	await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(resetPassword);
	await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(resetPassword);
	await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
	await expect(page.getByRole('alert')).toContainText('Alleen de e-mail is niet genoeg');

	await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(resetPassword);
	await page.getByLabel('Herhaal het nieuwe wachtwoord').fill(resetPassword);
	const resetCode = await codeAfter(activated.secret, activated.step);
	await page.getByLabel('Code uit de app').fill(resetCode);
	await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
	await expect(page).toHaveURL(/\/inloggen\?reden=wachtwoord-gewijzigd/);
	await expect(page.getByText('Uw wachtwoord is gewijzigd.')).toBeVisible();
	await waitForMail(pending.email, 'wachtwoord is gewijzigd', since);

	// The link works once.
	await page.goto(link);
	await expect(page.getByText('Deze link is al gebruikt of bestaat niet.')).toBeVisible();

	await page.goto('/inloggen');
	await fillLogin(page, 'PO2806 PPO Rotterdam', pending.username, newPassword, '000000');
	await expect(page.getByRole('alert')).toContainText('klopt niet');
	await fillLogin(
		page,
		'PO2806 PPO Rotterdam',
		pending.username,
		resetPassword,
		await codeAfter(activated.secret, activated.step)
	);
	await expect(page).toHaveURL(/\/mijn-kind/);
});

test('an older reset mail says it was replaced, with the time of the newest', async ({ page }) => {
	test.setTimeout(120_000);
	const pending = await createPending('ouder.tweemails');
	await activate(page, pending);
	const request = async () => {
		const since = new Date();
		await page.goto('/wachtwoord-vergeten');
		await page.getByLabel('Organisatie').fill('PO2806');
		await page.getByLabel('Gebruikersnaam').fill(pending.username);
		await page.getByRole('button', { name: 'Stuur mij een e-mail' }).click();
		await expect(page.getByText(sameAnswer)).toBeVisible();
		return linkIn(
			await waitForMail(pending.email, 'nieuw wachtwoord', since),
			'/wachtwoord-herstellen/'
		);
	};
	const first = await request();
	const second = await request();
	expect(second).not.toBe(first);
	await page.goto(first);
	await expect(page.getByRole('alert')).toHaveText(
		/Deze link is vervangen door een nieuwere e-mail, verstuurd om \d{2}:\d{2}\. Gebruik de meest recente e-mail\./
	);
	await page.goto(second);
	await expect(page.getByRole('heading', { name: 'Nieuw wachtwoord kiezen' })).toBeVisible();
});

test('the forgotten-password form works without JavaScript and answers the same', async ({
	browser
}) => {
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/wachtwoord-vergeten');
	await page.getByLabel('Organisatie').fill('PO2806 PPO Rotterdam');
	await page.getByLabel('Gebruikersnaam').fill('bestaat.ook.niet');
	await page.getByLabel('E-mailadres').fill('niemand@example.nl');
	await page.getByRole('button', { name: 'Stuur mij een e-mail' }).click();
	await expect(page.getByText(sameAnswer)).toBeVisible();
	await context.close();
});
