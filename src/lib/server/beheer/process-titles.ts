/**
 * Beheer → Processen → Titels: the per-SWV list a school chooses from, with its region
 * limits. Same history rule as statuses (process-common.ts): a title a hulpvraag has is
 * renamed in place or retired, never deleted.
 */
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';
import { authorizeOrganisation } from '../access/authorize';
import type { Actor } from '../access/policy';
import {
	notFound,
	parsePosition,
	unique,
	nameTaken,
	removeUnused,
	type RemoveResult,
	type SaveResult
} from './process-common';

export interface TitelValues {
	name: string;
	onlyRegions: string[];
	excludedRegions: string[];
	position: string;
	active: boolean;
}

export const empty: TitelValues = {
	name: '',
	onlyRegions: [],
	excludedRegions: [],
	position: '0',
	active: true
};

export interface Titel {
	id: string;
	name: string;
	onlyRegions: string[];
	excludedRegions: string[];
	position: number;
	active: boolean;
	inUse: boolean;
}

export function toValues(t: Titel): TitelValues {
	return {
		name: t.name,
		onlyRegions: t.onlyRegions,
		excludedRegions: t.excludedRegions,
		position: String(t.position),
		active: t.active
	};
}

export function fromForm(data: FormData): TitelValues {
	const v = data.get('naam');
	const list = (name: string) =>
		data.getAll(name).filter((x): x is string => typeof x === 'string');
	const position = data.get('volgorde');
	return {
		name: typeof v === 'string' ? v.trim() : '',
		onlyRegions: list('alleen_regio'),
		excludedRegions: list('niet_regio'),
		position: typeof position === 'string' ? position.trim() : '',
		active: data.get('actief') === 'on'
	};
}

export function validateTitel(v: TitelValues, regions: readonly string[]): Record<string, string> {
	const errors: Record<string, string> = {};
	if (!v.name) errors.name = 'Vul de naam van de titel in.';
	else if (v.name.length > 160) errors.name = 'De naam is te lang (ten hoogste 160 tekens).';
	if (v.onlyRegions.some((r) => !regions.includes(r)))
		errors.onlyRegions = 'Kies alleen regio’s uit de lijst.';
	if (v.excludedRegions.some((r) => !regions.includes(r)))
		errors.excludedRegions = 'Kies alleen regio’s uit de lijst.';
	else if (v.excludedRegions.some((r) => v.onlyRegions.includes(r)))
		errors.excludedRegions = 'Een regio kan niet tegelijk ‘alleen’ en ‘niet’ zijn.';
	if (parsePosition(v.position) === null)
		errors.position = 'Vul een heel getal in, bijvoorbeeld 10.';
	return errors;
}

/** The regions of the organisation's schools: what region limits can choose from. */
export async function regions(sql: Sql | TransactionSql, orgId: string): Promise<string[]> {
	const rows = await sql<{ region: string }[]>`
		select distinct region from school where organisation_id = ${orgId} and region <> ''
		order by region`;
	return rows.map((r) => r.region);
}

export async function list(sql: Sql | TransactionSql, orgId: string): Promise<Titel[]> {
	return sql<Titel[]>`
		select t.id, t.name, t.only_regions, t.excluded_regions, t.position, t.active,
			exists (select 1 from hulpvraag h where h.organisation_id = ${orgId} and h.titel_id = t.id) as in_use
		from hulpvraag_titel t
		where t.organisation_id = ${orgId}
		order by t.active desc, t.position, t.name`;
}

export async function get(
	sql: Sql | TransactionSql,
	orgId: string,
	id: string
): Promise<Titel | null> {
	if (!isUuid(id)) return null;
	return (await list(sql, orgId)).find((t) => t.id === id) ?? null;
}

export async function save(
	sql: Sql,
	actor: Actor,
	id: string | null,
	values: TitelValues
): Promise<SaveResult> {
	if (id !== null && !isUuid(id)) return notFound;
	const orgId = actor.organisationId;
	try {
		return await sql.begin(async (tx): Promise<SaveResult> => {
			authorizeOrganisation(actor, 'manage-processes');
			let before: Titel | null = null;
			if (id !== null) {
				const [locked] = await tx`
					select 1 from hulpvraag_titel where id = ${id} and organisation_id = ${orgId} for update`;
				if (!locked) return notFound;
				before = await get(tx, orgId, id);
			}
			// A region no school has any more may stay on a title that already had it.
			const allowed = unique([
				...(await regions(tx, orgId)),
				...(before?.onlyRegions ?? []),
				...(before?.excludedRegions ?? [])
			]);
			const errors = validateTitel(values, allowed);
			if (!errors.name) {
				const [taken] = await tx`
					select 1 from hulpvraag_titel
					where organisation_id = ${orgId} and lower(name) = lower(${values.name})
						and id is distinct from ${id}::uuid`;
				if (taken) errors.name = 'Er is al een titel met deze naam.';
			}
			if (Object.keys(errors).length > 0) return { ok: false, reason: 'invalid', errors };
			const only = unique(values.onlyRegions);
			const excluded = unique(values.excludedRegions);
			const position = parsePosition(values.position)!;
			if (before === null) {
				const [created] = await tx<{ id: string }[]>`
					insert into hulpvraag_titel (organisation_id, name, only_regions, excluded_regions, position, active)
					values (${orgId}, ${values.name}, ${tx.array(only)}, ${tx.array(excluded)}, ${position}, ${values.active})
					returning id`;
				await audit.byActor(tx, actor, 'process.titel.create', 'hulpvraag_titel', created!.id);
				return { ok: true, id: created!.id };
			}
			const same = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();
			const changed = [
				before.name !== values.name && 'name',
				!same(before.onlyRegions, only) && 'only_regions',
				!same(before.excludedRegions, excluded) && 'excluded_regions',
				before.position !== position && 'position',
				before.active !== values.active && 'active'
			].filter((x): x is string => !!x);
			if (changed.length > 0) {
				await tx`
					update hulpvraag_titel set name = ${values.name}, only_regions = ${tx.array(only)},
						excluded_regions = ${tx.array(excluded)}, position = ${position}, active = ${values.active}
					where id = ${before.id} and organisation_id = ${orgId}`;
				await audit.byActor(tx, actor, 'process.titel.update', 'hulpvraag_titel', before.id, {
					changed: changed.join(','),
					...(changed.includes('name') ? { previousName: before.name, name: values.name } : {})
				});
			}
			return { ok: true, id: before.id };
		});
	} catch (e) {
		return nameTaken(e, 'Er is al een titel met deze naam.');
	}
}

/** Deletes a title no hulpvraag has; one in use is refused (retire it instead). */
export function remove(sql: Sql, actor: Actor, id: string): Promise<RemoveResult> {
	return removeUnused(
		sql,
		actor,
		{ table: 'hulpvraag_titel', what: 'titel' },
		id,
		async (tx, orgId) => {
			const [used] = await tx`
				select 1 from hulpvraag where organisation_id = ${orgId} and titel_id = ${id} limit 1`;
			if (used) {
				return 'Deze titel is in gebruik bij een hulpvraag en blijft daarom bewaard. Zet hem op niet actief: dan kunnen scholen hem niet meer kiezen.';
			}
			const [automation] = await tx`
				select 1 from process_automation where organisation_id = ${orgId} and titel_id = ${id}`;
			return automation
				? 'Een automatisering gebruikt deze titel. Verwijder eerst die automatisering, of zet deze titel op niet actief.'
				: null;
		}
	);
}
