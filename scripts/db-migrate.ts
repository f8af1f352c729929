// npm run db:migrate — applies pending migrations to DATABASE_URL or the embedded database.
import * as db from '../src/lib/server/db';
import { migrate } from '../src/lib/server/db/migrate';

try {
	console.info((await db.describe()).description);
	const result = await migrate(db.sql);
	console.info(
		result.applied.length > 0
			? `Toegepast: ${result.applied.join(', ')}`
			: `Niets te doen: alle ${result.skipped} migraties zijn al toegepast.`
	);
} catch (error) {
	console.error((error as Error).message);
	process.exitCode = 1;
} finally {
	await db.close();
}
