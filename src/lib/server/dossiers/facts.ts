/**
 * The facts the access policy decides on, loaded from the database; and the same rule as a
 * SQL condition for lists (the overview cannot ask `may()` a million times). The two are
 * kept equal by a test that compares them for every demo account and hulpvraag.
 */
import { authorize } from '../access/authorize';
import type { Action, Actor, DossierFacts, HulpvraagFacts } from '../access/policy';
import { schoolRoles, swvRoles } from '../access/policy';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';

type Db = Sql | TransactionSql;

/**
 * A school period (alias `p`) that has not ended: no end date, or one of today or later in
 * Europe/Amsterdam. A period that starts later counts too: that school takes the child in.
 */
function notEnded(sql: Db) {
	return sql`(p.end_date is null or p.end_date >= (now() at time zone 'Europe/Amsterdam')::date)`;
}

interface FactsRow {
	id: string;
	dossierId: string;
	organisationId: string;
	schoolId: string | null;
	currentSchoolIds: string[];
	voorlopig: boolean;
	parentVisible: boolean;
	endsVoorschoolAccess: boolean;
	closesAttachments: boolean;
	parentEmails: string[];
	voorschoolAccountIds: string[];
	voorschoolAccessEnded: boolean;
}

export type HulpvraagFactsWithIds = HulpvraagFacts & { id: string; dossierId: string };

function toFacts(row: FactsRow): HulpvraagFactsWithIds {
	return {
		type: 'hulpvraag',
		id: row.id,
		dossierId: row.dossierId,
		organisationId: row.organisationId,
		schoolId: row.schoolId,
		currentSchoolIds: row.currentSchoolIds,
		status: {
			voorlopig: row.voorlopig,
			parentVisible: row.parentVisible,
			endsVoorschoolAccess: row.endsVoorschoolAccess,
			closesAttachments: row.closesAttachments
		},
		parentEmails: row.parentEmails,
		voorschoolAccountIds: row.voorschoolAccountIds,
		voorschoolAccessEnded: row.voorschoolAccessEnded
	};
}

/** Hulpvragen of the organisation with these ids, or of these dossiers. */
function factsQuery(sql: Db, organisationId: string, by: 'id' | 'dossier', ids: readonly string[]) {
	const list = sql`any(${sql.array([...ids])}::uuid[])`;
	const condition = by === 'id' ? sql`h.id = ${list}` : sql`h.dossier_id = ${list}`;
	return sql<FactsRow[]>`
		select h.id, h.dossier_id, h.organisation_id, h.school_id,
			array(select distinct p.school_id from school_period p
				where p.dossier_id = h.dossier_id and ${notEnded(sql)}) as current_school_ids,
			s.voorlopig, s.parent_visible, s.ends_voorschool_access, s.closes_attachments,
			coalesce((select array_agg(lower(p.email)) from dossier_parent_email p
				where p.dossier_id = h.dossier_id), '{}') as parent_emails,
			coalesce((select array_agg(l.account_id) from hulpvraag_link l
				where l.hulpvraag_id = h.id and l.role = 'voorschool'), '{}') as voorschool_account_ids,
			h.voorschool_access_ended_at is not null as voorschool_access_ended
		from hulpvraag h join process_status s on s.id = h.status_id
		where h.organisation_id = ${organisationId}
			and ${condition}
		order by h.created_at`;
}

/** Facts of one hulpvraag of the organisation, or undefined (then: 404). */
export async function hulpvraagFacts(
	sql: Db,
	organisationId: string,
	hulpvraagId: string
): Promise<HulpvraagFactsWithIds | undefined> {
	return (await hulpvraagFactsFor(sql, organisationId, [hulpvraagId])).get(hulpvraagId);
}

/**
 * Facts of many hulpvragen at once (one query, for lists), by id; unknown ids are absent. An
 * id that is no uuid names nothing (and must not reach SQL as a cast error).
 */
export async function hulpvraagFactsFor(
	sql: Db,
	organisationId: string,
	hulpvraagIds: readonly string[]
): Promise<Map<string, HulpvraagFactsWithIds>> {
	const ids = [...new Set(hulpvraagIds.filter(isUuid))];
	if (ids.length === 0) return new Map();
	const rows = await factsQuery(sql, organisationId, 'id', ids);
	return new Map(rows.map((r) => [r.id, toFacts(r)]));
}

/** Facts of one dossier of the organisation, or undefined (then: 404). */
export async function dossierFacts(
	sql: Db,
	organisationId: string,
	dossierId: string
): Promise<DossierFacts | undefined> {
	return (await dossierFactsFor(sql, organisationId, [dossierId])).get(dossierId);
}

/**
 * The facts of a hulpvraag read in the change's own transaction, after the policy allowed
 * `action` on them (else `NotAllowed`, also for one that does not exist).
 */
export async function authorizedHulpvraag(
	tx: TransactionSql,
	actor: Actor,
	action: Action,
	hulpvraagId: string
): Promise<HulpvraagFactsWithIds> {
	const facts = await hulpvraagFacts(tx, actor.organisationId, hulpvraagId);
	authorize(actor, action, facts);
	return facts;
}

/** The same for a dossier. */
export async function authorizedDossier(
	tx: TransactionSql,
	actor: Actor,
	action: Action,
	dossierId: string
): Promise<DossierFacts> {
	const facts = await dossierFacts(tx, actor.organisationId, dossierId);
	authorize(actor, action, facts);
	return facts;
}

/** Facts of many dossiers at once (three queries, for lists), by id; unknown ids are absent. */
export async function dossierFactsFor(
	sql: Db,
	organisationId: string,
	dossierIds: readonly string[]
): Promise<Map<string, DossierFacts>> {
	const ids = [...new Set(dossierIds.filter(isUuid))];
	const out = new Map<string, DossierFacts>();
	if (ids.length === 0) return out;
	const dossiers = await sql<{ id: string; createdBy: string | null; schoolIds: string[] }[]>`
		select d.id, d.created_by,
			array(select distinct p.school_id from school_period p
				where p.dossier_id = d.id and ${notEnded(sql)}) as school_ids
		from dossier d where d.organisation_id = ${organisationId} and d.id = any(${sql.array(ids)}::uuid[])`;
	if (dossiers.length === 0) return out;
	// Only the dossiers found in the organisation: the rest of the ids name nothing.
	const found = dossiers.map((d) => d.id);
	const hulpvragen = (await factsQuery(sql, organisationId, 'dossier', found)).map(toFacts);
	const parents = await sql<{ dossierId: string; emails: string[] }[]>`
		select dossier_id, array_agg(lower(email)) as emails from dossier_parent_email
		where dossier_id = any(${sql.array(found)}::uuid[]) group by dossier_id`;
	for (const d of dossiers) {
		out.set(d.id, {
			type: 'dossier',
			organisationId,
			schoolIds: d.schoolIds,
			parentEmails: parents.find((p) => p.dossierId === d.id)?.emails ?? [],
			hulpvragen: hulpvragen.filter((h) => h.dossierId === d.id),
			createdBy: d.createdBy
		});
	}
	return out;
}

/**
 * The hulpvragen (alias `h`, status alias `s`) an actor may view, as a SQL condition: the
 * policy's `view` rule for hulpvragen, for staff lists. Parents have their own view.
 *
 * School staff view every hulpvraag their school asked: with full access while the child
 * has a school period there that has not ended, read-only after it ended. Both are `view`,
 * so the list needs no period condition; what differs (writes, other bijlagen, the dossier)
 * the detail pages ask `may()`.
 */
export function visibleHulpvragen(sql: Db, actor: Actor) {
	const roles = actor.roles;
	if (roles.includes('beheerder')) return sql`true`;
	const parts = [];
	if (roles.some((r) => schoolRoles.includes(r)) && actor.schoolIds.length > 0) {
		// One school (most school users) as plain equality: then the overview walks the
		// school's index newest first instead of sorting all its hulpvragen.
		parts.push(
			actor.schoolIds.length === 1
				? sql`h.school_id = ${actor.schoolIds[0]!}`
				: sql`h.school_id = any(${sql.array([...actor.schoolIds])}::uuid[])`
		);
	}
	if (roles.some((r) => swvRoles.includes(r))) {
		parts.push(sql`not s.voorlopig`);
	}
	if (roles.includes('voorschool')) {
		parts.push(sql`(exists (select 1 from hulpvraag_link l
			where l.hulpvraag_id = h.id and l.account_id = ${actor.accountId} and l.role = 'voorschool')
			and h.voorschool_access_ended_at is null)`);
	}
	if (parts.length === 0) return sql`false`;
	const any = parts.reduce((acc, part) => sql`${acc} or ${part}`);
	return sql`(${any})`;
}
