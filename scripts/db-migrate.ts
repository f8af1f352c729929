// npm run db:migrate — applies pending migrations to DATABASE_URL or the embedded database,
// as DATABASE_OWNER_URL's role when it is set.
import * as db from '../src/lib/server/db';

try {
	console.info((await db.describe()).description);
	const result = await db.migrateDatabase();
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
