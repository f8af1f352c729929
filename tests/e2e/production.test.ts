import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { demoPassword } from '../../src/lib/server/demo/credentials';
import { accounts } from '../../src/lib/server/demo/data';
import { dossiers } from '../../src/lib/server/demo/dossiers';
import { startApp, startBehindProxy, waitForHttp } from './support/app-process';
import { readState } from './support/state';

test.describe('running in production', () => {
	test('the production build holds no demo data: no demo logins, children or password', () => {
		// The build under test is the one the web server was started from.
		const files = readdirSync('build', { recursive: true, withFileTypes: true })
			.filter((entry) => entry.isFile() && /\.(js|json|html)$/.test(entry.name))
			.map((entry) => path.join(entry.parentPath, entry.name));
		expect(files.length).toBeGreaterThan(20);
		const bundle = files.map((file) => readFileSync(file, 'utf8')).join('\n');
		const names = [
			demoPassword,
			...accounts.map((a) => a.username),
			...dossiers.map(
				(d) => `${d.roepnaam} ${d.tussenvoegsel ? d.tussenvoegsel + ' ' : ''}${d.achternaam}`
			)
		];
		expect(names.length).toBeGreaterThan(20);
		expect(names.filter((name) => bundle.includes(name))).toEqual([]);
	});

	test('start-up refuses without a required secret and names it', async () => {
		const { databaseUrl } = readState();
		const app = await startApp({ DATABASE_URL: databaseUrl, APP_ENCRYPTION_KEY: undefined });
		try {
			const code = await app.exited;
			expect(code).not.toBe(0);
			expect(app.output()).toContain('APP_ENCRYPTION_KEY ontbreekt');
			expect(app.output()).not.toContain('DATABASE_URL ontbreekt');
		} finally {
			await app.stop();
		}
	});

	test('start-up refuses a DATABASE_OWNER_URL of another database and says so', async () => {
		const { databaseUrl, ownerUrl } = readState();
		const elsewhere = new URL(ownerUrl);
		elsewhere.pathname = '/een_andere_database';
		const app = await startApp({
			DATABASE_URL: databaseUrl,
			DATABASE_OWNER_URL: elsewhere.toString()
		});
		try {
			expect(await app.exited).not.toBe(0);
			expect(app.output()).toContain('DATABASE_OWNER_URL wijst naar een andere database');
			expect(app.output()).not.toContain(decodeURIComponent(elsewhere.password));
		} finally {
			await app.stop();
		}
	});

	test('start-up refuses without DATABASE_URL: the embedded database is for development only', async () => {
		const app = await startApp({ DATABASE_URL: undefined });
		try {
			expect(await app.exited).not.toBe(0);
			expect(app.output()).toContain('DATABASE_URL ontbreekt');
		} finally {
			await app.stop();
		}
	});

	test('a database outage: /healthz stays 200, /readyz and the pages answer 503 in Dutch within two seconds, and all recover', async () => {
		const { app, proxy, target } = await startBehindProxy();
		const timed = async (path: string, init?: RequestInit) => {
			const started = performance.now();
			const response = await fetch(app.url + path, init);
			const body = await response.text();
			return { response, body, ms: performance.now() - started };
		};
		const page = { headers: { accept: 'text/html' } };
		try {
			await waitForHttp(app.url + '/readyz');
			let ready = await timed('/readyz');
			expect(ready.response.status).toBe(200);
			expect(JSON.parse(ready.body)).toMatchObject({ ok: true, database: { ok: true } });
			// The log says which database is in use, without its password.
			expect(app.output()).toContain(`127.0.0.1:${proxy.port}`);
			expect(app.output()).not.toContain(decodeURIComponent(target.password));

			proxy.cut();
			const health = await timed('/healthz');
			expect(health.response.status).toBe(200);
			ready = await timed('/readyz');
			expect(ready.response.status).toBe(503);
			expect(JSON.parse(ready.body)).toMatchObject({ ok: false, database: { ok: false } });

			// A page whose load reads the database: SvelteKit's page with the outage text, as 503.
			const login = await timed('/inloggen', page);
			expect(login.response.status).toBe(503);
			expect(login.response.headers.get('retry-after')).toBe('5');
			expect(login.body).toContain('Even niet beschikbaar');
			expect(login.body).toContain('Wat al was opgeslagen is veilig');
			expect(login.body).toContain('lang="nl"');
			expect(login.ms).toBeLessThan(2_000);

			// A session cookie is read before any page: the outage page of its own.
			const withSession = await timed('/hulpvragen', {
				headers: { accept: 'text/html', cookie: '__Host-kk_session=' + 'a'.repeat(32) }
			});
			expect(withSession.response.status).toBe(503);
			expect(withSession.response.headers.get('retry-after')).toBe('5');
			expect(withSession.body).toContain('Even niet beschikbaar');
			expect(withSession.ms).toBeLessThan(2_000);

			// A form post (no JavaScript): the same 503, nothing half-done.
			const post = await timed('/inloggen', {
				method: 'POST',
				headers: {
					accept: 'text/html',
					origin: app.url,
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: 'organisatie=PO2806&gebruikersnaam=lotte.vandam&wachtwoord=x&code=123456'
			});
			expect(post.response.status).toBe(503);
			expect(post.body).toContain('Even niet beschikbaar');
			expect(post.ms).toBeLessThan(2_000);
			expect(app.output()).toContain('database unavailable');

			proxy.restore();
			const back = performance.now();
			await expect
				.poll(async () => (await fetch(app.url + '/inloggen', page)).status, {
					intervals: [100],
					timeout: 2_000
				})
				.toBe(200);
			expect(performance.now() - back).toBeLessThan(2_000);
			expect((await timed('/readyz')).response.status).toBe(200);
		} finally {
			await app.stop();
			await proxy.close();
		}
	});

	test('a slow database: /healthz answers at once, /readyz gives up at its limit with the latency', async () => {
		const { app, proxy } = await startBehindProxy({ READINESS_TIMEOUT_MS: '800' });
		try {
			await waitForHttp(app.url + '/readyz');
			proxy.delay(3_000);
			let started = performance.now();
			const health = await fetch(app.url + '/healthz');
			expect(health.status).toBe(200);
			expect(performance.now() - started).toBeLessThan(1_000);

			started = performance.now();
			const ready = await fetch(app.url + '/readyz');
			const elapsed = performance.now() - started;
			expect(ready.status).toBe(503);
			const body = await ready.json();
			expect(body).toMatchObject({ ok: false, database: { ok: false } });
			expect(body.database.ms).toBeGreaterThanOrEqual(790);
			expect(elapsed).toBeLessThan(2_000);

			proxy.delay(0);
			await expect.poll(async () => (await fetch(app.url + '/readyz')).status).toBe(200);
		} finally {
			await app.stop();
			await proxy.close();
		}
	});

	test('logs are structured JSON with a request id and no personal data', async () => {
		const { databaseUrl } = readState();
		const app = await startApp({ DATABASE_URL: databaseUrl });
		try {
			await waitForHttp(app.url + '/healthz');
			const response = await fetch(app.url + '/inloggen?zoek=Piet%20Jansen', {
				headers: { 'x-request-id': 'test-request-0001' }
			});
			expect(response.headers.get('x-request-id')).toBe('test-request-0001');
			await expect.poll(() => app.output()).toContain('test-request-0001');
			const line = app
				.output()
				.split('\n')
				.find((l) => l.includes('test-request-0001'))!;
			const entry = JSON.parse(line);
			expect(entry).toMatchObject({
				reqId: 'test-request-0001',
				route: '/inloggen',
				status: 200
			});
			expect(app.output()).not.toContain('Piet');
		} finally {
			await app.stop();
		}
	});
});
