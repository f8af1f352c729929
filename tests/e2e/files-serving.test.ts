/**
 * Proof in Chromium that the headers of files/serve.ts do what they claim: PDFs open in
 * the browser's own viewer, other types download, and no script inside an uploaded file
 * runs in our origin. A tiny node:http server serves blobs from a temp BlobStore with
 * `headersFor` + `store.open`, so no app route is needed.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { accept } from '../../src/lib/server/files';
import { cspOther, cspPdf, headersFor } from '../../src/lib/server/files/serve';
import { Refused } from '../../src/lib/server/files/sniff';
import { BlobStore } from '../../src/lib/server/files/store';
import * as fixture from '../support/files';

interface Served {
	sha256: string;
	mime: string;
	inline: boolean;
	name: string;
	/** Bypass headersFor's coercion: raw type + this CSP, to test the CSP alone. */
	raw?: { contentType: string; csp: string };
}

const scriptText = Buffer.from(
	'Aantekeningen\n<script>window.pwned=1;document.title="pwned";' +
		'if(window.opener)window.opener.postMessage("pwned","*")</script>\n'
);
const htmlPage = Buffer.from(
	'<!doctype html><html><head><title>schoon</title></head><body>' +
		'<script>window.pwned=1;document.title="pwned";' +
		'if(window.opener)window.opener.postMessage("pwned","*")</script></body></html>'
);

let dir: string;
let server: http.Server;
let origin: string;
const served = new Map<string, Served>();

test.beforeAll(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindkring-serve-'));
	const store = new BlobStore(dir);
	// Stored without sniffing on purpose: defence in depth means the headers must hold
	// even for bytes that should never have been accepted.
	const add = async (key: string, bytes: Buffer, info: Omit<Served, 'sha256'>) => {
		const { sha256 } = await store.put(Readable.from([bytes]));
		served.set(key, { sha256, ...info });
	};
	await add('pdf', fixture.minimalPdf(), {
		mime: 'application/pdf',
		inline: true,
		name: 'OPP.pdf'
	});
	await add('png', fixture.png(16), { mime: 'image/png', inline: true, name: 'Tekening.png' });
	await add('script-text', scriptText, {
		mime: 'text/plain',
		inline: true,
		name: 'Aantekeningen.txt'
	});
	await add('docx', fixture.docx(), {
		mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		inline: true,
		name: 'Verslag logopedie – Zoë.docx'
	});
	await add('svg-claimed', fixture.svgWithScript, {
		mime: 'image/svg+xml',
		inline: true,
		name: 'tekening.svg'
	});
	await add('html-claimed', htmlPage, { mime: 'text/html', inline: true, name: 'pagina.html' });
	await add('html-sandbox', htmlPage, {
		mime: 'text/plain',
		inline: true,
		name: 'pagina.txt',
		raw: { contentType: 'text/html', csp: cspOther }
	});
	await add('html-pdf-csp', htmlPage, {
		mime: 'application/pdf',
		inline: true,
		name: 'pagina.pdf',
		raw: { contentType: 'text/html', csp: cspPdf }
	});
	await add('svg-sandbox', fixture.svgWithScript, {
		mime: 'text/plain',
		inline: true,
		name: 'tekening.svg',
		raw: { contentType: 'image/svg+xml', csp: cspOther }
	});
	await add('polyglot', fixture.pdfHtmlPolyglot(), {
		mime: 'application/pdf',
		inline: true,
		name: 'verslag.pdf'
	});

	server = http.createServer((req, res) => {
		void (async () => {
			const key = req.url?.replace(/^\/f\//, '') ?? '';
			if (req.url === '/') {
				// An opener page of the same origin that records any message it receives.
				res.writeHead(200, { 'Content-Type': 'text/html' });
				res.end(
					'<!doctype html><title>opener</title><script>window.messages=[];' +
						'addEventListener("message",e=>window.messages.push(String(e.data)))</script>'
				);
				return;
			}
			const file = served.get(key);
			if (!file) {
				res.writeHead(404).end();
				return;
			}
			const { stream, size } = await store.open(file.sha256);
			const headers = headersFor({ ...file, size });
			if (file.raw) {
				headers['Content-Type'] = file.raw.contentType;
				headers['Content-Security-Policy'] = file.raw.csp;
			}
			res.writeHead(200, headers);
			stream.pipe(res);
		})().catch(() => res.writeHead(500).end());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
	await fs.rm(dir, { recursive: true, force: true });
});

/** Navigates to `key`; lists the downloads it started (none means the browser showed it). */
async function navigate(page: Page, key: string): Promise<string[]> {
	// A download aborts the navigation ("Download is starting"); a file the browser shows
	// ends in a loaded page, which no download follows.
	const download = page.waitForEvent('download');
	const shown = await page.goto(`${origin}/f/${key}`).then(
		() => true,
		() => false
	);
	if (shown) {
		void download.catch(() => undefined);
		return [];
	}
	return [(await download).suggestedFilename()];
}

/** Opens `key` in a popup of a same-origin page that records any message it receives. */
async function visit(page: Page, key: string) {
	await page.goto(origin + '/');
	const [popup] = await Promise.all([
		page.waitForEvent('popup'),
		page.evaluate((url) => window.open(url, '_blank'), `${origin}/f/${key}`)
	]);
	await popup.waitForLoadState('load').catch(() => undefined);
	// An inline script of the file runs before its load event. A marker posted from the popup
	// now travels the way such a script's message would and arrives after it: once the
	// marker is in, anything the file posted is in too.
	await popup.evaluate(() => window.opener?.postMessage('kindkring-marker', '*'));
	await page.waitForFunction(() =>
		(window as unknown as { messages: string[] }).messages.includes('kindkring-marker')
	);
	const messages = (
		await page.evaluate(() => (window as unknown as { messages: string[] }).messages)
	).filter((m) => m !== 'kindkring-marker');
	return { popup, messages };
}

async function pwned(p: Page): Promise<boolean> {
	if (p.isClosed()) return false;
	return p
		.evaluate(
			() => (window as unknown as { pwned?: number }).pwned === 1 || document.title === 'pwned'
		)
		.catch(() => false);
}

const pdfViewer = (p: Page) =>
	p
		.frames()
		.some((f) => f.url().startsWith('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/'));

test.describe('bijlagen are served safely', () => {
	test('(a) a PDF opens in Chromium’s own viewer, not as a download', async ({ page }) => {
		const response = await page.request.get(`${origin}/f/pdf`);
		const h = response.headers();
		expect(h['content-type']).toBe('application/pdf');
		expect(h['content-disposition']).toBe(`inline; filename="OPP.pdf"; filename*=UTF-8''OPP.pdf`);
		expect(h['x-content-type-options']).toBe('nosniff');
		expect(h['cache-control']).toBe('no-store');
		expect(h['cross-origin-resource-policy']).toBe('same-origin');
		expect(h['content-security-policy']).toBe(cspPdf);
		expect(h['content-security-policy']).toContain("default-src 'none'");

		expect(await navigate(page, 'pdf')).toEqual([]);
		await expect.poll(() => pdfViewer(page)).toBe(true);
	});

	test('a PNG renders inline; an Office file downloads under its exact name', async ({ page }) => {
		expect(await navigate(page, 'png')).toEqual([]);
		const width = await page.evaluate(
			() => (document.querySelector('img') as HTMLImageElement | null)?.naturalWidth ?? 0
		);
		expect(width).toBe(16);

		// inline: true was asked, but a docx never opens in the browser; filename* wins.
		expect(await navigate(page, 'docx')).toEqual(['Verslag logopedie – Zoë.docx']);
	});

	test('(b) a text file with <script> is shown as text and its script does not run', async ({
		page
	}) => {
		expect(await navigate(page, 'script-text')).toEqual([]);
		const { popup, messages } = await visit(page, 'script-text');
		expect(await popup.evaluate(() => document.body.innerText)).toContain('<script>');
		expect(await pwned(popup)).toBe(false);
		expect(messages).toEqual([]);
	});

	test('(c) SVG with script and HTML are refused at upload', async () => {
		const store = new BlobStore(path.join(dir, 'uploads'));
		for (const [bytes, name] of [
			[fixture.svgWithScript, 'tekening.svg'],
			[fixture.svgWithScript, 'tekening.png'],
			[htmlPage, 'verslag.pdf'],
			[fixture.html, 'verslag.html']
		] as const) {
			await expect(accept(Readable.from([bytes]), name, { store }), name).rejects.toBeInstanceOf(
				Refused
			);
		}
		expect(await store.list()).toEqual([]);
	});

	test('(c) defence in depth: such bytes would not run if served with our headers', async ({
		page
	}) => {
		// A caller that claims an unknown type gets a download, never a rendering.
		expect(await navigate(page, 'svg-claimed')).toEqual(['tekening.svg']);
		expect(await navigate(page, 'html-claimed')).toEqual(['pagina.html']);
		// Even rendered as HTML or SVG, the CSP alone stops the script: sandbox for
		// everything but PDF, and default-src 'none' for the PDF policy too.
		for (const key of ['html-sandbox', 'html-pdf-csp', 'svg-sandbox']) {
			const { popup, messages } = await visit(page, key);
			expect(await pwned(popup), key).toBe(false);
			expect(messages, key).toEqual([]);
		}
	});

	test('(d) a PDF/HTML polyglot is refused, and served as PDF it runs nothing', async ({
		page
	}) => {
		const store = new BlobStore(path.join(dir, 'polyglot-upload'));
		const error = await accept(Readable.from([fixture.pdfHtmlPolyglot()]), 'verslag.pdf', {
			store
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(Refused);
		expect((error as Refused).reason).toBe('polyglot');

		const { popup, messages } = await visit(page, 'polyglot');
		expect(await pwned(popup)).toBe(false);
		expect(messages).toEqual([]);
	});
});
