/**
 * Random and hostile values, thrown at every form action and every POST handler as a
 * logged-in beheerder (fast-check): never a 500, always an answer, and nothing stored that
 * had to be refused — afterwards no text in the database holds a control character. Plus
 * the refusals a user can meet, in Dutch: a form posted as text/plain, a NUL in a search,
 * a text longer than the limit.
 *
 * On a database of this file's own, since the attacks post to every action.
 */
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import http from 'node:http';
import postgres from 'postgres';
import { startApp, waitForHttp, type AppProcess } from './support/app-process';
import { freshDemoDatabase } from './support/db';
import { targets, testWorld, type Ids, type Target } from './support/routes';

let app: AppProcess;
let cookie: string;
let ids: Ids;
let sql: postgres.Sql;
let routes: Target[];

test.describe.configure({ timeout: 300_000 });

test.beforeAll(async () => {
	const target = await freshDemoDatabase('kindkring_e2e_hostile');
	sql = postgres(target.databaseUrl, {
		max: 2,
		transform: postgres.camel,
		onnotice: () => undefined
	});
	({ ids, cookie } = await testWorld(sql));
	// Logging out (here or everywhere) would end the session the attacks use, after which
	// every attack would only meet the login redirect; neither reads input.
	routes = targets(ids).filter(
		(t) => !t.route.startsWith('/uitloggen') && !t.url.endsWith('?/allesUitloggen')
	);
	app = await startApp({
		DATABASE_URL: target.databaseUrl,
		DATABASE_OWNER_URL: target.ownerUrl,
		BODY_SIZE_LIMIT: '11M'
	});
	await waitForHttp(app.url + '/readyz');
});

test.afterAll(async () => {
	await app?.stop();
	await sql?.end();
});

const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).concat('\u007f');

/** Values that broke things before, and random text of every kind. */
function hostile(): fc.Arbitrary<string> {
	return fc.oneof(
		fc.string({ unit: 'binary', maxLength: 60 }),
		fc.string({ unit: 'grapheme', maxLength: 60 }),
		fc
			.tuple(
				fc.string({ maxLength: 20 }),
				fc.constantFrom(...controls),
				fc.string({ maxLength: 20 })
			)
			.map(([a, c, b]) => a + c + b),
		fc.constantFrom(
			'\u0000',
			'Jan\u0000sen',
			'\ud800',
			"'; drop table dossier; --",
			'<script>alert(1)</script>',
			'%00',
			'2026-02-30',
			'31-13-2026',
			'-1',
			'1e309',
			'NaN',
			'00000000-0000-0000-0000-000000000000',
			'x'.repeat(10_001),
			'ab'.repeat(60_000),
			''
		),
		fc.constantFrom(ids.dossier, ids.hulpvraag, ids.account, ids.status, ids.titel)
	);
}

type Encoding = 'urlencoded' | 'multipart' | 'text/plain' | 'json';

function request(encoding: Encoding, fields: [string, string][], enhanced: boolean) {
	const headers: Record<string, string> = { cookie, origin: app.url, accept: 'text/html' };
	if (enhanced) {
		headers['x-sveltekit-action'] = 'true';
		headers.accept = 'application/json';
	}
	let body: BodyInit;
	if (encoding === 'multipart') {
		const form = new FormData();
		for (const [k, v] of fields) form.append(k, v);
		body = form;
	} else if (encoding === 'json') {
		headers['content-type'] = 'application/json';
		body = JSON.stringify(Object.fromEntries(fields));
	} else {
		headers['content-type'] =
			encoding === 'urlencoded' ? 'application/x-www-form-urlencoded' : 'text/plain';
		body = new URLSearchParams(fields).toString();
	}
	return { method: 'POST', headers, body, redirect: 'manual' as const };
}

test('random and hostile values at every form action and POST handler: no 500, always an answer', async () => {
	expect(routes.length).toBeGreaterThan(20);
	const statuses = new Map<number, number>();
	let previous = '(none)';
	await fc.assert(
		fc.asyncProperty(
			fc.constantFrom(...routes),
			fc.constantFrom<Encoding>('urlencoded', 'multipart', 'text/plain', 'json'),
			fc.boolean(),
			fc.nat(),
			fc.array(fc.tuple(fc.nat(), hostile()), { minLength: 1, maxLength: 6 }),
			async (target, encoding, enhanced, seed, values) => {
				const names = target.fields.length ? target.fields : ['omschrijving'];
				const fields = values.map(([i, v]): [string, string] => [
					names[(i + seed) % names.length]!,
					v
				]);
				const described = `${target.route} (${encoding}${enhanced ? ', enhanced' : ''}) ${JSON.stringify(fields).slice(0, 300)}`;
				let response: Response;
				try {
					response = await fetch(app.url + target.url, request(encoding, fields, enhanced));
				} catch (error) {
					// A reset connection may come from the request before it on the same socket.
					throw new Error(`${described} failed after: ${previous}\n${app.output().slice(-1500)}`, {
						cause: error
					});
				}
				previous = described;
				await response.arrayBuffer();
				statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
				expect(
					response.status,
					`${target.route} (${encoding}) ${JSON.stringify(fields).slice(0, 300)}\n${app.output().slice(-1500)}`
				).toBeLessThan(500);
			}
		),
		{
			numRuns: 600,
			seed: Number(process.env.FC_SEED ?? Date.now() % 2 ** 31),
			path: process.env.FC_PATH
		}
	);
	// The attacks reached the actions, not only the refusals, and the whole way logged in.
	expect([...statuses.keys()].some((s) => s === 200 || s === 303)).toBe(true);
	const stillIn = await fetch(`${app.url}/account`, { headers: { cookie }, redirect: 'manual' });
	expect(stillIn.status, 'the session of the attacks still holds').toBe(200);
	expect(app.child.exitCode).toBeNull();

	// Nothing refused was stored: no text column holds a control character.
	const columns = await sql<{ table: string; column: string }[]>`
		select c.table_name as table, c.column_name as column
		from information_schema.columns c join information_schema.tables t
			on t.table_schema = c.table_schema and t.table_name = c.table_name
		where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
			and c.data_type in ('text', 'character varying')`;
	expect(columns.length).toBeGreaterThan(10);
	for (const { table, column } of columns) {
		const [row] = await sql.unsafe<{ n: number }[]>(
			`select count(*)::int as n from "${table}" where "${column}" ~ '[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]'`
		);
		expect(row!.n, `${table}.${column} holds a control character`).toBe(0);
	}
});

test('a form posted as text/plain gets 415 with the Dutch message, the connection answered', async () => {
	const response = await fetch(`${app.url}/dossiers/nieuw`, {
		method: 'POST',
		headers: { cookie, origin: app.url, accept: 'text/html', 'content-type': 'text/plain' },
		body: 'roepnaam=Sam'
	});
	expect(response.status).toBe(415);
	const html = await response.text();
	expect(html).toContain('lang="nl"');
	expect(html).toContain('Deze pagina neemt alleen een ingevuld formulier aan');
});

test('a large body that is refused gets its answer, and the next request gets its own', async () => {
	const big = 'a'.repeat(5 * 1024 * 1024);
	const response = await fetch(`${app.url}/dossiers/nieuw`, {
		method: 'POST',
		headers: { cookie, origin: app.url, 'content-type': 'text/plain' },
		body: big
	});
	expect(response.status).toBe(415);
	// The rest of the body is read and thrown away: the same keep-alive connection answers
	// the next requests, each with its own answer.
	expect(response.headers.get('connection')).not.toBe('close');
	await response.arrayBuffer();
	for (let i = 0; i < 5; i++) expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
});

type Answer = { status: number; socket: unknown };

/** Requests on one keep-alive connection, so each one follows the one before it. */
function oneConnection() {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const answer = (request: http.ClientRequest, resolve: (a: Answer) => void) =>
		request.on('response', (r) => {
			r.resume();
			r.on('end', () => resolve({ status: r.statusCode!, socket: request.socket }));
		});
	return {
		post: (path: string, headers: Record<string, string>, body: Buffer | string) =>
			new Promise<Answer>((resolve, reject) => {
				const request = http.request(new URL(path, app.url), { method: 'POST', agent, headers });
				answer(request, resolve).on('error', reject);
				request.end(body);
			}),
		get: (path: string) =>
			new Promise<Answer>((resolve, reject) => {
				const request = http.get(new URL(path, app.url), { agent });
				answer(request, resolve).on('error', reject);
			}),
		close: () => agent.destroy()
	};
}

test('a body that an endpoint answers without reading does not hold up the next request on its connection', async () => {
	const connection = oneConnection();
	try {
		// Not logged in: the session endpoint answers 401 before it reads the 2 MB body.
		const refused = await connection.post(
			'/api/sessie',
			{ 'content-type': 'application/octet-stream', origin: app.url },
			Buffer.alloc(2 * 1024 * 1024, 'a')
		);
		expect(refused.status).toBe(401);
		for (let i = 0; i < 3; i++) {
			const next = await connection.get('/healthz');
			expect(next.status).toBe(200);
			expect(next.socket, 'the same connection').toBe(refused.socket);
		}
	} finally {
		connection.close();
	}
});

test('a large form posted without a session is sent to the login page, and its connection answers the next request', async () => {
	const connection = oneConnection();
	try {
		// An address no page has: no form check reads the body, and the login redirect is
		// thrown by a hook before anything else would read its 2 MB.
		const form = new Request(app.url, {
			method: 'POST',
			body: (() => {
				const data = new FormData();
				data.append('naam', 'a'.repeat(2 * 1024 * 1024));
				return data;
			})()
		});
		const redirected = await connection.post(
			'/beheer/formulieren/geen-formulier?/opslaan',
			{ origin: app.url, accept: 'text/html', 'content-type': form.headers.get('content-type')! },
			Buffer.from(await form.arrayBuffer())
		);
		expect(redirected.status).toBe(303);
		const next = await connection.get('/healthz');
		expect(next.status).toBe(200);
		expect(next.socket, 'the same connection').toBe(redirected.socket);
	} finally {
		connection.close();
	}
});

test('a form refused for a control character leaves its connection open for the next request', async () => {
	const connection = oneConnection();
	try {
		for (const enhanced of [true, false]) {
			const refused = await connection.post(
				'/beheer/taken?/uitvoeren',
				{
					cookie,
					origin: app.url,
					'content-type': 'application/x-www-form-urlencoded',
					...(enhanced
						? { 'x-sveltekit-action': 'true', accept: 'application/json' }
						: { accept: 'text/html' })
				},
				new URLSearchParams({ taak: 'apply\u0014_X"S}t' }).toString()
			);
			expect(refused.status).toBe(400);
			// A refused post of the wrong type, then a plain request: each gets its own answer.
			const wrongType = await connection.post(
				'/hulp/2fa-herstel',
				{ origin: app.url, 'content-type': 'text/plain', accept: 'text/html' },
				'code=1'
			);
			expect(wrongType.status).toBe(415);
			expect(wrongType.socket, 'the same connection').toBe(refused.socket);
			const next = await connection.get('/healthz');
			expect(next.status).toBe(200);
			expect(next.socket, 'the same connection').toBe(refused.socket);
		}
	} finally {
		connection.close();
	}
});

test('a NUL in a search term gets 400 naming it, not a database error', async () => {
	const response = await fetch(`${app.url}/hulpvragen?q=Jan%00sen`, {
		headers: { cookie, accept: 'text/html' }
	});
	expect(response.status).toBe(400);
	expect(await response.text()).toContain('De zoekterm ‘q’ bevat tekens die geen tekst zijn');
});

test('an omschrijving over the limit is refused naming the field and the limit, nothing stored', async () => {
	const [before] = await sql<{ n: number }[]>`select count(*)::int as n from hulpvraag`;
	const response = await fetch(`${app.url}/dossiers/${ids.dossier}/hulpvragen`, {
		method: 'POST',
		headers: {
			cookie,
			origin: app.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({ titel_id: ids.titel, omschrijving: 'x'.repeat(10_001) }).toString()
	});
	expect(response.status).toBe(400);
	expect(await response.text()).toContain(
		'Het veld ‘omschrijving’ is te lang: 10.001 tekens, ten hoogste 10.000'
	);
	const [after] = await sql<{ n: number }[]>`select count(*)::int as n from hulpvraag`;
	expect(after!.n).toBe(before!.n);
});
