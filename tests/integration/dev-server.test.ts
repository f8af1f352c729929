import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../../src/lib/server/db/embedded';

function postmastersUsing(dir: string): string[] {
	const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
	return out.split('\n').filter((line) => line.includes('postgres') && line.includes(`-D ${dir}`));
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'kindkring-dev-'));
// mkdtemp makes it private; as root the postgres user must be able to enter it.
await chmod(dataDir, 0o755);
const clusterDir = path.join(dataDir, 'postgres');

afterAll(async () => {
	await rm(dataDir, { recursive: true, force: true });
});

function env(): NodeJS.ProcessEnv {
	const e: NodeJS.ProcessEnv = { ...process.env, KINDKRING_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
	delete e.DATABASE_URL;
	delete e.DATABASE_OWNER_URL;
	delete e.VITEST;
	delete e.NODE_ENV;
	return e;
}

async function startDev(command: string, args: string[]) {
	const port = await freePort();
	const child = spawn(command, [...args, '--port', String(port), '--strictPort'], {
		env: env(),
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (c) => (output += c));
	child.stderr!.on('data', (c) => (output += c));
	const exited = new Promise((resolve) => child.once('exit', resolve));
	// Up: the home page answers and the startup has said which database it uses.
	const html = await vi
		.waitFor(
			async () => {
				const response = await fetch(`http://localhost:${port}/`); // rejects while not listening
				if (!response.ok) throw new Error(`home page answered ${response.status}`);
				const text = await response.text();
				if (!output.includes('Database:')) throw new Error('no database line yet');
				return text;
			},
			{ timeout: 60_000, interval: 300 }
		)
		.catch((error: unknown) => {
			child.kill('SIGTERM');
			throw error;
		});
	return { child: child as ChildProcess, html, output: () => output, exited, port };
}

describe('the dev server', () => {
	it('`npm run dev` serves the Dutch home page with demo data, and SIGTERM leaves no PostgreSQL behind', async () => {
		const dev = await startDev('npm', ['run', 'dev', '--']);
		try {
			expect(dev.html).toContain('<html lang="nl">');
			expect(dev.html).toContain('Welkom bij Kindkring');
			expect(dev.output()).toContain('Database: ingebouwde PostgreSQL in');
			await expect.poll(() => dev.output()).toContain('lotte.vandam');
			expect(dev.output()).toContain('PO2806 PPO Rotterdam');
			// The demo school system's verificatiecode, for npm run intake:send.
			expect(dev.output()).toContain('Basisschool Het Kompas (21XC00): 21XC00-demo-koppeling-2026');
			expect(postmastersUsing(clusterDir)).toHaveLength(1);
			// Two roles: the app serves as kindkring_app, which may add audit rows but not change them.
			const port = (await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[3];
			const password = (await readFile(`${clusterDir}.secret`, 'utf8')).trim();
			const cluster = postgres({
				host: '127.0.0.1',
				port: Number(port),
				user: 'postgres',
				pass: password,
				database: 'kindkring',
				max: 1,
				onnotice: () => undefined
			});
			try {
				const [roles] = await cluster`
					select has_table_privilege('kindkring_app', 'audit_log', 'INSERT') as insert,
						has_table_privilege('kindkring_app', 'audit_log', 'UPDATE') as update,
						has_table_privilege('kindkring_app', 'audit_log', 'DELETE') as delete,
						exists (select 1 from pg_stat_activity
							where datname = 'kindkring' and usename = 'kindkring_app') as serving`;
				expect(roles).toEqual({ insert: true, update: false, delete: false, serving: true });
			} finally {
				await cluster.end();
			}
			// Without SMTP_URL the mails stay in the outbox and the dev mailbox shows them.
			expect(dev.output()).toContain('/dev/mail');
			const mailbox = await fetch(`http://localhost:${dev.port}/dev/mail`);
			expect(mailbox.status).toBe(200);
			expect(await mailbox.text()).toContain('Dev-mailbox');
		} finally {
			dev.child.kill('SIGTERM');
			await dev.exited;
		}
		await expect.poll(() => postmastersUsing(clusterDir), { timeout: 15_000 }).toEqual([]);
	}, 120_000);

	it('reuses the data on the next start, and even SIGKILL leaves no PostgreSQL behind', async () => {
		const vite = path.resolve('node_modules/vite/bin/vite.js');
		const dev = await startDev(process.execPath, [vite, 'dev']);
		try {
			expect(dev.html).toContain('Welkom bij Kindkring');
			// A demo database: the logins are printed at every start, the data stays.
			expect(dev.output()).toContain('Demo-accounts');
			expect(dev.output()).toContain('Database: ingebouwde PostgreSQL');
			expect(postmastersUsing(clusterDir)).toHaveLength(1);
		} finally {
			dev.child.kill('SIGKILL');
			await dev.exited;
		}
		await expect.poll(() => postmastersUsing(clusterDir), { timeout: 15_000 }).toEqual([]);
	}, 120_000);
});
