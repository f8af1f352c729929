// npm run db:seed — migrates, then adds the demo organisations, schools and accounts.
import * as db from '../src/lib/server/db';
import * as demo from '../src/lib/server/demo/seed';

try {
	console.info((await db.describe()).description);
	await db.migrateDatabase();
	await demo.seed(db.sql);
	console.info('Demodata staat klaar.');
	console.info(demo.loginsText());
} catch (error) {
	console.error((error as Error).message);
	process.exitCode = 1;
} finally {
	await db.close();
}
