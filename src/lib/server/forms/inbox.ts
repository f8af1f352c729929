/**
 * "Formulieren": the forms waiting for the actor — a section they write that still misses a
 * required answer, or an approval they may give that is not (or no longer) given — on
 * hulpvragen they see whose status is not final, newest first. Candidates come from one
 * query (forms naming the actor, or on hulpvragen the actor sees); the policy then decides
 * per section, as on the form page itself.
 */
import { may, type Actor } from '../access/policy';
import type { Sql } from '../db';
import { hulpvraagFactsFor, visibleHulpvragen } from '../dossiers/facts';
import { formsOfHulpvragen, missingOf, presentBijlagen, sectionFacts } from './load';

export interface Waiting {
	formId: string;
	hulpvraagId: string;
	templateName: string;
	titel: string;
	school: string | null;
	/** What the actor is asked: fill these sections, give these approvals. */
	fill: string[];
	approve: string[];
}

const limit = 300;

type Row = {
	hulpvraagId: string;
	aanvragerId: string | null;
	coordinatorId: string | null;
	titel: string;
	school: string | null;
};

/** Hulpvragen with forms whose status is not final, newest first, among `where`. */
function candidates(sql: Sql, actor: Actor, where: ReturnType<Sql>) {
	return sql<Row[]>`
		select distinct on (h.updated_at, h.id) h.id as hulpvraag_id, h.aanvrager_id, h.coordinator_id,
			t.name as titel, sc.name as school
		from form f
		join hulpvraag h on h.id = f.hulpvraag_id
		join process_status s on s.id = h.status_id
		join hulpvraag_titel t on t.id = h.titel_id
		left join school sc on sc.id = h.school_id
		where f.organisation_id = ${actor.organisationId} and f.detached_at is null and not s.final
			and ${where}
		order by h.updated_at desc, h.id
		limit ${limit}`;
}

export async function waitingFor(sql: Sql, actor: Actor): Promise<Waiting[]> {
	const rows = await candidates(
		sql,
		actor,
		sql`(${visibleHulpvragen(sql, actor)}
			or exists (select 1 from form_grant g where g.form_id = f.id and g.account_id = ${actor.accountId}))`
	);
	return waitingAmong(sql, actor, rows);
}

/**
 * The same for a parent, among the hulpvragen of their children they see (Mijn kind lists
 * them): the sections they write and the signatures they give, still open.
 */
export async function waitingForParent(
	sql: Sql,
	actor: Actor,
	hulpvraagIds: readonly string[]
): Promise<Waiting[]> {
	if (hulpvraagIds.length === 0) return [];
	const rows = await candidates(
		sql,
		actor,
		sql`h.id = any(${sql.array([...hulpvraagIds])}::uuid[])`
	);
	return waitingAmong(sql, actor, rows);
}

async function waitingAmong(sql: Sql, actor: Actor, rows: Row[]): Promise<Waiting[]> {
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.hulpvraagId);
	const [facts, forms, bijlagen] = await Promise.all([
		hulpvraagFactsFor(sql, actor.organisationId, ids),
		formsOfHulpvragen(sql, actor.organisationId, ids),
		presentBijlagen(sql, actor.organisationId, ids)
	]);
	const out: Waiting[] = [];
	for (const r of rows) {
		const hulpvraag = facts.get(r.hulpvraagId);
		if (!hulpvraag) continue;
		const ctx = { hulpvraag, aanvragerId: r.aanvragerId, coordinatorId: r.coordinatorId };
		const present = new Set((bijlagen.get(r.hulpvraagId) ?? []).map((b) => b.id));
		for (const form of forms.filter((f) => f.hulpvraagId === r.hulpvraagId)) {
			const missing = missingOf(form, present);
			const fill = new Set<string>();
			const approve = new Set<string>();
			for (const m of missing) {
				const section = form.definition.sections.find((s) => s.key === m.sectionKey)!;
				if (!may(actor, 'fill', sectionFacts(form, section, ctx)).allowed) continue;
				if (m.what === 'approval') approve.add(m.question.label);
				else fill.add(section.title);
			}
			if (fill.size || approve.size) {
				out.push({
					formId: form.id,
					hulpvraagId: r.hulpvraagId,
					templateName: form.templateName,
					titel: r.titel,
					school: r.school,
					fill: [...fill],
					approve: [...approve]
				});
			}
		}
	}
	return out;
}
