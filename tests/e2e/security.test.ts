import { expect, test } from '@playwright/test';

test.describe('security baseline', () => {
	test('pages carry the security headers', async ({ request }) => {
		const response = await request.get('/');
		const h = response.headers();
		const csp = h['content-security-policy'];
		expect(csp).toBeTruthy();
		const scriptSrc = csp!
			.split(';')
			.map((d) => d.trim())
			.find((d) => d.startsWith('script-src'));
		expect(scriptSrc).toBeDefined();
		expect(scriptSrc).not.toContain("'unsafe-inline'");
		expect(scriptSrc).not.toContain("'unsafe-eval'");
		expect(scriptSrc).toMatch(/'nonce-[^']+'/);
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).toContain("object-src 'none'");
		expect(h['x-content-type-options']).toBe('nosniff');
		// No referrer to other sites (no-referrer would break form posts without JavaScript).
		expect(h['referrer-policy']).toBe('same-origin');
		expect(h['permissions-policy']).toContain('camera=(self)');
		expect(h['permissions-policy']).toContain('microphone=()');
		expect(h['permissions-policy']).toContain('geolocation=()');
		// The tests run the production build.
		expect(h['strict-transport-security']).toMatch(/max-age=\d{7,}/);
		expect(h['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
	});

	test('the development mailbox does not exist in production', async ({ request }) => {
		expect((await request.get('/dev/mail')).status()).toBe(404);
	});

	test('a cross-site form post is refused (CSRF origin check)', async ({ request }) => {
		const response = await request.post('/', {
			headers: {
				origin: 'https://aanvaller.example',
				'content-type': 'application/x-www-form-urlencoded'
			},
			data: 'a=b'
		});
		expect(response.status()).toBe(403);
	});

	test('an inline script injected into the page does not run', async ({ page }) => {
		await page.goto('/');
		const outcome = await page.evaluate(async () => {
			const injected = () => (window as unknown as { injected?: boolean }).injected === true;
			const refused = new Promise<string>((resolve) =>
				document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), {
					once: true
				})
			);
			const s = document.createElement('script');
			s.textContent = 'window.injected = true';
			// An inline script that may run, runs during append; a refused one is reported.
			document.body.append(s);
			if (injected()) return { ran: true, refusedBy: null };
			const refusedBy = await refused;
			return { ran: injected(), refusedBy };
		});
		expect(outcome).toEqual({ ran: false, refusedBy: expect.stringMatching(/^script-src/) });
	});
});
