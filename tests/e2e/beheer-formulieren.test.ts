import { expect, test, type Page } from '@playwright/test';
import { db } from './support/db';
import { axeViolations } from './support/axe';
import { loginAs } from './support/login';

// These tests share the demo database with every other browser test: they make a template
// of their own, switch it off at the end and remove it where the database lets them.

const name = `E2E-formulier ${Date.now().toString(36)}`;

function status(page: Page) {
	return page.locator('#inhoud').getByRole('status');
}

test.describe('Beheer → Formulieren as a beheerder', () => {
	test.describe.configure({ mode: 'serial' });
	let page: Page;

	test.beforeAll(async ({ browser, baseURL }) => {
		const context = await browser.newContext({ baseURL, locale: 'nl-NL' });
		page = await context.newPage();
		await loginAs(page, 'PO2806', 'beheer.femke');
	});

	test.afterAll(async () => {
		const rows = await db()<{ id: string }[]>`select id from form_template where name = ${name}`;
		for (const { id } of rows) {
			await db()`delete from status_form_requirement where template_id = ${id}`;
			await db()`delete from process_automation where form_template_id = ${id}`;
			// A published version is kept by the database; without the right to lift that
			// rule the template stays, switched off.
			await db()
				.begin(async (tx) => {
					await tx`set local session_replication_role = replica`;
					await tx`delete from form_template_version where template_id = ${id}`;
					await tx`delete from form_template where id = ${id}`;
				})
				.catch(() => db()`update form_template set active = false where id = ${id}`);
		}
		await page.context().close();
	});

	test('creates a template from the Beheer menu', async () => {
		await page.goto('/beheer');
		await page
			.locator('#inhoud')
			.getByRole('link', { name: /^Formulieren/ })
			.click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Formulieren');
		await page.getByRole('link', { name: 'Nieuw formulier' }).click();
		await page.getByRole('button', { name: 'Formulier aanmaken' }).click();
		await expect(page.getByText('Vul een naam in.')).toBeVisible();
		await page.getByLabel('Naam', { exact: true }).fill(name);
		await page.getByLabel('Omschrijving').fill('Voor de test in de browser.');
		await page.getByRole('button', { name: 'Formulier aanmaken' }).click();
		await expect(page).toHaveURL(/\/beheer\/formulieren\/[0-9a-f-]{36}\?nieuw=1$/);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Formulier: ${name}`);
		await expect(status(page)).toHaveText('Het formulier is aangemaakt. Stel het nu samen.');
		await expect(page.getByRole('region', { name: 'Onderdeel 1: Algemeen' })).toBeVisible();
	});

	test('adds a section with a conditional question and reorders', async () => {
		await page.getByRole('button', { name: 'Onderdeel toevoegen' }).click();
		await expect(page.locator('#s1-title')).toBeFocused();
		await page.locator('#s1-title').fill('Thuiszitten');
		const section = page.getByRole('region', { name: 'Onderdeel 2: Thuiszitten' });
		await section
			.getByRole('group', { name: 'Wie vult dit onderdeel in' })
			.getByLabel("IB'er")
			.check();
		await page.locator('#s1-q0-label').fill('Zit het kind thuis?');
		await page.locator('#s1-q0-type').selectOption({ label: 'Ja/nee' });
		await section.getByRole('button', { name: /^Vraag toevoegen/ }).click();
		await expect(page.locator('#s1-q1-label')).toBeFocused();
		await page.locator('#s1-q1-label').fill('Sinds wanneer?');
		await page.locator('#s1-q1-type').selectOption({ label: 'Datum' });
		await page.locator('#s1-q1-when').selectOption({ label: 'Zit het kind thuis?' });
		await expect(page.locator('#s1-q1-equals')).toHaveValue('ja');

		// Up with the keyboard: the focus stays with the moved section.
		await section.getByRole('button', { name: 'onderdeel 2 (Thuiszitten) omhoog' }).focus();
		await page.keyboard.press('Enter');
		await expect(page.getByRole('region', { name: 'Onderdeel 1: Thuiszitten' })).toBeVisible();
		await expect(page.getByRole('region', { name: 'Onderdeel 2: Algemeen' })).toBeVisible();
		await expect(
			page.getByRole('button', { name: 'onderdeel 1 (Thuiszitten) omlaag' })
		).toBeFocused();
		await expect(page.getByText('Er zijn wijzigingen die nog niet zijn opgeslagen.')).toBeVisible();
	});

	test('previews the unsaved form as an IB’er and as a parent', async () => {
		await page.getByRole('button', { name: 'Voorbeeld' }).click();
		const preview = page.getByRole('region', { name: 'Voorbeeld' });
		await preview.getByLabel('Rol').selectOption({ label: "IB'er" });
		const thuis = preview.getByRole('region', { name: 'Thuiszitten' });
		await expect(thuis).toContainText('Vult dit onderdeel in');
		await expect(thuis.getByLabel('Sinds wanneer?')).toHaveCount(0);
		await thuis.getByRole('group', { name: 'Zit het kind thuis?' }).getByLabel('Ja').check();
		await expect(thuis.getByLabel('Sinds wanneer?')).toBeVisible();
		await thuis.getByRole('group', { name: 'Zit het kind thuis?' }).getByLabel('Nee').check();
		await expect(thuis.getByLabel('Sinds wanneer?')).toHaveCount(0);
		expect(await axeViolations(page)).toEqual([]);

		await preview.getByLabel('Rol').selectOption({ label: 'Ouder' });
		await expect(thuis).toContainText('Dit onderdeel ziet deze rol niet');
		await expect(preview.getByRole('region', { name: 'Algemeen' })).toContainText(
			'Dit onderdeel ziet deze rol niet'
		);
		await preview.getByLabel('als coördinator van de hulpvraag').check();
		await expect(thuis).toContainText('Leest dit onderdeel');
		await page.getByRole('button', { name: 'Bewerken' }).click();
	});

	test('shows what must be fixed, then saves and publishes version 1', async () => {
		await page.locator('#s0-q1-key').fill('vraag-1');
		await page.getByRole('button', { name: 'Concept opslaan' }).click();
		await expect(page.getByRole('alert')).toContainText('Niet opgeslagen');
		const question = page.locator('#s0-q1-kop').locator('..');
		await expect(question).toContainText('Twee vragen hebben de sleutel ‘vraag-1’.');
		await page.locator('#s0-q1-key').fill('sinds');
		await page.getByRole('button', { name: 'Concept opslaan' }).click();
		await expect(status(page)).toHaveText('Concept (versie 1) opgeslagen.');
		await expect(page.getByText('Alle wijzigingen zijn opgeslagen.')).toBeVisible();
		expect(await axeViolations(page)).toEqual([]);

		await page.getByRole('button', { name: 'Publiceren' }).click();
		await expect(status(page)).toHaveText('Versie 1 is gepubliceerd.');
		const versions = page.getByRole('region', { name: 'Versies' });
		await expect(versions.getByRole('row')).toHaveCount(2);
		await expect(versions.getByRole('cell').first()).toHaveText('1');

		// After a reload the editor shows what was published.
		await page.reload();
		await expect(page.getByRole('region', { name: 'Onderdeel 1: Thuiszitten' })).toBeVisible();
		await expect(page.locator('#s0-q1-label')).toHaveValue('Sinds wanneer?');
		await expect(page.getByRole('button', { name: 'Publiceren' })).toHaveCount(0);
	});

	test('a status can require the template', async () => {
		const [row] = await db()<{ id: string }[]>`
			select s.id from process_status s join organisation o on o.id = s.organisation_id
			where o.code = 'PO2806' and s.name = 'Dossier compleet'`;
		await page.goto(`/beheer/processen/statussen/${row!.id}`);
		const group = page.getByRole('group', { name: 'Vereiste formulieren' });
		await group.getByLabel(name, { exact: true }).check();
		await page.getByRole('button', { name: 'Vereiste formulieren opslaan' }).click();
		await expect(status(page)).toHaveText('De vereiste formulieren zijn opgeslagen.');
		await page.reload();
		await expect(group.getByLabel(name, { exact: true })).toBeChecked();
		await group.getByLabel(name, { exact: true }).uncheck();
		await page.getByRole('button', { name: 'Vereiste formulieren opslaan' }).click();
		await expect(status(page)).toHaveText('De vereiste formulieren zijn opgeslagen.');
		await page.reload();
		await expect(group.getByLabel(name, { exact: true })).not.toBeChecked();

		// Required for one title only.
		await group.getByLabel(name, { exact: true }).check();
		const scope = group.getByRole('group', { name: `Vereist bij ${name}` });
		await scope.getByLabel('Alleen deze titels:').check();
		await scope.getByLabel(`KANS (${name})`, { exact: true }).check();
		await page.getByRole('button', { name: 'Vereiste formulieren opslaan' }).click();
		await expect(status(page)).toHaveText('De vereiste formulieren zijn opgeslagen.');
		await page.reload();
		await expect(scope.getByLabel('Alleen deze titels:')).toBeChecked();
		await expect(scope.getByLabel(`KANS (${name})`, { exact: true })).toBeChecked();
		await expect(scope.getByLabel(`Thuiszitter (${name})`, { exact: true })).not.toBeChecked();
		await group.getByLabel(name, { exact: true }).uncheck();
		await page.getByRole('button', { name: 'Vereiste formulieren opslaan' }).click();
		await expect(status(page)).toHaveText('De vereiste formulieren zijn opgeslagen.');
	});

	test('a ‘Formulier bij titel’ automation attaches the template, listed and removed', async () => {
		await page.goto('/beheer/processen');
		await page.getByRole('link', { name: 'Nieuwe automatisering' }).click();
		const kind = page.getByRole('region', { name: 'Formulier bij titel' });
		await kind.getByRole('button', { name: 'Toevoegen: Formulier bij titel' }).click();
		await expect(kind.getByText('Kies een titel uit de lijst.')).toBeVisible();
		await kind.getByLabel('Titel').selectOption({ label: 'KANS' });
		await kind.getByLabel('Formulier').selectOption({ label: name });
		await kind.getByRole('button', { name: 'Toevoegen: Formulier bij titel' }).click();
		await expect(page).toHaveURL(/\/beheer\/processen#automatiseringen$/);
		const described = `KANS → formulier ‘${name}’`;
		const item = page
			.getByRole('list', { name: 'Automatiseringen' })
			.getByRole('listitem')
			.filter({ hasText: described });
		await expect(item).toContainText('Formulier bij titel');
		expect(await axeViolations(page)).toEqual([]);
		await item.getByRole('button', { name: `Verwijderen: ${described}` }).click();
		await expect(status(page)).toHaveText('De automatisering is verwijderd.');
		await expect(
			page.getByRole('list', { name: 'Automatiseringen' }).getByText(described)
		).toHaveCount(0);
	});

	test('changes the description on the template page without a new version', async () => {
		const [row] = await db()<{ id: string }[]>`select id from form_template where name = ${name}`;
		await page.goto(`/beheer/formulieren/${row!.id}`);
		await page.getByText('Naam en omschrijving wijzigen').click();
		const naam = page.locator('#gegevens-naam');
		await naam.fill('');
		await page.getByRole('button', { name: 'Naam en omschrijving opslaan' }).click();
		await expect(page.getByText('Vul een naam in.')).toBeVisible();
		await naam.fill(name);
		await page.locator('#gegevens-omschrijving').fill('Gewijzigd in de browser.');
		await page.getByRole('button', { name: 'Naam en omschrijving opslaan' }).click();
		await expect(status(page)).toHaveText('Naam en omschrijving zijn opgeslagen.');
		await expect(
			page.locator('#inhoud').getByText('Gewijzigd in de browser.', { exact: true })
		).toBeVisible();
		await expect(page.getByText('opslaan maakt een concept van versie 2')).toBeVisible();
		const versions = await db()`select 1 from form_template_version where template_id = ${row!.id}`;
		expect(versions).toHaveLength(1);
	});

	test('lists the template with version 1 and switches it off', async () => {
		await page.goto('/beheer/formulieren/nieuw');
		await page
			.getByRole('navigation', { name: 'Kruimelpad' })
			.getByRole('link', { name: 'Formulieren' })
			.click();
		const item = page
			.getByRole('list', { name: 'Formulieren' })
			.getByRole('listitem')
			.filter({ has: page.getByRole('link', { name, exact: true }) });
		await expect(item).toContainText('Gepubliceerd: versie 1');
		await expect(item).toContainText('In gebruik: geen formulieren');
		expect(await axeViolations(page)).toEqual([]);

		await item.getByRole('link', { name, exact: true }).click();
		// On a small phone (320 CSS px) the editor and its preview do not scroll sideways.
		const sideways = () =>
			page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
		await page.setViewportSize({ width: 320, height: 800 });
		await expect(page.locator('#s0-title')).toBeVisible();
		expect(await sideways()).toBe(0);
		await page.getByRole('button', { name: 'Voorbeeld' }).click();
		await expect(page.getByRole('region', { name: 'Voorbeeld' })).toBeVisible();
		expect(await sideways()).toBe(0);
		await page.getByRole('button', { name: 'Bewerken' }).click();
		await page.setViewportSize({ width: 1280, height: 800 });
		await page.getByRole('button', { name: 'Formulier uitzetten' }).click();
		await expect(status(page)).toContainText('Het formulier staat uit');
		await expect(page.getByRole('button', { name: 'Formulier aanzetten' })).toBeVisible();
	});
});

test('Beheer → Formulieren does not exist for an IB’er', async ({ browser, baseURL }) => {
	const context = await browser.newContext({ baseURL, locale: 'nl-NL' });
	const page = await context.newPage();
	await loginAs(page, 'PO2806', 'lotte.vandam');
	const response = await page.goto('/beheer/formulieren');
	expect(response?.status()).toBe(404);
	await context.close();
});
