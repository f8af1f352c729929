import { expect, test, type Browser, type Page } from '@playwright/test';
import { axeViolations } from './support/axe';
import { db } from './support/db';
import { loginAs } from './support/login';

// The demo code of Het Kompas stays active: the intake tests send with it. The codes this
// file enters carry its own label and are removed at the end.

async function newPage(browser: Browser, baseURL: string | undefined, width = 1280) {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width, height: 800 }
	});
	return context.newPage();
}

/** The page's own status line (the PWA update prompt is a status too). */
function status(page: Page) {
	return page.locator('#inhoud').getByRole('status');
}

function codeItem(page: Page, label: string) {
	return page
		.getByRole('list', { name: 'Verificatiecodes' })
		.getByRole('listitem')
		.filter({ hasText: label });
}

const hintOf = (code: string) => `${code.slice(0, 6)}…${code.slice(-2)}`;

async function noHorizontalScroll(page: Page) {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
}

/** The full code is nowhere in the page: not in its text, its markup or a field's value. */
async function nowhere(page: Page, code: string) {
	expect(await page.content()).not.toContain(code);
	const values = await page
		.locator('input, select, textarea')
		.evaluateAll((fields) => fields.map((f) => (f as HTMLInputElement).value));
	expect(values.join('\n')).not.toContain(code);
}

test.describe('Beheer → Scholen → Koppeling', () => {
	test.describe.configure({ mode: 'serial' });
	const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
	const label = `E2E Esis ${run}`;
	const newLabel = `E2E ParnasSys ${run}`;
	const code = `21XC00-e2e-koppeling-${run}`;
	const replacement = `21XC00-e2e-vervanging-${run}`;
	let koppelingUrl = '';

	test.afterAll(async () => {
		await db()`delete from intake_koppeling where label in (${label}, ${newLabel})`;
	});

	test('a beheerder enters, pauses, resumes and replaces a code of a school', async ({
		browser,
		baseURL
	}) => {
		const page = await newPage(browser, baseURL);
		await loginAs(page, 'PO2806', 'beheer.femke');
		await page.goto('/beheer');
		await page.getByRole('link', { name: /Scholen/ }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Scholen');

		await page.getByRole('searchbox', { name: 'Naam of BRIN' }).fill('21xc00');
		await page.getByRole('button', { name: 'Zoeken' }).click();
		await expect(status(page)).toHaveText('1 school gevonden');
		const schools = page.getByRole('list', { name: 'Scholen' });
		const kompas = schools.getByRole('listitem');
		await expect(kompas).toContainText('21XC00');
		await expect(kompas).toContainText(/\d+ actieve koppeling/);
		expect(await axeViolations(page)).toEqual([]);

		await schools.getByRole('link', { name: /Basisschool Het Kompas/ }).click();
		await expect(page).toHaveURL(/\/beheer\/scholen\/[0-9a-f-]{36}\/koppeling$/);
		koppelingUrl = new URL(page.url()).pathname;
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'Koppeling van Basisschool Het Kompas'
		);
		await expect(page.getByText('Koppeling Esis-Kindkans activeren')).toBeVisible();
		const demo = codeItem(page, 'Demo-schoolsysteem');
		await expect(demo).toContainText('21XC00…26');
		await expect(demo).toContainText('Actief');
		expect(await axeViolations(page)).toEqual([]);

		// Too short: the domain's Dutch message at the field.
		const codeField = page.getByRole('textbox', { name: 'Verificatiecode' });
		await codeField.fill('21XC00-kort');
		await page.getByRole('button', { name: 'Code invoeren' }).click();
		await expect(page.getByRole('alert').first()).toContainText('Verbeter de gemarkeerde velden');
		await expect(codeField).toHaveAttribute('aria-invalid', 'true');
		await expect(codeField).toHaveAccessibleDescription(
			'De verificatiecode is 20 tot 50 tekens lang; deze heeft er 11.'
		);
		expect(await axeViolations(page)).toEqual([]);

		// A valid new code: active, shown by its hint only.
		await codeField.fill(code);
		await page.getByLabel('Naam van de koppeling').fill(label);
		await page.getByRole('button', { name: 'Code invoeren' }).click();
		await expect(status(page)).toContainText('is nu actief');
		await expect(status(page)).toContainText('niet opnieuw');
		const entered = codeItem(page, label);
		await expect(entered).toContainText(hintOf(code));
		await expect(entered).toContainText('Actief');
		await expect(entered).toContainText('door Femke Visser');
		await nowhere(page, code);
		await page.reload();
		await nowhere(page, code);

		// Pausing takes a second click, and says how to undo it.
		await entered.getByText(/^Pauzeren/).click();
		await entered.getByRole('button', { name: /Ja, pauzeer deze code/ }).click();
		await expect(status(page)).toContainText('is gepauzeerd');
		await expect(status(page)).toContainText('Ongedaan maken');
		await expect(codeItem(page, label)).toContainText('Gepauzeerd');
		await expect(codeItem(page, label).getByText(/^Pauzeren/)).toHaveCount(0);

		// The same code again resumes it.
		await codeField.fill(code);
		await page.getByRole('button', { name: 'Code invoeren' }).click();
		await expect(status(page)).toContainText('de koppeling is hervat');
		await expect(codeItem(page, label)).toContainText('Actief');
		await expect(codeItem(page, label)).not.toContainText('Gepauzeerd');
		await nowhere(page, code);

		// A new code replaces it: the old keeps working for a day.
		await codeField.fill(replacement);
		await page.getByLabel('Naam van de koppeling').fill(newLabel);
		await page
			.getByLabel('Vervangt deze code een oude?')
			.selectOption({ label: `${label} (${hintOf(code)})` });
		await page.getByRole('button', { name: 'Code invoeren' }).click();
		await expect(status(page)).toContainText('werkt nog 24 uur');
		await expect(codeItem(page, newLabel)).toContainText('Actief');
		const old = codeItem(page, label);
		await expect(old).toContainText('Vervalt');
		await expect(old).toContainText(/werkt nog tot \d{1,2} [a-z]+\.? \d{4},? \d{2}:\d{2}/);
		await nowhere(page, replacement);
		await expect(codeItem(page, 'Demo-schoolsysteem')).toContainText('Actief');
		await page.context().close();
	});

	test('on a phone neither page scrolls sideways', async ({ browser, baseURL }) => {
		const page = await newPage(browser, baseURL, 320);
		await loginAs(page, 'PO2806', 'beheer.femke');
		await page.goto('/beheer/scholen');
		await expect(page.getByRole('list', { name: 'Scholen' })).toBeVisible();
		await noHorizontalScroll(page);
		await page.goto(koppelingUrl);
		await expect(codeItem(page, 'Demo-schoolsysteem')).toBeVisible();
		await noHorizontalScroll(page);
		await page.context().close();
	});

	test('for an SCP the pages do not exist', async ({ browser, baseURL }) => {
		const page = await newPage(browser, baseURL);
		await loginAs(page, 'PO2806', 'nora.yilmaz');
		expect((await page.goto('/beheer/scholen'))?.status()).toBe(404);
		expect((await page.goto(koppelingUrl))?.status()).toBe(404);
		await page.context().close();
	});
});
