/**
 * A consistent backup of Kindkring, and its restore: the database and the bijlagen.
 *
 * A backup directory holds `database.dump` (pg_dump's custom format), `files/` (one file
 * per bijlage content, by SHA-256, as the disk store lays them out) and `manifest.json`,
 * written last, so a directory without a manifest is an unfinished backup.
 *
 * Order, so that a row never exists without its file:
 * - Backup: one read-only snapshot of the database is exported and pg_dump dumps exactly
 *   that snapshot; the files the snapshot's rows name are copied afterwards. The app writes
 *   a file before its row and never deletes the file of a row, so every file a row in the
 *   snapshot names exists when it is copied. Each copy is hashed while it streams; a file
 *   that is missing or differs makes the backup fail with its name.
 * - Restore: the files go into the store first and are checked against their hash; only
 *   then are the rows restored, in one transaction. Afterwards every table's row count is
 *   compared with the manifest and every file is read back and hashed.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import postgres from 'postgres';
import type { Stored } from '../files/store';
import { requireTool, type Found } from './pg-tools';

const run = promisify(execFile);

export const manifestName = 'manifest.json';
export const dumpName = 'database.dump';
export const filesName = 'files';
const formatVersion = 1;

/** What a backup and a restore need of the bijlagen store. */
export interface FileStore {
	put(source: AsyncIterable<Uint8Array>): Promise<Stored>;
	open(sha256: string): Promise<{ stream: Readable; size: number }>;
}

export interface Manifest {
	format: number;
	createdAt: string;
	server: { version: string; major: number };
	pgDump: { version: string; major: number };
	/** The last migration applied in the dumped database. */
	migration: string | null;
	/** Rows per table in the dumped snapshot. */
	tables: Record<string, number>;
	files: { sha256: string; size: number }[];
}

/** Something the operator must put right; the message says what, in Dutch. */
export class BackupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BackupError';
	}
}

type Sql = postgres.Sql;

function connect(url: string): Sql {
	return postgres(url, { max: 1, onnotice: () => undefined });
}

/** The connection for a PostgreSQL tool: the password goes through the environment. */
function toolConnection(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
	const parsed = new URL(url);
	const password = decodeURIComponent(parsed.password);
	parsed.password = '';
	return {
		args: [`--dbname=${parsed.toString()}`],
		env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) }
	};
}

async function serverVersion(sql: Sql): Promise<{ version: string; major: number }> {
	const [row] = await sql<{ version: string; num: string }[]>`
		select current_setting('server_version') as version,
		       current_setting('server_version_num') as num`;
	return { version: row!.version, major: Math.floor(Number(row!.num) / 10000) };
}

async function tableCounts(sql: Sql | postgres.TransactionSql): Promise<Record<string, number>> {
	const tables = await sql<{ name: string }[]>`
		select c.relname as name from pg_class c
		where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
		order by c.relname`;
	const counts: Record<string, number> = {};
	for (const { name } of tables) {
		const [row] = await sql<{ n: string }[]>`select count(*) as n from ${sql(name)}`;
		counts[name] = Number(row!.n);
	}
	return counts;
}

async function lastMigration(sql: Sql | postgres.TransactionSql): Promise<string | null> {
	const [found] = await sql<{ found: boolean }[]>`
		select to_regclass('schema_migrations') is not null as found`;
	if (!found?.found) return null;
	const [row] = await sql<{ version: string }[]>`
		select version from schema_migrations order by version desc limit 1`;
	return row?.version ?? null;
}

/** Where a file of `sha256` lives under a backup's `files/`. */
export function backupFilePath(dir: string, sha256: string): string {
	return path.join(dir, filesName, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/** Passes bytes on while hashing them. */
function hasher(): { transform: Transform; digest: () => string; size: () => number } {
	const hash = createHash('sha256');
	let size = 0;
	const transform = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			hash.update(chunk);
			size += chunk.length;
			callback(null, chunk);
		}
	});
	return { transform, digest: () => hash.digest('hex'), size: () => size };
}

async function writeDurably(file: string, text: string): Promise<void> {
	const handle = await fs.open(file, 'w');
	try {
		await handle.writeFile(text);
		await handle.sync();
	} finally {
		await handle.close();
	}
}

async function emptyDirectory(dir: string): Promise<void> {
	try {
		const entries = await fs.readdir(dir);
		if (entries.length > 0) {
			throw new BackupError(
				`De map ${dir} is niet leeg. Kies een nieuwe map voor de reservekopie; een bestaande reservekopie wordt nooit overschreven.`
			);
		}
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		await fs.mkdir(dir, { recursive: true });
	}
}

export interface BackupOptions {
	/** A connection as the owner of the schema (it reads every table). */
	ownerUrl: string;
	store: FileStore;
	dir: string;
	pgBin?: string;
	onProgress?: (message: string) => void;
}

export interface BackupResult {
	manifest: Manifest;
	dumpBytes: number;
	fileBytes: number;
}

export async function backup(options: BackupOptions): Promise<BackupResult> {
	const say = options.onProgress ?? (() => undefined);
	const dir = path.resolve(options.dir);
	const sql = connect(options.ownerUrl);
	try {
		const server = await serverVersion(sql);
		const pgDump: Found = await requireTool('pg_dump', server.major, 'de server', options.pgBin);
		await emptyDirectory(dir);
		say(`PostgreSQL ${server.version}, ${pgDump.version} (${pgDump.path}).`);

		return await sql.begin('isolation level repeatable read read only', async (tx) => {
			const [{ snapshot }] = (await tx`select pg_export_snapshot() as snapshot`) as unknown as [
				{ snapshot: string }
			];
			const connection = toolConnection(options.ownerUrl);
			say('Database dumpen…');
			const dumpFile = path.join(dir, dumpName);
			await run(
				pgDump.path,
				[
					...connection.args,
					`--snapshot=${snapshot}`,
					'--format=custom',
					'--no-password',
					`--file=${dumpFile}`
				],
				{ env: connection.env, maxBuffer: 16 * 1024 * 1024 }
			).catch((error: { stderr?: string; message: string }) => {
				throw new BackupError(`pg_dump is mislukt: ${(error.stderr || error.message).trim()}`);
			});
			const tables = await tableCounts(tx);
			const migration = await lastMigration(tx);
			const hasBijlagen = 'bijlage' in tables;
			const files = hasBijlagen
				? (
						await tx<{ sha256: string; size: string }[]>`
							select sha256, max(size) as size from bijlage group by sha256 order by sha256`
					).map((f) => ({ sha256: f.sha256, size: Number(f.size) }))
				: [];

			let fileBytes = 0;
			for (const [index, file] of files.entries()) {
				if (index % 50 === 0) say(`Bijlagen kopiëren: ${index} van ${files.length}…`);
				fileBytes += await copyOut(options.store, dir, file.sha256);
			}
			say(`Bijlagen kopiëren: ${files.length} van ${files.length}.`);

			const manifest: Manifest = {
				format: formatVersion,
				createdAt: new Date().toISOString(),
				server,
				pgDump: { version: pgDump.version, major: pgDump.major },
				migration,
				tables,
				files
			};
			await writeDurably(path.join(dir, manifestName), JSON.stringify(manifest, null, '\t'));
			const dumpBytes = (await fs.stat(dumpFile)).size;
			return { manifest, dumpBytes, fileBytes };
		});
	} finally {
		await sql.end({ timeout: 5 });
	}
}

async function copyOut(store: FileStore, dir: string, sha256: string): Promise<number> {
	let source: { stream: Readable; size: number };
	try {
		source = await store.open(sha256);
	} catch {
		throw new BackupError(
			`Het bestand ${sha256} van een bijlage ontbreekt in de opslag; de reservekopie is niet compleet. Controleer de opslag; de dagelijkse opruimtaak meldt ontbrekende bestanden in het log.`
		);
	}
	const target = backupFilePath(dir, sha256);
	await fs.mkdir(path.dirname(target), { recursive: true });
	const check = hasher();
	await pipeline(source.stream, check.transform, createWriteStream(target));
	if (check.digest() !== sha256) {
		throw new BackupError(
			`Het bestand ${sha256} in de opslag heeft niet de inhoud die bij zijn naam hoort; de opslag is beschadigd.`
		);
	}
	return check.size();
}

export interface RestoreOptions {
	/** A connection as the role that will own the restored schema. */
	ownerUrl: string;
	store: FileStore;
	dir: string;
	pgBin?: string;
	onProgress?: (message: string) => void;
}

export interface RestoreResult {
	manifest: Manifest;
	files: number;
}

export async function readManifest(dir: string): Promise<Manifest> {
	let text: string;
	try {
		text = await fs.readFile(path.join(dir, manifestName), 'utf8');
	} catch {
		throw new BackupError(
			`In ${dir} staat geen ${manifestName}: dit is geen (volledige) reservekopie.`
		);
	}
	const manifest = JSON.parse(text) as Manifest;
	if (manifest.format !== formatVersion) {
		throw new BackupError(
			`Deze reservekopie heeft indeling ${manifest.format}; deze versie van Kindkring kent alleen indeling ${formatVersion}.`
		);
	}
	return manifest;
}

export async function restore(options: RestoreOptions): Promise<RestoreResult> {
	const say = options.onProgress ?? (() => undefined);
	const dir = path.resolve(options.dir);
	const manifest = await readManifest(dir);
	const pgRestore = await requireTool(
		'pg_restore',
		manifest.pgDump.major,
		'de reservekopie',
		options.pgBin
	);
	const sql = connect(options.ownerUrl);
	try {
		const existing = await tableCounts(sql);
		if (Object.keys(existing).length > 0) {
			throw new BackupError(
				'De database is niet leeg. Zet een reservekopie terug in een nieuwe, lege database (createdb) en wijs DATABASE_URL daarheen.'
			);
		}

		// Files first: once the rows exist, every file they name is already there.
		for (const [index, file] of manifest.files.entries()) {
			if (index % 50 === 0) say(`Bijlagen terugzetten: ${index} van ${manifest.files.length}…`);
			const stored = await options.store
				.put(createReadStream(backupFilePath(dir, file.sha256)))
				.catch((error: NodeJS.ErrnoException) => {
					if (error.code === 'ENOENT') {
						throw new BackupError(
							`Het bestand ${file.sha256} ontbreekt in de reservekopie; er is nog niets in de database gezet.`
						);
					}
					throw error;
				});
			if (stored.sha256 !== file.sha256) {
				throw new BackupError(
					`Het bestand ${file.sha256} in de reservekopie is beschadigd; er is nog niets in de database gezet.`
				);
			}
		}
		say(`Bijlagen terugzetten: ${manifest.files.length} van ${manifest.files.length}.`);

		say('Database terugzetten…');
		const connection = toolConnection(options.ownerUrl);
		await run(
			pgRestore.path,
			[
				...connection.args,
				'--no-owner',
				'--no-privileges',
				'--single-transaction',
				'--exit-on-error',
				'--no-password',
				path.join(dir, dumpName)
			],
			{ env: connection.env, maxBuffer: 16 * 1024 * 1024 }
		).catch((error: { stderr?: string; message: string }) => {
			throw new BackupError(`pg_restore is mislukt: ${(error.stderr || error.message).trim()}`);
		});

		say('Controleren…');
		const restored = await tableCounts(sql);
		const differences = Object.keys({ ...manifest.tables, ...restored })
			.filter((table) => manifest.tables[table] !== restored[table])
			.map((table) => `${table}: ${manifest.tables[table] ?? 0} verwacht, ${restored[table] ?? 0}`);
		if (differences.length > 0) {
			throw new BackupError(
				`Teruggezet, maar de aantallen kloppen niet: ${differences.join('; ')}.`
			);
		}
		for (const file of manifest.files) {
			const { stream } = await options.store.open(file.sha256);
			const hash = createHash('sha256');
			for await (const chunk of stream) hash.update(chunk as Buffer);
			if (hash.digest('hex') !== file.sha256) {
				throw new BackupError(
					`Het teruggezette bestand ${file.sha256} wijkt af van de reservekopie.`
				);
			}
		}
		return { manifest, files: manifest.files.length };
	} finally {
		await sql.end({ timeout: 5 });
	}
}

/** The folder argument of `npm run backup -- <map>` / `restore`; exits 2 with `usage` when absent. */
export function folderArgument(usage: string, argv = process.argv.slice(2)): string {
	const dir = argv.find((a) => !a.startsWith('-'));
	if (dir) return dir;
	console.error(usage);
	process.exit(2);
}

/** 1 for a refusal or failed check the message explains, 2 when the work could not start. */
export function exitCodeFor(error: unknown): number {
	return error instanceof BackupError ? 1 : 2;
}
