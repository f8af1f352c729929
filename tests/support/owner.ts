/**
 * The test file's database as its owner (DATABASE_OWNER_URL, a superuser): for what the
 * application's serving role may not do, such as DDL or running the migrations.
 */
import postgres from 'postgres';
import type { Sql } from '../../src/lib/server/db';

let client: Sql | undefined;

export function owner(): Sql {
	client ??= postgres(process.env.DATABASE_OWNER_URL!, {
		max: 2,
		onnotice: () => undefined,
		transform: postgres.camel
	}) as unknown as Sql;
	return client;
}

export async function closeOwner(): Promise<void> {
	await client?.end({ timeout: 1 });
	client = undefined;
}
