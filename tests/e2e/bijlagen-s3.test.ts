/**
 * Production nodes with FILES_STORE=s3 (the bucket on s3rver, a real S3 endpoint on a free
 * local port) and no shared disk (each its own FILES_DIR and spool): a bijlage uploaded
 * through the page of one node (per-file upload with progress) lands as an object under
 * the configured prefix and on neither node's disk, and comes back through the bijlage link
 * byte for byte, inline as a PDF with the serving headers and as a download, from that node
 * and from the other.
 */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomToken, tokenHash } from '../../src/lib/server/crypto';
import { s3Client } from '../../src/lib/server/files/s3-store';
import { cspPdf } from '../../src/lib/server/files/serve';
import * as fixture from '../support/files';
import { startS3, type TestS3 } from '../support/s3';
import { startApp, waitForHttp, type AppProcess } from './support/app-process';
import { db } from './support/db';
import { newVuurtorenHulpvraag } from './support/hulpvragen';
import { readState } from './support/state';

let s3: TestS3;
let app: AppProcess;
let other: AppProcess;
let env: Record<string, string>;
let disks: string[] = [];

test.beforeAll(async () => {
	s3 = await startS3();
	const { databaseUrl } = readState();
	// Two nodes that share the database and the bucket, and no disk.
	const nodes = await Promise.all(
		[0, 1].map(async () => {
			const disk = await mkdtemp(path.join(os.tmpdir(), 'kindkring-s3-node-'));
			disks.push(disk);
			const nodeEnv = await s3.env('e2e-bijlagen/');
			env ??= nodeEnv;
			return startApp({
				DATABASE_URL: databaseUrl,
				BODY_SIZE_LIMIT: '210M',
				...nodeEnv,
				FILES_DIR: path.join(disk, 'files'),
				FILES_SPOOL_DIR: path.join(disk, 'spool')
			});
		})
	);
	[app, other] = nodes as [AppProcess, AppProcess];
	for (const node of nodes) {
		await waitForHttp(`${node.url}/healthz`);
		await expect.poll(() => node.output()).toContain('"store":"s3"');
		expect(node.output()).not.toContain('the bucket is not reachable');
	}
});

test.afterAll(async () => {
	await Promise.all([app?.stop(), other?.stop()]);
	await s3?.stop();
	await Promise.all(disks.map((d) => rm(d, { recursive: true, force: true })));
	disks = [];
});

const newHulpvraag = () => newVuurtorenHulpvraag('Emmer', 'Testhulpvraag voor de bucket.');

test('FILES_STORE=s3: upload through the page, stored in the bucket, opened and downloaded back', async ({
	browser
}) => {
	// Lotte's session straight in the database (what a login makes): this node has an
	// encryption key of its own, so it cannot read the demo authenticator secrets.
	const token = randomToken();
	await db()`
		insert into session (id, account_id, created_at, last_seen_at, expires_at, absolute_expires_at)
		select ${tokenHash(token)}, a.id, now(), now(), now() + interval '1 hour', now() + interval '2 hours'
		from account a join organisation o on o.id = a.organisation_id
		where o.code = 'PO2806' and a.username = 'lotte.vandam'`;
	const context = await browser.newContext({ baseURL: app.url, locale: 'nl-NL' });
	// A __Host- cookie is Secure; Chromium counts localhost as a secure origin over http too.
	await context.addCookies([
		{
			name: '__Host-kk_session',
			value: token,
			url: app.url.replace(/^http:/, 'https:'),
			secure: true,
			httpOnly: true,
			sameSite: 'Lax'
		}
	]);
	const page = await context.newPage();
	try {
		const id = await newHulpvraag();
		await page.goto(`/hulpvragen/${id}/bijlagen`);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('0 Bijlagen');

		// A PDF of a few MB, so the bytes go through the spool and the bucket in many chunks.
		const pdf = fixture.minimalPdf('Verslag in de bucket');
		const padding = Buffer.alloc(3 * 1024 * 1024 - pdf.length, 0x20);
		padding[0] = 0x25;
		padding[padding.length - 1] = 0x0a;
		const bytes = Buffer.concat([pdf, padding]);
		const sha256 = createHash('sha256').update(bytes).digest('hex');

		await page.getByLabel('Bestanden kiezen').setInputFiles({
			name: 'Verslag bucket 2026-03-02.pdf',
			mimeType: 'application/pdf',
			buffer: bytes
		});
		await page.getByRole('button', { name: 'Uploaden' }).click();
		await expect(page.getByText('Toegevoegd als ‘Verslag bucket 2026-03-02.pdf’.')).toBeVisible();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('1 Bijlage');

		const [row] = await db()<{ id: string; sha256: string; size: number }[]>`
			select id, sha256, size from bijlage where hulpvraag_id = ${id}`;
		expect(row).toMatchObject({ sha256, size: bytes.length });

		// In the bucket under the prefix, content-addressed; not on this node's disk.
		const client = s3Client(await s3.settings());
		const listed = await client.send(
			new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: env.S3_PREFIX })
		);
		const key = `e2e-bijlagen/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
		expect(listed.Contents?.map((o) => o.Key)).toContain(key);
		const object = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
		expect(Buffer.from(await object.Body!.transformToByteArray()).equals(bytes)).toBe(true);
		for (const disk of disks) {
			expect(existsSync(path.join(disk, 'files'))).toBe(false);
			expect(await readdir(path.join(disk, 'spool')).catch(() => [])).toEqual([]);
		}

		// The other node, which never saw the upload, serves the same bytes from the bucket.
		const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
		const elsewhere = await fetch(`${other.url}/bijlagen/${row!.id}?download=1`, {
			headers: { cookie }
		});
		expect(elsewhere.status).toBe(200);
		expect(elsewhere.headers.get('content-disposition')).toMatch(/^attachment/);
		expect(Buffer.from(await elsewhere.arrayBuffer()).equals(bytes)).toBe(true);

		// Opened inline (as the PDF link in a new tab does) and downloaded: the same bytes.
		const view = await page.request.get(`/bijlagen/${row!.id}`);
		expect(view.status()).toBe(200);
		expect(view.headers()['content-type']).toBe('application/pdf');
		expect(view.headers()['content-length']).toBe(String(bytes.length));
		expect(view.headers()['content-security-policy']).toBe(cspPdf);
		expect(view.headers()['content-disposition']).toMatch(/^inline/);
		expect((await view.body()).equals(bytes)).toBe(true);

		const download = page.waitForEvent('download');
		await page
			.getByRole('link', { name: /Downloaden\s*:?\s*Verslag bucket 2026-03-02\.pdf/ })
			.click();
		const file = await download;
		expect(file.suggestedFilename()).toBe('Verslag bucket 2026-03-02.pdf');
		const saved = await file.createReadStream();
		const hash = createHash('sha256');
		for await (const chunk of saved) hash.update(chunk as Buffer);
		expect(hash.digest('hex')).toBe(sha256);

		// The PDF opens in the browser's viewer from the bucket, like from the disk.
		const tab = context.waitForEvent('page');
		await page
			.getByRole('link', { name: /Verslag bucket 2026-03-02\.pdf/ })
			.first()
			.click();
		const viewer = await tab;
		await viewer.waitForLoadState();
		expect(new URL(viewer.url()).pathname).toBe(`/bijlagen/${row!.id}`);
	} finally {
		await context.close();
	}
});
