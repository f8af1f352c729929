import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import { MigrationChecksumError, migrate, migrationsDir } from '../../src/lib/server/db/migrate';
import { owner } from '../support/owner';

// Migrations run as the owner of the schema.
const sql = owner();

let dir: string;

function client(database: string): Sql {
	const url = new URL(process.env.DATABASE_OWNER_URL!);
	url.pathname = '/' + database;
	return postgres(url.toString(), { max: 2, onnotice: () => undefined }) as unknown as Sql;
}

async function freshDatabase(): Promise<{ name: string; db: Sql }> {
	const name = `${process.env.TEST_DATABASE_NAME}_m${Math.random().toString(36).slice(2, 8)}`;
	await sql.unsafe(`create database "${name}"`);
	return { name, db: client(name) };
}

beforeAll(async () => {
	dir = await mkdtemp(path.join(os.tmpdir(), 'kindkring-migrations-'));
	await cp(migrationsDir(), dir, { recursive: true });
});

afterAll(async () => {
	await rm(dir, { recursive: true, force: true });
});

describe('migrations', () => {
	it('are idempotent: a second run applies nothing and changes nothing', async () => {
		const before =
			await sql`select version, checksum, applied_at from schema_migrations order by version`;
		expect(before.length).toBeGreaterThan(0);
		const first = await migrate(sql);
		const second = await migrate(sql);
		expect(first.applied).toEqual([]);
		expect(second.applied).toEqual([]);
		const after =
			await sql`select version, checksum, applied_at from schema_migrations order by version`;
		expect(after).toEqual(before);
	});

	it('records every file with its checksum, in order', async () => {
		const rows = await sql<{ version: string; name: string; checksum: string }[]>`
			select version, name, checksum from schema_migrations order by version`;
		expect(rows[0]).toMatchObject({ version: '0001', name: 'init' });
		expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
	});

	it('stops with a clear error when an applied file was changed', async () => {
		const changed = await mkdtemp(path.join(os.tmpdir(), 'kindkring-changed-'));
		try {
			await cp(dir, changed, { recursive: true });
			const file = path.join(changed, '0001_init.sql');
			await writeFile(file, (await readFile(file, 'utf8')) + '\n-- edited after landing\n');
			const error = await migrate(sql, changed).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(MigrationChecksumError);
			expect((error as Error).message).toContain('0001_init.sql');
			expect((error as Error).message).toContain('new migration');
		} finally {
			await rm(changed, { recursive: true, force: true });
		}
	});

	it('applies a new file in its own transaction and rolls back a failing one', async () => {
		const extra = await mkdtemp(path.join(os.tmpdir(), 'kindkring-extra-'));
		try {
			await cp(dir, extra, { recursive: true });
			await writeFile(path.join(extra, '9001_good.sql'), 'create table test_good (id int);');
			await writeFile(
				path.join(extra, '9002_bad.sql'),
				'create table test_bad (id int);\nselect * from table_that_does_not_exist;'
			);
			await expect(migrate(sql, extra)).rejects.toThrow(/9002_bad\.sql failed and was rolled back/);
			const tables = await sql<{ name: string }[]>`
				select table_name as name from information_schema.tables
				where table_name in ('test_good', 'test_bad')`;
			expect(tables.map((t) => t.name)).toEqual(['test_good']);
			const versions = await sql<{ version: string }[]>`
				select version from schema_migrations where version like '900%'`;
			expect(versions.map((v) => v.version)).toEqual(['9001']);
		} finally {
			await rm(extra, { recursive: true, force: true });
		}
	});

	it('is safe when two processes start at once (advisory lock)', async () => {
		const { name, db } = await freshDatabase();
		const other = client(name);
		try {
			const [a, b] = await Promise.all([migrate(db, dir), migrate(other, dir)]);
			const appliedTotal = a.applied.length + b.applied.length;
			const files = (await import('node:fs')).readdirSync(dir).filter((f) => f.endsWith('.sql'));
			expect(appliedTotal).toBe(files.length);
			const [row] = await db<
				{ count: number }[]
			>`select count(*)::int as count from schema_migrations`;
			expect(row!.count).toBe(files.length);
		} finally {
			await db.end();
			await other.end();
			await sql.unsafe(`drop database "${name}" with (force)`);
		}
	});
});
