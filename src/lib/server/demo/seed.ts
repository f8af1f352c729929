/**
 * Fills a database with the demo data. Idempotent: rows that exist (by organisation code,
 * BRIN+vestiging, username) are left alone, so it can run again after later migrations;
 * demo dossiers only go to an organisation without any dossier.
 */
import { randomUUID } from 'node:crypto';
import * as password from '../auth/password';
import { encrypt } from '../crypto';
import type { Sql, TransactionSql } from '../db';
import { codeHash, codeHint } from '../intake/koppelingen';
import { demoPassword, demoTotpSecret } from './credentials';
import { roleLabels } from '../../roles';
import { accounts, organisations, schools } from './data';
import type { FileStore } from '../files/store';
import { seedArrangements } from './seed-arrangements';
import { seedDossiers } from './seed-dossiers';
import { seedForms } from './forms';
import { seedProcesses } from './seed-processes';

/** Whether this is a demo database: empty, or holding only the demo organisations. */
export async function isDemo(sql: Sql): Promise<boolean> {
	const rows = await sql<{ code: string }[]>`select code from organisation`;
	const demoCodes = new Set(organisations.map((o) => o.code));
	return rows.every((r) => demoCodes.has(r.code));
}

export async function isEmpty(sql: Sql): Promise<boolean> {
	const [row] = await sql<{ count: number }[]>`select count(*)::int as count from organisation`;
	return (row?.count ?? 0) === 0;
}

/**
 * `store`: where the demo bijlagen go; default the blob store in FILES_DIR.
 */
export async function seed(sql: Sql, options: { store?: FileStore } = {}): Promise<void> {
	const passwordHash = await password.hash(demoPassword);
	await sql.begin(async (tx) => {
		for (const o of organisations) {
			await tx`
				insert into organisation (code, name, short_name, helpdesk_text)
				values (${o.code}, ${o.name}, ${o.shortName}, ${o.helpdeskText})
				on conflict (code) do nothing`;
		}
		const orgRows = await tx<{ id: string; code: string }[]>`select id, code from organisation`;
		const orgId = new Map(orgRows.map((r) => [r.code, r.id]));

		for (const s of schools) {
			await tx`
				insert into school (organisation_id, brin_vestiging, name, region, bestuur, city)
				values (${orgId.get(s.organisation)!}, ${s.brinVestiging}, ${s.name}, ${s.region}, ${s.bestuur}, ${s.city})
				on conflict (organisation_id, brin_vestiging) do nothing`;
		}

		for (const a of accounts) {
			const organisationId = orgId.get(a.organisation)!;
			await tx`
				insert into account (organisation_id, username, email, display_name, roles, state, function_title)
				values (${organisationId}, ${a.username}, ${a.email}, ${a.displayName}, ${tx.array(a.roles)}, 'active', ${a.functionTitle})
				on conflict (organisation_id, lower(username)) do nothing`;
			const [row] = await tx<{ id: string; passwordHash: string | null }[]>`
				select id, password_hash from account
				where organisation_id = ${organisationId} and lower(username) = ${a.username.toLowerCase()}`;
			if (!row) continue;
			if (row.passwordHash === null) {
				// Demo accounts are active with a known password and a known TOTP secret.
				await tx`update account set password_hash = ${passwordHash}, password_changed_at = now(), state = 'active'
					where id = ${row.id}`;
				const secretId = randomUUID();
				await tx`
					insert into totp_secret (id, account_id, name, secret_encrypted, state, confirmed_at)
					values (${secretId}, ${row.id}, 'Authenticator-app',
						${encrypt(demoTotpSecret(a.organisation, a.username), `totp:${secretId}`)}, 'active', now())`;
			}
			for (const brin of a.schools) {
				await tx`
					insert into account_school (account_id, school_id)
					select ${row.id}, id from school
					where organisation_id = ${organisationId} and brin_vestiging = ${brin}
					on conflict do nothing`;
			}
		}
		await seedProcesses(tx, orgId);
		await seedDossiers(tx, orgId, options);
		await seedArrangements(tx);
		await seedForms(tx, orgId);
		await seedKoppelingen(tx, orgId);
	});
}

/** The demo school systems' verificatiecodes (fictief), printed with the demo logins. */
export const demoKoppelingen = [
	{ organisation: 'PO2806', brinVestiging: '21XC00', code: '21XC00-demo-koppeling-2026' }
];

async function seedKoppelingen(tx: TransactionSql, orgId: Map<string, string>): Promise<void> {
	for (const k of demoKoppelingen) {
		const organisationId = orgId.get(k.organisation)!;
		await tx`
			insert into intake_koppeling (organisation_id, school_id, label, code_hash, code_hint)
			select ${organisationId}, id, 'Demo-schoolsysteem', ${codeHash(k.code)}, ${codeHint(k.code)}
			from school where organisation_id = ${organisationId} and brin_vestiging = ${k.brinVestiging}
			on conflict (code_hash) do nothing`;
	}
}

export function loginsText(): string {
	const lines = [
		'',
		`Demo-accounts (fictief). Wachtwoord voor allemaal: ${demoPassword}`,
		'Code: npm run totp -- <organisatie> <gebruikersnaam>, bijvoorbeeld npm run totp -- PO2806 lotte.vandam'
	];
	for (const o of organisations) {
		lines.push(`  ${o.code} ${o.name}`);
		for (const a of accounts.filter((x) => x.organisation === o.code)) {
			const roles = a.roles.map((r) => roleLabels[r].toLowerCase()).join(', ');
			lines.push(`    ${a.username.padEnd(18)} ${roles}`);
		}
	}
	lines.push('', 'Koppelingen van schoolsystemen (verificatiecodes, fictief):');
	for (const k of demoKoppelingen) {
		const school = schools.find((s) => s.brinVestiging === k.brinVestiging)?.name ?? '';
		lines.push(`  ${k.organisation} ${school} (${k.brinVestiging}): ${k.code}`);
	}
	lines.push(
		'Een dossier insturen zoals een schoolsysteem: npm run intake:send -- <dossier.xml> [--type "Ambulante Begeleiding"]',
		''
	);
	return lines.join('\n');
}
