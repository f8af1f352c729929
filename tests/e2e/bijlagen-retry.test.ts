/**
 * A retried upload adds a bijlage once. The page gives every chosen file a key of its own
 * (Idempotency-Key, a UUID made in the browser) and sends it again when the answer is lost;
 * the server answers a retry with the first result and a reused key with other content
 * with 409. Without JavaScript the form carries a key per page view (file n: `<key>.n`).
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import * as fixture from '../support/files';
import { db } from './support/db';
import { newVuurtorenHulpvraag } from './support/hulpvragen';
import { loginAs } from './support/login';

const baseURL = `http://localhost:${process.env.E2E_PORT}`;

const newHulpvraag = () =>
	newVuurtorenHulpvraag('Herhaal', 'Testhulpvraag voor herhaalde uploads.');

const rows = (hulpvraagId: string) =>
	db()<{ id: string; displayName: string; idempotencyKey: string | null }[]>`
		select id, display_name, idempotency_key from bijlage
		where hulpvraag_id = ${hulpvraagId} order by added_at, id`;

const adds = async (hulpvraagId: string) =>
	(
		await db()<{ n: number }[]>`
			select count(*)::int as n from audit_log
			where action = 'bijlage.add' and details ->> 'hulpvraag' = ${hulpvraagId}`
	)[0]!.n;

let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
	context = await browser.newContext({ baseURL, locale: 'nl-NL' });
	page = await context.newPage();
	await loginAs(page, 'PO2806', 'lotte.vandam');
});

test.afterAll(async () => {
	await context?.close();
});

test('the upload API: the same key twice gives the same bijlage, other content 409, a bad key 400', async () => {
	const id = await newHulpvraag();
	const url = `/hulpvragen/${id}/bijlagen/upload`;
	const key = randomUUID();
	const send = (data: Buffer, idempotencyKey: string = key) =>
		page.request.post(url, {
			headers: {
				'Content-Type': 'application/octet-stream',
				'X-Bestandsnaam': encodeURIComponent('Verslag OPP.pdf'),
				'Idempotency-Key': idempotencyKey
			},
			data
		});
	const pdf = fixture.minimalPdf('Verslag OPP');

	const first = await send(pdf);
	expect(first.status()).toBe(200);
	const firstBody = await first.json();
	expect(firstBody.results[0]).toMatchObject({ ok: true, displayName: 'Verslag OPP.pdf' });

	const second = await send(pdf);
	expect(second.status()).toBe(200);
	const secondBody = await second.json();
	expect(secondBody.results[0]).toMatchObject({
		ok: true,
		id: firstBody.results[0].id,
		displayName: 'Verslag OPP.pdf',
		replayed: true
	});
	expect(await rows(id)).toEqual([
		{ id: firstBody.results[0].id, displayName: 'Verslag OPP.pdf', idempotencyKey: key }
	]);
	expect(await adds(id)).toBe(1);

	const reused = await send(fixture.minimalPdf('Een ander verslag'));
	expect(reused.status()).toBe(409);
	expect((await reused.json()).results[0]).toMatchObject({
		ok: false,
		error: expect.stringMatching(/uploadsleutel is al gebruikt voor een ander bestand/)
	});

	const bad = await send(pdf, 'niet-een-uuid');
	expect(bad.status()).toBe(400);
	expect(await bad.text()).toMatch(/uploadsleutel/);
	expect((await rows(id)).length).toBe(1);
});

test('the page retries a file whose answer was lost with the same key: one bijlage, shown as added', async () => {
	const id = await newHulpvraag();
	await page.goto(`/hulpvragen/${id}/bijlagen`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('0 Bijlagen');

	// The first attempt reaches the server (which stores the file), but its answer is lost
	// on the way back; the attempts after it go through untouched.
	const seen: { key: string | null; body?: { results: { id: string }[] } }[] = [];
	await page.route(`**/hulpvragen/${id}/bijlagen/upload`, async (route) => {
		const key = route.request().headers()['idempotency-key'] ?? null;
		if (seen.length === 0) {
			const answer = await route.fetch();
			seen.push({ key, body: await answer.json() });
			await route.abort('connectionreset');
			return;
		}
		seen.push({ key });
		await route.continue();
	});
	const answered = page.waitForResponse(
		(r) => r.url().endsWith(`/hulpvragen/${id}/bijlagen/upload`) && r.status() === 200
	);
	await page.getByLabel('Bestanden kiezen').setInputFiles({
		name: 'Groeidocument 2026-03-02.pdf',
		mimeType: 'application/pdf',
		buffer: fixture.minimalPdf('Groeidocument')
	});
	await page.getByRole('button', { name: 'Uploaden' }).click();
	const retried = await (await answered).json();

	const item = page
		.getByRole('list', { name: 'Voortgang' })
		.getByRole('listitem')
		.filter({ hasText: 'Groeidocument 2026-03-02.pdf' });
	await expect(item.getByText('Toegevoegd als ‘Groeidocument 2026-03-02.pdf’.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('1 Bijlage');
	await page.unroute(`**/hulpvragen/${id}/bijlagen/upload`);

	expect(seen).toHaveLength(2);
	expect(seen[0]!.key).toMatch(
		/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
	);
	expect(seen[1]!.key).toBe(seen[0]!.key);
	expect(retried.results[0]).toMatchObject({ id: seen[0]!.body!.results[0]!.id, replayed: true });
	expect((await rows(id)).map((r) => r.id)).toEqual([seen[0]!.body!.results[0]!.id]);
	expect(await adds(id)).toBe(1);
});

test('a file that cannot get through is offered "Opnieuw proberen", which sends the same key', async () => {
	const id = await newHulpvraag();
	await page.goto(`/hulpvragen/${id}/bijlagen`);
	const keys: (string | null)[] = [];
	let down = true;
	await page.route(`**/hulpvragen/${id}/bijlagen/upload`, async (route) => {
		keys.push(route.request().headers()['idempotency-key'] ?? null);
		if (down) await route.abort('connectionrefused');
		else await route.continue();
	});
	await page.getByLabel('Bestanden kiezen').setInputFiles({
		name: 'Verslag SCP.pdf',
		mimeType: 'application/pdf',
		buffer: fixture.minimalPdf('Verslag SCP')
	});
	await page.getByRole('button', { name: 'Uploaden' }).click();
	const again = page.getByRole('button', { name: 'Opnieuw proberen Verslag SCP.pdf' });
	await expect(again).toBeVisible({ timeout: 20_000 });
	await expect(page.getByText('De verbinding viel weg. Probeer het opnieuw.')).toBeVisible();
	// Three attempts in all, every one with the same key.
	expect(keys).toHaveLength(3);
	expect(new Set(keys).size).toBe(1);
	expect(await rows(id)).toEqual([]);

	down = false;
	await again.click();
	await expect(page.getByText('Toegevoegd als ‘Verslag SCP.pdf’.')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('1 Bijlage');
	expect(keys).toHaveLength(4);
	expect(keys[3]).toBe(keys[0]);
	expect((await rows(id)).map((r) => r.idempotencyKey)).toEqual([keys[0]]);
	await page.unroute(`**/hulpvragen/${id}/bijlagen/upload`);
});

test('without JavaScript: the same form posted twice adds its files once', async ({ browser }) => {
	const id = await newHulpvraag();
	const noJs = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		javaScriptEnabled: false,
		storageState: await context.storageState()
	});
	const plain = await noJs.newPage();
	await plain.goto(`/hulpvragen/${id}/bijlagen`);
	const form = plain.locator('form', { has: plain.getByLabel('Bestanden kiezen') });
	const key = await form.locator('input[name=uploadsleutel]').inputValue();
	expect(key).toMatch(/^[0-9a-f-]{36}$/);

	const post = () =>
		plain.request.post(`/hulpvragen/${id}/bijlagen/upload`, {
			headers: { Origin: baseURL, Accept: 'application/json' },
			multipart: {
				uploadsleutel: key,
				bestanden: {
					name: 'Handelingsplan.pdf',
					mimeType: 'application/pdf',
					buffer: fixture.minimalPdf('Handelingsplan')
				}
			}
		});
	// A key that is not one the page makes: refused as a whole, nothing stored.
	const badKey = await plain.request.post(`/hulpvragen/${id}/bijlagen/upload`, {
		headers: { Origin: baseURL, Accept: 'application/json' },
		multipart: {
			uploadsleutel: 'niet-van-de-pagina',
			bestanden: { name: 'X.pdf', mimeType: 'application/pdf', buffer: fixture.minimalPdf('X') }
		}
	});
	expect(badKey.status()).toBe(400);
	expect(await badKey.text()).toMatch(/uploadsleutel/);
	expect(await rows(id)).toEqual([]);

	const first = await (await post()).json();
	const second = await (await post()).json();
	expect(second.results[0]).toMatchObject({ id: first.results[0].id, replayed: true });
	expect((await rows(id)).map((r) => r.idempotencyKey)).toEqual([`${key}.0`]);

	// The same page's form with another file (its key is used): refused in Dutch, not added.
	const outcome = plain
		.getByRole('status')
		.getByRole('list', { name: 'Resultaat van het uploaden' });
	const choose = (name: string) =>
		plain.getByLabel('Bestanden kiezen').setInputFiles({
			name,
			mimeType: 'application/pdf',
			buffer: fixture.minimalPdf(name)
		});
	await choose('Verslag.pdf');
	await plain.getByRole('button', { name: 'Uploaden' }).click();
	await expect(plain).toHaveURL(new RegExp(`/hulpvragen/${id}/bijlagen\\?resultaat=`));
	await expect(outcome).toContainText(
		'Verslag.pdf: Dit bestand is niet toegevoegd: de uploadsleutel is al gebruikt voor een ander bestand.'
	);
	expect((await rows(id)).length).toBe(1);

	// The page after the redirect has a key of its own: the file goes in.
	const fresh = await form.locator('input[name=uploadsleutel]').inputValue();
	expect(fresh).not.toBe(key);
	await choose('Verslag.pdf');
	await plain.getByRole('button', { name: 'Uploaden' }).click();
	await expect(outcome).toContainText('Verslag.pdf: toegevoegd.');
	expect((await rows(id)).map((r) => r.idempotencyKey)).toEqual([`${key}.0`, `${fresh}.0`]);
	await noJs.close();
});
