/**
 * The memory target for uploads through the real server: the production build (`node build`)
 * on an embedded PostgreSQL of its own, a demo user logged in over HTTP (password + TOTP),
 * then 20 uploads of 10 MB at once to one hulpvraag's upload endpoint, the way the page's
 * script sends them (`application/octet-stream`, name in `X-Bestandsnaam`). The server's
 * resident set (VmRSS in /proc/<pid>/status) is sampled before, during and after.
 *
 * Target: the server grows by less than 100 MB (it streams every upload to disk; it never
 * holds a whole file). Run: `npm run build && npm run bench:upload` (Linux, /proc needed).
 * Exit code 1 when the target is missed or an upload fails.
 */
import http from 'node:http';
import type postgres from 'postgres';
import { maxUploadBytes } from '../src/lib/server/files/store';
import { newVuurtorenHulpvraag } from '../tests/support/vuurtoren';
import { benchWorld, dummySmtp, login, mb, requireBuild, rssOf, startNode } from './support/server';

const uploads = 20;
const chunkSize = 64 * 1024;
const targetBytes = 100 * 1024 * 1024;

requireBuild();

/** A valid PDF of exactly `size` bytes, different per `seed` (no dedup shortcut). */
function pdfHeader(seed: number): Buffer {
	return Buffer.from(
		`%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n` +
			`2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n` +
			`trailer\n<< /Root 1 0 R >>\n%%EOF\n% bench upload ${seed}\n`,
		'latin1'
	);
}

/** Sends one 10 MB upload, generated chunk by chunk, respecting back-pressure. */
function upload(
	url: string,
	cookie: string,
	seed: number
): Promise<{ status: number; body: string }> {
	return new Promise((resolve, reject) => {
		const request = http.request(url, {
			method: 'POST',
			agent: false,
			headers: {
				cookie,
				'content-type': 'application/octet-stream',
				'content-length': String(maxUploadBytes),
				'x-bestandsnaam': encodeURIComponent(`Onderzoeksverslag bench ${seed}.pdf`)
			}
		});
		request.on('response', (res) => {
			let body = '';
			res.on('data', (c) => (body += c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		request.on('error', reject);
		const head = pdfHeader(seed);
		let sent = 0;
		const block = Buffer.alloc(chunkSize, 0x20);
		block[chunkSize - 1] = 0x0a;
		const pump = () => {
			while (sent < maxUploadBytes) {
				let chunk: Buffer;
				if (sent === 0) chunk = head;
				else {
					const size = Math.min(chunkSize, maxUploadBytes - sent);
					chunk = size === chunkSize ? block : block.subarray(chunkSize - size);
				}
				sent += chunk.length;
				if (!request.write(chunk)) {
					request.once('drain', pump);
					return;
				}
			}
			request.end();
		};
		pump();
	});
}

const world = await benchWorld('kindkring_bench_upload');
const smtp = await dummySmtp();
let app: Awaited<ReturnType<typeof startNode>> | undefined;

try {
	// A hulpvraag of its own at Lotte's school, in a status that takes attachments.
	const hulpvraag = await newVuurtorenHulpvraag(world.sql as unknown as postgres.Sql, {
		roepnaam: 'Bench',
		achternaam: 'Uploadkind',
		omschrijving: 'Bijlagen voor de geheugenmeting.'
	});

	app = await startNode({ world, smtp });
	const pid = app.pid;
	const cookie = await login(app.origin, 'PO2806', 'lotte.vandam');
	const url = `${app.origin.replace('localhost', '127.0.0.1')}/hulpvragen/${hulpvraag}/bijlagen/upload`;

	// Warm-up: the upload path once, so baseline and peak compare a server that has run it.
	const warm = await upload(url, cookie, 1000);
	if (warm.status !== 200) throw new Error(`warm-up upload failed: ${warm.status} ${warm.body}`);
	await new Promise((r) => setTimeout(r, 1_000));

	const baselineSamples: number[] = [];
	for (let i = 0; i < 10; i++) {
		baselineSamples.push(rssOf(pid));
		await new Promise((r) => setTimeout(r, 50));
	}
	const baseline = Math.max(...baselineSamples);
	let peak = baseline;
	const sampler = setInterval(() => {
		peak = Math.max(peak, rssOf(pid));
	}, 10);
	const started = performance.now();
	const results = await Promise.all(
		Array.from({ length: uploads }, (_, i) => upload(url, cookie, i))
	);
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sampler);
	peak = Math.max(peak, rssOf(pid));
	await new Promise((r) => setTimeout(r, 2_000));
	const after = rssOf(pid);

	const failed = results.filter((r) => r.status !== 200);
	const growth = peak - baseline;
	console.log(
		`${uploads} parallel uploads of ${mb(maxUploadBytes)} MB through node build in ${seconds.toFixed(1)} s ` +
			`(${failed.length} failed)\n` +
			`server RSS: baseline ${mb(baseline)} MB, peak ${mb(peak)} MB, after ${mb(after)} MB; ` +
			`growth ${mb(growth)} MB — ${growth < targetBytes ? 'under' : 'OVER'} the 100 MB target`
	);
	for (const f of failed.slice(0, 3)) console.error(`failed: ${f.status} ${f.body.slice(0, 300)}`);
	if (failed.length > 0 || growth >= targetBytes) process.exitCode = 1;
} finally {
	await app?.stop();
	await smtp.close();
	await world.close();
}
