// npm run audit:verify [-- --anchor=<positie>:<hash>] — checks the audit log's hash chain
// (canonical form and hash: src/lib/server/audit-chain.ts) on DATABASE_URL or the embedded
// database. Exit 0: intact; 1: a row was changed or removed (the first one is named);
// 2: the check could not run.
import * as chain from '../src/lib/server/audit-chain';
import * as db from '../src/lib/server/db';

function anchorArgument(): chain.Anchor | undefined {
	const arg = process.argv.slice(2).find((a) => a.startsWith('--anchor='));
	if (!arg) return undefined;
	const match = /^--anchor=(\d+):([0-9a-f]{64})$/.exec(arg);
	if (!match)
		throw new Error('--anchor verwacht <positie>:<hash>, zoals een eerdere controle die gaf.');
	return { seq: Number(match[1]), hash: match[2]! };
}

try {
	const result = await chain.verify(db.sql, anchorArgument());
	if (result.problem) {
		console.error(`Auditlog aangetast: ${chain.describeProblem(result.problem)}`);
		console.error(`${result.checked} posities daarvoor zijn in orde.`);
		process.exitCode = 1;
	} else {
		console.info(`Auditlog intact: ${result.checked} regels in de keten.`);
		if (result.head) {
			console.info(
				`Laatste positie: ${result.head.seq}:${result.head.hash} (bewaar dit buiten de database en geef het later mee als --anchor=${result.head.seq}:${result.head.hash}).`
			);
		}
	}
} catch (error) {
	console.error(`De controle kon niet worden uitgevoerd: ${(error as Error).message}`);
	process.exitCode = 2;
} finally {
	await db.close();
}
