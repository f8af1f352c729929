import { expect, test } from '@playwright/test';

test.describe('clock check', () => {
	test('a correct clock is judged fine', async ({ page }) => {
		await page.goto('/hulp/klok');
		await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'goed');
		await expect(page.getByText('Goed: de codes van dit apparaat kloppen.')).toBeVisible();
	});

	test('a phone 45 seconds fast is measured, judged wrong and told how to fix it', async ({
		browser
	}) => {
		const context = await browser.newContext({
			userAgent:
				'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
			viewport: { width: 390, height: 844 },
			isMobile: true,
			hasTouch: true
		});
		const page = await context.newPage();
		try {
			await page.clock.install({ time: Date.now() + 45_000 });
			await page.goto('/hulp/klok');
			await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'fout');
			const figure = await page.locator('.figure').innerText();
			const seconds = Number(/loopt (\d+) seconden voor/.exec(figure)?.[1]);
			expect(seconds).toBeGreaterThanOrEqual(43);
			expect(seconds).toBeLessThanOrEqual(47);
			await expect(page.getByText(/Instellingen → Algemeen → Datum en tijd/)).toBeVisible();
			// On the phone itself there is no QR code to scan.
			await expect(page.getByAltText(/QR-code die deze klokcontrole/)).toBeHidden();
		} finally {
			await context.close();
		}
	});

	test('a little off is a warning', async ({ page }) => {
		await page.clock.install({ time: Date.now() - 20_000 });
		await page.goto('/hulp/klok');
		await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'let-op');
		await expect(page.locator('.figure')).toContainText('achter');
	});

	test('an hour off points at the time zone, and a desktop offers the phone check by QR code', async ({
		page
	}) => {
		await page.clock.install({ time: Date.now() + 3_600_000 });
		await page.goto('/hulp/klok');
		await expect(page.getByText(/ongeveer 1\s+uur/)).toBeVisible();
		await expect(page.getByText(/tijdzone of de zomertijd/)).toBeVisible();
		await expect(page.getByAltText(/QR-code die deze klokcontrole/)).toBeVisible();
	});
});
