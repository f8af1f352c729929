import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded } from '../../src/lib/server/db/embedded';

const root = await mkdtemp(path.join(os.tmpdir(), 'kindkring-embedded-'));
const dataDir = path.join(root, 'postgres');

afterAll(async () => {
	await rm(root, { recursive: true, force: true });
});

function postmasterRunning(dir: string): boolean {
	try {
		const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
		return out.split('\n').some((line) => line.includes('postgres') && line.includes(`-D ${dir}`));
	} catch {
		return false;
	}
}

describe('embedded PostgreSQL', () => {
	it('leaves a failing process failing (its exit hook would exit 0 on beforeExit)', () => {
		// Without the fix vitest, npm test and CI exited 0 after failing integration tests.
		const script =
			"const m = await import('./src/lib/server/db/embedded.ts'); await m.loadEmbedded(); process.exitCode = 3;";
		const run = spawnSync(
			process.execPath,
			['--import', 'tsx', '--input-type=module', '-e', script],
			{ encoding: 'utf8', timeout: 60_000 }
		);
		expect(run.stderr).not.toContain('Error');
		expect(run.status).toBe(3);
	});

	it('picks another port when the preferred one is taken, reuses a running cluster, and stops cleanly', async () => {
		const blocker = net.createServer();
		await new Promise<void>((resolve) => blocker.listen({ port: 0, host: '127.0.0.1' }, resolve));
		const taken = (blocker.address() as net.AddressInfo).port;
		try {
			const first = await startEmbedded({ dataDir, preferredPort: taken, fast: true });
			expect(first.owned).toBe(true);
			expect(first.port).not.toBe(taken);

			const client = postgres(first.url('postgres'), { max: 1 });
			const [row] = await client`select current_setting('server_version_num')::int as version`;
			expect(row!.version).toBeGreaterThanOrEqual(150000);
			await client.end();

			// A second process on the same data directory reuses it instead of starting another.
			const second = await startEmbedded({ dataDir, fast: true });
			expect(second.owned).toBe(false);
			expect(second.port).toBe(first.port);
			await second.stop();
			expect(postmasterRunning(first.dataDir)).toBe(true);

			await first.stop();
			expect(postmasterRunning(first.dataDir)).toBe(false);

			// The data survives: the next start finds the existing cluster.
			const again = await startEmbedded({ dataDir, fast: true });
			expect(again.owned).toBe(true);
			await again.stop();
		} finally {
			blocker.close();
		}
	}, 120_000);
});
