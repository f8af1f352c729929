/**
 * Beheer → Scholen: the schools of the beheerder's organisation, to find the one whose
 * koppeling (verificatiecode) is to be kept. Read-only: schools are not added or changed
 * here. Only a beheerder (the policy's 'manage-koppelingen'), and only schools of their
 * own organisation; every query filters on organisation_id.
 */
import { authorizeOrganisation } from '../access/authorize';
import type { Actor } from '../access/policy';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';

type Db = Sql | TransactionSql;

export interface SchoolSummary {
	id: string;
	name: string;
	brinVestiging: string;
	region: string;
	city: string;
	/** Codes that work and are not being replaced (state 'actief'). */
	activeKoppelingen: number;
}

/** The longest search text that is used; a longer one is cut, not refused. */
export const maxQueryLength = 100;

function likePattern(q: string): string {
	return '%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

/** The organisation's schools by name, those whose name or BRIN + vestiging contains `q`. */
export async function list(sql: Db, actor: Actor, q = ''): Promise<SchoolSummary[]> {
	authorizeOrganisation(actor, 'manage-koppelingen');
	const search = q.trim().slice(0, maxQueryLength);
	const pattern = search ? likePattern(search) : null;
	return sql<SchoolSummary[]>`
		select s.id, s.name, s.brin_vestiging, s.region, s.city,
			(select count(*)::int from intake_koppeling k
				where k.organisation_id = s.organisation_id and k.school_id = s.id
					and k.paused_at is null and k.valid_until is null) as active_koppelingen
		from school s
		where s.organisation_id = ${actor.organisationId}
			${pattern ? sql`and (s.name ilike ${pattern} or s.brin_vestiging ilike ${pattern})` : sql``}
		order by lower(s.name), s.brin_vestiging`;
}

export interface School {
	id: string;
	name: string;
	brinVestiging: string;
	region: string;
	city: string;
}

/** One school of the organisation, or null: an id of another organisation does not exist. */
export async function get(sql: Db, actor: Actor, id: string): Promise<School | null> {
	authorizeOrganisation(actor, 'manage-koppelingen');
	if (!isUuid(id)) return null;
	const [school] = await sql<School[]>`
		select id, name, brin_vestiging, region, city from school
		where organisation_id = ${actor.organisationId} and id = ${id}`;
	return school ?? null;
}
