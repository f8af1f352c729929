/**
 * Issue 5's memory target through the real server: the production build (`node build`)
 * on an embedded PostgreSQL of its own, a demo user logged in over HTTP (password + TOTP),
 * then 20 uploads of 10 MB at once to one hulpvraag's upload endpoint, the way the page's
 * script sends them (`application/octet-stream`, name in `X-Bestandsnaam`). The server's
 * resident set (VmRSS in /proc/<pid>/status) is sampled before, during and after.
 *
 * Target: the server grows by less than 100 MB (it streams every upload to disk; it never
 * holds a whole file). Run: `npm run build && npm run bench:upload` (Linux, /proc needed).
 * Exit code 1 when the target is missed or an upload fails.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import * as totp from '../src/lib/server/auth/totp';
import type { Sql } from '../src/lib/server/db';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import { demoPassword, demoTotpSecret } from '../src/lib/server/demo/credentials';
import * as demo from '../src/lib/server/demo/seed';
import { BlobStore, maxUploadBytes } from '../src/lib/server/files/store';

const uploads = 20;
const chunkSize = 64 * 1024;
const targetBytes = 100 * 1024 * 1024;
const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
const database = 'kindkring_bench_upload';

if (!existsSync('build/index.js')) {
	console.error('No production build: run `npm run build` first.');
	process.exit(2);
}

async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/** An SMTP listener that accepts and forgets every mail (production requires SMTP_URL). */
async function dummySmtp(): Promise<{ url: string; close(): Promise<void> }> {
	const server = net.createServer((socket) => {
		let data = false;
		socket.write('220 bench ESMTP\r\n');
		let buffer = '';
		socket.on('data', (chunk) => {
			buffer += chunk.toString('latin1');
			let i: number;
			while ((i = buffer.indexOf('\r\n')) >= 0) {
				const line = buffer.slice(0, i);
				buffer = buffer.slice(i + 2);
				if (data) {
					if (line === '.') {
						data = false;
						socket.write('250 OK\r\n');
					}
					continue;
				}
				const verb = line.slice(0, 4).toUpperCase();
				if (verb === 'EHLO' || verb === 'HELO') socket.write('250 bench\r\n');
				else if (verb === 'DATA') {
					data = true;
					socket.write('354 go on\r\n');
				} else if (verb === 'QUIT') socket.end('221 bye\r\n');
				else socket.write('250 OK\r\n');
			}
		});
		socket.on('error', () => undefined);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.address() as net.AddressInfo).port;
	return {
		url: `smtp://127.0.0.1:${port}`,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

function rssOf(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
	if (!kb) throw new Error(`no VmRSS for ${pid}`);
	return Number(kb[1]) * 1024;
}

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

const work = await fs.mkdtemp(path.join(os.tmpdir(), 'kindkring-bench-http-'));
const filesDir = path.join(work, 'files');
const encryptionKey = randomBytes(32).toString('base64');
process.env.APP_ENCRYPTION_KEY = encryptionKey;

const pg = await startEmbedded({
	dataDir: path.resolve('.data/bench-postgres'),
	preferredPort: 54359,
	fast: true
});
const smtp = await dummySmtp();
let app: ReturnType<typeof spawn> | undefined;

try {
	const admin = postgres(pg.url('postgres'), { max: 1, onnotice: () => undefined });
	await admin.unsafe(`drop database if exists ${database} with (force)`);
	await admin.unsafe(`create database ${database}`);
	await admin.end();
	const databaseUrl = pg.url(database);
	const sql = postgres(databaseUrl, {
		max: 1,
		transform: postgres.camel,
		onnotice: () => undefined
	}) as unknown as Sql;
	await migrate(sql);
	await demo.seed(sql, { store: new BlobStore(filesDir) });

	// A hulpvraag of its own at Lotte's school, in a status that takes attachments.
	const [ids] = await sql<{ orgId: string; schoolId: string; lotteId: string }[]>`
		select o.id as org_id, s.id as school_id, a.id as lotte_id
		from organisation o
		join school s on s.organisation_id = o.id and s.brin_vestiging = '21XA00'
		join account a on a.organisation_id = o.id and a.username = 'lotte.vandam'
		where o.code = 'PO2806'`;
	const [dossier] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht, created_by)
		values (${ids!.orgId}, 'Bench', 'Uploadkind', '2018-01-01', 'x', ${ids!.lotteId}) returning id`;
	await sql`insert into school_period (dossier_id, school_id) values (${dossier!.id}, ${ids!.schoolId})`;
	const [hulpvraag] = await sql<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id, aanvrager_id)
		values (${ids!.orgId}, ${dossier!.id}, ${ids!.schoolId},
			(select id from hulpvraag_titel where organisation_id = ${ids!.orgId} and name = 'Ambulante Begeleiding'),
			(select id from process_status where organisation_id = ${ids!.orgId} and name = 'Aanmelding'),
			${ids!.lotteId})
		returning id`;
	await sql.end();

	const port = await freePort();
	const origin = `http://localhost:${port}`;
	app = spawn(process.execPath, ['build'], {
		env: {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: origin,
			DATABASE_URL: databaseUrl,
			APP_ENCRYPTION_KEY: encryptionKey,
			SMTP_URL: smtp.url,
			FILES_DIR: filesDir,
			// The production minimum: one bijlage of 10 MB plus a multipart envelope.
			BODY_SIZE_LIMIT: '11M',
			LOG_LEVEL: 'warn'
		},
		stdio: ['ignore', 'inherit', 'inherit']
	});
	const pid = app.pid!;
	const deadline = Date.now() + 30_000;
	for (;;) {
		const up = await fetch(`${origin}/healthz`).then(
			(r) => r.ok,
			() => false
		);
		if (up) break;
		if (app.exitCode !== null) throw new Error(`the app exited (${app.exitCode})`);
		if (Date.now() > deadline) throw new Error('the app did not start within 30 s');
		await new Promise((r) => setTimeout(r, 200));
	}

	// Log in as Lotte with password and TOTP, as the login form posts it.
	const login = await fetch(`${origin}/inloggen`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({
			organisatie: 'PO2806',
			gebruikersnaam: 'lotte.vandam',
			wachtwoord: demoPassword,
			code: totp.generate(demoTotpSecret('PO2806', 'lotte.vandam'))
		})
	});
	const cookie = login.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	if (login.status !== 303 || !cookie.includes('kk_session')) {
		throw new Error(`login failed: ${login.status} ${await login.text()}`);
	}
	const url = `http://127.0.0.1:${port}/hulpvragen/${hulpvraag!.id}/bijlagen/upload`;

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
	if (app && app.exitCode === null && app.signalCode === null) {
		const exited = new Promise((resolve) => app!.once('exit', resolve));
		app.kill('SIGTERM');
		await exited;
	}
	await smtp.close();
	await pg.stop();
	await fs.rm(work, { recursive: true, force: true });
}
