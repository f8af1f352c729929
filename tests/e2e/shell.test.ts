import { expect, test } from '@playwright/test';
import { loginAs } from './support/login';

test.describe('app shell on a phone (390×844)', () => {
	test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

	test('home page renders in Dutch without horizontal scroll', async ({ page }) => {
		await page.goto('/');
		await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welkom bij Kindkring');
		await expect(page.getByRole('link', { name: 'Inloggen', exact: true })).toBeVisible();
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
	});

	test('staff navigation is a bottom bar within thumb reach', async ({ page }) => {
		await loginAs(page, 'PO2806', 'nora.yilmaz');
		await page.goto('/hulpvragen');
		const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
		// Four tap targets with whole words; the rest of the SCP's parts under "Meer".
		for (const label of ['Hulpvragen', 'Overlegrondes', 'Planning']) {
			await expect(nav.getByRole('link', { name: label })).toBeVisible();
		}
		await expect(nav.getByRole('link', { name: 'Kengetallen' })).toBeHidden();
		await nav.getByText('Meer').click();
		for (const label of ['Formulieren', 'Kengetallen']) {
			await expect(nav.getByRole('link', { name: label })).toBeVisible();
		}
		await nav.getByText('Meer').click();
		// Beheer is only for beheerders; for others it would be a link to a 404.
		await expect(nav.getByRole('link', { name: 'Beheer' })).toHaveCount(0);
		const box = await nav.boundingBox();
		expect(box!.y + box!.height).toBeGreaterThan(844 - 5);
		await expect(nav.getByRole('link', { name: 'Hulpvragen' })).toHaveAttribute(
			'aria-current',
			'page'
		);
		const links = await nav.getByRole('link').all();
		for (const link of links) {
			const b = await link.boundingBox();
			expect(b!.height).toBeGreaterThanOrEqual(44);
		}
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
	});

	test('pages not built yet say so instead of showing made-up data', async ({ page }) => {
		await loginAs(page, 'PO2806', 'anouk.smit');
		await page.goto('/planning');
		await expect(page.getByText('Dit onderdeel is nog niet beschikbaar.')).toBeVisible();
	});
});

test.describe('app shell on a laptop', () => {
	test('navigation sits at the top and keyboard focus is visible', async ({ page }) => {
		await loginAs(page, 'PO2806', 'pieter.verbeek');
		await page.goto('/planning');
		const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
		const box = await nav.boundingBox();
		expect(box!.y).toBeLessThan(150);
		await page.keyboard.press('Tab');
		const skip = page.getByRole('link', { name: 'Naar de inhoud' });
		await expect(skip).toBeFocused();
		const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
		expect(outline).toBe('solid');
	});

	test('an unknown page answers 404 with a Dutch page and no technical details', async ({
		page
	}) => {
		await loginAs(page, 'PO2806', 'rachid.elamrani');
		const response = await page.goto('/bestaat-niet');
		expect(response!.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deze pagina bestaat niet');
		const html = await page.content();
		expect(html).not.toMatch(/\bat \S+ \(|\.(js|ts):\d+:\d+|node_modules/);
	});
});
