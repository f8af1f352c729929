/**
 * Migrations: plain SQL files `migrations/NNNN_name.sql`, applied in order, each in its own
 * transaction, recorded with a SHA-256 checksum in `schema_migrations`.
 *
 * - A session-level advisory lock makes several app nodes starting at once safe: one
 *   applies, the others wait and then find nothing left to do.
 * - An applied file whose checksum changed stops start-up: a landed migration is never
 *   edited (architecture.md § Data); write a new one instead.
 * - With a serving role (the app connects as another role than the one that owns the
 *   schema), every run ends by giving that role exactly its privileges on every table
 *   (`grant_serving_role`, migration 0009): tables added later are covered, and a grant
 *   changed by hand is put back.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from './index';

export interface Migration {
	version: string;
	name: string;
	file: string;
	checksum: string;
	content: string;
}

export class MigrationChecksumError extends Error {
	constructor(public readonly file: string) {
		super(
			`Migration ${file} was changed after it was applied (checksum differs). ` +
				`Restore the original file and put the change in a new migration.`
		);
		this.name = 'MigrationChecksumError';
	}
}

const filePattern = /^(\d{4})_([a-z0-9_]+)\.sql$/;
// Any fixed 64-bit number, the same for every node of this application.
const lockKey = 7_061_640_219_420_601n;

export function migrationsDir(): string {
	return path.resolve(process.env.MIGRATIONS_DIR ?? path.join(process.cwd(), 'migrations'));
}

export async function load(dir = migrationsDir()): Promise<Migration[]> {
	const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
	const migrations: Migration[] = [];
	for (const file of files) {
		const match = filePattern.exec(file);
		if (!match) throw new Error(`Migration file name ${file} does not match NNNN_name.sql`);
		const content = await readFile(path.join(dir, file), 'utf8');
		migrations.push({
			version: match[1]!,
			name: match[2]!,
			file,
			checksum: createHash('sha256').update(content).digest('hex'),
			content
		});
	}
	const versions = new Set<string>();
	for (const m of migrations) {
		if (versions.has(m.version)) throw new Error(`Two migrations share version ${m.version}`);
		versions.add(m.version);
	}
	return migrations;
}

export interface MigrateResult {
	applied: string[];
	skipped: number;
}

export interface MigrateOptions {
	/** The role the app serves with, when it is not the role of `sql` (the owner). */
	servingRole?: string | null;
}

export async function migrate(
	sql: Sql,
	dir = migrationsDir(),
	options: MigrateOptions = {}
): Promise<MigrateResult> {
	const migrations = await load(dir);
	const connection = await sql.reserve();
	try {
		await connection`select pg_advisory_lock(${lockKey.toString()}::bigint)`;
		try {
			// Only when missing: a serving role that may not create tables can still find that
			// nothing is pending.
			const [registry] = await connection<{ found: boolean }[]>`
				select to_regclass('schema_migrations') is not null as found`;
			if (!registry?.found) {
				await connection.unsafe(`
				create table if not exists schema_migrations (
					version text primary key,
					name text not null,
					checksum text not null,
					applied_at timestamptz not null default now()
				)`);
			}
			const rows = await connection<{ version: string; checksum: string }[]>`
				select version, checksum from schema_migrations`;
			const applied = new Map(rows.map((r) => [r.version, r.checksum]));

			for (const m of migrations) {
				const checksum = applied.get(m.version);
				if (checksum !== undefined && checksum !== m.checksum) {
					throw new MigrationChecksumError(m.file);
				}
			}

			const done: string[] = [];
			for (const m of migrations) {
				if (applied.has(m.version)) continue;
				await connection.unsafe('begin');
				try {
					await connection.unsafe(m.content);
					await connection`
						insert into schema_migrations (version, name, checksum)
						values (${m.version}, ${m.name}, ${m.checksum})`;
					await connection.unsafe('commit');
				} catch (error) {
					await connection.unsafe('rollback');
					const reason = error instanceof Error ? error.message : String(error);
					// 42501 insufficient_privilege: the app's role runs the migrations but owns nothing.
					const hint =
						(error as { code?: string }).code === '42501'
							? ' Set DATABASE_OWNER_URL to the role that owns the tables.'
							: '';
					throw new Error(`Migration ${m.file} failed and was rolled back: ${reason}.${hint}`, {
						cause: error
					});
				}
				done.push(m.file);
			}
			if (options.servingRole) await grantServingRole(connection, options.servingRole);
			return { applied: done, skipped: migrations.length - done.length };
		} finally {
			// Closing the connection would release the lock too; never hide the original error.
			await connection`select pg_advisory_unlock(${lockKey.toString()}::bigint)`.catch(
				() => undefined
			);
		}
	} finally {
		connection.release();
	}
}

type Connection = Awaited<ReturnType<Sql['reserve']>>;

async function grantServingRole(connection: Connection, role: string): Promise<void> {
	const [present] = await connection<{ found: boolean }[]>`
		select to_regprocedure('grant_serving_role(name)') is not null as found`;
	if (!present?.found) return;
	try {
		// One transaction: the serving role never sees a table half granted.
		await connection.unsafe('begin');
		try {
			await connection`select grant_serving_role(${role})`;
			await connection.unsafe('commit');
		} catch (error) {
			await connection.unsafe('rollback');
			throw error;
		}
	} catch (error) {
		const hint = (error as { hint?: string }).hint;
		throw new Error(
			`Granting the serving role ${role} its privileges failed: ${(error as Error).message}` +
				(hint ? ` (${hint})` : ''),
			{ cause: error }
		);
	}
}
