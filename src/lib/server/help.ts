/**
 * The login help wizard's server side: the exact authenticator label to look for, the
 * organisation's helpdesk, and a self-service new activation link.
 */
import * as account from './account';
import * as totp from './auth/totp';
import * as throttle from './auth/throttle';
import type { Sql } from './db';

export interface HelpOrganisation {
	code: string;
	name: string;
	shortName: string;
	helpdeskText: string;
}

export async function organisationByCode(sql: Sql, code: string): Promise<HelpOrganisation | null> {
	const [row] = await sql<HelpOrganisation[]>`
		select code, name, short_name, helpdesk_text from organisation where code = ${code}`;
	return row ?? null;
}

/** What the entry in the authenticator app is called: issuer and label. */
export function entryLabel(org: Pick<HelpOrganisation, 'shortName'>, username: string) {
	return { issuer: totp.issuer, label: totp.label(org.shortName, username.trim()) };
}

/**
 * Sends a new activation link when organisation, username and e-mail belong to an account
 * that is not activated yet. The caller always shows the same answer, whatever happened.
 */
export async function requestActivationLink(
	sql: Sql,
	input: {
		organisationCode: string;
		username: string;
		email: string;
		ipHash: string | null;
		origin: string;
	}
): Promise<void> {
	if (input.ipHash) {
		const limit = await throttle.hit(sql, `activation:ip:${input.ipHash}`, 10, 3600);
		if (!limit.allowed) return;
	}
	const [row] = await sql<{ id: string; organisationId: string }[]>`
		select a.id, a.organisation_id from account a join organisation o on o.id = a.organisation_id
		where o.code = ${input.organisationCode} and lower(a.username) = ${throttle.usernameKey(input.username)}
			and lower(a.email) = ${input.email.trim().toLowerCase()} and a.state = 'pending'`;
	if (!row) return;
	const perAccount = await throttle.hit(sql, `activation:account:${row.id}`, 3, 3600);
	if (!perAccount.allowed) return;
	await sql.begin((tx) =>
		account.resendActivation(tx, row.id, row.organisationId, {
			origin: input.origin,
			actorId: null,
			ipHash: input.ipHash
		})
	);
}
