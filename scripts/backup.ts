// npm run backup -- <map> — a consistent backup of the database (DATABASE_URL, or the
// embedded one) and the bijlagen into a new, empty folder. Exit 0: complete; 1: the backup
// failed and says why; 2: it could not start (no matching pg_dump, no database).
import { backup, exitCodeFor, folderArgument } from '../src/lib/server/backup';
import * as db from '../src/lib/server/db';
import { blobs } from '../src/lib/server/files';

const dir = folderArgument('Gebruik: npm run backup -- <map>   (een nieuwe of lege map)');

try {
	console.info((await db.describe()).description);
	const result = await backup({
		ownerUrl: await db.ownerUrl(),
		store: blobs(),
		dir,
		onProgress: (message) => console.info(message)
	});
	const rows = Object.values(result.manifest.tables).reduce((a, b) => a + b, 0);
	const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
	console.info(
		`Reservekopie klaar in ${dir}: ${rows} rijen in ${Object.keys(result.manifest.tables).length} tabellen (${mb(result.dumpBytes)} MB), ${result.manifest.files.length} bestanden (${mb(result.fileBytes)} MB).`
	);
} catch (error) {
	console.error((error as Error).message);
	process.exitCode = exitCodeFor(error);
} finally {
	await db.close();
}
