/**
 * Kengetallen in Chromium on a laptop: the beheerder of PPO Rotterdam sees the figures of
 * the organisation with a table beside every chart, narrows them to one title, downloads a
 * table as CSV for Dutch Excel, and a bad date is refused in Dutch; the page has no axe
 * violations and no sideways scroll at 320 px. An IB'er has no kengetallen: 404.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { axeViolations } from './support/axe';
import { loginAs } from './support/login';

test.use({ viewport: { width: 1280, height: 800 } });

async function total(page: Page): Promise<number> {
	const text = await page.locator('.summary .total strong').innerText();
	return Number(text.replace(/\D/g, ''));
}

test('the beheerder sees the figures, narrows them, downloads a table as CSV', async ({ page }) => {
	await loginAs(page, 'PO2806', 'beheer.femke');
	await page.goto('/kengetallen');
	await expect(page.getByRole('heading', { level: 1, name: 'Kengetallen' })).toBeVisible();
	const all = await total(page);
	expect(all).toBeGreaterThan(0);

	const perStatus = page.getByRole('table', { name: 'Hulpvragen per status' });
	await expect(perStatus.getByRole('columnheader', { name: 'Status' })).toBeVisible();
	const statusRows = await perStatus.locator('tbody tr').count();
	expect(statusRows).toBeGreaterThan(0);
	for (const name of [
		'Hulpvragen per titel',
		'Hulpvragen per school',
		'Hulpvragen per regio',
		'Hulpvragen per maand',
		'Hoe hulpvragen binnenkomen',
		'Doorlooptijd van aanmelding tot afronding',
		'TLV’s per categorie'
	]) {
		await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
	}
	// The charts are drawn on the server as SVG and left to the tables for screen readers.
	await expect(page.locator('.chart[aria-hidden="true"] svg').first()).toBeVisible();
	expect(await axeViolations(page)).toEqual([]);

	// One title: fewer hulpvragen, and the per-title table holds only that one.
	const perTitel = page.getByRole('table', { name: 'Hulpvragen per titel' });
	const firstTitel = (await perTitel.locator('tbody tr th').first().innerText()).trim();
	const firstCount = Number(
		(await perTitel.locator('tbody tr td').first().innerText()).replace(/\D/g, '')
	);
	await page
		.getByRole('combobox', { name: 'Titel', exact: true })
		.selectOption({ label: firstTitel });
	await page.getByRole('button', { name: 'Toon kengetallen' }).click();
	await expect(page).toHaveURL(/titel=/);
	expect(await total(page)).toBe(firstCount);
	expect(firstCount).toBeLessThan(all);
	await expect(perTitel.locator('tbody tr')).toHaveCount(1);

	// The CSV of the status table, with the same filter.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: 'CSV downloaden: hulpvragen per status' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^kengetallen-status-\d{4}-\d{2}-\d{2}\.csv$/);
	const csv = readFileSync((await download.path())!, 'utf8');
	expect(csv.startsWith('\uFEFFStatus;Hulpvragen\r\n')).toBe(true);
	const counted = csv
		.trim()
		.split('\r\n')
		.slice(1)
		.reduce((n, line) => n + Number(line.split(';').at(-1)), 0);
	expect(counted).toBe(firstCount);

	// A date that does not exist is refused in Dutch, next to its field.
	await page.goto('/kengetallen?van=2026-02-30');
	await expect(page.getByRole('alert').filter({ hasText: 'bestaande datum' })).toBeVisible();
	await expect(page.getByLabel('Van (datum hulpvraag)', { exact: true })).toHaveAttribute(
		'aria-invalid',
		'true'
	);

	// Phones: the tables scroll in their own box, the page never sideways.
	await page.setViewportSize({ width: 320, height: 800 });
	await page.goto('/kengetallen');
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
});

test('an IB’er has no kengetallen: the page and its export answer 404', async ({ page }) => {
	await loginAs(page, 'PO2806', 'lotte.vandam');
	expect((await page.goto('/kengetallen'))!.status()).toBe(404);
	const csv = await page.request.get('/kengetallen/export?tabel=status');
	expect(csv.status()).toBe(404);
});
