/**
 * Runs before each integration test file: the file gets a fresh database copied from the
 * migrated template. DATABASE_URL points the application's client at it as the serving
 * role (only the privileges the migrations grant), DATABASE_OWNER_URL as its owner.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, inject } from 'vitest';

const serverUrl = new URL(inject('testDatabaseServerUrl'));
const servingUrl = new URL(inject('testDatabaseServingUrl'));
const template = inject('testDatabaseTemplate');
const name = `kindkring_test_${randomBytes(6).toString('hex')}`;

function urlFor(database: string, base = serverUrl): string {
	const u = new URL(base);
	u.pathname = '/' + database;
	return u.toString();
}

const admin = postgres(urlFor('postgres'), { max: 1, onnotice: () => undefined });
await admin.unsafe(`create database "${name}" template "${template}"`);
await admin.end();

process.env.DATABASE_URL = urlFor(name, servingUrl);
process.env.DATABASE_OWNER_URL = urlFor(name);
// Secrets in test databases are encrypted with a key of the test run, never the dev key.
process.env.APP_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
process.env.TEST_DATABASE_NAME = name;
// Bijlagen (the demo seed writes some) go to a store of the file's own, never to .data/files.
const filesDir = mkdtempSync(path.join(os.tmpdir(), 'kindkring-files-'));
process.env.FILES_DIR = filesDir;

afterAll(async () => {
	const { close } = await import('../../src/lib/server/db');
	await close();
	const { closeOwner } = await import('./owner');
	await closeOwner();
	const cleanup = postgres(urlFor('postgres'), { max: 1, onnotice: () => undefined });
	await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
	await cleanup.end();
	rmSync(filesDir, { recursive: true, force: true });
});
