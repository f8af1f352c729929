/**
 * "Rechten inzien": for an account, which hulpvragen (and so which dossiers) it can see and
 * why; for a dossier, which accounts can see it and why. Decided by the one policy on the
 * same facts the pages use, never by a second set of rules, so what is listed is what
 * happens. For beheerders of the organisation only; exportable as CSV.
 */
import { full } from '../../child-name';
import { whoOf, type Actor } from '../access/actor';
import { authorizeOrganisation } from '../access/authorize';
import { may } from '../access/policy';
import { schoolIdsOf } from '../auth/session';
import type { Sql } from '../db';
import { dossierFacts, hulpvraagFactsFor } from '../dossiers/facts';
import { isUuid } from '../ids';
import * as rounds from '../overlegronde/round';

const batch = 1000;

export interface SeenHulpvraag {
	hulpvraagId: string;
	dossierId: string;
	kind: string;
	titel: string;
	status: string;
	school: string;
	reason: string;
}

async function who(sql: Sql, organisationId: string, accountId: string) {
	if (!isUuid(accountId)) return undefined;
	const [row] = await sql<
		{ id: string; organisationId: string; roles: string[]; schoolIds: string[]; email: string }[]
	>`
		select a.id, a.organisation_id, a.roles, a.email, ${schoolIdsOf(sql, 'a')} as school_ids
		from account a where a.id = ${accountId} and a.organisation_id = ${organisationId}`;
	return row ? whoOf(row) : undefined;
}

/** What `accountId` sees, hulpvraag by hulpvraag, with the policy's reason; undefined: no such account. */
export async function ofAccount(
	sql: Sql,
	actor: Actor,
	accountId: string
): Promise<SeenHulpvraag[] | undefined> {
	authorizeOrganisation(actor, 'manage-accounts');
	const target = await who(sql, actor.organisationId, accountId);
	if (!target) return undefined;
	const seen: SeenHulpvraag[] = [];
	let after = '00000000-0000-0000-0000-000000000000';
	for (;;) {
		const rows = await sql<
			{
				id: string;
				dossierId: string;
				roepnaam: string;
				tussenvoegsel: string;
				achternaam: string;
				titel: string;
				status: string;
				school: string | null;
			}[]
		>`
			select h.id, h.dossier_id, d.roepnaam, d.tussenvoegsel, d.achternaam, t.name as titel,
				s.name as status, sc.name as school
			from hulpvraag h join dossier d on d.id = h.dossier_id
			join hulpvraag_titel t on t.id = h.titel_id join process_status s on s.id = h.status_id
			left join school sc on sc.id = h.school_id
			where h.organisation_id = ${actor.organisationId} and h.id > ${after}
			order by h.id limit ${batch}`;
		if (rows.length === 0) break;
		const facts = await hulpvraagFactsFor(
			sql,
			actor.organisationId,
			rows.map((r) => r.id)
		);
		for (const r of rows) {
			const f = facts.get(r.id);
			const decision = f ? may(target, 'view', f) : undefined;
			if (!decision?.allowed) continue;
			seen.push({
				hulpvraagId: r.id,
				dossierId: r.dossierId,
				kind: full(r),
				titel: r.titel,
				status: r.status,
				school: r.school ?? '',
				reason: decision.reason
			});
		}
		after = rows[rows.length - 1]!.id;
	}
	// An overlegronde shares its hulpvraag with its participants, apart from the rules above.
	const shared = await sql<{ id: string }[]>`
		select o.id from overlegronde o join overlegronde_participant p on p.overlegronde_id = o.id
		where o.organisation_id = ${actor.organisationId} and p.account_id = ${accountId}
			and p.removed_at is null`;
	for (const { id } of shared) {
		const round = await rounds.facts(sql, actor.organisationId, id, new Date());
		if (!round || seen.some((x) => x.hulpvraagId === round.round.hulpvraagId)) continue;
		const decision = may(target, 'view', round.facts);
		if (!decision.allowed) continue;
		const [h] = await sql<
			{
				dossierId: string;
				roepnaam: string;
				tussenvoegsel: string;
				achternaam: string;
				titel: string;
				status: string;
				school: string | null;
			}[]
		>`
			select h.dossier_id, d.roepnaam, d.tussenvoegsel, d.achternaam, t.name as titel,
				s.name as status, sc.name as school
			from hulpvraag h join dossier d on d.id = h.dossier_id
			join hulpvraag_titel t on t.id = h.titel_id join process_status s on s.id = h.status_id
			left join school sc on sc.id = h.school_id where h.id = ${round.round.hulpvraagId}`;
		if (!h) continue;
		seen.push({
			hulpvraagId: round.round.hulpvraagId,
			dossierId: h.dossierId,
			kind: full(h),
			titel: h.titel,
			status: h.status,
			school: h.school ?? '',
			reason: `overlegronde ‘${round.round.onderwerp}’: ${decision.reason}`
		});
	}
	return seen.sort(
		(a, b) => a.kind.localeCompare(b.kind, 'nl') || a.titel.localeCompare(b.titel, 'nl')
	);
}

export interface Viewer {
	accountId: string;
	displayName: string;
	username: string;
	roles: string[];
	reason: string;
}

/** Who sees the dossier, with the policy's reason; undefined: no such dossier. */
export async function ofDossier(
	sql: Sql,
	actor: Actor,
	dossierId: string
): Promise<Viewer[] | undefined> {
	authorizeOrganisation(actor, 'manage-accounts');
	if (!isUuid(dossierId)) return undefined;
	const facts = await dossierFacts(sql, actor.organisationId, dossierId);
	if (!facts) return undefined;
	const accounts = await sql<
		{
			id: string;
			organisationId: string;
			displayName: string;
			username: string;
			roles: string[];
			schoolIds: string[];
			email: string;
		}[]
	>`
		select a.id, a.organisation_id, a.display_name, a.username, a.roles, a.email,
			${schoolIdsOf(sql, 'a')} as school_ids
		from account a where a.organisation_id = ${actor.organisationId} and a.state = 'active'
		order by a.display_name`;
	return accounts.flatMap((a) => {
		const decision = may(whoOf(a), 'view', facts);
		return decision.allowed
			? [
					{
						accountId: a.id,
						displayName: a.displayName,
						username: a.username,
						roles: a.roles,
						reason: decision.reason
					}
				]
			: [];
	});
}

/** A CSV for Dutch spreadsheets: `;` between fields, a BOM, every field quoted when needed. */
export function csv(header: string[], rows: string[][]): string {
	const field = (value: string) => {
		// A leading = + - @ would be a formula in a spreadsheet: make it text.
		const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
		return /[";\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
	};
	return '\uFEFF' + [header, ...rows].map((r) => r.map(field).join(';')).join('\r\n') + '\r\n';
}
