import { expect, test, type Browser, type Page } from '@playwright/test';
import { db } from './support/db';
import { loginAs } from './support/login';

// The jobs belong to the e2e server every test shares; this file only starts
// "sessions-cleanup", which removes nothing another test still uses (expired sessions).

async function newPage(browser: Browser, baseURL: string | undefined, width = 1280) {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width, height: 800 }
	});
	return context.newPage();
}

function jobRow(page: Page, label: string) {
	return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label }) });
}

async function lastStarted(page: Page, label: string): Promise<string | null> {
	const time = jobRow(page, label).getByRole('cell').nth(1).locator('time');
	return (await time.count()) ? time.getAttribute('datetime') : null;
}

async function nextRunAt(): Promise<Date> {
	const [row] = await db()<{ nextRunAt: Date }[]>`
		select next_run_at from scheduled_job where name = 'files-sweep'`;
	return row!.nextRunAt;
}

test.describe('Beheer → Taken', () => {
	test('a beheerder sees every job, starts one now and sees its last run change', async ({
		browser,
		baseURL
	}) => {
		const page = await newPage(browser, baseURL);
		await loginAs(page, 'PO2806', 'beheer.femke');
		await page.goto('/beheer');
		await page.getByRole('link', { name: /Taken/ }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Taken');

		const table = page.getByRole('table', { name: 'Taken' });
		for (const label of [
			'Geweigerde inzages vastleggen',
			'Verlopen sessies en tellers opruimen',
			'Herinneringen overlegrondes',
			'Bijlagen-opslag opruimen'
		]) {
			await expect(table.getByRole('rowheader', { name: label })).toBeVisible();
		}
		const label = 'Verlopen sessies en tellers opruimen';
		const row = jobRow(page, label);
		// The node ran every job at its start: a status, a start time and a next time.
		await expect(row.getByRole('cell').first()).toHaveText(/Gelukt|Bezig/);
		const before = await lastStarted(page, label);
		expect(before).not.toBeNull();

		const since = new Date();
		await row.getByRole('button', { name: `Nu uitvoeren: ${label}` }).click();
		await expect(page.locator('#inhoud').getByRole('status')).toContainText('De taak start zo');
		await expect(async () => {
			await page.reload();
			const after = await lastStarted(page, label);
			expect(after).not.toBe(before);
			expect(new Date(after!).getTime()).toBeGreaterThan(new Date(before!).getTime());
			await expect(jobRow(page, label).getByRole('cell').first()).toHaveText('Gelukt');
		}).toPass({ timeout: 15_000 });

		const audits = await db()<{ username: string }[]>`
			select a.username from audit_log l join account a on a.id = l.account_id
			where l.action = 'job.run-now' and l.target_id = 'sessions-cleanup'
				and l.occurred_at >= ${since}`;
		expect(audits.map((a) => a.username)).toEqual(['beheer.femke']);
		await page.context().close();
	});

	test('on a phone each job reads as a card, without sideways scrolling', async ({
		browser,
		baseURL
	}) => {
		const page = await newPage(browser, baseURL, 320);
		await loginAs(page, 'PO2507', 'beheer.joost');
		await page.goto('/beheer/taken');
		const row = jobRow(page, 'Bijlagen-opslag opruimen');
		await expect(row).toBeVisible();
		await expect(row.getByRole('button', { name: /Nu uitvoeren/ })).toBeVisible();
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		// The column names stand before the values, as on a card.
		const status = row.getByRole('cell').first();
		expect(await status.evaluate((cell) => getComputedStyle(cell, '::before').content)).toContain(
			'Status'
		);
		await page.context().close();
	});

	for (const [username, role] of [
		['lotte.vandam', 'ib'],
		['nora.yilmaz', 'scp'],
		['mila.jansen', 'extern']
	] as const) {
		test(`${role} (${username}) gets 404 for the page and its action`, async ({
			browser,
			baseURL
		}) => {
			const page = await newPage(browser, baseURL);
			await loginAs(page, 'PO2806', username);
			const before = await nextRunAt();
			const response = await page.goto('/beheer/taken');
			expect(response!.status()).toBe(404);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deze pagina bestaat niet');
			const post = await page.request.post('/beheer/taken?/uitvoeren', {
				headers: { origin: baseURL!, 'content-type': 'application/x-www-form-urlencoded' },
				data: 'taak=files-sweep'
			});
			expect(post.status()).toBe(404);
			expect(await nextRunAt()).toEqual(before);
			await page.context().close();
		});
	}

	test('a parent is sent to their own area and cannot start a job', async ({
		browser,
		baseURL
	}) => {
		const page = await newPage(browser, baseURL);
		await loginAs(page, 'PO2806', 'sanne.bakker');
		const before = await nextRunAt();
		await page.goto('/beheer/taken');
		await expect(page).toHaveURL(/\/mijn-kind/);
		const post = await page.request.post('/beheer/taken?/uitvoeren', {
			headers: { origin: baseURL!, 'content-type': 'application/x-www-form-urlencoded' },
			data: 'taak=files-sweep',
			maxRedirects: 0
		});
		expect(post.status()).toBe(404);
		expect(await nextRunAt()).toEqual(before);
		await page.context().close();
	});
});
