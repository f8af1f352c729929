/**
 * What the server does once before it answers requests: refuse to run in production
 * without its settings, say which database is in use, migrate, in development fill an
 * empty (or demo) database with demo data, and start the mail sender and periodic jobs.
 */
import {
	databaseRoles,
	invalidSettings,
	jobsPollMs,
	mailFrom,
	missingProductionSettings,
	setProduction
} from './config';
import * as db from './db';
import * as files from './files';
import { S3Store } from './files/s3-store';
import { removeStale } from './files/store';
import * as jobs from './jobs';
import { log } from './log';
import * as sender from './mail/sender';

export class StartupError extends Error {}

export async function run({ dev }: { dev: boolean }): Promise<void> {
	setProduction(!dev);
	const wrong = [...(dev ? [] : missingProductionSettings()), ...invalidSettings()];
	if (wrong.length > 0) {
		const lines = wrong.map((s) => `${s.name} ${s.problem ?? 'ontbreekt'}: ${s.why}`);
		const where = dev ? '' : ' in productie';
		throw new StartupError(`Kindkring start niet${where}. ${lines.join(' ')}`);
	}
	let pollMs: number;
	try {
		pollMs = jobsPollMs();
	} catch (error) {
		throw new StartupError(`Kindkring start niet. ${(error as Error).message}.`);
	}
	if (!dev && !databaseRoles()) {
		// One role owns the tables and serves: only the trigger keeps audit rows unchanged.
		log.warn(
			'audit log: one database role; set DATABASE_OWNER_URL so the app cannot change audit rows'
		);
	}

	let description: string;
	try {
		description = (await db.describe()).description;
		const result = await db.migrateDatabase();
		if (result.applied.length > 0) log.info({ applied: result.applied }, 'migrations applied');
	} catch (error) {
		throw new StartupError(
			`Kindkring start niet: de database is niet bruikbaar (${(error as Error).message}).`,
			{ cause: error }
		);
	}
	// One line saying which database is in use: readable in a terminal, JSON in production logs.
	if (dev) console.info(description);
	else log.info(description);

	const store = files.blobs();
	log.info({ store: store.kind }, 'files: bijlagen store');
	if (store instanceof S3Store) {
		// Said at once rather than at the first upload; the node still starts (reading pages
		// needs no bucket), and every upload that fails says it again.
		const why = await store.unreachable();
		if (why) log.error({ bucket: store.bucket, reason: why }, 'files: the bucket is not reachable');
		// Each node spools uploads on its own disk; what a crash of this node left there
		// (the crash is why it starts again) goes now, after the same day's grace.
		await removeStale(store.tempDir, Date.now() - 24 * 3600_000);
	}

	// A demo database gets what later versions added to the demo (seeding is idempotent),
	// and the demo logins are printed at every start, not only the first.
	// The demo data is development code: `import.meta.env.DEV` is false in a production
	// build, so the bundler drops this import and no demo name ships.
	if (import.meta.env.DEV && dev) {
		const demo = await import('./demo/seed');
		if (await demo.isDemo(db.sql)) {
			await demo.seed(db.sql);
			console.info(demo.loginsText());
		}
	}

	// Without SMTP_URL (development only) mails stay in the outbox; /dev/mail shows them.
	const smtpUrl = process.env.SMTP_URL;
	if (smtpUrl) {
		const running = sender.start(db.sql, { smtpUrl, fromAddress: mailFrom() });
		process.once('sveltekit:shutdown' as 'beforeExit', () => void running.stop());
	} else if (dev) {
		console.info('Geen SMTP_URL: e-mails staan in de outbox, te lezen op /dev/mail.');
	}

	// Periodic jobs run by the clock, once per due time across all nodes (jobs/scheduler.ts):
	// this node looks at once, so a job that fell due while no node ran starts now.
	const scheduler = jobs.start(db.sql, { pollMs });
	log.info({ node: scheduler.nodeId, pollMs }, 'jobs: scheduler started');
	process.once('sveltekit:shutdown' as 'beforeExit', () => void jobs.stop());
}
