/**
 * What the server does once before it answers requests: refuse to run in production
 * without its settings, say which database is in use, migrate, and in development fill
 * an empty (or demo) database with demo data.
 */
import * as audit from './audit';
import * as session from './auth/session';
import * as throttle from './auth/throttle';
import {
	databaseRoles,
	invalidSettings,
	mailFrom,
	missingProductionSettings,
	setProduction
} from './config';
import * as db from './db';
import * as demo from './demo/seed';
import * as files from './files';
import { S3Store } from './files/s3-store';
import { removeStale } from './files/store';
import { log } from './log';
import * as sender from './mail/sender';
import { sendReminders } from './overlegronde/reminders';

export class StartupError extends Error {}

export async function run({ dev }: { dev: boolean }): Promise<void> {
	setProduction(!dev);
	const wrong = [...(dev ? [] : missingProductionSettings()), ...invalidSettings()];
	if (wrong.length > 0) {
		const lines = wrong.map((s) => `${s.name} ${s.problem ?? 'ontbreekt'}: ${s.why}`);
		const where = dev ? '' : ' in productie';
		throw new StartupError(`Kindkring start niet${where}. ${lines.join(' ')}`);
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
		// needs no bucket), and the check is repeated by every upload that fails.
		const why = await store.unreachable();
		if (why) log.error({ bucket: store.bucket, reason: why }, 'files: the bucket is not reachable');
	}

	// A demo database gets what later versions added to the demo (seeding is idempotent),
	// and the demo logins are printed at every start, not only the first.
	if (dev && (await demo.isDemo(db.sql))) {
		await demo.seed(db.sql);
		console.info(demo.loginsText());
	}

	// Without SMTP_URL (development only) mails stay in the outbox; /dev/mail shows them.
	const smtpUrl = process.env.SMTP_URL;
	if (smtpUrl) {
		const running = sender.start(db.sql, { smtpUrl, fromAddress: mailFrom() });
		process.once('sveltekit:shutdown' as 'beforeExit', () => void running.stop());
	} else if (dev) {
		console.info('Geen SMTP_URL: e-mails staan in de outbox, te lezen op /dev/mail.');
	}

	const cleanup = setInterval(() => {
		void Promise.all([session.deleteExpired(db.sql), throttle.deleteStale(db.sql)]).catch((error) =>
			log.warn({ err: { message: (error as Error).message } }, 'cleanup failed')
		);
	}, 10 * 60_000);
	cleanup.unref();

	// Repeated denied views of a closed minute become their audit row, also when no further
	// request comes; one node at a time (advisory lock), each window once.
	const denials = setInterval(() => {
		audit
			.flushDenials(db.sql, new Date())
			.catch((error) =>
				log.warn({ err: { message: (error as Error).message } }, 'audit: denials flush failed')
			);
	}, audit.denialWindowMs);
	denials.unref();

	// Overlegronde reminders (three days before an end date); each is recorded, so every
	// node may run this and none is sent twice.
	const reminders = setInterval(() => {
		sendReminders(db.sql, new Date()).catch((error) =>
			log.warn({ err: { message: (error as Error).message } }, 'overlegronde reminders failed')
		);
	}, 15 * 60_000);
	reminders.unref();

	// Orphans never go unnoticed: every six hours one node (advisory lock) removes blobs no
	// row references (after a day's grace) and logs rows whose blob is missing.
	const sweep = setInterval(() => void sweepFiles(), 6 * 3600_000);
	sweep.unref();
}

export async function sweepFiles(): Promise<files.FullSweepReport | null> {
	try {
		return await db.sql.begin(async (tx) => {
			const [lock] = await tx<{ ok: boolean }[]>`select pg_try_advisory_xact_lock(72061) as ok`;
			if (!lock?.ok) {
				// With the bucket every node spools uploads on its own disk: each one removes
				// what a crash of its own left there (the disk store's temp files are shared
				// and swept below by the node that holds the lock).
				const store = files.blobs();
				if (store.kind === 's3') await removeStale(store.tempDir, Date.now() - 24 * 3600_000);
				return null;
			}
			const report = await files.sweep(tx);
			log.info(
				{
					removed: report.removed.length,
					temp: report.tempRemoved,
					missing: report.missing.length
				},
				'files: sweep done'
			);
			return report;
		});
	} catch (error) {
		log.warn({ err: { message: (error as Error).message } }, 'files: sweep failed');
		return null;
	}
}
