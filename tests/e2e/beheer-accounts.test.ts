import { expect, test, type Browser, type Page } from '@playwright/test';
import postgres from 'postgres';
import { fillLogin, loginAs } from './support/login';
import { linkIn, waitForMail } from './support/mail';
import { readState } from './support/state';

function database() {
	return postgres(readState().databaseUrl, {
		max: 1,
		transform: postgres.camel,
		onnotice: () => undefined
	});
}

async function accountId(code: string, username: string): Promise<string> {
	const sql = database();
	try {
		const [row] = await sql<{ id: string }[]>`
			select a.id from account a join organisation o on o.id = a.organisation_id
			where o.code = ${code} and lower(a.username) = ${username.toLowerCase()}`;
		return row!.id;
	} finally {
		await sql.end();
	}
}

async function newPage(browser: Browser, baseURL: string | undefined): Promise<Page> {
	const context = await browser.newContext({ baseURL, locale: 'nl-NL' });
	return context.newPage();
}

/** The page's own status line (the PWA update prompt is a status too). */
function status(page: Page) {
	return page.locator('#inhoud').getByRole('status');
}

async function noHorizontalScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
}

// One login for the beheerder's tests: a TOTP code works once per 30 seconds per account.
test.describe('Beheer → Accounts as a beheerder', () => {
	test.describe.configure({ mode: 'serial' });
	let page: Page;
	let created = '';

	test.beforeAll(async ({ browser, baseURL }) => {
		page = await newPage(browser, baseURL);
		await loginAs(page, 'PO2806', 'beheer.femke');
	});

	test.afterAll(async () => {
		await page.context().close();
	});

	test('creates an account; the welcome mail arrives with an activation link', async () => {
		const since = new Date();
		await page
			.getByRole('navigation', { name: 'Hoofdmenu' })
			.getByRole('link', { name: 'Beheer' })
			.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Beheer');
		await expect(page.getByText('nog niet beheren')).toBeVisible();
		await page.getByRole('link', { name: /Accounts/ }).click();
		await page.getByRole('link', { name: 'Nieuw account' }).click();

		await page.getByRole('button', { name: 'Account aanmaken' }).click();
		await expect(page.getByText('Vul de naam in.')).toBeVisible();
		await expect(page.getByText('Vul een gebruikersnaam in.')).toBeVisible();
		await expect(page.getByText('Vul het e-mailadres in.')).toBeVisible();
		await expect(page.getByText('Kies ten minste één rol.')).toBeVisible();

		const email = `e2e.nieuw.${Date.now()}@example.nl`;
		await page.getByLabel('Naam', { exact: true }).fill('Eva de Wit');
		await page.getByLabel('Gebruikersnaam').fill('Lotte.VanDam');
		await page.getByLabel('E-mailadres').fill('geen-adres');
		await page.getByLabel("IB'er").check();
		await page.getByRole('button', { name: 'Account aanmaken' }).click();
		await expect(page.getByText('Deze gebruikersnaam bestaat al.')).toBeVisible();
		await expect(page.getByText('Dit is geen geldig e-mailadres.')).toBeVisible();
		// What was typed stays.
		await expect(page.getByLabel('Naam', { exact: true })).toHaveValue('Eva de Wit');
		await expect(page.getByLabel("IB'er")).toBeChecked();

		const username = `eva.dewit${Date.now() % 100000}`;
		created = username;
		await page.getByLabel('Gebruikersnaam').fill(username);
		await page.getByLabel('E-mailadres').fill(email);
		await page.getByRole('button', { name: 'Account aanmaken' }).click();
		await expect(page).toHaveURL(/\/beheer\/accounts\/[0-9a-f-]{36}/);
		await expect(status(page)).toContainText(`Welkomstmail verstuurd naar ${email}`);
		await expect(page.getByText('Nog niet geactiveerd').first()).toBeVisible();

		const mail = await waitForMail(email, 'Welkom', since);
		expect(mail.text).toContain(username);
		expect(linkIn(mail, '/activeren/')).toMatch(/\/activeren\/[a-z0-9]{32}$/);
	});

	test('remembers the filters on the next visit and clears them with "Wissen"', async () => {
		await page.goto('/beheer/accounts');
		await page.getByRole('link', { name: 'Wissen' }).click();
		await expect(status(page)).toHaveText(/^\s*\d+ accounts\s*$/);
		const all = Number((await status(page).textContent())!.match(/\d+/)![0]);
		expect(all).toBeGreaterThanOrEqual(9);

		await page.getByLabel('Rol').selectOption({ label: "IB'er" });
		await page.getByLabel('Status').selectOption({ label: 'Actief' });
		await page.getByRole('button', { name: 'Zoeken' }).click();
		await expect(status(page)).toContainText('2 accounts gevonden');
		const list = page.getByRole('list', { name: 'Accounts' });
		await expect(list.getByRole('link', { name: 'Lotte van Dam' })).toBeVisible();

		// A new visit, without anything in the address: the filters are still applied.
		await page.goto('/beheer');
		await page.goto('/beheer/accounts');
		await expect(status(page)).toContainText('2 accounts gevonden');
		await expect(page.getByLabel('Rol')).toHaveValue('ib');
		await expect(page.getByLabel('Status')).toHaveValue('active');

		await page.getByRole('link', { name: 'Wissen' }).click();
		await expect(status(page)).toHaveText(`${all} accounts`);
		await expect(page.getByLabel('Rol')).toHaveValue('');
		await page.goto('/beheer/accounts');
		await expect(status(page)).toHaveText(`${all} accounts`);

		await page.getByLabel('Zoeken', { exact: true }).fill('LOTTE');
		await page.getByRole('button', { name: 'Zoeken' }).click();
		await expect(status(page)).toContainText('1 account gevonden');
		await page.getByRole('link', { name: 'Wissen' }).click();
	});

	test('blocks and unblocks an account; the holder can log in again', async ({
		browser,
		baseURL
	}) => {
		const since = new Date();
		await page.goto('/beheer/accounts');
		await page.getByLabel('Zoeken', { exact: true }).fill('rachid');
		await page.getByRole('button', { name: 'Zoeken' }).click();
		// The list of before the search may still be there: wait for the search's own answer.
		await expect(status(page)).toContainText('1 account gevonden');
		await page.getByRole('list', { name: 'Accounts' }).getByRole('link').first().click();
		await expect(page.getByRole('heading', { level: 1 })).toContainText('Rachid');

		await page.getByText('Blokkeren…').click();
		await page.getByRole('button', { name: 'Ja, blokkeer dit account' }).click();
		await expect(status(page)).toContainText('Het account is geblokkeerd');
		await expect(page.getByRole('heading', { name: 'Dit account is geblokkeerd' })).toBeVisible();
		await waitForMail('r.elamrani@hetkompas.example.nl', 'uw account is geblokkeerd', since);

		// The holder, on the login page, is told the account is blocked.
		const holder = await newPage(browser, baseURL);
		await holder.goto('/inloggen');
		await fillLogin(holder, 'PO2806', 'rachid.elamrani', 'Kindkring-demo-2026', '000000');
		await expect(holder.getByRole('heading', { name: 'Uw account is geblokkeerd' })).toBeVisible();

		// The helpdesk finds blocked accounts in the list, with "Deblokkeren" at hand.
		await page.goto('/beheer/accounts');
		await page.getByLabel('Status').selectOption({ label: 'Geblokkeerd' });
		await page.getByRole('button', { name: 'Zoeken' }).click();
		const row = page.getByRole('listitem').filter({ hasText: 'rachid.elamrani' });
		await expect(row.getByText('Geblokkeerd')).toBeVisible();
		await row.getByRole('button', { name: /Deblokkeren/ }).click();
		await expect(status(page)).toContainText('0 accounts gevonden');
		await page.getByRole('link', { name: 'Wissen' }).click();

		const sql = database();
		try {
			const [account] = await sql<{ state: string; failedCodes: number }[]>`
				select state, failed_codes from account where id = ${await accountId('PO2806', 'rachid.elamrani')}`;
			expect(account).toEqual({ state: 'active', failedCodes: 0 });
		} finally {
			await sql.end();
		}

		await waitForMail('r.elamrani@hetkompas.example.nl', 'uw account is gedeblokkeerd', since);
		await loginAs(holder, 'PO2806', 'rachid.elamrani');
		await expect(holder).toHaveURL(/\/hulpvragen/);
		await holder.context().close();
	});

	test('works without JavaScript: search, roles, deactivate, reactivate, reset 2FA', async ({
		browser,
		baseURL
	}) => {
		const context = await browser.newContext({
			baseURL,
			javaScriptEnabled: false,
			storageState: await page.context().storageState()
		});
		const plain = await context.newPage();
		await plain.goto('/beheer/accounts');
		await plain.getByLabel('Zoeken', { exact: true }).fill(created.toUpperCase());
		await plain.getByRole('button', { name: 'Zoeken' }).click();
		await expect(status(plain)).toContainText('1 account gevonden');
		await plain.getByRole('link', { name: 'Eva de Wit' }).click();

		const roles = plain.getByRole('group', { name: /Rollen van/ });
		await roles.getByLabel("IB'er").uncheck();
		await plain.getByRole('button', { name: 'Rollen opslaan' }).click();
		await expect(plain.getByRole('alert')).toHaveText('Kies ten minste één rol.');
		await roles.getByLabel("IB'er").uncheck();
		await roles.getByLabel('Directeur').check();
		await plain.getByRole('button', { name: 'Rollen opslaan' }).click();
		await expect(status(plain)).toContainText('De rollen zijn opgeslagen');
		await expect(roles.getByLabel('Directeur')).toBeChecked();
		await expect(roles.getByLabel("IB'er")).not.toBeChecked();

		await plain.getByText('Deactiveren…').click();
		await plain.getByRole('button', { name: 'Ja, deactiveer dit account' }).click();
		await expect(status(plain)).toContainText('Het account is gedeactiveerd');
		await expect(plain.locator('dd').getByText('Gedeactiveerd')).toBeVisible();

		await plain.getByRole('button', { name: 'Heractiveren' }).click();
		await expect(status(plain)).toContainText('Het account is heractiveerd');
		await expect(plain.locator('dd').getByText('Nog niet geactiveerd')).toBeVisible();

		await plain.getByText('2FA opnieuw instellen…').click();
		await plain.getByRole('button', { name: 'Ja, stel 2FA opnieuw in' }).click();
		await expect(status(plain)).toContainText('De tweestapsverificatie is opnieuw ingesteld');

		const sql = database();
		try {
			const rows = await sql<{ action: string }[]>`
				select action from audit_log where target_id = ${await accountId('PO2806', created)}
				order by id`;
			expect(rows.map((r) => r.action)).toEqual([
				'account.created',
				'account.roles-changed',
				'account.deactivated',
				'account.reactivated',
				'totp.reset-by-admin'
			]);
		} finally {
			await sql.end();
		}
		await plain.goto('/beheer/accounts?filter=1');
		await context.close();
	});

	test('cannot block, deactivate or reset 2FA of themselves', async () => {
		await page.goto(`/beheer/accounts/${await accountId('PO2806', 'beheer.femke')}`);
		await expect(page.getByText('Dit is uw eigen account.')).toBeVisible();
		await expect(page.getByText('Blokkeren…')).toHaveCount(0);
		await expect(page.getByText('Deactiveren…')).toHaveCount(0);
		await expect(page.getByText('2FA opnieuw instellen…')).toHaveCount(0);
	});

	test('list and detail fit a phone without horizontal scrolling', async () => {
		await page.setViewportSize({ width: 390, height: 844 });
		await page.goto('/beheer/accounts');
		await expect(page.getByRole('list', { name: 'Accounts' })).toBeVisible();
		await noHorizontalScroll(page);
		await page.getByRole('list', { name: 'Accounts' }).getByRole('link').first().click();
		await expect(page.getByRole('heading', { name: 'Rollen' })).toBeVisible();
		await noHorizontalScroll(page);
		await page.goto('/beheer/accounts/nieuw');
		await noHorizontalScroll(page);
	});
});

test.describe('Beheer → Accounts for everyone else', () => {
	const others = [
		['lotte.vandam', 'ib'],
		['henk.degroot', 'directeur'],
		['nora.yilmaz', 'scp'],
		['pieter.verbeek', 'coordinator'],
		['anouk.smit', 'tlv_admin'],
		['mila.jansen', 'extern']
	] as const;

	for (const [username, role] of others) {
		test(`${role} (${username}) gets 404 for every Beheer page and action`, async ({
			browser,
			baseURL
		}) => {
			const page = await newPage(browser, baseURL);
			await loginAs(page, 'PO2806', username);
			await expect(
				page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Beheer' })
			).toHaveCount(0);
			const target = await accountId('PO2806', 'sanne.bakker');
			for (const path of [
				'/beheer',
				'/beheer/accounts',
				'/beheer/accounts/nieuw',
				`/beheer/accounts/${target}`
			]) {
				const response = await page.goto(path);
				expect(response!.status(), path).toBe(404);
				await expect(page.getByRole('heading', { level: 1 })).toHaveText(
					'Deze pagina bestaat niet'
				);
			}
			const post = await page.request.post(`/beheer/accounts/${target}?/blokkeren`, {
				headers: { origin: baseURL!, 'content-type': 'application/x-www-form-urlencoded' },
				data: ''
			});
			expect(post.status()).toBe(404);
			const create = await page.request.post('/beheer/accounts/nieuw', {
				headers: { origin: baseURL!, 'content-type': 'application/x-www-form-urlencoded' },
				data: 'naam=X&gebruikersnaam=indringer&email=x%40example.nl&rollen=beheerder'
			});
			expect(create.status()).toBe(404);
			const sql = database();
			try {
				const [row] = await sql<{ state: string; n: number }[]>`
					select (select state from account where id = ${target}) as state,
						(select count(*)::int from account where username = 'indringer') as n`;
				expect(row).toEqual({ state: 'active', n: 0 });
			} finally {
				await sql.end();
			}
			await page.context().close();
		});
	}

	test('a parent is sent to their own area', async ({ browser, baseURL }) => {
		const page = await newPage(browser, baseURL);
		await loginAs(page, 'PO2806', 'sanne.bakker');
		const response = await page.goto('/beheer/accounts');
		await expect(page).toHaveURL(/\/mijn-kind/);
		expect(response!.status()).toBe(200);
		const post = await page.request.post(
			`/beheer/accounts/${await accountId('PO2806', 'lotte.vandam')}?/deactiveren`,
			{
				headers: { origin: baseURL!, 'content-type': 'application/x-www-form-urlencoded' },
				data: '',
				maxRedirects: 0
			}
		);
		expect(post.status()).toBe(404);
		await page.context().close();
	});

	test("a beheerder of another organisation finds nothing of PO2806's accounts", async ({
		browser,
		baseURL
	}) => {
		const page = await newPage(browser, baseURL);
		await loginAs(page, 'PO2507', 'beheer.joost');
		await page.goto('/beheer/accounts?filter=1');
		await expect(page.getByRole('list', { name: 'Accounts' })).toBeVisible();
		await expect(page.getByText('beheer.femke')).toHaveCount(0);
		await expect(page.getByText('willem.hendriks')).toBeVisible();

		const target = await accountId('PO2806', 'pieter.verbeek');
		const sql = database();
		const snapshot = async () => {
			const [row] = await sql`
				select a.state, a.roles, a.failed_codes, a.blocked_at, a.deactivated_at, a.updated_at,
					(select count(*)::int from totp_secret t where t.account_id = a.id and t.state = 'active') as authenticators,
					(select count(*)::int from auth_token k where k.account_id = a.id) as tokens,
					(select count(*)::int from audit_log l where l.target_id = a.id::text) as audits,
					(select count(*)::int from outbox m where m.account_id = a.id) as mails
				from account a where a.id = ${target}`;
			return row;
		};
		try {
			const before = await snapshot();
			const response = await page.goto(`/beheer/accounts/${target}`);
			expect(response!.status()).toBe(404);
			for (const [action, body] of [
				['blokkeren', ''],
				['deblokkeren', ''],
				['deactiveren', ''],
				['heractiveren', ''],
				['activatielink', ''],
				['tweestapsverificatie', ''],
				['rollen', 'rollen=beheerder']
			] as const) {
				const post = await page.request.post(`/beheer/accounts/${target}?/${action}`, {
					headers: { origin: baseURL!, 'content-type': 'application/x-www-form-urlencoded' },
					data: body
				});
				expect(post.status(), action).toBe(404);
			}
			expect(await snapshot()).toEqual(before);
		} finally {
			await sql.end();
		}
		await page.context().close();
	});
});
