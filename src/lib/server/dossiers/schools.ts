/** Choosing a school by typing its name or BRIN (a datalist: works without JavaScript). */
import { schoolOnly, type Actor } from '../access/policy';
import type { Sql } from '../db';

export interface SchoolChoice {
	id: string;
	name: string;
	brinVestiging: string;
	region: string;
	label: string;
}

/** The schools an actor may pick: school users their own, SWV staff all of the organisation. */
export async function choices(sql: Sql, actor: Actor): Promise<SchoolChoice[]> {
	const rows = await sql<Omit<SchoolChoice, 'label'>[]>`
		select id, name, brin_vestiging, region from school
		where organisation_id = ${actor.organisationId}
			and (${!schoolOnly(actor)} or id = any(${sql.array([...actor.schoolIds])}::uuid[]))
		order by name`;
	return rows.map((r) => ({ ...r, label: `${r.brinVestiging} ${r.name}` }));
}

/** "21XA00 De Regenboog", "21xa00", "De Regenboog" → the school, when exactly one matches. */
export function resolve(options: SchoolChoice[], text: string): SchoolChoice | undefined {
	const t = text.trim().toLowerCase();
	if (!t) return undefined;
	const brin = t.split(/\s+/)[0]!;
	const byBrin = options.filter((o) => o.brinVestiging.toLowerCase() === brin);
	if (byBrin.length === 1) return byBrin[0];
	const byLabel = options.filter((o) => o.label.toLowerCase() === t || o.name.toLowerCase() === t);
	return byLabel.length === 1 ? byLabel[0] : undefined;
}
