import { describe, expect, it } from 'vitest';
import net from 'node:net';
import postgres from 'postgres';
import { databaseTimeouts } from '../../src/lib/server/config';
import { socketFactory } from '../../src/lib/server/db';
import {
	isDatabaseUnavailable,
	retryAfterSeconds,
	unavailableResponse
} from '../../src/lib/server/db/outage';

describe('a database outage', () => {
	// postgres.js gives the errors of a query a `query`; the server's errors carry a severity.
	const ofQuery = (code: string) => Object.assign(new Error('x'), { code, query: 'select 1' });
	const ofServer = (code: string) => Object.assign(new Error('x'), { code, severity: 'FATAL' });

	it('is recognised from the socket and driver codes of a query and from server codes', () => {
		for (const code of [
			'ECONNREFUSED',
			'ECONNRESET',
			'CONNECT_TIMEOUT',
			'CONNECTION_CLOSED',
			'CONNECTION_ENDED',
			'CONNECTION_DESTROYED'
		]) {
			expect(isDatabaseUnavailable(ofQuery(code)), code).toBe(true);
		}
		for (const code of ['08006', '57P01', '57P03', '53300', '57014']) {
			expect(isDatabaseUnavailable(ofServer(code)), code).toBe(true);
		}
	});

	it('is recognised inside an AggregateError of a connect over several addresses', () => {
		const refused = ofQuery('ECONNREFUSED');
		expect(isDatabaseUnavailable(new AggregateError([refused, refused]))).toBe(true);
	});

	it('is not a broken-off request body or a mail server that is down', () => {
		expect(isDatabaseUnavailable(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))).toBe(
			false
		);
		expect(isDatabaseUnavailable(Object.assign(new Error('smtp'), { code: 'ECONNREFUSED' }))).toBe(
			false
		);
	});

	it('is not a query that is wrong, a constraint or a plain bug', () => {
		for (const code of ['23505', '22021', '42P01', '40001']) {
			expect(isDatabaseUnavailable(ofServer(code)), code).toBe(false);
		}
		expect(isDatabaseUnavailable(new TypeError('undefined is not a function'))).toBe(false);
		expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
		expect(isDatabaseUnavailable(null)).toBe(false);
	});

	it('answers a browser with a Dutch page of its own: 503, Retry-After, lang nl, a viewport', async () => {
		const response = unavailableResponse(
			new Request('http://localhost/hulpvragen?zoek=Jansen', { headers: { accept: 'text/html' } }),
			'req-123'
		);
		expect(response.status).toBe(503);
		expect(response.headers.get('retry-after')).toBe(String(retryAfterSeconds));
		const html = await response.text();
		expect(html).toContain('<html lang="nl">');
		expect(html).toContain('name="viewport"');
		expect(html).toContain('Even niet beschikbaar');
		expect(html).toContain('Wat al was opgeslagen is veilig');
		expect(html).toContain('href="/hulpvragen"');
		// The search term (a child's name) is not echoed.
		expect(html).not.toContain('Jansen');
		expect(html).toContain('req-123');
	});

	it('answers an API client or a script with JSON', async () => {
		const response = unavailableResponse(new Request('http://localhost/api/sessie'), 'req-1');
		expect(response.status).toBe(503);
		expect(response.headers.get('content-type')).toBe('application/json');
		expect(await response.json()).toMatchObject({ requestId: 'req-1' });
	});
});

describe('database time limits', () => {
	it('have defaults that answer within two seconds', () => {
		expect(databaseTimeouts({})).toEqual({
			statementTimeoutMs: 15_000,
			connectTimeoutMs: 1_500,
			readinessTimeoutMs: 1_000
		});
	});

	it('are read from the environment and refused when not a whole number of milliseconds', () => {
		expect(
			databaseTimeouts({
				DATABASE_STATEMENT_TIMEOUT_MS: '0',
				DATABASE_CONNECT_TIMEOUT_MS: '500',
				READINESS_TIMEOUT_MS: '250'
			})
		).toEqual({ statementTimeoutMs: 0, connectTimeoutMs: 500, readinessTimeoutMs: 250 });
		expect(() => databaseTimeouts({ DATABASE_CONNECT_TIMEOUT_MS: '1.5s' })).toThrow(
			'DATABASE_CONNECT_TIMEOUT_MS'
		);
		expect(() => databaseTimeouts({ READINESS_TIMEOUT_MS: '-1' })).toThrow('READINESS_TIMEOUT_MS');
	});
});

describe('connections to a database that accepts and hangs up', () => {
	// A pooler or balancer in front of a stopped database: it accepts and closes at once.
	async function hangingUp() {
		let accepted = 0;
		const server = net.createServer((socket) => {
			accepted++;
			socket.destroy();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as net.AddressInfo).port;
		return { port, accepted: () => accepted, close: () => server.close() };
	}

	it('fail the query at once instead of reconnecting without end', async () => {
		const server = await hangingUp();
		const sql = postgres({
			user: 'x',
			max: 1,
			socket: socketFactory(() => ({ host: '127.0.0.1', port: server.port }), 1_000)
		} as postgres.Options<Record<string, postgres.PostgresType>>);
		try {
			const started = performance.now();
			const error = await sql`select 1`.catch((e: unknown) => e);
			expect(performance.now() - started).toBeLessThan(1_000);
			expect(isDatabaseUnavailable(error)).toBe(true);
			expect(server.accepted()).toBeLessThan(5);
			// Within the next second new connections are not even tried, and queries queued
			// behind the failed connection fail too instead of waiting.
			const again = await Promise.all([1, 2, 3].map(() => sql`select 1`.catch((e: unknown) => e)));
			for (const e of again) expect(e).toMatchObject({ code: 'CONNECTION_CLOSED' });
			expect(server.accepted()).toBeLessThan(5);
		} finally {
			await sql.end({ timeout: 0 });
			server.close();
		}
	});
});
