/**
 * No request body can take the server down: oversized (declared and chunked), aborted, slow
 * and multipart bodies with a huge part, sent to every route that reads a body, as a
 * logged-in beheerder. Each answer is a 4xx or a normal answer (never a 500), and afterwards
 * the same process still answers /healthz.
 *
 * The routes are found in src/routes (every `actions` object and every POST handler), so a
 * route added later is attacked too. The production server runs as a process of its own, so
 * a crash shows here instead of failing every later test file.
 */
import { expect, test } from '@playwright/test';
import http from 'node:http';
import net from 'node:net';
import { startApp, waitForHttp, type AppProcess } from './support/app-process';
import { freshDemoDatabase } from './support/db';
import { targets, testWorld, type Ids, type Target } from './support/routes';
import postgres from 'postgres';

const MB = 1024 * 1024;
const bodyLimit = 11 * MB;

interface Outcome {
	status?: number;
	/** The connection ended without an answer (acceptable only where the client broke off). */
	error?: string;
}

interface Send {
	method?: string;
	headers: Record<string, string>;
	/** Sent in chunks, as fast as the socket takes them. */
	chunks: Iterable<Buffer>;
	/** Stop sending and destroy the socket after this many bytes. */
	abortAfter?: number;
	/** Pause between chunks, for a slow client. */
	pauseMs?: number;
}

/**
 * One request over a raw connection of its own, so an answer the server writes before it
 * closes the connection is seen even when the rest of the body can no longer be written.
 * It stops writing as soon as an answer arrives (a server refusing an oversized body answers
 * early), and reports the status or why none came.
 */
function send(base: string, pathAndQuery: string, options: Send): Promise<Outcome> {
	const url = new URL(pathAndQuery, base);
	const chunked = !Object.keys(options.headers).some((h) => h.toLowerCase() === 'content-length');
	return new Promise((resolve) => {
		let settled = false;
		let received = '';
		const socket = net.connect(Number(url.port), url.hostname);
		const statusOf = () => /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
		const done = (outcome: Outcome) => {
			if (settled) return;
			settled = true;
			socket.destroy();
			resolve(outcome);
		};
		socket.setEncoding('latin1');
		socket.on('data', (data: string) => {
			received += data;
			// The head is enough: the status is what the test is about.
			const status = statusOf();
			if (status && received.includes('\r\n\r\n')) done({ status: Number(status) });
		});
		const ended = (reason: string) => {
			const status = statusOf();
			done(status ? { status: Number(status) } : { error: reason });
		};
		socket.on('error', (e: NodeJS.ErrnoException) => ended(e.code ?? e.message));
		socket.on('close', () => ended('closed without an answer'));
		const head = [
			`${options.method ?? 'POST'} ${url.pathname}${url.search} HTTP/1.1`,
			`host: ${url.host}`,
			...(chunked ? ['transfer-encoding: chunked'] : []),
			...Object.entries(options.headers).map(([k, v]) => `${k}: ${v}`)
		].join('\r\n');
		socket.write(head + '\r\n\r\n');
		let sent = 0;
		const iterator = options.chunks[Symbol.iterator]();
		const writeMore = () => {
			while (!settled && !socket.destroyed) {
				if (options.abortAfter !== undefined && sent >= options.abortAfter) {
					done({ error: 'aborted by the client' });
					return;
				}
				const next = iterator.next();
				if (next.done) {
					if (chunked) socket.write('0\r\n\r\n');
					return;
				}
				sent += next.value.length;
				const framed = chunked
					? Buffer.concat([
							Buffer.from(next.value.length.toString(16) + '\r\n'),
							next.value,
							Buffer.from('\r\n')
						])
					: next.value;
				const more = socket.write(framed);
				if (options.pauseMs) {
					setTimeout(writeMore, options.pauseMs);
					return;
				}
				if (!more) {
					socket.once('drain', writeMore);
					return;
				}
			}
		};
		writeMore();
	});
}

function* repeat(chunk: Buffer, total: number): Generator<Buffer> {
	for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
}

const chunk = Buffer.alloc(64 * 1024, 'a');

function multipartWithHugePart(boundary: string, size: number): Generator<Buffer> {
	return (function* () {
		yield Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name="omschrijving"\r\n\r\n`
		);
		yield* repeat(chunk, size);
		yield Buffer.from(
			`\r\n--${boundary}\r\nContent-Disposition: form-data; name="bestanden"; filename="groot.pdf"\r\n` +
				`Content-Type: application/pdf\r\n\r\n%PDF-1.4\n`
		);
		yield* repeat(chunk, size);
		yield Buffer.from(`\r\n--${boundary}--\r\n`);
	})();
}

let app: AppProcess;
let cookie: string;
let ids: Ids;

test.describe.configure({ timeout: 300_000 });

let sql: postgres.Sql;

test.beforeAll(async () => {
	// The attacks post to every action (deactivate, retire, remove…) with bodies of junk: on
	// a database of this file's own, so nothing another test relies on can change.
	const target = await freshDemoDatabase('kindkring_e2e_bodies');
	sql = postgres(target.databaseUrl, {
		max: 2,
		transform: postgres.camel,
		onnotice: () => undefined
	});
	({ ids, cookie } = await testWorld(sql));

	app = await startApp({
		DATABASE_URL: target.databaseUrl,
		DATABASE_OWNER_URL: target.ownerUrl,
		BODY_SIZE_LIMIT: '11M'
	});
	await waitForHttp(app.url + '/healthz');
});

test.afterAll(async () => {
	await app?.stop();
	await sql?.end();
});

async function expectAlive(after: string) {
	expect(app.child.exitCode, `the server exited after ${after}:\n${app.output()}`).toBeNull();
	const health = await fetch(app.url + '/healthz');
	expect(health.status, `/healthz after ${after}`).toBe(200);
}

function expectNo500(outcome: Outcome, what: string) {
	if (outcome.status !== undefined) {
		expect(outcome.status, `${what}: ${app.output().slice(-2000)}`).toBeLessThan(500);
	}
}

test('a chunked 12 MB upload gets 413 with the Dutch message and the server stays up', async () => {
	const upload = `/hulpvragen/${ids.hulpvraag}/bijlagen/upload`;
	const response = await new Promise<{ status?: number; body: string }>((resolve) => {
		const request = http.request(new URL(upload, app.url), {
			method: 'POST',
			headers: {
				cookie,
				'content-type': 'application/octet-stream',
				'x-bestandsnaam': 'OPP_groot_010126.pdf',
				accept: 'application/json'
			},
			agent: false
		});
		let body = '';
		request.on('response', (r) => {
			r.setEncoding('utf8');
			r.on('data', (c) => (body += c));
			r.on('end', () => resolve({ status: r.statusCode, body }));
		});
		request.on('error', () => resolve({ body }));
		const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(12 * MB - 9, 'a')]);
		// No Content-Length: Node sends it chunked.
		for (let i = 0; i < pdf.length; i += 256 * 1024) request.write(pdf.subarray(i, i + 256 * 1024));
		request.end();
	});
	expect(response.status, app.output().slice(-3000)).toBe(413);
	expect(response.body).toMatch(/groter dan 10 MB/);
	await expectAlive('a chunked 12 MB upload');
});

test('files past the body limit in one post: the first is stored, the answer says which got through', async () => {
	const boundary = 'kindkringbestanden';
	const pdf = (label: string, size: number) =>
		Buffer.concat([
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="bestanden"; filename="${label}.pdf"\r\n` +
					'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n'
			),
			Buffer.alloc(size, 'a'),
			Buffer.from('\r\n')
		]);
	const body = Buffer.concat([
		pdf('Verslag logopedie 2026', 6 * MB),
		pdf('Groeidocument 2026', 6 * MB),
		Buffer.from(`--${boundary}--\r\n`)
	]);
	const answer = await fetch(`${app.url}/hulpvragen/${ids.hulpvraag}/bijlagen/upload`, {
		method: 'POST',
		headers: {
			cookie,
			origin: app.url,
			accept: 'application/json',
			'content-type': `multipart/form-data; boundary=${boundary}`
		},
		// A stream has no length: sent chunked, as a browser does not, but a script may.
		body: new Blob([body]).stream(),
		duplex: 'half'
	} as RequestInit);
	expect(answer.status).toBe(413);
	const outcome = (await answer.json()) as {
		results: { name: string; ok: boolean; error?: string }[];
	};
	expect(outcome.results.map((r) => [r.name, r.ok])).toEqual([
		['Verslag logopedie 2026.pdf', true],
		['Groeidocument 2026.pdf', false]
	]);
	expect(outcome.results[1]!.error).toMatch(/groter dan de server in één keer aanneemt \(11 MB\)/);
	const stored = await sql<{ displayName: string }[]>`
		select display_name from bijlage where hulpvraag_id = ${ids.hulpvraag}
		and display_name in ('Verslag logopedie 2026.pdf', 'Groeidocument 2026.pdf')`;
	expect(stored.map((r) => r.displayName)).toEqual(['Verslag logopedie 2026.pdf']);
	await expectAlive('files past the body limit');
});

test('no body on any route takes the server down or gets a 500', async () => {
	const all = targets(ids);
	// The attack reaches the forms and the endpoints; a route list that lost them proves nothing.
	expect(all.filter((t) => t.kind === 'form').length).toBeGreaterThan(20);
	expect(all.some((t) => t.url.endsWith('/bijlagen/upload'))).toBe(true);

	const boundary = 'kindkringgrens';
	const attacks: { name: string; options: (t: Target) => Send }[] = [
		{
			name: 'chunked past the body limit',
			options: () => ({
				headers: { cookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
				chunks: repeat(chunk, bodyLimit + MB)
			})
		},
		{
			name: 'declared past the body limit',
			options: () => ({
				headers: {
					cookie,
					origin: app.url,
					'content-type': 'application/x-www-form-urlencoded',
					'content-length': String(bodyLimit + MB)
				},
				chunks: repeat(chunk, bodyLimit + MB)
			})
		},
		{
			name: 'aborted half way',
			options: () => ({
				headers: {
					cookie,
					origin: app.url,
					'content-type': `multipart/form-data; boundary=${boundary}`,
					'content-length': String(4 * MB)
				},
				chunks: multipartWithHugePart(boundary, 2 * MB),
				abortAfter: MB
			})
		},
		{
			name: 'chunked and aborted',
			options: () => ({
				headers: { cookie, origin: app.url, 'content-type': 'application/octet-stream' },
				chunks: repeat(chunk, 4 * MB),
				abortAfter: 2 * MB
			})
		},
		{
			name: 'slow, then aborted',
			options: () => ({
				headers: { cookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
				chunks: repeat(Buffer.from('veld=waarde&'), 1000),
				pauseMs: 20,
				abortAfter: 12 * 10
			})
		},
		{
			name: 'multipart with huge parts',
			options: () => ({
				headers: {
					cookie,
					origin: app.url,
					'content-type': `multipart/form-data; boundary=${boundary}`
				},
				chunks: multipartWithHugePart(boundary, 3 * MB)
			})
		}
	];
	for (const target of all) {
		for (const attack of attacks) {
			const outcome = await send(app.url, target.url, attack.options(target));
			const what = `${attack.name} to ${target.route}`;
			expectNo500(outcome, what);
			if (!attack.name.includes('aborted')) {
				expect(outcome.error, `${what}: no answer`).toBeUndefined();
			}
		}
		await expectAlive(`the attacks on ${target.route}`);
	}
});
