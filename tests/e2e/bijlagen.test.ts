/**
 * Bijlagen through the real routes in Chromium: the "N Bijlagen" list,
 * several files at once with JavaScript (XHR per file, progress) and without (multipart,
 * redirect with the outcome per file), the camera input, the 10 MB limit on every path,
 * type sniffing and name sanitising, the warnings, the audit rows, a status that closes
 * attachments and the "status after attachment" automation for a linked pre-school.
 *
 * Every test works on a dossier and hulpvraag of its own (made with SQL), so the demo
 * dossiers stay as they are. Lotte logs in once; the context without JavaScript reuses
 * her session cookie (one TOTP code per 30 s per account).
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { cspOther, cspPdf } from '../../src/lib/server/files/serve';
import * as fixture from '../support/files';
import { db } from './support/db';
import { loginAs } from './support/login';
import { waitForMail } from './support/mail';

const baseURL = `http://localhost:${process.env.E2E_PORT}`;
const MB = 1024 * 1024;
const limit = 10 * MB;
const tempDir = path.resolve('.data/files/.tmp');
const tooLargeText = /groter dan 10 MB\. Scan het document op 300 dpi als PDF/;

interface Account {
	id: string;
	email: string;
	displayName: string;
}

async function account(org: string, username: string): Promise<Account> {
	const [row] = await db()<Account[]>`
		select a.id, a.email, a.display_name from account a
		join organisation o on o.id = a.organisation_id
		where o.code = ${org} and a.username = ${username}`;
	return row!;
}

/** A fresh dossier with one hulpvraag, straight into the database. */
async function newHulpvraag(o: {
	org: string;
	brin?: string;
	titel: string;
	status: string;
	aanvrager: string;
	coordinator?: string;
	voorschool?: string;
}): Promise<string> {
	const sql = db();
	const [org] = await sql<{ id: string }[]>`select id from organisation where code = ${o.org}`;
	const orgId = org!.id;
	const aanvrager = await account(o.org, o.aanvrager);
	const [school] = o.brin
		? await sql<{ id: string }[]>`
			select id from school where organisation_id = ${orgId} and brin_vestiging = ${o.brin}`
		: [undefined];
	const [dossier] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht, created_by)
		values (${orgId}, 'Bijlagetest', ${'Kind-' + randomBytes(3).toString('hex')}, '2019-03-14',
			'x', ${aanvrager.id})
		returning id`;
	if (school) {
		await sql`insert into school_period (dossier_id, school_id, groep, start_date)
			values (${dossier!.id}, ${school.id}, '4', '2024-08-26')`;
	}
	const [titel] = await sql<{ id: string }[]>`
		select id from hulpvraag_titel where organisation_id = ${orgId} and name = ${o.titel}`;
	const [status] = await sql<{ id: string }[]>`
		select id from process_status where organisation_id = ${orgId} and name = ${o.status}`;
	const coordinator = o.coordinator ? (await account(o.org, o.coordinator)).id : null;
	const [h] = await sql<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id,
			omschrijving, aanvrager_id, coordinator_id)
		values (${orgId}, ${dossier!.id}, ${school?.id ?? null}, ${titel!.id}, ${status!.id},
			'Testhulpvraag voor bijlagen.', ${aanvrager.id}, ${coordinator})
		returning id`;
	await sql`insert into status_change (organisation_id, hulpvraag_id, to_status_id, changed_by)
		values (${orgId}, ${h!.id}, ${status!.id}, ${aanvrager.id})`;
	if (o.voorschool) {
		const linked = await account(o.org, o.voorschool);
		await sql`insert into hulpvraag_link (hulpvraag_id, account_id, role)
			values (${h!.id}, ${linked.id}, 'voorschool')`;
	}
	return h!.id;
}

const lotteHulpvraag = () =>
	newHulpvraag({
		org: 'PO2806',
		brin: '21XA00',
		titel: 'Ambulante Begeleiding',
		status: 'Aanmelding',
		aanvrager: 'lotte.vandam'
	});

interface Row {
	id: string;
	displayName: string;
	originalName: string;
	mime: string;
	size: number;
}

const rows = (hulpvraagId: string) =>
	db()<Row[]>`select id, display_name, original_name, mime, size from bijlage
		where hulpvraag_id = ${hulpvraagId} order by added_at, id`;

const auditRows = (action: string, targetId: string) =>
	db()<{ accountId: string; targetType: string; details: Record<string, unknown> }[]>`
		select account_id, target_type, details from audit_log
		where action = ${action} and target_id = ${targetId} order by id`;

const tempFiles = () => (existsSync(tempDir) ? readdirSync(tempDir) : []);

/** A text file of exactly `size` bytes: valid UTF-8, lines of letters. */
function textOf(size: number, letter = 'a'): Buffer {
	const line = Buffer.from(letter.repeat(99) + '\n');
	const out = Buffer.alloc(size);
	for (let i = 0; i < size; i += line.length) line.copy(out, i, 0, Math.min(line.length, size - i));
	return out;
}

/** A valid PDF of exactly `size` bytes: padded with a comment line after %%EOF. */
function pdfOf(size: number): Buffer {
	const pdf = fixture.minimalPdf('Groot verslag');
	const pad = Buffer.alloc(size - pdf.length, 0x20);
	pad[0] = 0x25; // '%'
	pad[pad.length - 1] = 0x0a;
	return Buffer.concat([pdf, pad]);
}

// The hidden ": name" is a block of its own, so Chromium puts a space before the colon.
const downloadName = (name: string) =>
	new RegExp(`^Downloaden\\s*:?\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const pdfFile = (name: string, text = name) => ({
	name,
	mimeType: 'application/pdf',
	buffer: fixture.minimalPdf(text)
});

let lotte: Account;
let context: BrowserContext;
let page: Page;
const dialogs: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
	lotte = await account('PO2806', 'lotte.vandam');
	context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 1024, height: 800 }
	});
	context.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	page = await context.newPage();
	await loginAs(page, 'PO2806', 'lotte.vandam');
});

test.afterAll(async () => {
	await context?.close();
	expect(dialogs).toEqual([]);
});

async function openBijlagen(hulpvraagId: string, count = 0) {
	await page.goto(`/hulpvragen/${hulpvraagId}`);
	await page.getByRole('link', { name: new RegExp(`${count} Bijlage`) }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		`${count} ${count === 1 ? 'Bijlage' : 'Bijlagen'}`
	);
}

/** Chooses files in the form and uploads them with the page's script (XHR per file). */
async function uploadWithScript(
	files: { name: string; mimeType: string; buffer: Buffer }[]
): Promise<void> {
	await page.getByLabel('Bestanden kiezen').setInputFiles(files);
	await page.getByRole('button', { name: 'Uploaden' }).click();
	await expect(page.getByRole('button', { name: 'Uploaden' })).toBeEnabled({ timeout: 30_000 });
}

const progressItem = (name: string) =>
	page.getByRole('list', { name: 'Voortgang' }).getByRole('listitem').filter({ hasText: name });

/** A context without JavaScript, logged in with Lotte's session cookie. */
async function withoutScript(browser: Browser): Promise<Page> {
	const noJs = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		javaScriptEnabled: false,
		storageState: await context.storageState()
	});
	return noJs.newPage();
}

test('the list: several files at once with progress, name, date, author, size, open and download', async () => {
	const id = await lotteHulpvraag();
	await openBijlagen(id);
	await expect(page.getByText('Er zijn nog geen bijlagen.')).toBeVisible();

	// The camera button: a photo straight from the phone's back camera.
	const camera = page.locator('input[type=file][capture=environment]');
	await expect(camera).toHaveCount(1);
	await expect(camera).toHaveAttribute('accept', 'image/*');
	await expect(page.getByText('Foto maken')).toBeVisible();
	await expect(page.getByLabel('Bestanden kiezen')).toHaveAttribute('multiple', '');

	// Record every progress bar the page shows while it uploads one file after another.
	await page.evaluate(() => {
		const w = window as unknown as { seen: { bars: number; busy: boolean } };
		w.seen = { bars: 0, busy: false };
		new MutationObserver(() => {
			w.seen.bars = Math.max(w.seen.bars, document.querySelectorAll('progress').length);
			if (document.body.innerText.includes('Bezig met uploaden')) w.seen.busy = true;
		}).observe(document.body, { childList: true, subtree: true, characterData: true });
	});
	const files = [
		pdfFile('Groeidocument 2026-01-06.pdf', 'Groeidocument'),
		{
			name: 'Aantekeningen gesprek ouders.txt',
			mimeType: 'text/plain',
			buffer: Buffer.from('Gesprek met ouders op 6 januari.\nAfspraken: logopedie.\n')
		},
		{ name: 'Tekening Sem.png', mimeType: 'image/png', buffer: fixture.png(16) },
		{
			name: 'Verslag logopedie.docx',
			mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			buffer: fixture.docx('Verslag logopedie')
		},
		// 3 MB, so the progress of the ones before and after is there to see.
		{ name: 'Toetsresultaten groep 4.txt', mimeType: 'text/plain', buffer: textOf(3 * MB) }
	];
	await uploadWithScript(files);
	for (const f of files) {
		await expect(progressItem(f.name)).toContainText(`Toegevoegd als ‘${f.name}’`);
	}
	const seen = await page.evaluate(
		() => (window as unknown as { seen: { bars: number; busy: boolean } }).seen
	);
	expect(seen.bars).toBeGreaterThanOrEqual(2);
	expect(seen.busy).toBe(true);

	// All listed (the page reloads its data after the last one).
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('5 Bijlagen');
	const list = page.getByRole('list', { name: 'Bijlagen' });
	const stored = await rows(id);
	expect(stored.map((r) => r.displayName).sort()).toEqual(files.map((f) => f.name).sort());
	const today = new Intl.DateTimeFormat('nl-NL', {
		timeZone: 'Europe/Amsterdam',
		day: 'numeric',
		month: 'short',
		year: 'numeric'
	}).format(new Date());
	const sizes: Record<string, string> = {
		'Toetsresultaten groep 4.txt': '3 MB',
		'Verslag logopedie.docx': ' bytes',
		'Tekening Sem.png': ' bytes'
	};
	for (const f of files) {
		const item = list.getByRole('listitem').filter({ hasText: f.name });
		await expect(item).toContainText(today);
		await expect(item).toContainText(lotte.displayName);
		if (sizes[f.name]) await expect(item).toContainText(sizes[f.name]!);
		await expect(item.getByRole('link', { name: downloadName(f.name) })).toBeVisible();
	}

	// "Open" (eye icon, new tab) for PDF, plain text and images; a Word file only downloads.
	const openLink = (name: string) =>
		list.getByRole('link', { name: `${name} (openen in een nieuw tabblad)` });
	for (const name of [
		'Groeidocument 2026-01-06.pdf',
		'Aantekeningen gesprek ouders.txt',
		'Tekening Sem.png'
	]) {
		await expect(openLink(name)).toHaveAttribute('target', '_blank');
		await expect(openLink(name)).toHaveAttribute('rel', /noopener/);
	}
	await expect(openLink('Verslag logopedie.docx')).toHaveCount(0);

	// The PDF opens in Chromium's own viewer: served inline as application/pdf.
	const pdfRow = stored.find((r) => r.mime === 'application/pdf')!;
	const [popup] = await Promise.all([
		page.waitForEvent('popup'),
		openLink('Groeidocument 2026-01-06.pdf').click()
	]);
	await expect(popup).toHaveURL(`${baseURL}/bijlagen/${pdfRow.id}`);
	await expect
		.poll(() =>
			popup
				.frames()
				.some((f) => f.url().startsWith('chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/'))
		)
		.toBe(true);
	await popup.close();
	// Chromium hands a PDF navigation to its viewer, which hides the response headers from
	// Playwright: ask for the link's address again with the same session.
	const href = await openLink('Groeidocument 2026-01-06.pdf').getAttribute('href');
	const response = await page.request.get(href!);
	expect(response.status()).toBe(200);
	const h = response.headers();
	expect(h['content-type']).toBe('application/pdf');
	expect(h['content-disposition']).toMatch(/^inline; filename="Groeidocument 2026-01-06\.pdf"/);
	expect(h['x-content-type-options']).toBe('nosniff');
	expect(h['cache-control']).toMatch(/\bno-store\b/);
	// The file's own policy survives the app's hooks: no script, no fetch in its document.
	expect(h['content-security-policy']).toBe(cspPdf);

	// The image opens as an image.
	const pngRow = stored.find((r) => r.mime === 'image/png')!;
	const [imagePopup] = await Promise.all([
		page.waitForEvent('popup'),
		openLink('Tekening Sem.png').click()
	]);
	await imagePopup.waitForLoadState();
	await expect
		.poll(() => imagePopup.evaluate(() => document.querySelector('img')?.naturalWidth ?? 0))
		.toBe(16);
	await imagePopup.close();

	// Downloading gives the file under its name, with the same bytes.
	const docxRow = stored.find((r) => r.displayName === 'Verslag logopedie.docx')!;
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		list.getByRole('link', { name: downloadName('Verslag logopedie.docx') }).click()
	]);
	expect(download.suggestedFilename()).toBe('Verslag logopedie.docx');
	const { readFile } = await import('node:fs/promises');
	expect((await readFile((await download.path())!)).equals(files[3]!.buffer)).toBe(true);

	// Audit: every opening or download of a bijlage is recorded, with who did it.
	// Twice: the tab and the header check above.
	await expect.poll(async () => (await auditRows('bijlage.view', pdfRow.id)).length).toBe(2);
	const [view] = await auditRows('bijlage.view', pdfRow.id);
	expect(view).toMatchObject({
		accountId: lotte.id,
		targetType: 'bijlage',
		details: { hulpvraag: id }
	});
	expect(await auditRows('bijlage.view', pngRow.id)).toHaveLength(1);
	const downloads = await auditRows('bijlage.download', docxRow.id);
	expect(downloads).toHaveLength(1);
	expect(downloads[0]).toMatchObject({ accountId: lotte.id, targetType: 'bijlage' });
	expect(await auditRows('bijlage.view', docxRow.id)).toHaveLength(0);
	for (const r of stored) {
		expect(await auditRows('bijlage.add', r.id)).toHaveLength(1);
	}
});

test('without JavaScript: a multipart post of two files comes back with the outcome of each', async ({
	browser
}) => {
	const id = await lotteHulpvraag();
	const noJs = await withoutScript(browser);
	await noJs.goto(`/hulpvragen/${id}/bijlagen`);
	await expect(noJs.getByRole('heading', { level: 1 })).toHaveText('0 Bijlagen');
	await noJs
		.getByLabel('Bestanden kiezen')
		.setInputFiles([
			pdfFile('OPP Sem 2026-01-06.pdf', 'OPP'),
			{ name: 'Verslag gesprek.txt', mimeType: 'text/plain', buffer: Buffer.from('Verslag.\n') }
		]);
	await noJs.getByRole('button', { name: 'Uploaden' }).click();
	await expect(noJs).toHaveURL(new RegExp(`/hulpvragen/${id}/bijlagen\\?resultaat=`));
	const outcome = noJs
		.getByRole('status')
		.getByRole('list', { name: 'Resultaat van het uploaden' });
	await expect(outcome.locator('li')).toHaveCount(2);
	await expect(outcome).toContainText('OPP Sem 2026-01-06.pdf: toegevoegd.');
	await expect(outcome).toContainText('Verslag gesprek.txt: toegevoegd.');
	await expect(noJs.getByRole('heading', { level: 1 })).toHaveText('2 Bijlagen');
	expect((await rows(id)).map((r) => r.displayName).sort()).toEqual([
		'OPP Sem 2026-01-06.pdf',
		'Verslag gesprek.txt'
	]);
	await noJs.context().close();
});

test('10 MB passes, 10 MB + 1 is refused on every path without being stored', async ({
	browser
}) => {
	test.setTimeout(120_000);
	const id = await lotteHulpvraag();
	await openBijlagen(id);
	const uploadPath = `/hulpvragen/${id}/bijlagen/upload`;

	// With JavaScript: exactly 10 MB goes in, one byte more never leaves the browser.
	const posts: string[] = [];
	page.on('request', (r) => {
		if (r.method() === 'POST' && r.url().endsWith(uploadPath)) posts.push(r.url());
	});
	await uploadWithScript([
		{ name: 'Onderzoeksverslag 2026.pdf', mimeType: 'application/pdf', buffer: pdfOf(limit) },
		{ name: 'Dossier te groot.txt', mimeType: 'text/plain', buffer: textOf(limit + 1) }
	]);
	await expect(progressItem('Onderzoeksverslag 2026.pdf')).toContainText('Toegevoegd als');
	await expect(progressItem('Dossier te groot.txt')).toContainText(tooLargeText);
	expect(posts).toHaveLength(1);
	let stored = await rows(id);
	expect(stored.map((r) => [r.displayName, r.size])).toEqual([
		['Onderzoeksverslag 2026.pdf', limit]
	]);

	// A client that sends it anyway: 413 with the same message, on the declared length.
	const big = textOf(limit + 1);
	const answer = await page.request.post(uploadPath, {
		headers: {
			'Content-Type': 'application/octet-stream',
			'X-Bestandsnaam': encodeURIComponent('Te groot.txt')
		},
		data: big
	});
	expect(answer.status()).toBe(413);
	const body = (await answer.json()) as { results: { ok: boolean; error: string }[] };
	expect(body.results).toHaveLength(1);
	expect(body.results[0]!.ok).toBe(false);
	expect(body.results[0]!.error).toMatch(tooLargeText);

	// ... and the answer comes before the body: the server does not read it at all. Only
	// the headers and a few bytes are sent, yet the 413 arrives.
	const cookie = (await context.cookies(baseURL)).map((c) => `${c.name}=${c.value}`).join('; ');
	const started = Date.now();
	const early = await new Promise<{ status: number; body: string }>((resolve, reject) => {
		const request = http.request(`${baseURL}${uploadPath}`, {
			method: 'POST',
			headers: {
				cookie,
				'content-type': 'application/octet-stream',
				'content-length': String(limit + 1),
				'x-bestandsnaam': 'Te%20groot.txt'
			}
		});
		request.on('response', (res) => {
			let text = '';
			res.on('data', (c) => (text += c));
			res.on('end', () => {
				resolve({ status: res.statusCode ?? 0, body: text });
				request.destroy();
			});
		});
		request.on('error', reject);
		request.write(Buffer.alloc(1024, 0x61));
		setTimeout(() => reject(new Error('no answer before the body was sent')), 10_000);
	});
	expect(early.status).toBe(413);
	expect(early.body).toMatch(tooLargeText);
	expect(Date.now() - started).toBeLessThan(10_000);

	// Without JavaScript: the big file is reported, the other file of the post goes in.
	const noJs = await withoutScript(browser);
	await noJs.goto(`/hulpvragen/${id}/bijlagen`);
	await noJs
		.getByLabel('Bestanden kiezen')
		.setInputFiles([
			{ name: 'Scan dossier groot.txt', mimeType: 'text/plain', buffer: textOf(limit + 1, 'b') },
			pdfFile('Groeidocument januari.pdf', 'januari')
		]);
	await noJs.getByRole('button', { name: 'Uploaden' }).click();
	const outcome = noJs
		.getByRole('status')
		.getByRole('list', { name: 'Resultaat van het uploaden' });
	await expect(outcome.locator('li').filter({ hasText: 'Scan dossier groot.txt' })).toContainText(
		tooLargeText
	);
	await expect(outcome).toContainText('Groeidocument januari.pdf: toegevoegd.');
	await expect(noJs.getByRole('heading', { level: 1 })).toHaveText('2 Bijlagen');
	await noJs.context().close();

	stored = await rows(id);
	expect(stored.map((r) => r.displayName)).toEqual([
		'Onderzoeksverslag 2026.pdf',
		'Groeidocument januari.pdf'
	]);
	// Refused uploads leave no temp file behind, and every refusal is in the audit log.
	expect(tempFiles()).toEqual([]);
	const refused = await auditRows('bijlage.refused', id);
	// The 413 of the declared length (twice) and the multipart one; the file the browser
	// kept to itself never reached the server.
	expect(refused.map((r) => r.details.reason)).toEqual(['too_large', 'too_large', 'too_large']);
	for (const r of refused)
		expect(r).toMatchObject({ accountId: lotte.id, targetType: 'hulpvraag' });
});

test('sniffing: disguised and dangerous files are refused with a Dutch reason, names are sanitised', async () => {
	const id = await lotteHulpvraag();
	await openBijlagen(id);
	const bad = [
		{
			name: 'Verslag.pdf',
			mimeType: 'application/pdf',
			buffer: fixture.html,
			reason: /Webpagina’s/
		},
		{
			name: 'Tekening.svg',
			mimeType: 'image/svg+xml',
			buffer: fixture.svgWithScript,
			reason: /SVG/
		},
		{
			name: 'OPP.pdf',
			mimeType: 'application/pdf',
			buffer: fixture.pdfHtmlPolyglot(),
			reason: /bevat ook webpagina-code/
		},
		{
			name: 'Groeidocument.pdf',
			mimeType: 'application/pdf',
			buffer: fixture.plainZip(),
			reason: /Archieven/
		},
		{
			name: 'Verslag logopedie.docx',
			mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			buffer: fixture.zipBombDocx(),
			reason: /onredelijk grote omvang/
		},
		{
			name: 'Rapport.pdf',
			mimeType: 'application/pdf',
			buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(512, 0x90)]),
			reason: /programma of script/
		},
		{
			name: 'Aantekeningen.txt',
			mimeType: 'text/plain',
			buffer: Buffer.from('Aantekeningen\n<script>window.__ran=1</script>\n'),
			reason: /Webpagina’s|programmacode/
		}
	];
	await uploadWithScript(bad.map(({ reason: _, ...f }) => f));
	for (const f of bad) {
		// The progress list shows the claimed name; equal names appear once each in order.
		await expect(
			page.getByRole('list', { name: 'Voortgang' }).getByText(f.reason).first()
		).toBeVisible();
	}
	await expect(page.getByRole('list', { name: 'Voortgang' }).locator('.form-error')).toHaveCount(
		bad.length
	);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('0 Bijlagen');
	expect(await rows(id)).toEqual([]);
	await expect.poll(async () => (await auditRows('bijlage.refused', id)).length).toBe(bad.length);
	expect((await auditRows('bijlage.refused', id)).map((r) => r.details.reason)).toEqual([
		'html',
		'html',
		'polyglot',
		'archive',
		'zip_bomb',
		'executable',
		'html'
	]);
	expect(tempFiles()).toEqual([]);

	// Path and line breaks in a name: only the last segment, no control characters. A
	// text file with HTML that sniffing lets through (no script marker) is still shown as
	// text when opened: nothing in it runs.
	const sneaky = Buffer.from(
		'Notities bij het gesprek\n<details open ontoggle="window.__ran=1;alert(1)">x</details>\n'
	);
	await uploadWithScript([
		{
			name: '../../etc/Verslag\r\nlogopedie.pdf',
			mimeType: 'application/pdf',
			buffer: fixture.minimalPdf('Logopedie')
		},
		{ name: '..\\..\\Notities\r\ngesprek.txt', mimeType: 'text/plain', buffer: sneaky }
	]);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('2 Bijlagen');
	const stored = await rows(id);
	expect(stored.map((r) => [r.displayName, r.originalName])).toEqual([
		['Verslaglogopedie.pdf', 'Verslaglogopedie.pdf'],
		['Notitiesgesprek.txt', 'Notitiesgesprek.txt']
	]);
	for (const r of stored) {
		expect(r.displayName).not.toMatch(/[/\\\r\n]|\.\./);
		expect(r.originalName).not.toMatch(/[/\\\r\n]|\.\./);
	}
	const list = page.getByRole('list', { name: 'Bijlagen' });
	await expect(list).toContainText('Verslaglogopedie.pdf');
	await expect(list).toContainText('Notitiesgesprek.txt');

	const text = stored.find((r) => r.mime === 'text/plain')!;
	const [popup] = await Promise.all([
		page.waitForEvent('popup'),
		list.getByRole('link', { name: 'Notitiesgesprek.txt (openen in een nieuw tabblad)' }).click()
	]);
	const popupDialogs: string[] = [];
	popup.on('dialog', (d) => {
		popupDialogs.push(d.message());
		void d.dismiss();
	});
	await popup.waitForLoadState('load');
	expect(popup.url()).toBe(`${baseURL}/bijlagen/${text.id}`);
	// Shown as text, the markup is never parsed: without a details element no ontoggle can
	// fire later, so nothing needs waiting for.
	expect(await popup.evaluate(() => document.body.innerText)).toContain('<details open ontoggle');
	expect(await popup.evaluate(() => document.querySelector('details'))).toBeNull();
	expect(
		await popup.evaluate(() => (window as unknown as { __ran?: number }).__ran)
	).toBeUndefined();
	expect(popupDialogs).toEqual([]);
	await popup.close();
	const served = await page.request.get(`/bijlagen/${text.id}`);
	expect(served.headers()['content-type']).toBe('text/plain; charset=utf-8');
	expect(served.headers()['content-security-policy']).toBe(cspOther);
});

test('warnings: a vague name, a new version under the same name, the same file twice', async () => {
	const id = await lotteHulpvraag();
	await openBijlagen(id);
	await uploadWithScript([pdfFile('scan20250106.pdf', 'scan')]);
	await expect(progressItem('scan20250106.pdf')).toContainText('Toegevoegd als');
	await expect(progressItem('scan20250106.pdf').locator('.warning')).toContainText(
		'Geef het bestand een naam die zegt wat het is'
	);

	await uploadWithScript([pdfFile('Verslag OPP.pdf', 'versie 1')]);
	await expect(progressItem('Verslag OPP.pdf').first()).toContainText('Toegevoegd als');
	await expect(progressItem('Verslag OPP.pdf').first().locator('.warning')).toHaveCount(0);

	await uploadWithScript([pdfFile('Verslag OPP.pdf', 'versie 2')]);
	await expect(progressItem('Verslag OPP.pdf').first().locator('.warning')).toContainText(
		'Er is al een bijlage ‘Verslag OPP.pdf’. Is dit een nieuwe versie?'
	);

	await uploadWithScript([pdfFile('OPP definitief.pdf', 'versie 2')]);
	await expect(progressItem('OPP definitief.pdf').locator('.warning')).toContainText(
		'Dit bestand is al toegevoegd als ‘Verslag OPP.pdf’.'
	);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('4 Bijlagen');

	// The second version points at the first.
	const versions = await db()<{ displayName: string; versionOf: string | null }[]>`
		select b.display_name, p.display_name as version_of from bijlage b
		left join bijlage p on p.id = b.version_of
		where b.hulpvraag_id = ${id} order by b.added_at`;
	expect(versions.map((v) => v.versionOf)).toEqual([null, null, 'Verslag OPP.pdf', null]);
});

test('a status that closes attachments: no form, a notice, and an upload is 404', async () => {
	const id = await newHulpvraag({
		org: 'PO2806',
		brin: '21XA00',
		titel: 'Ambulante Begeleiding',
		status: 'Afgerond',
		aanvrager: 'lotte.vandam'
	});
	await page.goto(`/hulpvragen/${id}/bijlagen`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('0 Bijlagen');
	await expect(page.getByText('Er kunnen geen bijlagen meer bij.')).toBeVisible();
	await expect(page.getByText('status ‘Afgerond’')).toBeVisible();
	await expect(page.getByLabel('Bestanden kiezen')).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Uploaden' })).toHaveCount(0);
	await expect(page.locator('input[type=file]')).toHaveCount(0);

	const answer = await page.request.post(`/hulpvragen/${id}/bijlagen/upload`, {
		headers: { 'Content-Type': 'application/octet-stream', 'X-Bestandsnaam': 'OPP.pdf' },
		data: fixture.minimalPdf()
	});
	expect(answer.status()).toBe(404);
	const multipart = await page.request.post(`/hulpvragen/${id}/bijlagen/upload`, {
		headers: { Origin: baseURL },
		multipart: {
			bestanden: { name: 'OPP.pdf', mimeType: 'application/pdf', buffer: fixture.minimalPdf() }
		}
	});
	expect(multipart.status()).toBe(404);
	expect(await rows(id)).toEqual([]);
});

test('Stromenland: a pre-school adds a PDF on a phone, the status moves on and the JK specialist gets a mail', async ({
	browser
}) => {
	const esther = await account('PO2507', 'esther.bos');
	const id = await newHulpvraag({
		org: 'PO2507',
		titel: 'Jonge kind (3,2 - 4 jr) advisering',
		status: 'JK onderwijsadvies aanvraag',
		aanvrager: 'esther.bos',
		coordinator: 'esther.bos',
		voorschool: 'fatima.ouali'
	});
	const phone = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true
	});
	const fatima = await phone.newPage();
	await loginAs(fatima, 'PO2507', 'fatima.ouali');
	const since = new Date(Date.now() - 1000);
	await fatima.goto(`/hulpvragen/${id}/bijlagen`);
	await expect(fatima.getByRole('heading', { level: 1 })).toHaveText('0 Bijlagen');
	await expect(fatima.locator('input[capture=environment]')).toHaveCount(1);
	await fatima
		.getByLabel('Bestanden kiezen')
		.setInputFiles(pdfFile('Aanvraagformulier onderwijsadvies.pdf', 'Aanvraag'));
	await fatima.getByRole('button', { name: 'Uploaden' }).click();
	await expect(
		fatima.getByText('Toegevoegd als ‘Aanvraagformulier onderwijsadvies.pdf’')
	).toBeVisible();
	await expect(fatima.getByRole('heading', { level: 1 })).toHaveText('1 Bijlage');
	// Nothing sticks out sideways on the phone.
	expect(
		await fatima.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
	).toBe(true);

	const [status] = await db()<{ name: string }[]>`
		select s.name from hulpvraag h join process_status s on s.id = h.status_id where h.id = ${id}`;
	expect(status!.name).toBe('JK bijlagen toegevoegd');
	const [change] = await db()<{ automatic: boolean; changedBy: string }[]>`
		select automatic, changed_by from status_change where hulpvraag_id = ${id}
		order by id desc limit 1`;
	expect(change!.automatic).toBe(true);
	expect(change!.changedBy).toBe((await account('PO2507', 'fatima.ouali')).id);

	const mail = await waitForMail(esther.email, 'JK bijlagen toegevoegd', since);
	expect(mail.text).toContain(`/hulpvragen/${id}`);

	await fatima.goto(`/hulpvragen/${id}`);
	await expect(fatima.locator('.work-title .badge')).toHaveText('JK bijlagen toegevoegd');
	await phone.close();
});
