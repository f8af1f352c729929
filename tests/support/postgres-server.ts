/**
 * The PostgreSQL server the tests use: DATABASE_URL's server when set (its user needs
 * CREATEDB and CREATEROLE), otherwise an embedded cluster in .data/test-postgres, apart
 * from the dev data.
 *
 * Like production with DATABASE_OWNER_URL, two roles: the server's user owns the schema
 * and runs the migrations; the application under test serves as `kindkring_app`, with only
 * the privileges the migrations grant it.
 */
import path from 'node:path';
import postgres from 'postgres';
import {
	createLoginRole,
	startEmbedded,
	type EmbeddedServer
} from '../../src/lib/server/db/embedded';
import { migrate } from '../../src/lib/server/db/migrate';
import type { Sql } from '../../src/lib/server/db';

export const servingRole = 'kindkring_app';

export interface TestServer {
	/** URL of a database on the server with the given name, as the owner (a superuser). */
	url(database: string): string;
	/** The same database as the serving role. */
	servingUrl(database: string): string;
	stop(): Promise<void>;
}

function withDatabase(base: string, database: string): string {
	const u = new URL(base);
	u.pathname = '/' + encodeURIComponent(database);
	return u.toString();
}

/** The URL of the same server and database as the serving role, with the same password. */
export function asServingRole(url: string): string {
	const u = new URL(url);
	u.username = servingRole;
	return u.toString();
}

async function testServer(
	url: (database: string) => string,
	stop: () => Promise<void>
): Promise<TestServer> {
	const admin = postgres(url('postgres'), { max: 1, onnotice: () => undefined });
	try {
		await createLoginRole(
			admin,
			servingRole,
			decodeURIComponent(new URL(url('postgres')).password)
		);
	} finally {
		await admin.end({ timeout: 1 });
	}
	return { url, servingUrl: (database) => asServingRole(url(database)), stop };
}

export async function startTestServer(): Promise<TestServer> {
	const external = process.env.DATABASE_URL;
	if (external) {
		return testServer(
			(database) => withDatabase(external, database),
			async () => undefined
		);
	}
	const server: EmbeddedServer = await startEmbedded({
		dataDir: path.resolve('.data/test-postgres'),
		preferredPort: 54339,
		fast: true
	});
	return testServer(
		(database) => server.url(database),
		() => server.stop()
	);
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
		await migrate(sql, undefined, { servingRole });
	} finally {
		await sql.end({ timeout: 1 });
	}
}
