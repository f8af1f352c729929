import { expect, test } from '@playwright/test';
import { startApp, waitForHttp } from './support/app-process';
import { tcpProxy } from './support/proxies';
import { readState } from './support/state';

test.describe('running in production', () => {
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

	test('/healthz answers 503 while the database is unreachable and 200 when it is back', async () => {
		const { databaseUrl } = readState();
		const target = new URL(databaseUrl);
		const proxy = await tcpProxy(Number(target.port), target.hostname);
		const viaProxy = new URL(databaseUrl);
		viaProxy.hostname = '127.0.0.1';
		viaProxy.port = String(proxy.port);
		const app = await startApp({ DATABASE_URL: viaProxy.toString() });
		try {
			await waitForHttp(app.url + '/healthz');
			let response = await fetch(app.url + '/healthz');
			expect(response.status).toBe(200);
			expect(await response.json()).toEqual({ ok: true });
			// The log says which database is in use, without its password.
			expect(app.output()).toContain(`127.0.0.1:${proxy.port}`);
			expect(app.output()).not.toContain(decodeURIComponent(target.password));

			proxy.cut();
			response = await fetch(app.url + '/healthz');
			expect(response.status).toBe(503);
			expect(await response.json()).toEqual({ ok: false });

			proxy.restore();
			await expect.poll(async () => (await fetch(app.url + '/healthz')).status).toBe(200);
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
