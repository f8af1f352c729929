import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Written by serve.ts, read by tests that look into the database behind the app. */
export interface E2eState {
	/** The app's database, as the role the app serves with. */
	databaseUrl: string;
	/** The same database as the owner of its tables (who runs the migrations). */
	ownerUrl: string;
	/** URL of the server's maintenance database, for tests that need a database of their own. */
	serverUrl: string;
	/** The SMTP listener the app sends to. */
	smtpUrl: string;
}

export const statePath = path.resolve('.data/e2e-state.json');

export function readState(): E2eState {
	return JSON.parse(readFileSync(statePath, 'utf8')) as E2eState;
}
