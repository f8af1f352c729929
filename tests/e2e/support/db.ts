/** Direct access to the e2e database, for setting up and checking what the browser cannot see. */
import postgres from 'postgres';
import type { Sql } from '../../../src/lib/server/db';
import { migrate } from '../../../src/lib/server/db/migrate';
import * as demo from '../../../src/lib/server/demo/seed';
import { servingRole } from '../../support/postgres-server';
import { readState } from './state';

let client: postgres.Sql | undefined;

export function db(): postgres.Sql {
	client ??= postgres(readState().databaseUrl, {
		max: 2,
		onnotice: () => undefined,
		transform: postgres.camel
	});
	return client;
}

function withDatabase(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = '/' + encodeURIComponent(database);
	return u.toString();
}

/**
 * A database of a test's own on the e2e server, migrated and with the demo data, for a
 * test whose requests may change anything (another app process serves it).
 */
export async function freshDemoDatabase(
	name: string
): Promise<{ databaseUrl: string; ownerUrl: string }> {
	const state = readState();
	const admin = postgres(state.serverUrl, { max: 1, onnotice: () => undefined });
	try {
		await admin.unsafe(`drop database if exists "${name}" with (force)`);
		await admin.unsafe(`create database "${name}"`);
	} finally {
		await admin.end();
	}
	const ownerUrl = withDatabase(state.ownerUrl, name);
	const databaseUrl = withDatabase(state.databaseUrl, name);
	const owner = postgres(ownerUrl, {
		max: 1,
		transform: postgres.camel,
		onnotice: () => undefined
	});
	try {
		await migrate(owner as unknown as Sql, undefined, { servingRole });
	} finally {
		await owner.end();
	}
	const sql = postgres(databaseUrl, {
		max: 1,
		transform: postgres.camel,
		onnotice: () => undefined
	});
	try {
		await demo.seed(sql as unknown as Sql);
	} finally {
		await sql.end();
	}
	return { databaseUrl, ownerUrl };
}
