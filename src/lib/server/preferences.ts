/** Per-user settings such as remembered list filters (table account_preference). */
import type { Sql, TransactionSql } from './db';

type Db = Sql | TransactionSql;

export async function get(
	sql: Db,
	accountId: string,
	key: string
): Promise<Record<string, unknown> | undefined> {
	const [row] = await sql<{ value: Record<string, unknown> }[]>`
		select value from account_preference where account_id = ${accountId} and key = ${key}`;
	return row?.value;
}

export async function set(
	sql: Db,
	accountId: string,
	key: string,
	value: Record<string, unknown>
): Promise<void> {
	await sql`
		insert into account_preference (account_id, key, value, updated_at)
		values (${accountId}, ${key}, ${sql.json(value as never)}, now())
		on conflict (account_id, key) do update set value = excluded.value, updated_at = now()`;
}

export async function clear(sql: Db, accountId: string, key: string): Promise<void> {
	await sql`delete from account_preference where account_id = ${accountId} and key = ${key}`;
}
