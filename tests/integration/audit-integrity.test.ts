import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as audit from '../../src/lib/server/audit';
import * as chain from '../../src/lib/server/audit-chain';
import { sql, type Sql, type TransactionSql } from '../../src/lib/server/db';
import { migrate, migrationsDir } from '../../src/lib/server/db/migrate';
import { owner } from '../support/owner';
import { servingRole } from '../support/postgres-server';

const servingUser = new URL(process.env.DATABASE_URL!).username;

function clientOf(base: string, database: string): Sql {
	const url = new URL(base);
	url.pathname = '/' + database;
	return postgres(url.toString(), {
		max: 2,
		onnotice: () => undefined,
		transform: postgres.camel
	}) as unknown as Sql;
}

class RolledBack extends Error {}

/** Runs `fn` as the owner with every trigger off (as a tamperer could), then undoes it all. */
async function tampered<T>(fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
	let result: T | undefined;
	await owner()
		.begin(async (tx) => {
			await tx`set local session_replication_role = replica`;
			result = await fn(tx);
			throw new RolledBack();
		})
		.catch((error: unknown) => {
			if (!(error instanceof RolledBack)) throw error;
		});
	return result as T;
}

async function writeSome(n: number, prefix = 'test.row'): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < n; i++) {
		await audit.record(sql, { action: `${prefix}.${i}`, details: { i, note: 'café – ü 😀' } });
		const [row] = await sql<{ id: string }[]>`select max(id)::text as id from audit_log`;
		ids.push(row!.id);
	}
	return ids;
}

function runVerify(...args: string[]) {
	const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], {
		encoding: 'utf8',
		timeout: 60_000,
		env: { ...process.env }
	});
	return { status: run.status, out: run.stdout + run.stderr };
}

describe('the serving role and the audit log', () => {
	it('serves as a role other than the owner of the tables', () => {
		expect(servingUser).toBe(servingRole);
		expect(new URL(process.env.DATABASE_OWNER_URL!).username).not.toBe(servingUser);
	});

	it('may add and read audit rows, but not change, remove or empty them', async () => {
		await audit.record(sql, { action: 'test.serving' });
		const [row] = await sql<{ id: string }[]>`
			select id from audit_log where action = 'test.serving'`;
		expect(row).toBeDefined();
		for (const statement of [
			`update audit_log set action = 'test.changed' where id = ${row!.id}`,
			`delete from audit_log where id = ${row!.id}`,
			'truncate audit_log',
			'truncate audit_log cascade',
			`insert into audit_chain (seq, audit_id, hash) values (999999, 1, 'x')`,
			`delete from audit_chain`,
			'alter table audit_log disable trigger all'
		]) {
			await expect(sql.unsafe(statement), statement).rejects.toThrow(
				/permission denied|must be owner/
			);
		}
		const [still] = await sql<{ action: string }[]>`
			select action from audit_log where id = ${row!.id}`;
		expect(still!.action).toBe('test.serving');
	});

	it('keeps full data rights on the other tables, also on tables added later', async () => {
		await owner().unsafe('create table test_later (id int primary key, v text)');
		try {
			await expect(sql`insert into test_later values (1, 'a')`).rejects.toThrow(
				/permission denied/
			);
			// A migration run gives the serving role its rights on every table.
			await migrate(owner(), migrationsDir(), { servingRole: servingUser });
			await sql`insert into test_later values (1, 'a')`;
			await sql`update test_later set v = 'b'`;
			await sql`delete from test_later`;
			await expect(sql`truncate test_later`).rejects.toThrow(/permission denied/);
		} finally {
			await owner().unsafe('drop table test_later');
		}
	});

	it('puts back a privilege on the audit log granted by hand at the next migration run', async () => {
		await owner().unsafe(`grant update, delete on audit_log to ${servingUser}`);
		await migrate(owner(), migrationsDir(), { servingRole: servingUser });
		const [rights] = await owner()<{ update: boolean; delete: boolean; insert: boolean }[]>`
			select has_table_privilege(${servingUser}, 'audit_log', 'UPDATE') as update,
				has_table_privilege(${servingUser}, 'audit_log', 'DELETE') as delete,
				has_table_privilege(${servingUser}, 'audit_log', 'INSERT') as insert`;
		expect(rights).toEqual({ update: false, delete: false, insert: true });
	});

	it('refuses to grant when the serving role owns a table (it could change it at will)', async () => {
		await owner().unsafe(
			`create table test_owned (id int); alter table test_owned owner to ${servingUser}`
		);
		try {
			await expect(migrate(owner(), migrationsDir(), { servingRole: servingUser })).rejects.toThrow(
				/owns table test_owned.*REASSIGN OWNED/
			);
		} finally {
			await owner().unsafe('drop table test_owned');
		}
	});
});

describe('with one role (the owner serves)', () => {
	it('the trigger refuses UPDATE, DELETE and TRUNCATE of audit rows', async () => {
		await audit.record(owner(), { action: 'test.one-role' });
		for (const statement of [
			`update audit_log set action = 'test.changed' where action = 'test.one-role'`,
			`delete from audit_log where action = 'test.one-role'`,
			// Even when nothing matches: the statement itself is refused.
			`delete from audit_log where false`,
			'truncate audit_log',
			'update audit_chain set hash = hash',
			'truncate audit_chain'
		]) {
			await expect(owner().unsafe(statement), statement).rejects.toThrow(/append-only/);
		}
		const [row] = await owner()<{ n: number }[]>`
			select count(*)::int as n from audit_log where action = 'test.one-role'`;
		expect(row!.n).toBe(1);
	});
});

describe('the hash chain', () => {
	it('chains every committed row, also one inserted with plain SQL, with the documented hash', async () => {
		await writeSome(2);
		await sql`insert into audit_log (action, details) values ('test.plain-sql', '{"b": 2, "a": [1, "x"]}')`;
		const rows = await sql<(chain.ChainedRow & { seq: string; hash: string })[]>`
			select c.seq, c.hash, l.id,
				to_char(l.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
				l.organisation_id::text as organisation_id, l.account_id::text as account_id,
				l.action, l.target_type, l.target_id, l.ip_hash, l.details::text as details
			from audit_log l join audit_chain c on c.audit_id = l.id order by c.seq`;
		const [total] = await sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
		expect(rows).toHaveLength(total!.n);
		let previous = chain.genesis;
		for (const row of rows) {
			expect(chain.chainHash(previous, row)).toBe(row.hash);
			previous = row.hash;
		}
		expect(rows.at(-1)!.action).toBe('test.plain-sql');
		expect((await chain.verify(sql)).problem).toBeNull();
	});

	it('stays one unbroken chain under concurrent inserts from several connections', async () => {
		const other = postgres(process.env.DATABASE_URL!, {
			max: 5,
			onnotice: () => undefined
		}) as unknown as Sql;
		try {
			const before = await sql<{ n: number }[]>`select count(*)::int as n from audit_chain`;
			const writes = Array.from({ length: 40 }, (_, i) =>
				(i % 2 ? sql : other)
					.begin(async (tx) => {
						await audit.record(tx, { action: 'test.concurrent', details: { i } });
						await audit.record(tx, { action: 'test.concurrent', details: { i, second: true } });
						// Every fifth transaction rolls back: its rows and chain entries vanish.
						if (i % 5 === 0) throw new Error('rolled back');
					})
					.catch(() => undefined)
			);
			await Promise.all(writes);
			const [after] = await sql<{ n: number }[]>`select count(*)::int as n from audit_chain`;
			expect(after!.n - before[0]!.n).toBe(32 * 2);
			const result = await chain.verify(sql);
			expect(result.problem).toBeNull();
			expect(result.checked).toBe(after!.n);
		} finally {
			await other.end();
		}
	});

	it('audit:verify exits 0 on an intact log and names a row that was edited', async () => {
		const [target] = await writeSome(3, 'test.edit');
		const intact = runVerify();
		expect(intact.out).toContain('Auditlog intact');
		expect(intact.status).toBe(0);

		const [original] = await owner()<{ details: string }[]>`
			select details::text as details from audit_log where id = ${target!}`;
		await owner().begin(async (tx) => {
			await tx`set local session_replication_role = replica`;
			await tx`update audit_log set details = details || '{"i": 99}' where id = ${target!}`;
		});
		try {
			const broken = runVerify();
			expect(broken.status).toBe(1);
			expect(broken.out).toContain(`auditregel ${target} `);
			expect(broken.out).toContain('is gewijzigd');
		} finally {
			await owner().begin(async (tx) => {
				await tx`set local session_replication_role = replica`;
				await tx`update audit_log set details = ${original!.details}::text::jsonb where id = ${target!}`;
			});
		}
		expect(runVerify().status).toBe(0);
	}, 60_000);

	it('audit:verify names a row that was removed', async () => {
		const [target] = await writeSome(2, 'test.remove');
		const [saved] = await owner()<{ json: string }[]>`
			select row_to_json(a)::text as json from audit_log a where id = ${target!}`;
		await owner().begin(async (tx) => {
			await tx`set local session_replication_role = replica`;
			await tx`delete from audit_log where id = ${target!}`;
		});
		try {
			const broken = runVerify();
			expect(broken.status).toBe(1);
			expect(broken.out).toContain(`auditregel ${target} `);
			expect(broken.out).toContain('is verwijderd');
		} finally {
			await owner().begin(async (tx) => {
				await tx`set local session_replication_role = replica`;
				await tx`
					insert into audit_log overriding system value
					select * from json_populate_record(null::audit_log, ${saved!.json}::text::json)`;
			});
		}
		expect(runVerify().status).toBe(0);
	}, 60_000);

	it('finds a row removed with its chain entry, a row outside the chain and a shortened chain', async () => {
		const ids = await writeSome(3, 'test.more');
		const head = (await chain.verify(sql)).head!;

		const gap = await tampered(async (tx) => {
			const [entry] = await tx<
				{ seq: string }[]
			>`select seq from audit_chain where audit_id = ${ids[1]!}`;
			await tx`delete from audit_chain where audit_id = ${ids[1]!}`;
			await tx`delete from audit_log where id = ${ids[1]!}`;
			return { seq: Number(entry!.seq), result: await chain.check(tx) };
		});
		expect(gap.result.problem).toEqual({ kind: 'gap', seq: gap.seq, afterAuditId: ids[0] });

		const outside = await tampered(async (tx) => {
			await tx`insert into audit_log (action) values ('test.outside')`;
			const [row] = await tx<{ id: string }[]>`select max(id)::text as id from audit_log`;
			return { id: row!.id, result: await chain.check(tx) };
		});
		expect(outside.result.problem).toEqual({ kind: 'unchained', auditId: outside.id });

		const shortened = await tampered(async (tx) => {
			await tx`delete from audit_chain where seq = ${head.seq}`;
			await tx`delete from audit_log where id = ${ids[2]!}`;
			return { plain: await chain.check(tx), anchored: await chain.check(tx, head) };
		});
		// Without an anchor the newest row's removal leaves no trace; the anchor shows it.
		expect(shortened.plain.problem).toBeNull();
		expect(shortened.anchored.problem).toEqual({ kind: 'anchor', seq: head.seq });
		expect((await chain.verify(sql, head)).problem).toBeNull();
	});
});

describe('migration 0009', () => {
	let dir: string;
	let name: string;
	let db: Sql;

	beforeAll(async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'kindkring-before-chain-'));
		await cp(migrationsDir(), dir, { recursive: true });
		await rm(path.join(dir, '0009_audit_integrity.sql'));
		name = `${process.env.TEST_DATABASE_NAME}_chain`;
		await owner().unsafe(`create database "${name}"`);
		db = clientOf(process.env.DATABASE_OWNER_URL!, name);
	});

	afterAll(async () => {
		await db?.end();
		await owner().unsafe(`drop database if exists "${name}" with (force)`);
		await rm(dir, { recursive: true, force: true });
	});

	it('chains the rows written before it, in the order they were written', async () => {
		await migrate(db, dir);
		for (let i = 0; i < 5; i++) {
			await audit.record(db, { action: 'test.before', details: { i } });
		}
		await db`update audit_log set details = '{"edited": true}' where details->>'i' = '2'`;
		await migrate(db, migrationsDir());
		const result = await chain.verify(db);
		expect(result).toMatchObject({ checked: 5, problem: null });
		const order = await db<{ auditId: string }[]>`select audit_id from audit_chain order by seq`;
		const ids = await db<{ id: string }[]>`select id from audit_log order by id`;
		expect(order.map((o) => o.auditId)).toEqual(ids.map((r) => r.id));
	});
});
