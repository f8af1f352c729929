/**
 * Every error page is the app's own Dutch page, usable on a phone, also where SvelteKit does
 * not render +error.svelte: a bijlage link (a +server.ts endpoint) without access, an
 * endpoint opened with the wrong method. The pre-school whose access ended is told why on
 * a bijlage link too (410), not given a bare 404.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { db } from './support/db';
import { loginAs } from './support/login';

async function phone(browser: Browser, baseURL: string | undefined, org: string, user: string) {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 320, height: 640 },
		isMobile: true,
		hasTouch: true
	});
	const page = await context.newPage();
	await loginAs(page, org, user);
	return page;
}

/** The app's Dutch page: lang, viewport, a way home, nothing to scroll sideways. */
async function expectDutchPage(page: Page) {
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(page.locator('meta[name="viewport"]')).toHaveAttribute(
		'content',
		/width=device-width/
	);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	const home = page.getByRole('link', { name: 'Naar de startpagina' });
	await expect(home).toBeVisible();
	await expect(home).toHaveAttribute('href', '/');
	const box = await home.boundingBox();
	expect(box!.height).toBeGreaterThanOrEqual(44);
	const sideways = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(sideways).toBeLessThanOrEqual(0);
}

test('a bijlage of another organisation: the Dutch 404 page, with a way home', async ({
	browser,
	baseURL
}) => {
	const [other] = await db()<{ id: string }[]>`
		select b.id from bijlage b join organisation o on o.id = b.organisation_id
		where o.code = 'PO2507' and b.removed_at is null limit 1`;
	expect(other, 'demo data: a bijlage of Stromenland').toBeTruthy();
	const page = await phone(browser, baseURL, 'PO2806', 'lotte.vandam');
	for (const path of [`/bijlagen/${other!.id}`, `/bijlagen/${other!.id}?download=1`]) {
		const response = await page.goto(path);
		expect(response!.status(), path).toBe(404);
		expect(response!.headers()['content-type'], path).toMatch(/^text\/html/);
		await expectDutchPage(page);
		await expect(
			page.getByText('Deze pagina bestaat niet, of u heeft er geen toegang toe.')
		).toBeVisible();
		expect(await page.content()).not.toMatch(/Not Found|Internal Error/);
	}
	await page.getByRole('link', { name: 'Naar de startpagina' }).click();
	await expect(page).not.toHaveURL(/\/bijlagen\//);
	await expect(page.locator('main')).toBeVisible();

	// An endpoint opened with a method it does not take: the same page, not bare text.
	const [own] = await db()<{ id: string }[]>`
		select h.id from hulpvraag h join school s on s.id = h.school_id
		where s.brin_vestiging = '21XA00' limit 1`;
	const wrong = await page.goto(`/hulpvragen/${own!.id}/bijlagen/upload`);
	expect(wrong!.status()).toBe(405);
	await expectDutchPage(page);
	await expect(page.getByText('Dit kan op deze pagina niet.')).toBeVisible();
	// Scripts still get what they asked for.
	const api = await page.request.get(`/bijlagen/${other!.id}`, {
		headers: { accept: 'application/json' }
	});
	expect(api.status()).toBe(404);
	expect(api.headers()['content-type']).toMatch(/^application\/json/);
});

test('the pre-school whose access ended gets 410 with the explanation on her bijlage link', async ({
	browser,
	baseURL
}) => {
	const [ended] = await db()<{ id: string; titel: string }[]>`
		select b.id, t.name as titel from bijlage b
		join account a on a.id = b.added_by
		join hulpvraag h on h.id = b.hulpvraag_id
		join hulpvraag_titel t on t.id = h.titel_id
		where a.username = 'fatima.ouali' and b.removed_at is null
			and exists (select 1 from status_change c join process_status e on e.id = c.to_status_id
				where c.hulpvraag_id = h.id and e.ends_voorschool_access)
		limit 1`;
	expect(ended, 'demo data: a bijlage of Fatima on an ended hulpvraag').toBeTruthy();
	const page = await phone(browser, baseURL, 'PO2507', 'fatima.ouali');
	const response = await page.goto(`/bijlagen/${ended!.id}`);
	expect(response!.status()).toBe(410);
	await expectDutchPage(page);
	await expect(
		page.getByText(
			/Uw toegang tot deze aanvraag is beëindigd: het advies is afgerond \(\d{1,2} \w+ \d{4}\)\./
		)
	).toBeVisible();
	// Nothing else of the hulpvraag, and no file.
	expect(response!.headers()['content-disposition']).toBeUndefined();
	const download = await page.request.get(`/bijlagen/${ended!.id}?download=1`);
	expect(download.status()).toBe(410);

	// Someone else of her organisation who never had access still gets 404.
	const other = await phone(browser, baseURL, 'PO2507', 'daan.smits');
	expect((await other.goto(`/bijlagen/${ended!.id}`))!.status()).toBe(404);
});
