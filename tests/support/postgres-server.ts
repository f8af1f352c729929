/**
 * The PostgreSQL server the tests use: DATABASE_URL's server when set (its user needs
 * CREATEDB), otherwise an embedded cluster in .data/test-postgres, apart from the dev data.
 */
import path from 'node:path';
import postgres from 'postgres';
import { startEmbedded, type EmbeddedServer } from '../../src/lib/server/db/embedded';
import { migrate } from '../../src/lib/server/db/migrate';
import type { Sql } from '../../src/lib/server/db';

export interface TestServer {
	/** URL of a database on the server with the given name. */
	url(database: string): string;
	stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
	const external = process.env.DATABASE_URL;
	if (external) {
		return {
			url: (database) => {
				const u = new URL(external);
				u.pathname = '/' + encodeURIComponent(database);
				return u.toString();
			},
			stop: async () => undefined
		};
	}
	const server: EmbeddedServer = await startEmbedded({
		dataDir: path.resolve('.data/test-postgres'),
		preferredPort: 54339,
		fast: true
	});
	return { url: (database) => server.url(database), stop: () => server.stop() };
}

export function admin(server: TestServer): Sql {
	return postgres(server.url('postgres'), { max: 2, onnotice: () => undefined }) as unknown as Sql;
}

function quote(identifier: string): string {
	return `"${identifier.replaceAll('"', '""')}"`;
}

export async function recreateDatabase(server: TestServer, name: string, template?: string) {
	const sql = admin(server);
	try {
		await sql.unsafe(`drop database if exists ${quote(name)} with (force)`);
		await sql.unsafe(
			`create database ${quote(name)}${template ? ` template ${quote(template)}` : ''}`
		);
	} finally {
		await sql.end({ timeout: 1 });
	}
}

export async function dropDatabase(server: TestServer, name: string) {
	const sql = admin(server);
	try {
		await sql.unsafe(`drop database if exists ${quote(name)} with (force)`);
	} finally {
		await sql.end({ timeout: 1 });
	}
}

/** A migrated database to copy per test file (CREATE DATABASE … TEMPLATE is fast). */
export async function prepareTemplate(server: TestServer, name: string): Promise<void> {
	await recreateDatabase(server, name);
	const sql = postgres(server.url(name), {
		max: 1,
		onnotice: () => undefined,
		transform: postgres.camel
	}) as unknown as Sql;
	try {
		await migrate(sql);
	} finally {
		await sql.end({ timeout: 1 });
	}
}
