/**
 * The app's pool through a connection that goes away and comes back: queries fail fast
 * while it is gone and work again as soon as it is back.
 */
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { servingPool } from '../../src/lib/server/db';
import { isDatabaseUnavailable } from '../../src/lib/server/db/outage';

const target = new URL(process.env.DATABASE_URL!);
let up = true;
const sockets = new Set<net.Socket>();
const proxy = net.createServer((client) => {
	if (!up) return void client.destroy();
	const upstream = net.connect(Number(target.port), target.hostname);
	for (const s of [client, upstream]) {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
		s.on('error', () => undefined);
	}
	client.pipe(upstream).pipe(client);
	client.on('close', () => upstream.destroy());
	upstream.on('close', () => client.destroy());
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const viaProxy = new URL(target);
viaProxy.hostname = '127.0.0.1';
viaProxy.port = String((proxy.address() as net.AddressInfo).port);
const sql = servingPool(viaProxy.toString(), { max: 3 });

afterAll(async () => {
	await sql.end({ timeout: 0 });
	for (const s of sockets) s.destroy();
	proxy.close();
});

describe('the serving pool during an outage', () => {
	it('fails fast while the database is gone and recovers as soon as it is back', async () => {
		expect(await sql`select 1 as one`).toEqual([{ one: 1 }]);

		up = false;
		for (const s of sockets) s.destroy();
		for (let i = 0; i < 10; i++) {
			const started = performance.now();
			const error = await sql`select 1 as one`.catch((e: unknown) => e);
			expect(isDatabaseUnavailable(error), String(error)).toBe(true);
			expect(performance.now() - started).toBeLessThan(2_000);
		}

		up = true;
		const back = performance.now();
		await expect
			.poll(() => sql`select 1 as one`.catch((e: unknown) => e), { interval: 50, timeout: 2_000 })
			.toEqual([{ one: 1 }]);
		expect(performance.now() - back).toBeLessThan(2_000);
	});
});
