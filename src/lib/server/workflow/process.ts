/**
 * Reading an organisation's process: which titles a school may choose, which statuses may
 * follow, what a new hulpvraag starts in. Every query filters on the organisation.
 */
import type { Sql, TransactionSql } from '../db';

export interface Titel {
	id: string;
	name: string;
}

/** Titles for a school of `region`: region-only titles only there, excluded ones not there. */
export async function titlesFor(
	sql: Sql | TransactionSql,
	organisationId: string,
	region: string
): Promise<Titel[]> {
	return sql<Titel[]>`
		select id, name from hulpvraag_titel
		where organisation_id = ${organisationId} and active
			and (cardinality(only_regions) = 0 or ${region} = any(only_regions))
			and not (${region} = any(excluded_regions))
		order by position, name`;
}

export interface StatusOption {
	id: string;
	name: string;
	reasonRequired: boolean;
	voorlopig: boolean;
}

/** The statuses that may follow `fromStatusId` and that an actor with `roles` may set. */
export async function nextStatuses(
	sql: Sql | TransactionSql,
	organisationId: string,
	fromStatusId: string,
	roles: readonly string[]
): Promise<StatusOption[]> {
	const beheerder = roles.includes('beheerder');
	return sql<StatusOption[]>`
		select s.id, s.name, s.reason_required, s.voorlopig from process_transition t
		join process_status s on s.id = t.to_status_id
		where t.organisation_id = ${organisationId} and t.from_status_id = ${fromStatusId} and s.active
			and (${beheerder} or s.settable_by && ${sql.array([...roles])}::text[])
		order by s.position, s.name`;
}

/** The status a new hulpvraag of this title starts in: the title's own, else the default. */
export async function initialStatus(
	sql: Sql | TransactionSql,
	organisationId: string,
	titelId: string
): Promise<string> {
	const [row] = await sql<{ targetStatusId: string }[]>`
		select target_status_id from process_automation
		where organisation_id = ${organisationId} and kind = 'initial_status_from_titel' and active
			and (titel_id = ${titelId} or titel_id is null)
		order by titel_id nulls last limit 1`;
	if (!row) throw new Error('This organisation has no initial status configured');
	return row.targetStatusId;
}
