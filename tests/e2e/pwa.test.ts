import { chromium, expect, test, type Page } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from './support/browser';
import { loginAs } from './support/login';
import { httpProxy } from './support/proxies';

function pngSize(buffer: Buffer): { width: number; height: number } {
	expect(buffer.subarray(1, 4).toString('ascii')).toBe('PNG');
	return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

async function serviceWorkerReady(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	// The page is controlled only after a reload or clients.claim(); reload to be sure.
	await page.reload();
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
		.toBe(true);
}

test.describe('PWA', () => {
	test('the web manifest is valid and in Dutch', async ({ page, request }) => {
		await page.goto('/');
		const href = await page.locator('link[rel="manifest"]').getAttribute('href');
		expect(href).toBeTruthy();
		const response = await request.get(href!);
		expect(response.ok()).toBe(true);
		const manifest = await response.json();
		expect(manifest).toMatchObject({
			name: 'Kindkring',
			short_name: 'Kindkring',
			lang: 'nl',
			display: 'standalone',
			start_url: '/',
			theme_color: '#1f5f8b'
		});
		expect(manifest.description).toMatch(/samenwerkingsverbanden/);
		expect(manifest.shortcuts).toContainEqual(
			expect.objectContaining({ name: 'Authenticator', url: '/authenticator' })
		);
		const want = [
			{ sizes: '192x192', purpose: 'any' },
			{ sizes: '512x512', purpose: 'any' },
			{ sizes: '512x512', purpose: 'maskable' }
		];
		for (const w of want) {
			const icon = manifest.icons.find(
				(i: { sizes: string; purpose: string }) => i.sizes === w.sizes && i.purpose === w.purpose
			);
			expect(icon, `${w.sizes} ${w.purpose}`).toBeTruthy();
			const image = await request.get(icon.src);
			expect(image.headers()['content-type']).toBe('image/png');
			const size = pngSize(await image.body());
			expect(`${size.width}x${size.height}`).toBe(w.sizes);
		}
	});

	test('the service worker is /sw.js with scope / from a nested page, and the offline page works there', async ({
		page,
		context
	}) => {
		const missing: string[] = [];
		page.on('response', (r) => {
			if (r.status() === 404) missing.push(new URL(r.url()).pathname);
		});
		const errors: string[] = [];
		page.on('console', (m) => {
			if (m.type() === 'error') errors.push(m.text());
		});
		// A parent landing on a nested page first (from a mail link, say).
		await page.goto('/hulp/inloggen');
		const registration = await page.evaluate(async () => {
			const r = await navigator.serviceWorker.ready;
			return { scope: r.scope, script: r.active?.scriptURL };
		});
		const origin = new URL(page.url()).origin;
		expect(registration).toEqual({ scope: `${origin}/`, script: `${origin}/sw.js` });
		expect(missing.filter((p) => p.endsWith('sw.js'))).toEqual([]);
		expect(errors.filter((e) => /sw\.js|service ?worker/i.test(e))).toEqual([]);

		await page.reload();
		await expect
			.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
			.toBe(true);
		await context.setOffline(true);
		try {
			// Another nested page, offline: the precached offline page, not the browser's error.
			await page.goto('/mijn-kind/00000000-0000-4000-8000-000000000000/x');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Geen internetverbinding');
		} finally {
			await context.setOffline(false);
		}
	});

	test('Chromium considers the app installable', async ({ baseURL }, testInfo) => {
		// Installing is not possible in an incognito context, which is what a normal test gets.
		const context = await chromium.launchPersistentContext(testInfo.outputPath('profile'), {
			executablePath: chromiumExecutable(),
			args: chromiumArgs(),
			headless: true
		});
		try {
			const page = await context.newPage();
			await page.goto(baseURL + '/');
			await serviceWorkerReady(page);
			const cdp = await context.newCDPSession(page);
			const result = await cdp.send('Page.getInstallabilityErrors');
			expect(result.installabilityErrors).toEqual([]);
		} finally {
			await context.close();
		}
	});

	test('the service worker registers and an offline navigation shows the offline page', async ({
		page,
		context
	}) => {
		await loginAs(page, 'PO2806', 'lotte.vandam');
		await page.goto('/');
		await serviceWorkerReady(page);
		await context.setOffline(true);
		try {
			await page.goto('/hulpvragen');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Geen internetverbinding');
			await expect(page).toHaveURL(/\/hulpvragen$/);
		} finally {
			await context.setOffline(false);
		}
		// Back online, the same navigation reaches the network again.
		await page.goto('/hulpvragen');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hulpvragen');
	});

	test('the service worker caches only the shell, static files, the offline page and the authenticator', async ({
		page
	}) => {
		await loginAs(page, 'PO2806', 'henk.degroot');
		await page.goto('/');
		await serviceWorkerReady(page);
		for (const path of ['/hulpvragen', '/account', '/beheer']) {
			await page.goto(path);
			await page.getByRole('link', { name: 'Kindkring' }).first().click();
		}
		const cached = await page.evaluate(async () => {
			const urls: string[] = [];
			for (const name of await caches.keys()) {
				const cache = await caches.open(name);
				for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
			}
			return urls;
		});
		expect(cached.length).toBeGreaterThan(0);
		expect(cached).toContain('/offline');
		// The authenticator page is public and holds no personal data (its entries live
		// encrypted in IndexedDB), so it is precached to work offline.
		expect(cached).toContain('/authenticator');
		for (const url of cached) {
			expect(url, url).toMatch(
				/^\/(_app\/|icons\/|offline$|authenticator$|favicon\.png$|icon\.svg$|manifest\.webmanifest$)/
			);
			expect(url).not.toContain('__data.json');
		}
	});

	test('a new deployment shows an update prompt', async ({ page, baseURL }) => {
		// A proxy in front of the app plays the deployment: after `deployed`, sw.js changes.
		let deployed = false;
		const proxy = await httpProxy(baseURL!, (path, body) =>
			path === '/sw.js' && deployed
				? Buffer.concat([body, Buffer.from('\n// nieuwe versie\n')])
				: undefined
		);
		try {
			await page.goto(proxy.url + '/');
			await serviceWorkerReady(page);
			await expect(page.getByText('Er is een nieuwe versie van Kindkring.')).toBeHidden();
			deployed = true;
			await page.evaluate(async () => {
				const registration = await navigator.serviceWorker.getRegistration();
				await registration?.update();
			});
			await expect(page.getByText('Er is een nieuwe versie van Kindkring.')).toBeVisible();
			const reloaded = page.waitForEvent('load');
			await page.getByRole('button', { name: 'Nu vernieuwen' }).click();
			await reloaded;
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welkom bij Kindkring');
			await expect(page.getByText('Er is een nieuwe versie van Kindkring.')).toBeHidden();
		} finally {
			await proxy.close();
		}
	});
});
