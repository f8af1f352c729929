// npm run totp -- <organisation> <username>: prints the current code of a demo account.
import * as totp from '../src/lib/server/auth/totp';
import { decrypt } from '../src/lib/server/crypto';
import * as db from '../src/lib/server/db';

const [organisation, username] = process.argv.slice(2);
if (!organisation || !username) {
	console.error(
		'Gebruik: npm run totp -- <organisatie> <gebruikersnaam>, bijvoorbeeld PO2806 lotte.vandam'
	);
	process.exit(2);
}
try {
	const rows = await db.sql<{ id: string; secretEncrypted: string; name: string }[]>`
		select t.id, t.secret_encrypted, t.name from totp_secret t
		join account a on a.id = t.account_id join organisation o on o.id = a.organisation_id
		where o.code = ${organisation.toUpperCase()} and lower(a.username) = ${username.toLowerCase()}
			and t.state = 'active'
		order by t.created_at`;
	if (rows.length === 0) {
		console.error(`Geen actieve authenticator gevonden voor ${username} bij ${organisation}.`);
		process.exitCode = 1;
	}
	const secondsLeft = totp.period - (Math.floor(Date.now() / 1000) % totp.period);
	for (const row of rows) {
		const code = totp.generate(decrypt(row.secretEncrypted, `totp:${row.id}`));
		console.info(`${code}  (${row.name}, nog ${secondsLeft} s geldig)`);
	}
} finally {
	await db.close();
}
