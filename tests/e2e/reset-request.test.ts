import { expect, test, type Browser, type Page } from '@playwright/test';
import { loginAs } from './support/login';
import { linkIn, waitForMail } from './support/mail';
import { db } from './support/db';

async function newPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
	const context = await browser.newContext({ baseURL, locale: 'nl-NL' });
	return context.newPage();
}

/** A fresh active account of PO2806, so no other test's changes get in the way. */
async function freshAccount(label: string) {
	const n = `${label}${Date.now() % 1_000_000}`;
	const username = `e2e.${n}`;
	const email = `e2e.${n}@example.nl`;
	const displayName = `Herstel ${label}`;
	await db()`
		insert into account (organisation_id, username, email, display_name, roles, state)
		select id, ${username}, ${email}, ${displayName}, '{ib}', 'active' from organisation where code = 'PO2806'`;
	return { username, email, displayName };
}

async function ask(page: Page, username: string, email: string, message = '') {
	await page.goto('/hulp/inloggen');
	await page.getByRole('link', { name: 'Ik heb een nieuwe telefoon' }).click();
	await page.getByRole('link', { name: /kwijt of kapot/ }).click();
	await page.getByRole('link', { name: 'Verzoek sturen aan mijn samenwerkingsverband' }).click();
	await expect(page).toHaveURL(/\/hulp\/2fa-herstel$/);
	await page.getByLabel('Organisatie').fill('PO2806');
	await page.getByLabel('Gebruikersnaam').fill(username);
	await page.getByLabel('E-mailadres').fill(email);
	if (message) await page.getByLabel(/Wat is er gebeurd/).fill(message);
	await page.getByRole('button', { name: 'Verzoek versturen' }).click();
	await expect(page.locator('#inhoud').getByRole('status')).toHaveText(
		'Uw verzoek is doorgestuurd naar PPO Rotterdam; zij nemen contact met u op om te controleren wie u bent.'
	);
}

test.describe('2FA reset requests', () => {
	test.describe.configure({ mode: 'serial' });
	let femke: Page;

	test.beforeAll(async ({ browser, baseURL }) => {
		femke = await newPage(browser, baseURL);
		await loginAs(femke, 'PO2806', 'beheer.femke');
	});

	test.afterAll(async () => {
		await femke.context().close();
	});

	test('request from the help page, approved by the beheerder: the mail has an activation link', async ({
		browser,
		baseURL
	}) => {
		const since = new Date();
		const someone = await freshAccount('goed');
		const visitor = await newPage(browser, baseURL);
		// A wrong e-mail address gets the very same answer, and stores nothing.
		await ask(visitor, someone.username, 'iemand.anders@example.nl');
		await ask(visitor, someone.username, someone.email, 'Telefoon in het water gevallen.');
		const received = await waitForMail(
			someone.email,
			'uw verzoek om de tweestapsverificatie',
			since
		);
		expect(received.text).toContain('doorgestuurd naar PPO Rotterdam');
		const [count] = await db()<{ n: number }[]>`
			select count(*)::int as n from totp_reset_request r join account a on a.id = r.account_id
			where a.username = ${someone.username}`;
		expect(count!.n).toBe(1);
		await visitor.context().close();

		await femke.goto('/beheer');
		const link = femke.getByRole('link', { name: /Verzoeken 2FA opnieuw instellen/ });
		await expect(link).toContainText('open');
		await link.click();
		await expect(femke.getByRole('heading', { level: 1 })).toHaveText(
			'Verzoeken 2FA opnieuw instellen'
		);
		const card = femke.getByRole('listitem').filter({ hasText: someone.username });
		await expect(card.getByRole('heading', { name: someone.displayName })).toBeVisible();
		await expect(card.getByText('Telefoon in het water gevallen.')).toBeVisible();
		await card.getByText('Goedkeuren…').click();
		await card.getByRole('button', { name: /Ja, ik heb gecontroleerd wie dit vraagt/ }).click();
		await expect(femke.getByRole('status')).toContainText('Goedgekeurd');
		await expect(femke.getByRole('listitem').filter({ hasText: someone.username })).toHaveCount(0);

		const mail = await waitForMail(someone.email, 'stel uw authenticator-app opnieuw in', since);
		expect(linkIn(mail, '/activeren/')).toMatch(/\/activeren\/[a-z0-9]{32}$/);
	});

	test('declined with a reason: the requester gets a mail', async ({ browser, baseURL }) => {
		const since = new Date();
		const someone = await freshAccount('nee');
		const visitor = await newPage(browser, baseURL);
		await ask(visitor, someone.username, someone.email);
		await visitor.context().close();

		await femke.goto('/beheer/2fa-verzoeken');
		const card = femke.getByRole('listitem').filter({ hasText: someone.username });
		await card.getByText('Afwijzen…').click();
		await card.getByLabel(/Reden/).fill('We konden u niet bereiken op het bekende nummer.');
		await card.getByRole('button', { name: 'Afwijzen' }).click();
		await expect(femke.getByRole('status')).toContainText('Afgewezen');
		const mail = await waitForMail(someone.email, 'afgewezen', since);
		expect(mail.text).toContain('Reden: We konden u niet bereiken op het bekende nummer.');
	});

	test('a non-beheerder gets 404; a beheerder of PO2507 does not see PO2806 requests', async ({
		browser,
		baseURL
	}) => {
		const someone = await freshAccount('ander');
		const visitor = await newPage(browser, baseURL);
		await ask(visitor, someone.username, someone.email);
		await visitor.context().close();

		const ib = await newPage(browser, baseURL);
		await loginAs(ib, 'PO2507', 'ingrid.meijer');
		const response = await ib.goto('/beheer/2fa-verzoeken');
		expect(response!.status()).toBe(404);
		const [request] = await db()<{ id: string }[]>`
			select r.id from totp_reset_request r join account a on a.id = r.account_id
			where a.username = ${someone.username} and r.state = 'open'`;
		const post = await ib.request.post('/beheer/2fa-verzoeken?/goedkeuren', {
			headers: { origin: baseURL!, 'content-type': 'application/x-www-form-urlencoded' },
			data: `id=${request!.id}`
		});
		expect(post.status()).toBe(404);
		await ib.context().close();

		const joost = await newPage(browser, baseURL);
		await loginAs(joost, 'PO2507', 'beheer.joost');
		await joost.goto('/beheer/2fa-verzoeken');
		await expect(joost.getByText(someone.username)).toHaveCount(0);
		const approve = await joost.request.post('/beheer/2fa-verzoeken?/goedkeuren', {
			headers: { origin: baseURL!, 'content-type': 'application/x-www-form-urlencoded' },
			data: `id=${request!.id}`
		});
		expect(approve.status()).toBe(404);
		await joost.context().close();
		const [still] = await db()<{ state: string }[]>`
			select state from totp_reset_request where id = ${request!.id}`;
		expect(still!.state).toBe('open');
	});
});
