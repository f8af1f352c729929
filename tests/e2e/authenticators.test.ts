import { db } from './support/db';
import { expect, test, type Page } from '@playwright/test';
import { demoPassword } from '../../src/lib/server/demo/credentials';
import { freshCode } from './support/codes';
import { fillLogin, loginAs, nextCode } from './support/login';
import { waitForMail } from './support/mail';

const organisation = 'PO2507';
const username = 'yara.peters';
const email = 'y.peters@stromenland.example.nl';

/** A code of the new key in a time step that no earlier code of it used. */
async function newCode(key: string): Promise<string> {
	return (await freshCode(key)).code;
}

function section(page: Page) {
	return page.getByRole('region', { name: 'Authenticators' });
}

test('adds a second authenticator, logs in with it, removes the first but never the last', async ({
	page,
	baseURL
}) => {
	test.setTimeout(120_000);
	const since = new Date();
	await loginAs(page, organisation, username);
	await page.goto('/account');
	const list = section(page).getByRole('list', { name: 'Uw authenticators' });
	await expect(list.getByRole('listitem')).toHaveCount(1);
	await expect(section(page).getByText('Dit is uw enige authenticator')).toBeVisible();

	// A session alone is not enough: a wrong code is refused.
	await page.getByLabel('Code of herstelcode').fill('000000');
	await page.getByRole('button', { name: 'Doorgaan' }).click();
	await expect(page.getByText('De code klopt niet of is al gebruikt.')).toBeVisible();
	await expect(page.getByRole('img', { name: /QR-code/ })).toHaveCount(0);

	await page.getByLabel('Code of herstelcode').fill(await nextCode(organisation, username));
	await page.getByRole('button', { name: 'Doorgaan' }).click();
	await expect(page.getByRole('img', { name: /QR-code/ })).toBeVisible();
	await expect(page.getByText('minder veilig dan een op een aparte telefoon')).toBeVisible();
	const key = (await page.getByLabel('Sleutel').textContent())!.replace(/\s/g, '').toUpperCase();
	expect(key).toMatch(/^[A-Z2-7]{32}$/);
	const openInApp = await page
		.getByRole('link', { name: 'Open in authenticator-app' })
		.getAttribute('href');
	expect(openInApp).toMatch(/^otpauth:\/\/totp\/Kindkring:Stromenland%3A%20yara\.peters\?/);
	const builtIn = await page
		.getByRole('link', { name: 'Gebruik de Kindkring-app op dit apparaat' })
		.getAttribute('href');
	expect(builtIn).toBe(`/authenticator#uri=${encodeURIComponent(openInApp!)}`);

	// A reload shows the same secret: scanning twice leaves no stale second entry with a
	// code that never works in the phone's authenticator app.
	await page.reload();
	expect((await page.getByLabel('Sleutel').textContent())!.replace(/\s/g, '').toUpperCase()).toBe(
		key
	);

	await page.getByLabel('Naam').fill('Tablet');
	await page.getByLabel('Code uit de nieuwe authenticator').fill('123456');
	await page.getByRole('button', { name: 'Authenticator toevoegen' }).click();
	await expect(page.getByText('Deze code hoort niet bij de nieuwe authenticator.')).toBeVisible();
	await expect(page.getByLabel('Naam')).toHaveValue('Tablet');

	await page.getByLabel('Code uit de nieuwe authenticator').fill(await newCode(key));
	await page.getByRole('button', { name: 'Authenticator toevoegen' }).click();
	await expect(section(page).getByRole('status')).toContainText(
		'De authenticator "Tablet" is toegevoegd'
	);
	await expect(list.getByRole('listitem')).toHaveCount(2);
	await expect(list.getByText('Tablet', { exact: true })).toBeVisible();
	const added = await waitForMail(email, 'er is een authenticator toegevoegd', since);
	expect(added.text).toContain('Er is een authenticator toegevoegd: Tablet');

	// Log out, and in with the new authenticator.
	await page.locator('summary[aria-label^="Accountmenu"]').click();
	await page.getByRole('button', { name: 'Uitloggen', exact: true }).click();
	await expect(page).toHaveURL(/\/inloggen/);
	await fillLogin(page, organisation, username, demoPassword, await newCode(key));
	await expect(page).not.toHaveURL(/\/inloggen/);

	// Remove the original authenticator; the last one cannot be removed.
	await page.goto('/account');
	const original = list.getByRole('listitem').filter({ hasText: 'Authenticator-app' });
	await original.getByText('Verwijderen…').click();
	await original.getByRole('button', { name: 'Ja, verwijder Authenticator-app' }).click();
	await expect(section(page).getByRole('status')).toContainText('is verwijderd');
	await expect(list.getByRole('listitem')).toHaveCount(1);
	await expect(section(page).getByText('Dit is uw enige authenticator')).toBeVisible();
	await expect(section(page).getByRole('button', { name: /Ja, verwijder/ })).toHaveCount(0);
	await waitForMail(email, 'er is een authenticator verwijderd', since);
	void baseURL;
});

// Other test files log in as every demo account with its demo secret: give yara's back.
test.afterAll(async () => {
	const sql = db();
	await sql`
		update totp_secret t set state = 'replaced', replaced_at = now()
		from account a join organisation o on o.id = a.organisation_id
		where t.account_id = a.id and o.code = ${organisation} and a.username = ${username}
			and t.state = 'active'`;
	await sql`
		update totp_secret t set state = 'active', replaced_at = null
		from account a join organisation o on o.id = a.organisation_id
		where t.account_id = a.id and o.code = ${organisation} and a.username = ${username}
			and t.name = 'Authenticator-app' and t.state = 'replaced'`;
});
