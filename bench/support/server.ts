/**
 * What the benchmarks that run the production server share: an embedded PostgreSQL of their
 * own (`.data/bench-postgres`, never the development database) with a fresh database holding
 * the demo data, an SMTP listener that accepts every mail, `node build` started on them, a
 * login over HTTP with password and TOTP, and the server's resident set from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import * as totp from '../../src/lib/server/auth/totp';
import type { Sql } from '../../src/lib/server/db';
import { freePort, startEmbedded, type EmbeddedServer } from '../../src/lib/server/db/embedded';
import { migrate } from '../../src/lib/server/db/migrate';
import { demoPassword, demoTotpSecret } from '../../src/lib/server/demo/credentials';
import * as demo from '../../src/lib/server/demo/seed';
import { BlobStore } from '../../src/lib/server/files/store';
import { startSmtp } from '../../tests/support/smtp';

export const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);

export function requireBuild(): string {
	const entry = path.resolve('build/index.js');
	if (!existsSync(entry)) {
		console.error('No production build: run `npm run build` first.');
		process.exit(2);
	}
	return path.dirname(entry);
}

/** The tests' SMTP listener: production requires SMTP_URL; the bench counts what arrives. */
export async function dummySmtp(): Promise<Smtp> {
	const listener = await startSmtp();
	return {
		url: listener.url,
		get received() {
			return listener.messages.length;
		},
		close: () => listener.stop()
	};
}

export interface Smtp {
	url: string;
	/** Mails accepted so far. */
	readonly received: number;
	close(): Promise<void>;
}

/** The resident set of a process in bytes (VmRSS in /proc/<pid>/status). */
export function rssOf(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
	if (!kb) throw new Error(`no VmRSS for ${pid}`);
	return Number(kb[1]) * 1024;
}

export interface BenchWorld {
	pg: EmbeddedServer;
	databaseUrl: string;
	/** A temporary folder of this run: the bijlagen (`files/`) and anything else it writes. */
	work: string;
	filesDir: string;
	encryptionKey: string;
	/** A client on the bench database (camelCase rows), for the bench's own setup. */
	sql: Sql;
	close(): Promise<void>;
}

/** A fresh database `name` on the bench PostgreSQL, migrated and holding the demo data. */
export async function benchWorld(name: string): Promise<BenchWorld> {
	const work = await fs.mkdtemp(path.join(os.tmpdir(), 'kindkring-bench-'));
	const filesDir = path.join(work, 'files');
	const encryptionKey = randomBytes(32).toString('base64');
	// The seed encrypts TOTP secrets with the key the server is started with.
	process.env.APP_ENCRYPTION_KEY = encryptionKey;
	const pg = await startEmbedded({
		// BENCH_POSTGRES_DIR: a server of its own, for a second bench running at the same time.
		dataDir: path.resolve(process.env.BENCH_POSTGRES_DIR ?? '.data/bench-postgres'),
		preferredPort: 54359,
		fast: true
	});
	const admin = postgres(pg.url('postgres'), { max: 1, onnotice: () => undefined });
	await admin.unsafe(`drop database if exists ${name} with (force)`);
	await admin.unsafe(`create database ${name}`);
	await admin.end();
	const databaseUrl = pg.url(name);
	const sql = postgres(databaseUrl, {
		max: 2,
		transform: postgres.camel,
		onnotice: () => undefined
	}) as unknown as Sql;
	await migrate(sql);
	await demo.seed(sql, { store: new BlobStore(filesDir) });
	return {
		pg,
		databaseUrl,
		work,
		filesDir,
		encryptionKey,
		sql,
		async close() {
			await sql.end();
			const admin = postgres(pg.url('postgres'), { max: 1, onnotice: () => undefined });
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
			await pg.stop();
			await fs.rm(work, { recursive: true, force: true });
		}
	};
}

export interface Node {
	origin: string;
	pid: number;
	child: ChildProcess;
	stop(): Promise<void>;
}

export interface NodeOptions {
	world: BenchWorld;
	smtp: Smtp;
	/** Options for node itself, before the entry point. */
	nodeArgs?: string[];
	/** Where the process runs (a heap snapshot is written there). Default: this folder. */
	cwd?: string;
	env?: Record<string, string>;
}

/** `node build` in production mode on the bench world, answering /healthz. */
export async function startNode(options: NodeOptions): Promise<Node> {
	const build = requireBuild();
	const port = await freePort();
	const origin = `http://localhost:${port}`;
	const child = spawn(process.execPath, [...(options.nodeArgs ?? []), build], {
		cwd: options.cwd,
		env: {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: origin,
			DATABASE_URL: options.world.databaseUrl,
			APP_ENCRYPTION_KEY: options.world.encryptionKey,
			SMTP_URL: options.smtp.url,
			FILES_DIR: options.world.filesDir,
			// Read relative to the working folder otherwise, which may be elsewhere.
			MIGRATIONS_DIR: path.resolve('migrations'),
			// The production minimum: one bijlage of 10 MB plus a multipart envelope.
			BODY_SIZE_LIMIT: '11M',
			LOG_LEVEL: 'warn',
			...options.env
		},
		stdio: ['ignore', 'inherit', 'inherit']
	});
	const deadline = Date.now() + 30_000;
	for (;;) {
		const up = await fetch(`${origin}/healthz`).then(
			(r) => r.ok,
			() => false
		);
		if (up) break;
		if (child.exitCode !== null) throw new Error(`the app exited (${child.exitCode})`);
		if (Date.now() > deadline) throw new Error('the app did not start within 30 s');
		await new Promise((r) => setTimeout(r, 200));
	}
	return {
		origin,
		pid: child.pid!,
		child,
		async stop() {
			if (child.exitCode !== null || child.signalCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
	};
}

/** Logs a demo account in as the login form posts it; returns the Cookie header. */
export async function login(origin: string, organisation: string, username: string) {
	const response = await fetch(`${origin}/inloggen`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams({
			organisatie: organisation,
			gebruikersnaam: username,
			wachtwoord: demoPassword,
			code: totp.generate(demoTotpSecret(organisation, username))
		})
	});
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ');
	if (response.status !== 303 || !cookie.includes('kk_session')) {
		throw new Error(`login of ${username} failed: ${response.status} ${await response.text()}`);
	}
	return cookie;
}
