/**
 * Playwright's web server: the production build (`node build`) on a fresh database of its
 * own, with demo data. Stops the app and the embedded PostgreSQL when Playwright is done.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { Sql } from '../../../src/lib/server/db';
import { migrate } from '../../../src/lib/server/db/migrate';
import * as demo from '../../../src/lib/server/demo/seed';
import { recreateDatabase, servingRole, startTestServer } from '../../support/postgres-server';
import { startSmtp } from '../../support/smtp';
import { mailDir } from './mail';
import { statePath, type E2eState } from './state';

const port = process.env.E2E_PORT;
if (!port)
	throw new Error('E2E_PORT is not set; start the end-to-end tests with `npm run test:e2e`.');

// The same key for seeding (encrypted demo TOTP secrets) and for the app that reads them.
process.env.APP_ENCRYPTION_KEY = randomBytes(32).toString('base64');

const server = await startTestServer();
const database = 'kindkring_e2e';
await recreateDatabase(server, database);
// Two roles, as in production: the app serves as the restricted role, migrations run as the owner.
const databaseUrl = server.servingUrl(database);
const ownerUrl = server.url(database);

// A real SMTP listener; every mail it receives becomes a file the tests read.
rmSync(mailDir, { recursive: true, force: true });
mkdirSync(mailDir, { recursive: true });
let mailCount = 0;
const smtp = await startSmtp((mail) => {
	mailCount++;
	const name = `${Date.now()}-${String(mailCount).padStart(5, '0')}.json`;
	writeFileSync(path.join(mailDir, name), JSON.stringify(mail));
});

const owner = postgres(ownerUrl, { max: 1, transform: postgres.camel, onnotice: () => undefined });
await migrate(owner as unknown as Sql, undefined, { servingRole });
await owner.end();
const sql = postgres(databaseUrl, { max: 1, transform: postgres.camel, onnotice: () => undefined });
await demo.seed(sql as unknown as Sql);
await sql.end();

export const appEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
	...process.env,
	NODE_ENV: 'production',
	HOST: '127.0.0.1',
	PORT: port,
	ORIGIN: `http://localhost:${port}`,
	DATABASE_URL: databaseUrl,
	DATABASE_OWNER_URL: ownerUrl,
	LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
	SMTP_URL: smtp.url,
	MAIL_FROM: 'kindkring@example.nl',
	// Every test comes from 127.0.0.1; the per-address limit has its own integration test.
	LOGIN_LIMIT_PER_ADDRESS: '100000',
	BODY_SIZE_LIMIT: '210M',
	...extra
});

const state: E2eState = {
	databaseUrl,
	ownerUrl,
	serverUrl: server.url('postgres'),
	smtpUrl: smtp.url
};
mkdirSync(path.dirname(statePath), { recursive: true });
writeFileSync(statePath, JSON.stringify(state));

const app = spawn(process.execPath, ['build'], { env: appEnv(), stdio: 'inherit' });

let stopping = false;
async function stop(code: number) {
	if (stopping) return;
	stopping = true;
	if (app.exitCode === null) {
		app.kill('SIGTERM');
		await new Promise((resolve) => app.once('exit', resolve));
	}
	await smtp.stop();
	await server.stop();
	process.exit(code);
}

app.once('exit', (code) => {
	if (!stopping) {
		console.error(`The app exited unexpectedly (code ${code}).`);
		void stop(1);
	}
});
process.once('SIGTERM', () => void stop(0));
process.once('SIGINT', () => void stop(0));
