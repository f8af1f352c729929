/**
 * `npm run backup` and `npm run restore`, run as an operator runs them: the scripts as
 * child processes against real PostgreSQL servers and real file stores.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { installedServers, startPackaged, type PackagedServer } from '../support/packaged-postgres';

const run = promisify(execFile);

interface Outcome {
	code: number;
	out: string;
}

async function script(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<Outcome> {
	try {
		const { stdout, stderr } = await run('npx', ['tsx', `scripts/${name}.ts`, ...args], {
			env: { ...process.env, LOG_LEVEL: 'error', ...env },
			maxBuffer: 16 * 1024 * 1024
		});
		return { code: 0, out: stdout + stderr };
	} catch (error) {
		const e = error as { code: number; stdout: string; stderr: string };
		return { code: e.code, out: e.stdout + e.stderr };
	}
}

const temps: string[] = [];
function temp(prefix: string): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), `kindkring-${prefix}-`));
	temps.push(dir);
	return dir;
}
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function sha256(file: string): string {
	return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Every file under `dir` (recursively) by its content hash. */
function hashesUnder(dir: string): string[] {
	return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
		.filter((entry) => entry.isFile())
		.map((entry) => sha256(path.join(entry.parentPath, entry.name)))
		.sort();
}

/** Each table's row count and a hash over its rows' text, so a changed row also shows. */
async function fingerprint(url: string): Promise<Record<string, string>> {
	const sql = postgres(url, { max: 1, onnotice: () => undefined });
	try {
		const tables = await sql<{ name: string }[]>`
			select relname as name from pg_class
			where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname`;
		const result: Record<string, string> = {};
		for (const { name } of tables) {
			const [row] = await sql<{ n: string; h: string | null }[]>`
				select count(*) as n, md5(string_agg(t::text, E'\n' order by t::text)) as h
				from ${sql(name)} t`;
			result[name] = `${row!.n}:${row!.h ?? ''}`;
		}
		return result;
	} finally {
		await sql.end({ timeout: 1 });
	}
}

describe('before starting', () => {
	test('refuses a pg_dump older than the server, says where to get one, writes nothing', async () => {
		// A pg_dump that reports major version 15, against the test server (newer).
		const bin = temp('old-bin');
		const fake = path.join(bin, 'pg_dump');
		writeFileSync(fake, '#!/bin/sh\necho "pg_dump (PostgreSQL) 15.18"\n');
		chmodSync(fake, 0o755);
		const target = path.join(temp('backup'), 'nieuw');

		const result = await script('backup', [target], { PG_BIN: bin });

		expect(result.code).toBe(2);
		expect(result.out).toMatch(/pg_dump 15 \(.*\) is te oud voor de server van PostgreSQL 1[6-9]/);
		expect(result.out).toContain('apt.postgresql.org');
		expect(result.out).toContain('PG_BIN=');
		expect(() => readdirSync(target)).toThrow();
	});

	test('asks for a folder', async () => {
		const result = await script('backup', [], {});
		expect(result.code).toBe(2);
		expect(result.out).toContain('Gebruik: npm run backup -- <map>');
	});

	test('refuses a folder without a manifest as a backup', async () => {
		const result = await script('restore', [temp('leeg')], {});
		expect(result.code).toBe(1);
		expect(result.out).toContain('geen (volledige) reservekopie');
	});
});

// Needs a server whose major version the installed pg_dump can dump: the operating
// system's own PostgreSQL (.ci/run installs Debian's); without one there is nothing to run.
const [packaged] = installedServers();
if (!packaged && process.env.CI)
	throw new Error('CI needs an installed PostgreSQL server (.ci/run)');

describe.skipIf(!packaged)('a backup and its restore', () => {
	let server: PackagedServer;
	let sourceFiles: string;
	let backupDir: string;
	const envFor = (database: string, files: string): NodeJS.ProcessEnv => ({
		DATABASE_URL: server.url(database),
		DATABASE_OWNER_URL: '',
		FILES_DIR: files,
		PG_BIN: server.bin
	});

	beforeAll(async () => {
		server = await startPackaged(packaged!);
		server.createDatabase('bron');
		sourceFiles = temp('files-bron');
		const seeded = await script('db-seed', [], envFor('bron', sourceFiles));
		expect(seeded.code, seeded.out).toBe(0);
		backupDir = path.join(temp('backup'), 'kopie');
	}, 180_000);

	afterAll(() => server?.stop());

	test('restores every row and every file into an empty database and store', async () => {
		const made = await script('backup', [backupDir], envFor('bron', sourceFiles));
		expect(made.code, made.out).toBe(0);
		expect(made.out).toMatch(/Reservekopie klaar in .*: \d+ rijen in \d+ tabellen/);

		server.createDatabase('terug');
		const restoredFiles = temp('files-terug');
		const restored = await script('restore', [backupDir], envFor('terug', restoredFiles));
		expect(restored.code, restored.out).toBe(0);
		expect(restored.out).toMatch(/alle aantallen en hashes kloppen; auditlog intact/);

		const source = await fingerprint(server.url('bron'));
		expect(Object.keys(source).length).toBeGreaterThan(10);
		expect(Number(source['bijlage']!.split(':')[0])).toBeGreaterThan(0);
		expect(await fingerprint(server.url('terug'))).toEqual(source);
		const sourceHashes = hashesUnder(sourceFiles);
		expect(sourceHashes.length).toBeGreaterThan(0);
		expect(hashesUnder(restoredFiles)).toEqual(sourceHashes);
	}, 120_000);

	test('never restores over a database that is not empty', async () => {
		const again = await script('restore', [backupDir], envFor('bron', temp('files-x')));
		expect(again.code).toBe(1);
		expect(again.out).toContain('De database is niet leeg');
	}, 60_000);

	test('refuses a damaged file before it touches the database', async () => {
		const manifest = JSON.parse(readFileSync(path.join(backupDir, 'manifest.json'), 'utf8')) as {
			files: { sha256: string }[];
		};
		const damagedCopy = path.join(temp('backup'), 'beschadigd');
		await run('cp', ['-r', backupDir, damagedCopy]);
		const first = manifest.files[0]!.sha256;
		const file = path.join(damagedCopy, 'files', first.slice(0, 2), first.slice(2, 4), first);
		const bytes = readFileSync(file);
		bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
		writeFileSync(file, bytes);

		server.createDatabase('beschadigd');
		const result = await script('restore', [damagedCopy], envFor('beschadigd', temp('files-b')));
		expect(result.code).toBe(1);
		expect(result.out).toContain(`Het bestand ${first} in de reservekopie is beschadigd`);
		expect(await fingerprint(server.url('beschadigd'))).toEqual({});
	}, 60_000);

	test('never writes into a folder that already holds something', async () => {
		const result = await script('backup', [backupDir], envFor('bron', sourceFiles));
		expect(result.code).toBe(1);
		expect(result.out).toContain('is niet leeg');
	}, 60_000);
});
