import { expect, test } from '@playwright/test';
import { demoPassword } from '../../src/lib/server/demo/credentials';
import { db } from './support/db';
import { fillLogin, loginAs, nextCode, submitLogin } from './support/login';

test.describe('login page', () => {
	test('asks for organisation, username, password and code, in that order, with the right keyboard hints', async ({
		page
	}) => {
		await page.goto('/inloggen');
		const labels = await page.locator('form label').allTextContents();
		expect(labels).toEqual(['Organisatie', 'Gebruikersnaam', 'Wachtwoord', 'Code', 'Herstelcode']);
		// The recovery code field is folded away until someone needs it.
		await expect(page.getByLabel('Herstelcode')).toBeHidden();
		const code = page.getByLabel('Code', { exact: true });
		await expect(code).toHaveAttribute('inputmode', 'numeric');
		await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
		await expect(page.getByLabel('Wachtwoord')).toHaveAttribute('type', 'password');
		const options = await page
			.locator('#organisaties option')
			.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
		expect(options).toContain('PO2806 PPO Rotterdam');
		expect(options).toContain('PO2507 Samenwerkingsverband Stromenland');
	});

	test('logs a staff member in by typing part of the organisation, and remembers the organisation', async ({
		page,
		context
	}) => {
		await page.goto('/inloggen');
		await fillLogin(
			page,
			'2806',
			'Lotte.VanDam',
			demoPassword,
			await nextCode('PO2806', 'lotte.vandam')
		);
		await expect(page).toHaveURL(/\/hulpvragen$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hulpvragen');

		const cookie = (await context.cookies()).find((c) => c.name === '__Host-kk_session');
		expect(cookie).toBeDefined();
		expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
		expect(cookie!.value).toMatch(/^[a-z2-7]{32}$/);

		// Log out from the account menu (avatar, top right).
		await page.locator('summary[aria-label^="Accountmenu"]').click();
		await page.getByRole('button', { name: 'Uitloggen' }).click();
		await expect(page).toHaveURL(/\/inloggen\?reden=uitgelogd/);
		await expect(page.getByText('U bent uitgelogd.')).toBeVisible();
		await expect(page.getByLabel('Organisatie')).toHaveValue('PO2806 PPO Rotterdam');
		expect((await context.cookies()).find((c) => c.name === '__Host-kk_session')).toBeUndefined();

		await page.goto('/hulpvragen');
		await expect(page).toHaveURL(/\/inloggen\?terug=%2Fhulpvragen/);
	});

	test('sends a parent to the parents’ area and back to the page asked for after login', async ({
		page
	}) => {
		await loginAs(page, 'PO2806', 'sanne.bakker', { fresh: true });
		await expect(page).toHaveURL(/\/mijn-kind$/);
		await page
			.getByRole('button', { name: /Accountmenu/ })
			.or(page.locator('summary'))
			.first()
			.click();
		await page.getByRole('button', { name: 'Uitloggen' }).click();

		await page.goto('/account');
		await expect(page).toHaveURL(/\/inloggen\?terug=%2Faccount/);
		await fillLogin(
			page,
			'PO2806',
			'sanne.bakker',
			demoPassword,
			await nextCode('PO2806', 'sanne.bakker')
		);
		await expect(page).toHaveURL(/\/account$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn account');
	});

	test('never returns to another site after login', async ({ page }) => {
		await page.goto('/inloggen?terug=//aanvaller.example/');
		await fillLogin(
			page,
			'PO2806',
			'mila.jansen',
			demoPassword,
			await nextCode('PO2806', 'mila.jansen')
		);
		// Her own home instead: an extern lands on Mijn overlegrondes.
		await expect(page).toHaveURL(/localhost:\d+\/overlegrondes$/);
	});

	test('an unknown user and a wrong password get the same answer', async ({ request, baseURL }) => {
		async function post(username: string, password: string) {
			const response = await request.post('/inloggen', {
				headers: { origin: new URL(baseURL!).origin, accept: 'text/html' },
				form: {
					organisatie: 'PO2806',
					gebruikersnaam: username,
					wachtwoord: password,
					code: '123456'
				}
			});
			// The typed username is echoed back into the form; everything else must be identical.
			return {
				status: response.status(),
				body: (await response.text()).replaceAll(username, 'GEBRUIKER')
			};
		}
		const unknown = await post('bestaat.niet', 'Verkeerd-wachtwoord-9');
		const wrong = await post('henk.degroot', 'Verkeerd-wachtwoord-9');
		expect(unknown.status).toBe(wrong.status);
		const message = (html: string) => /<p class="error[^"]*"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];
		expect(message(unknown.body)).toBe('De gebruikersnaam of het wachtwoord klopt niet.');
		expect(message(wrong.body)).toBe(message(unknown.body));
		const strip = (html: string) =>
			html
				.replace(/nonce="[^"]*"/g, '')
				.replace(/"requestId":"[^"]*"/g, '')
				.replace(/value="[^"]*"/g, '');
		expect(strip(unknown.body)).toBe(strip(wrong.body));
	});

	test('a wrong code after the right password says so, and names the entry to look for', async ({
		page
	}) => {
		await page.goto('/inloggen');
		const right = await nextCode('PO2507', 'daan.smits');
		const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
		await fillLogin(page, 'PO2507', 'daan.smits', demoPassword, wrong);
		await expect(page.getByText('De code klopt niet.').first()).toBeVisible();
		await expect(page.getByText('"Stromenland: daan.smits"')).toBeVisible();
		await expect(page.getByRole('link', { name: /Hulp stap voor stap/ }).first()).toBeVisible();
	});

	test('a blocked account is told so, with the organisation’s helpdesk', async ({ page }) => {
		await db()`update account set state = 'blocked', blocked_at = now() where username = 'willem.hendriks'`;
		try {
			await page.goto('/inloggen');
			await fillLogin(
				page,
				'PO2507',
				'willem.hendriks',
				demoPassword,
				await nextCode('PO2507', 'willem.hendriks')
			);
			await expect(page.getByRole('heading', { name: 'Uw account is geblokkeerd' })).toBeVisible();
			await expect(page.getByText(/Helpdesk Stromenland: 0320/)).toBeVisible();
		} finally {
			await db()`update account set state = 'active', blocked_at = null, failed_codes = 0 where username = 'willem.hendriks'`;
		}
	});

	test('announces the wait after 5 wrong passwords with the time it ends', async ({ page }) => {
		await page.goto('/inloggen');
		for (let i = 0; i < 5; i++) {
			await submitLogin(page, 'PO2806', 'iemand.anders', `Verkeerd-${i}-wachtwoord`, '123456');
			if (i < 4) {
				await expect(page.locator('p.error')).toHaveText(
					'De gebruikersnaam of het wachtwoord klopt niet.'
				);
			}
		}
		await expect(page.locator('p.error')).toHaveText(
			/Er is te vaak een verkeerd wachtwoord ingevuld\. U kunt weer inloggen om \d{2}:\d{2} uur\./
		);
	});
});

test.describe('sessions', () => {
	test('warns a minute before the idle timeout, can stay logged in, and then logs out', async ({
		page
	}) => {
		await page.clock.install();
		await loginAs(page, 'PO2806', 'nora.yilmaz', { fresh: true });
		await expect(page.getByText('U wordt over 1 minuut uitgelogd')).toBeHidden();
		await page.clock.fastForward('09:05');
		await expect(page.getByText('U wordt over 1 minuut uitgelogd')).toBeVisible();
		await page.getByRole('button', { name: 'Ingelogd blijven' }).click();
		await expect(page.getByText('U wordt over 1 minuut uitgelogd')).toBeHidden();

		// Now the session really ends on the server, and the page follows.
		await db()`update session set expires_at = now() - interval '1 second'
			where account_id = (select id from account where username = 'nora.yilmaz')`;
		await page.clock.fastForward('01:10');
		await expect(page).toHaveURL(/\/inloggen\?reden=verlopen/);
		await expect(
			page.getByText('U bent uitgelogd, omdat u een tijd niets heeft gedaan.')
		).toBeVisible();
	});

	test('an organisation’s shorter idle timeout logs out for real', async ({ page }) => {
		test.setTimeout(120_000);
		await db()`update organisation set idle_timeout_minutes = 1 where code = 'PO2507'`;
		try {
			await loginAs(page, 'PO2507', 'bram.kok', { fresh: true });
			// One minute: the warning shows at once.
			await expect(page.getByText('U wordt over 1 minuut uitgelogd')).toBeVisible();
			// For real: no clock is faked, the server's session runs out after a minute of
			// wall-clock time, so what is waited for here is time itself.
			await expect(page).toHaveURL(/\/inloggen\?reden=verlopen/, { timeout: 75_000 });
			await page.goto('/hulpvragen');
			await expect(page).toHaveURL(/\/inloggen/);
		} finally {
			await db()`update organisation set idle_timeout_minutes = 10 where code = 'PO2507'`;
		}
	});

	test('"Uitloggen op alle apparaten" ends the sessions on other devices', async ({ browser }) => {
		// Other tests may have left sessions of this account; start from none.
		await db()`delete from session where account_id = (select id from account where username = 'anouk.smit')`;
		const laptop = await browser.newContext();
		const phone = await browser.newContext();
		try {
			const a = await laptop.newPage();
			const b = await phone.newPage();
			await loginAs(a, 'PO2806', 'anouk.smit', { fresh: true });
			await loginAs(b, 'PO2806', 'anouk.smit', { fresh: true });
			await a.goto('/account');
			await expect(a.locator('main')).toContainText('U bent nu op 2 apparaten ingelogd.');
			await a.getByRole('button', { name: 'Uitloggen op alle apparaten' }).click();
			await expect(a).toHaveURL(/\/inloggen\?reden=overal-uitgelogd/);
			await b.goto('/hulpvragen');
			await expect(b).toHaveURL(/\/inloggen/);
			const rows =
				await db()`select 1 from session s join account a on a.id = s.account_id where a.username = 'anouk.smit'`;
			expect(rows).toHaveLength(0);
		} finally {
			await laptop.close();
			await phone.close();
		}
	});
});
