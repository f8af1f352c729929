/**
 * The endpoints that are not pages answer as their OpenAPI description says: every status a
 * test meets is described for its operation, and every JSON body matches the schema given
 * for that status. The description is itself a valid OpenAPI document, it is served at
 * /api/publiek/openapi.yaml, and it names every `+server.ts` route (so an endpoint added
 * later without a description fails here).
 */
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import http from 'node:http';
import type { OpenAPIV3_1 } from 'openapi-types';
import * as fixture from '../support/files';
import { db } from './support/db';
import { newVuurtorenHulpvraag } from './support/hulpvragen';
import { loginAs } from './support/login';
import { ajv, conforms, description, file } from './support/openapi';

let document: OpenAPIV3_1.Document;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
	document = await description();
	const context = await browser.newContext();
	page = await context.newPage();
	await loginAs(page, 'PO2806', 'lotte.vandam');
	await expect(page).toHaveURL(/\/hulpvragen/);
});

test.afterAll(async () => {
	await page?.context().close();
});

test('the description names every endpoint of the app, and is served as it is in the repository', async () => {
	const routes = readdirSync('src/routes', { recursive: true, encoding: 'utf8' })
		.filter((f) => f === '+server.ts' || f.endsWith('/+server.ts'))
		.map((route) =>
			('/' + route)
				.slice(0, -'/+server.ts'.length)
				.replace(/\/\([^)]+\)/g, '')
				// [id=uuid]: the matcher is the route's business; the path names the parameter.
				.replace(/\[([^\]=]+)(?:=[^\]]+)?\]/g, '{$1}')
		);
	expect(routes.length).toBeGreaterThan(5);
	expect(Object.keys(document.paths ?? {}).sort()).toEqual(routes.sort());

	const served = await page.request.get('/api/publiek/openapi.yaml');
	await conforms('get', '/api/publiek/openapi.yaml', served);
	expect(served.headers()['content-type']).toMatch(/^application\/yaml/);
	expect(await served.text()).toBe(readFileSync(file, 'utf8'));

	const json = await page.request.get('/api/v1/openapi.json');
	await conforms('get', '/api/v1/openapi.json', json);
	expect(await json.json()).toEqual(parse(readFileSync(file, 'utf8')));
});

test('liveness, readiness and the server clock', async ({ request }) => {
	await conforms('get', '/healthz', await request.get('/healthz'));
	const ready = (await conforms('get', '/readyz', await request.get('/readyz'))) as { ok: boolean };
	expect(ready.ok).toBe(true);
	const before = Date.now();
	const clock = (await conforms(
		'get',
		'/api/publiek/tijd',
		await request.get('/api/publiek/tijd')
	)) as {
		now: number;
	};
	expect(Math.abs(clock.now - before)).toBeLessThan(60_000);
});

test('the session endpoint: 401 without a session, the expiry with one', async ({ request }) => {
	await conforms('get', '/api/sessie', await request.get('/api/sessie'));
	expect((await request.get('/api/sessie')).status()).toBe(401);
	const read = (await conforms('get', '/api/sessie', await page.request.get('/api/sessie'))) as {
		expiresAt: string;
	};
	expect(new Date(read.expiresAt).getTime()).toBeGreaterThan(Date.now());
	await conforms('post', '/api/sessie', await page.request.post('/api/sessie'));
});

test('uploads: stored, replayed, a reused key, too large, refused, a bad key, a multipart post', async () => {
	const path = '/hulpvragen/{id}/bijlagen/upload';
	const id = await newVuurtorenHulpvraag('Beschreven', 'Testhulpvraag voor de API-beschrijving.');
	const url = `/hulpvragen/${id}/bijlagen/upload`;
	const send = (data: Buffer, key: string, name = 'Verslag OPP.pdf', headers = {}) =>
		page.request.post(url, {
			headers: {
				'Content-Type': 'application/octet-stream',
				'X-Bestandsnaam': encodeURIComponent(name),
				'Idempotency-Key': key,
				...headers
			},
			data
		});
	const key = randomUUID();
	const pdf = fixture.minimalPdf('Verslag OPP');
	const stored = (await conforms('post', path, await send(pdf, key))) as {
		results: { ok: boolean; id: string }[];
	};
	expect(stored.results[0]!.ok).toBe(true);

	const replayed = (await conforms('post', path, await send(pdf, key))) as {
		results: { id: string; replayed: boolean }[];
	};
	expect(replayed.results[0]).toMatchObject({ id: stored.results[0]!.id, replayed: true });

	const reused = await send(fixture.minimalPdf('Iets anders'), key);
	expect(reused.status()).toBe(409);
	await conforms('post', path, reused);

	// A declared size over 10 MB is refused before a byte is read: sent raw, since a client
	// library sends the length of the body it has.
	const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
	const large = await new Promise<{ status: number; type: string; body: string }>(
		(resolve, reject) => {
			const request = http.request(new URL(url, page.url()), {
				method: 'POST',
				headers: {
					cookie,
					'content-type': 'application/octet-stream',
					'content-length': String(11 * 1024 * 1024),
					'x-bestandsnaam': 'Groot.pdf'
				}
			});
			request.on('response', (r) => {
				let body = '';
				r.setEncoding('utf8');
				r.on('data', (c) => (body += c));
				r.on('end', () => {
					resolve({ status: r.statusCode!, type: r.headers['content-type'] ?? '', body });
					// The 11 MB it announced are never sent.
					request.destroy();
				});
			});
			request.on('error', reject);
			request.flushHeaders();
		}
	);
	expect(large.status).toBe(413);
	expect(large.type).toMatch(/^application\/json/);
	const tooLarge = document.paths![path]!.post!.responses!['413'] as OpenAPIV3_1.ResponseObject;
	const validateLarge = ajv.compile(tooLarge.content!['application/json']!.schema as object);
	expect(validateLarge(JSON.parse(large.body)), ajv.errorsText(validateLarge.errors)).toBe(true);

	const refused = await send(fixture.html, randomUUID(), 'pagina.html');
	expect(refused.status()).toBe(422);
	await conforms('post', path, refused);

	const badKey = await send(pdf, 'geen-uuid');
	expect(badKey.status()).toBe(400);
	await conforms('post', path, badKey);

	const unknown = await page.request.post(`/hulpvragen/${randomUUID()}/bijlagen/upload`, {
		headers: { 'Content-Type': 'application/octet-stream', 'X-Bestandsnaam': 'a.pdf' },
		data: pdf
	});
	expect(unknown.status()).toBe(404);
	await conforms('post', path, unknown);

	const multipart = (accept?: string) =>
		page.request.post(url, {
			headers: { origin: new URL(page.url()).origin, ...(accept ? { accept } : {}) },
			multipart: {
				bestanden: {
					name: 'Groeidocument.pdf',
					mimeType: 'application/pdf',
					buffer: fixture.minimalPdf('Groei')
				},
				uploadsleutel: randomUUID()
			},
			maxRedirects: 0
		});
	const json = await multipart('application/json');
	expect(json.status()).toBe(200);
	await conforms('post', path, json);
	const redirected = await multipart();
	expect(redirected.status()).toBe(303);
	await conforms('post', path, redirected);
});

test('opening a bijlage: the file, a download, 404 for an unknown one, 410 when removed', async () => {
	const path = '/bijlagen/{id}';
	const id = await newVuurtorenHulpvraag('Geopend', 'Testhulpvraag voor het openen via de API.');
	const upload = await page.request.post(`/hulpvragen/${id}/bijlagen/upload`, {
		headers: {
			'Content-Type': 'application/octet-stream',
			'X-Bestandsnaam': encodeURIComponent('Verslag logopedie.pdf'),
			'Idempotency-Key': randomUUID()
		},
		data: fixture.minimalPdf('Logopedie')
	});
	const bijlage = ((await upload.json()) as { results: { id: string }[] }).results[0]!.id;

	const opened = await page.request.get(`/bijlagen/${bijlage}`);
	expect(opened.status()).toBe(200);
	await conforms('get', path, opened);
	const downloaded = await page.request.get(`/bijlagen/${bijlage}?download`);
	expect(downloaded.headers()['content-disposition']).toMatch(/^attachment/);
	await conforms('get', path, downloaded);

	const unknown = await page.request.get(`/bijlagen/${randomUUID()}`, {
		headers: { accept: 'application/json' }
	});
	expect(unknown.status()).toBe(404);
	await conforms('get', path, unknown);

	await db()`update bijlage set removed_at = now(), removed_by = added_by where id = ${bijlage}`;
	const removed = await page.request.get(`/bijlagen/${bijlage}`, {
		headers: { accept: 'application/json' }
	});
	expect(removed.status()).toBe(410);
	await conforms('get', path, removed);
});

test('a form as PDF: the file for a form one may read, 404 for one that is not there', async () => {
	const sql = db();
	const [form] = await sql<{ id: string; hulpvraagId: string }[]>`
		select f.id, f.hulpvraag_id from form f
		join hulpvraag h on h.id = f.hulpvraag_id
		join school s on s.id = h.school_id and s.brin_vestiging = '21XA00'
		where f.detached_at is null order by f.attached_at limit 1`;
	const path = '/hulpvragen/{id}/formulieren/{formulier}/pdf';
	const pdf = await page.request.get(
		`/hulpvragen/${form!.hulpvraagId}/formulieren/${form!.id}/pdf`
	);
	expect(pdf.status()).toBe(200);
	await conforms('get', path, pdf);
	const unknown = await page.request.get(
		`/hulpvragen/${form!.hulpvraagId}/formulieren/${randomUUID()}/pdf`,
		{ headers: { accept: 'application/json' } }
	);
	expect(unknown.status()).toBe(404);
	await conforms('get', path, unknown);
});
