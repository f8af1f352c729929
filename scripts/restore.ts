// npm run restore -- <map> — puts a backup made by `npm run backup` back: the bijlagen into
// the store (FILES_DIR, or the bucket with FILES_STORE=s3), then the rows into an empty
// database (DATABASE_URL, or the embedded one), then checks every table's row count and
// every file's hash. Exit 0: restored and checked; 1: refused or a check failed (the message
// says which); 2: it could not start.
import { restore, exitCodeFor, folderArgument } from '../src/lib/server/backup';
import * as chain from '../src/lib/server/audit-chain';
import * as db from '../src/lib/server/db';
import { blobs } from '../src/lib/server/files';

const dir = folderArgument('Gebruik: npm run restore -- <map>   (een map van npm run backup)');

try {
	console.info((await db.describe()).description);
	const result = await restore({
		ownerUrl: await db.ownerUrl(),
		store: blobs(),
		dir,
		onProgress: (message) => console.info(message)
	});
	// The restored schema is owned by the role that restored it; give the serving role its
	// rights again (and apply migrations newer than the backup).
	const migrated = await db.migrateDatabase();
	if (migrated.applied.length > 0) console.info(`Toegepast: ${migrated.applied.join(', ')}`);
	const audit = await chain.verify(db.sql);
	if (audit.problem) {
		console.error(`Auditlog in de reservekopie aangetast: ${chain.describeProblem(audit.problem)}`);
		process.exitCode = 1;
	} else {
		const rows = Object.values(result.manifest.tables).reduce((a, b) => a + b, 0);
		console.info(
			`Teruggezet uit ${dir} (gemaakt ${result.manifest.createdAt}): ${rows} rijen en ${result.files} bestanden, alle aantallen en hashes kloppen; auditlog intact (${audit.checked} regels).`
		);
	}
} catch (error) {
	console.error((error as Error).message);
	process.exitCode = exitCodeFor(error);
} finally {
	await db.close();
}
