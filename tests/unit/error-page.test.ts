/**
 * The app's Dutch error page for what +error.svelte cannot render (endpoint errors, a failing
 * layout) and for bare text or JSON errors a browser navigates to.
 */
import { describe, expect, it } from 'vitest';
import { forNavigation, isNavigation, render } from '../../src/lib/server/error-page';

const navigate = new Request('http://localhost/bijlagen/x', {
	headers: {
		'sec-fetch-mode': 'navigate',
		accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
	}
});
const script = new Request('http://localhost/bijlagen/x', {
	headers: { 'sec-fetch-mode': 'cors', accept: '*/*' }
});

describe('the error page', () => {
	it('is Dutch, fits a phone, links home and escapes the message', () => {
		const html = render(410, 'Verwijderd <script>alert(1)</script> & weg');
		expect(html).toMatch(/<html lang="nl">/);
		expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1"/);
		expect(html).toMatch(/<a class="button" href="\/">Naar de startpagina<\/a>/);
		expect(html).toContain('Foutcode 410');
		expect(html).toContain('Verwijderd &lt;script&gt;alert(1)&lt;/script&gt; &amp; weg');
		expect(html).not.toContain('<script>');
		expect(html).not.toContain('%sveltekit');
	});

	it('tells a navigation from a script', () => {
		expect(isNavigation(navigate)).toBe(true);
		expect(isNavigation(script)).toBe(false);
		// Without Sec-Fetch headers (older browsers): by what Accept asks for first.
		const accept = (value: string) =>
			isNavigation(new Request('http://localhost/', { headers: { accept: value } }));
		expect(accept('text/html,*/*;q=0.8')).toBe(true);
		expect(accept('application/json, text/html')).toBe(false);
		expect(accept('*/*')).toBe(false);
	});
});

describe('bare errors for a navigating browser', () => {
	it('become the Dutch page with the same status, keeping a JSON message', async () => {
		const text = await forNavigation(
			navigate,
			new Response('GET method not allowed', {
				status: 405,
				headers: { 'content-type': 'text/plain', allow: 'POST' }
			})
		);
		expect(text.status).toBe(405);
		expect(text.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(text.headers.get('allow')).toBe('POST');
		const page = await text.text();
		expect(page).toContain('<html lang="nl">');
		expect(page).toContain('Dit kan op deze pagina niet.');
		expect(page).not.toContain('method not allowed');

		const json = await forNavigation(
			navigate,
			Response.json({ message: 'Het bestand is te groot.' }, { status: 413 })
		);
		expect(await json.text()).toContain('Het bestand is te groot.');
	});

	it('stay as they are for scripts, and HTML or successes pass unchanged', async () => {
		const bare = new Response('{"message":"x"}', {
			status: 404,
			headers: { 'content-type': 'application/json' }
		});
		expect(await forNavigation(script, bare)).toBe(bare);
		const html = new Response('<!doctype html>', {
			status: 404,
			headers: { 'content-type': 'text/html' }
		});
		expect(await forNavigation(navigate, html)).toBe(html);
		const ok = new Response('bytes', { headers: { 'content-type': 'application/pdf' } });
		expect(await forNavigation(navigate, ok)).toBe(ok);
	});
});
