/**
 * Kengetallen: figures over the organisation's hulpvragen for SWV staff, the directeur and
 * beheerders. Which hulpvragen count is the policy's (`view-kengetallen`,
 * `kengetallenScope`): SWV staff never count a voorlopig one, the directeur counts only
 * those of their own schools. Every query filters on the organisation and on that scope,
 * then on the chosen period (the hulpvraag's datum), school and title.
 *
 * Doorlooptijd runs from the aanmelding (the hulpvraag's creation) to the first time it
 * reached a final status; the time per status runs from entering a status to the next
 * change, so a stay that has not ended yet does not count. Both ends are kept as the
 * history is written (`afgerond_at`, `left_at`: migration 0021), so no figure reads the
 * history itself. Both in days, as median and
 * 90th percentile (percentile_cont: interpolated between the two nearest values).
 */
import { schoolYearEnd, type TlvCategory } from '../../arrangements';
import { authorizeOrganisation, NotAllowed } from '../access/authorize';
import { kengetallenScope, type Actor } from '../access/policy';
import type { Sql, TransactionSql } from '../db';
import { amsterdamDate } from '../overlegronde/dates';
import type { Filters } from './input';

type Db = Sql | TransactionSql;

export interface Option {
	id: string;
	name: string;
}

export interface SchoolOption extends Option {
	brinVestiging: string;
	region: string;
}

export interface Count {
	/** The status, title or school id; null for hulpvragen without a school. */
	id: string | null;
	name: string;
	count: number;
}

export interface Spread {
	/** How many values the median and percentile are taken over. */
	count: number;
	/** Days, or null when there is nothing to take them over. */
	median: number | null;
	p90: number | null;
}

export interface StatusSpread extends Spread {
	id: string;
	name: string;
}

export interface TlvCount {
	category: TlvCategory;
	count: number;
	/** Its einddatum falls within the current school year (1 August to 31 July). */
	endingThisSchoolYear: number;
}

export interface Figures {
	total: number;
	/** Voorlopig hulpvragen are left out (SWV staff without another role that counts them). */
	withoutVoorlopig: boolean;
	/** Only the actor's own schools count (a directeur). */
	ownSchoolsOnly: boolean;
	perStatus: Count[];
	perTitel: Count[];
	perSchool: Count[];
	perRegion: { region: string; count: number }[];
	/** Per month of the datum, "YYYY-MM", oldest first, months without hulpvragen included. */
	perMonth: { month: string; count: number }[];
	arrival: { direct: number; intake: number };
	doorlooptijd: Spread;
	perStatusDuration: StatusSpread[];
	tlvs: TlvCount[];
	schoolYear: { start: string; end: string };
}

export interface Options {
	schools: SchoolOption[];
	titels: Option[];
}

/** Invalid filters: a school or title that is not among the actor's options. */
export class InvalidFilter extends Error {
	constructor(readonly errors: Record<string, string>) {
		super('invalid kengetallen filter');
		this.name = 'InvalidFilter';
	}
}

function scopeOf(actor: Actor) {
	authorizeOrganisation(actor, 'view-kengetallen');
	return kengetallenScope(actor);
}

/** The schools and titles the actor may filter on (a directeur: their own schools). */
export async function options(sql: Db, actor: Actor): Promise<Options> {
	const scope = scopeOf(actor);
	const org = actor.organisationId;
	const everySchool = scope.all || scope.notVoorlopig;
	const [schools, titels] = await Promise.all([
		sql<SchoolOption[]>`
			select id, name, brin_vestiging, region from school
			where organisation_id = ${org}
				and (${everySchool}::boolean or id = any(${sql.array([...scope.schoolIds])}::uuid[]))
			order by name, brin_vestiging`,
		sql<Option[]>`
			select id, name from hulpvraag_titel where organisation_id = ${org}
			order by position, name`
	]);
	return { schools, titels };
}

/** The hulpvragen the figures count: the organisation, the actor's scope, the filters. */
function counted(sql: Db, actor: Actor, f: Filters) {
	const scope = kengetallenScope(actor);
	const parts = [sql`h.organisation_id = ${actor.organisationId}`];
	if (!scope.all) {
		const any = [];
		if (scope.notVoorlopig) any.push(sql`not s.voorlopig`);
		if (scope.schoolIds.length > 0) {
			any.push(sql`h.school_id = any(${sql.array([...scope.schoolIds])}::uuid[])`);
		}
		parts.push(any.length ? sql`(${any.reduce((a, b) => sql`${a} or ${b}`)})` : sql`false`);
	}
	if (f.van) parts.push(sql`h.datum >= ${f.van}::date`);
	if (f.tot) parts.push(sql`h.datum <= ${f.tot}::date`);
	if (f.schoolId) parts.push(sql`h.school_id = ${f.schoolId}`);
	if (f.titelId) parts.push(sql`h.titel_id = ${f.titelId}`);
	return parts.reduce((a, b) => sql`${a} and ${b}`);
}

/** The months from `first` to `last` ("YYYY-MM"), both included. */
export function monthsBetween(first: string, last: string): string[] {
	const out: string[] = [];
	let y = Number(first.slice(0, 4));
	let m = Number(first.slice(5, 7));
	const end = last.slice(0, 7);
	for (let i = 0; i < 1200; i++) {
		const month = `${y}-${String(m).padStart(2, '0')}`;
		out.push(month);
		if (month >= end) break;
		m = m === 12 ? 1 : m + 1;
		if (m === 1) y++;
	}
	return out;
}

const days = (v: number | string | null) => (v === null ? null : Number(v));

/**
 * The figures for the actor over the filtered hulpvragen; `NotAllowed` for an actor without
 * kengetallen, `InvalidFilter` for a school or title the actor may not choose.
 */
export async function figures(
	sql: Sql,
	actor: Actor,
	f: Filters,
	now = new Date()
): Promise<Figures & { options: Options }> {
	const scope = scopeOf(actor);
	const opts = await options(sql, actor);
	const errors: Record<string, string> = {};
	if (f.schoolId && !opts.schools.some((s) => s.id === f.schoolId)) {
		errors.school = 'Kies een school uit de lijst.';
	}
	if (f.titelId && !opts.titels.some((t) => t.id === f.titelId)) {
		errors.titel = 'Kies een titel uit de lijst.';
	}
	if (Object.keys(errors).length > 0) throw new InvalidFilter(errors);

	const org = actor.organisationId;
	const where = counted(sql, actor, f);
	const today = amsterdamDate(now);
	const yearEnd = schoolYearEnd(today);
	const yearStart = `${Number(yearEnd.slice(0, 4)) - 1}-08-01`;

	// A percentile sorts its values: in memory, not on disk, for a big organisation.
	const sorted = <T>(query: (tx: TransactionSql) => Promise<T>) =>
		sql.begin(async (tx) => {
			await tx`set local work_mem = '64MB'`;
			return query(tx);
		}) as Promise<T>;

	const [groups, doorloop, stays, tlvs, statuses] = await Promise.all([
		// One pass for every count: a grouping set per figure; `g` tells which.
		sql<{ g: number; key: string | null; intake: boolean | null; n: number }[]>`
			select grouping(h.status_id, h.titel_id, h.school_id, m.month, i.intake) as g,
				coalesce(h.status_id::text, h.titel_id::text, h.school_id::text, m.month) as key,
				i.intake, count(*)::int as n
			from hulpvraag h
			join process_status s on s.id = h.status_id
			cross join lateral (select to_char(h.datum, 'YYYY-MM') as month) m
			cross join lateral (select h.id in (select a.hulpvraag_id from intake_aanvraag a
				where a.organisation_id = ${org}) as intake) i
			where ${where}
			group by grouping sets ((h.status_id), (h.titel_id), (h.school_id), (m.month), (i.intake))`,
		sorted(
			(tx) => tx<{ n: number; median: number | null; p90: number | null }[]>`
				select count(*)::int as n,
					percentile_cont(0.5) within group (order by d.days) as median,
					percentile_cont(0.9) within group (order by d.days) as p90
				from hulpvraag h
				join process_status s on s.id = h.status_id
				cross join lateral (
					select greatest(0, extract(epoch from h.afgerond_at - h.created_at) / 86400) as days
				) d
				where ${counted(tx, actor, f)} and h.afgerond_at is not null`
		),
		sorted(
			(tx) => tx<{ id: string; n: number; median: number | null; p90: number | null }[]>`
				select c.to_status_id as id, count(*)::int as n,
					percentile_cont(0.5) within group (order by d.days) as median,
					percentile_cont(0.9) within group (order by d.days) as p90
				from hulpvraag h
				join process_status s on s.id = h.status_id
				join status_change c on c.hulpvraag_id = h.id and c.left_at is not null
					and c.organisation_id = ${org}
				cross join lateral (
					select greatest(0, extract(epoch from c.left_at - c.changed_at) / 86400) as days
				) d
				where ${counted(tx, actor, f)}
				group by c.to_status_id`
		),
		sql<TlvCount[]>`
			select x.category, count(*)::int as count,
				(count(*) filter (where x.einddatum between ${yearStart}::date and ${yearEnd}::date))::int
					as ending_this_school_year
			from tlv x
			join hulpvraag h on h.id = x.hulpvraag_id
			join process_status s on s.id = h.status_id
			where x.organisation_id = ${org} and ${where}
			group by x.category`,
		sql<(Option & { voorlopig: boolean })[]>`
			select id, name, voorlopig from process_status where organisation_id = ${org}
			order by position, name`
	]);

	const bits = { status: 15, titel: 23, school: 27, month: 29, intake: 30 } as const;
	const of = (g: number) => groups.filter((r) => r.g === g);
	type Group = { key: string | null; n: number };
	const named = (rows: readonly Group[], names: Map<string, string>, none: string): Count[] =>
		rows
			.map((r) => ({
				id: r.key,
				name: r.key === null ? none : (names.get(r.key) ?? r.key),
				count: r.n
			}))
			.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'nl'));

	const statusNames = new Map(statuses.map((s) => [s.id, s.name]));
	const statusOrder = new Map(statuses.map((s, i) => [s.id, i]));
	const schoolById = new Map(opts.schools.map((s) => [s.id, s]));
	// The directeur's options are their schools; SWV staff and beheerders have them all.
	const schoolNames = new Map(opts.schools.map((s) => [s.id, `${s.name} (${s.brinVestiging})`]));

	const perStatus = of(bits.status)
		.map((r) => ({ id: r.key, name: statusNames.get(r.key!) ?? '', count: r.n }))
		.sort((a, b) => statusOrder.get(a.id!)! - statusOrder.get(b.id!)!);
	const perSchool = named(of(bits.school), schoolNames, 'Zonder school');
	const regions = new Map<string, number>();
	for (const s of perSchool) {
		const region = (s.id && schoolById.get(s.id)?.region) || 'Zonder regio';
		regions.set(region, (regions.get(region) ?? 0) + s.count);
	}
	const monthCounts = new Map(of(bits.month).map((r) => [r.key!, r.n]));
	const known = [...monthCounts.keys()].sort();
	const months =
		known.length === 0
			? []
			: monthsBetween(f.van && f.van < known[0]! ? f.van : known[0]!, known.at(-1)!);
	const arrival = { direct: 0, intake: 0 };
	for (const r of of(bits.intake)) arrival[r.intake ? 'intake' : 'direct'] = r.n;

	return {
		options: opts,
		total: arrival.direct + arrival.intake,
		withoutVoorlopig: !scope.all && scope.notVoorlopig && scope.schoolIds.length === 0,
		ownSchoolsOnly: !scope.all && !scope.notVoorlopig,
		perStatus,
		perTitel: named(of(bits.titel), new Map(opts.titels.map((t) => [t.id, t.name])), ''),
		perSchool,
		perRegion: [...regions]
			.map(([region, count]) => ({ region, count }))
			.sort((a, b) => b.count - a.count || a.region.localeCompare(b.region, 'nl')),
		perMonth: months.map((month) => ({ month, count: monthCounts.get(month) ?? 0 })),
		arrival,
		doorlooptijd: {
			count: doorloop[0]?.n ?? 0,
			median: days(doorloop[0]?.median ?? null),
			p90: days(doorloop[0]?.p90 ?? null)
		},
		perStatusDuration: stays
			.map((r) => ({
				id: r.id,
				name: statusNames.get(r.id) ?? '',
				count: r.n,
				median: days(r.median),
				p90: days(r.p90)
			}))
			.sort((a, b) => statusOrder.get(a.id)! - statusOrder.get(b.id)!),
		tlvs: (['laag', 'midden', 'hoog'] as const).map(
			(category) =>
				tlvs.find((t) => t.category === category) ?? {
					category,
					count: 0,
					endingThisSchoolYear: 0
				}
		),
		schoolYear: { start: yearStart, end: yearEnd }
	};
}

export { NotAllowed };
