/**
 * The overview "Hulpvragen": search on child name, title, school and coördinator; several
 * statuses at once; school, title and coördinator filters; sort; pages; counts per status.
 * Visibility is the access policy's view rule as SQL (facts.ts), so a list never shows what
 * the detail page would answer 404 for. Filters are remembered per user (preferences.ts).
 */
import { schoolOnly, schoolRoles, swvRoles, type Actor } from '../access/policy';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';
import { visibleHulpvragen } from './facts';
import { coordinators } from './hulpvraag';

type Db = Sql | TransactionSql;

export const sortOrders = ['gewijzigd', 'datum', 'naam', 'status'] as const;
export type SortOrder = (typeof sortOrders)[number];
export const sortLabels: Record<SortOrder, string> = {
	gewijzigd: 'Laatst gewijzigd',
	datum: 'Datum hulpvraag',
	naam: 'Naam kind (A–Z)',
	status: 'Status'
};

export interface Filters {
	q: string;
	statuses: string[];
	schoolId: string;
	titelId: string;
	coordinatorId: string;
	sort: SortOrder;
}

export const emptyFilters: Filters = {
	q: '',
	statuses: [],
	schoolId: '',
	titelId: '',
	coordinatorId: '',
	sort: 'gewijzigd'
};
export const preferenceKey = 'hulpvragen.filters';
export const pageSize = 25;

const asString = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
const asId = (v: unknown) => (typeof v === 'string' && isUuid(v) ? v : '');

/** Filters from the query string or a stored preference; anything unknown is dropped. */
export function parseFilters(input: {
	q?: unknown;
	status?: unknown;
	school?: unknown;
	titel?: unknown;
	coordinator?: unknown;
	sortering?: unknown;
}): Filters {
	const statuses = (Array.isArray(input.status) ? input.status : [input.status])
		.map(asId)
		.filter(Boolean);
	const sort = asString(input.sortering);
	return {
		q: asString(input.q).slice(0, 100),
		statuses: [...new Set(statuses)].slice(0, 30),
		schoolId: asId(input.school),
		titelId: asId(input.titel),
		coordinatorId: asId(input.coordinator),
		sort: (sortOrders as readonly string[]).includes(sort) ? (sort as SortOrder) : 'gewijzigd'
	};
}

export function toParams(f: Filters): Record<string, string | string[]> {
	return {
		q: f.q,
		status: f.statuses,
		school: f.schoolId,
		titel: f.titelId,
		coordinator: f.coordinatorId,
		sortering: f.sort
	};
}

export function isEmpty(f: Filters): boolean {
	return (
		!f.q &&
		f.statuses.length === 0 &&
		!f.schoolId &&
		!f.titelId &&
		!f.coordinatorId &&
		f.sort === 'gewijzigd'
	);
}

export interface Row {
	id: string;
	dossierId: string;
	roepnaam: string;
	tussenvoegsel: string;
	achternaam: string;
	geboortedatum: string;
	titel: string;
	statusId: string;
	status: string;
	voorlopig: boolean;
	school: string | null;
	coordinator: string | null;
	datum: string;
	updatedAt: Date;
}

export interface StatusCount {
	id: string;
	name: string;
	count: number;
}

export interface Result {
	rows: Row[];
	total: number;
	page: number;
	pages: number;
	statusCounts: StatusCount[];
}

function likePattern(q: string): string {
	return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/** Everything but the status filter and the search: the status counts are taken over this set. */
function baseConditions(sql: Db, actor: Actor, f: Filters) {
	const org = actor.organisationId;
	const parts = [sql`h.organisation_id = ${org}`, visibleHulpvragen(sql, actor)];
	if (f.schoolId) parts.push(sql`h.school_id = ${f.schoolId}`);
	if (f.titelId) parts.push(sql`h.titel_id = ${f.titelId}`);
	if (f.coordinatorId) parts.push(sql`h.coordinator_id = ${f.coordinatorId}`);
	return parts.reduce((acc, p) => sql`${acc} and ${p}`);
}

/**
 * The hulpvragen the list reads from: all, or those of a child, title, school or coördinator
 * matching the search. The matches are looked up first and passed as arrays, so the
 * planner knows how few they are and finds their hulpvragen through the indexes
 * (migration 0007) instead of reading all; `offset 0` keeps it from walking all hulpvragen
 * newest first instead, filtering as it goes, which is slow for a rare name.
 */
async function source(sql: Db, actor: Actor, f: Filters) {
	// Fragments are thenables (awaiting one runs it), hence the wrapping object.
	if (!f.q) return { from: sql`hulpvraag` };
	const org = actor.organisationId;
	const like = likePattern(f.q);
	const [match] = await sql<
		{ dossiers: string[]; titels: string[]; schools: string[]; coordinators: string[] }[]
	>`
		select
			array(select d.id from dossier d where d.organisation_id = ${org} and d.search_name like ${like}) as dossiers,
			array(select t.id from hulpvraag_titel t where t.organisation_id = ${org} and lower(t.name) like ${like}) as titels,
			array(select sc.id from school sc where sc.organisation_id = ${org}
				and (lower(sc.name) like ${like} or lower(sc.brin_vestiging) like ${like})) as schools,
			array(select a.id from account a where a.organisation_id = ${org} and lower(a.display_name) like ${like}) as coordinators`;
	const arms = [
		match!.dossiers.length && sql`h.dossier_id = any(${sql.array(match!.dossiers)}::uuid[])`,
		match!.titels.length && sql`h.titel_id = any(${sql.array(match!.titels)}::uuid[])`,
		match!.schools.length && sql`h.school_id = any(${sql.array(match!.schools)}::uuid[])`,
		match!.coordinators.length &&
			sql`h.coordinator_id = any(${sql.array(match!.coordinators)}::uuid[])`
	].filter((arm) => arm !== 0);
	const matches = arms.length ? arms.reduce((acc, arm) => sql`${acc} or ${arm}`) : sql`false`;
	return {
		from: sql`(select * from hulpvraag h where h.organisation_id = ${org} and (${matches}) offset 0)`
	};
}

/**
 * Whether the counters of migration 0007 (hulpvragen per organisation, status and school)
 * answer the status counts: when nothing but the organisation, the school filter and the
 * visibility rule narrows the set, and that rule looks at school and status only (the
 * voorschool part looks at links and history, so it is counted row by row).
 */
function countable(actor: Actor, f: Filters): boolean {
	return (
		!f.q &&
		!f.titelId &&
		!f.coordinatorId &&
		(actor.roles.includes('beheerder') || !actor.roles.includes('voorschool'))
	);
}

function orderBy(sql: Db, sort: SortOrder) {
	switch (sort) {
		case 'datum':
			return sql`h.datum desc, h.id`;
		case 'naam':
			return sql`d.achternaam, d.roepnaam, h.id`;
		case 'status':
			return sql`s.position, s.name, h.updated_at desc, h.id`;
		default:
			return sql`h.updated_at desc, h.id`;
	}
}

export async function list(sql: Db, actor: Actor, f: Filters, page = 1): Promise<Result> {
	const base = baseConditions(sql, actor, f);
	const { from } = await source(sql, actor, f);
	const statusFilter =
		f.statuses.length > 0 ? sql`and h.status_id = any(${sql.array(f.statuses)}::uuid[])` : sql``;
	// The same conditions on the counters (alias h too) or on the hulpvragen themselves.
	const counts = countable(actor, f)
		? await sql<StatusCount[]>`
			select s.id, s.name, sum(h.n)::int as count
			from hulpvraag_status_count h join process_status s on s.id = h.status_id
			where ${base}
			group by s.id, s.name, s.position having sum(h.n) > 0 order by s.position, s.name`
		: await sql<StatusCount[]>`
			select s.id, s.name, count(*)::int as count
			from ${from} h join process_status s on s.id = h.status_id
			where ${base}
			group by s.id, s.name, s.position order by s.position, s.name`;
	const total = counts
		.filter((c) => f.statuses.length === 0 || f.statuses.includes(c.id))
		.reduce((n, c) => n + c.count, 0);
	const pages = Math.max(1, Math.ceil(total / pageSize));
	const current = Math.min(Math.max(1, Number.isFinite(page) ? Math.floor(page) : 1), pages);
	const rows = await sql<Row[]>`
		select h.id, h.dossier_id, d.roepnaam, d.tussenvoegsel, d.achternaam,
			to_char(d.geboortedatum, 'YYYY-MM-DD') as geboortedatum, t.name as titel, h.status_id,
			s.name as status, s.voorlopig, sc.name as school, c.display_name as coordinator,
			to_char(h.datum, 'YYYY-MM-DD') as datum, h.updated_at
		from ${from} h
		join process_status s on s.id = h.status_id
		join dossier d on d.id = h.dossier_id
		join hulpvraag_titel t on t.id = h.titel_id
		left join school sc on sc.id = h.school_id
		left join account c on c.id = h.coordinator_id
		where ${base} ${statusFilter}
		order by ${orderBy(sql, f.sort)}
		limit ${pageSize} offset ${(current - 1) * pageSize}`;
	return { rows, total, page: current, pages, statusCounts: counts };
}

export interface StatusOption {
	id: string;
	name: string;
	voorlopig: boolean;
	/** Hulpvragen the actor sees in it, over the other filters (from `list`). */
	count: number;
}

/**
 * The statuses the status filter offers: only those a hulpvraag the actor may see can be in,
 * so nobody is offered a status they can never see. A status qualifies when
 * - the actor sees hulpvragen in it now (`counts`, from `list`), or
 * - the process can bring a hulpvraag the actor may see there: reachable along the active
 *   transitions from the beginstatus of a title such a hulpvraag can have, and not hidden by
 *   the visibility rule (facts.ts):
 *   - school staff: the titles their schools' regions allow, every status of them;
 *   - SWV staff: every title, no voorlopig status;
 *   - a voorschoolse contactpersoon: every title, up to the status that ends their access;
 *   - a beheerder: every active status.
 * Roles add up, as in the visibility rule.
 */
export async function statusOptions(
	sql: Db,
	actor: Actor,
	counts: StatusCount[] = []
): Promise<StatusOption[]> {
	const org = actor.organisationId;
	const roles = actor.roles;
	const beheerder = roles.includes('beheerder');
	const school = roles.some((r) => schoolRoles.includes(r)) && actor.schoolIds.length > 0;
	const swv = roles.some((r) => swvRoles.includes(r));
	const voorschool = roles.includes('voorschool');
	const counted = counts.filter((c) => c.count > 0).map((c) => c.id);
	const rows = await sql<{ id: string; name: string; voorlopig: boolean }[]>`
		with recursive
		regions as (
			select coalesce(array_agg(distinct region), '{}') as list from school
			where organisation_id = ${org} and id = any(${sql.array([...actor.schoolIds])}::uuid[])),
		begins as (
			select t.only_regions, t.excluded_regions, coalesce(
				(select a.target_status_id from process_automation a where a.organisation_id = ${org}
					and a.kind = 'initial_status_from_titel' and a.active and a.titel_id = t.id limit 1),
				(select a.target_status_id from process_automation a where a.organisation_id = ${org}
					and a.kind = 'initial_status_from_titel' and a.active and a.titel_id is null limit 1)
			) as status_id
			from hulpvraag_titel t where t.organisation_id = ${org} and t.active),
		seeds (part, id) as (
			select 'school', b.status_id from begins b, regions g
			where ${school} and exists (select 1 from unnest(g.list) as x (region)
				where (cardinality(b.only_regions) = 0 or x.region = any(b.only_regions))
					and not (x.region = any(b.excluded_regions)))
			union select 'swv', b.status_id from begins b where ${swv}
			union select 'voorschool', b.status_id from begins b where ${voorschool}),
		reach (part, id) as (
			select part, id from seeds where id is not null
			union
			select r.part, t.to_status_id from reach r
			join process_status f on f.id = r.id
			join process_transition t on t.organisation_id = ${org} and t.from_status_id = r.id
			join process_status n on n.id = t.to_status_id and n.active
			where not (r.part = 'voorschool' and f.ends_voorschool_access))
		select s.id, s.name, s.voorlopig from process_status s
		where s.organisation_id = ${org} and (
			(s.active and (${beheerder} or exists (select 1 from reach r where r.id = s.id and (
				r.part = 'school'
				or (r.part = 'swv' and not s.voorlopig)
				or (r.part = 'voorschool' and not s.ends_voorschool_access)))))
			or s.id = any(${sql.array(counted)}::uuid[]))
		order by s.position, s.name`;
	const count = new Map(counts.map((c) => [c.id, c.count]));
	return rows.map((r) => ({ ...r, count: count.get(r.id) ?? 0 }));
}

/**
 * The choices of the filter form: the statuses the actor can see (with `counts` from
 * `list`), titles, schools and coördinatoren of the organisation.
 */
export async function filterOptions(sql: Db, actor: Actor, counts: StatusCount[] = []) {
	const org = actor.organisationId;
	const [statuses, titels, schools, coordinatorList] = await Promise.all([
		statusOptions(sql, actor, counts),
		sql<{ id: string; name: string }[]>`
			select id, name from hulpvraag_titel where organisation_id = ${org} and active order by position, name`,
		sql<{ id: string; name: string; brinVestiging: string }[]>`
			select id, name, brin_vestiging from school where organisation_id = ${org}
				and (${!schoolOnly(actor)} or id = any(${sql.array([...actor.schoolIds])}::uuid[]))
			order by name`,
		coordinators(sql, org)
	]);
	return { statuses, titels, schools, coordinators: coordinatorList };
}
