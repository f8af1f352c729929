/**
 * Beheer → Processen, a status's required forms: a status may be chosen only when the forms
 * of these templates on the hulpvraag are complete and approved (the gate itself is part of
 * the status change). Statuses are shared by all titles, so each required form holds either
 * for all titles or only for the titles chosen (a form of one title's process must not block
 * the others passing the same status). Kept per status as the whole set at once; only
 * templates and titles of the same organisation, and only active ones unless the status
 * already required it (for that title).
 */
import { authorizeOrganisation } from '../access/authorize';
import type { Actor } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';
import { notFound } from './process-common';

type Db = Sql | TransactionSql;

/** A required form: for all titles (`titelIds` null) or for these titles only. */
export interface Requirement {
	templateId: string;
	titelIds: string[] | null;
}

/** The forms a status requires, by template id, each with its titles (sorted). */
export async function requiredForms(
	sql: Db,
	organisationId: string,
	statusId: string
): Promise<Requirement[]> {
	if (!isUuid(statusId)) return [];
	const rows = await sql<{ templateId: string; titelId: string | null }[]>`
		select template_id, titel_id from status_form_requirement
		where organisation_id = ${organisationId} and status_id = ${statusId}
		order by template_id, titel_id nulls first`;
	const out = new Map<string, Requirement>();
	for (const r of rows) {
		const had = out.get(r.templateId);
		if (!had)
			out.set(r.templateId, { templateId: r.templateId, titelIds: r.titelId ? [r.titelId] : null });
		else if (had.titelIds && r.titelId) had.titelIds.push(r.titelId);
	}
	return [...out.values()];
}

/** The templates a status may require: the active ones, and those it requires already. */
export async function choosableForms(
	sql: Db,
	organisationId: string,
	statusId: string
): Promise<{ id: string; name: string; active: boolean }[]> {
	return sql<{ id: string; name: string; active: boolean }[]>`
		select t.id, t.name, t.active from form_template t
		where t.organisation_id = ${organisationId}
			and (t.active or exists (
				select 1 from status_form_requirement r
				where r.template_id = t.id and r.status_id = ${isUuid(statusId) ? statusId : null}))
		order by t.name`;
}

/** The titles a requirement may be limited to: the active ones, and those it names already. */
export async function choosableTitels(
	sql: Db,
	organisationId: string,
	statusId: string
): Promise<{ id: string; name: string; active: boolean }[]> {
	return sql<{ id: string; name: string; active: boolean }[]>`
		select t.id, t.name, t.active from hulpvraag_titel t
		where t.organisation_id = ${organisationId}
			and (t.active or exists (
				select 1 from status_form_requirement r
				where r.titel_id = t.id and r.status_id = ${isUuid(statusId) ? statusId : null}))
		order by t.position, t.name`;
}

export type RequirementResult =
	| { ok: true }
	| { ok: false; reason: 'not-found' }
	| { ok: false; reason: 'invalid'; message: string };

/** The table's rows as text: `template` for all titles, `template@titel` for one title. */
function rowsOf(requirements: Requirement[]): string[] {
	return requirements.flatMap((r) =>
		r.titelIds === null ? [r.templateId] : r.titelIds.map((t) => `${r.templateId}@${t}`)
	);
}

const invalidMessage = (message: string): RequirementResult => ({
	ok: false,
	reason: 'invalid',
	message
});

/**
 * Replaces the forms a status requires; an audit row names the rows added and removed
 * (`template` for all titles, `template@titel` for one title).
 */
export async function saveRequiredForms(
	sql: Sql,
	actor: Actor,
	statusId: string,
	requirements: Requirement[]
): Promise<RequirementResult> {
	authorizeOrganisation(actor, 'manage-processes');
	if (!isUuid(statusId)) return notFound;
	const byTemplate = new Map<string, Requirement>();
	for (const r of requirements) {
		if (byTemplate.has(r.templateId)) continue;
		byTemplate.set(r.templateId, {
			templateId: r.templateId,
			titelIds: r.titelIds === null ? null : [...new Set(r.titelIds)]
		});
	}
	const wanted = [...byTemplate.values()];
	if (wanted.some((r) => !isUuid(r.templateId) || r.titelIds?.some((t) => !isUuid(t)))) {
		return invalidMessage('Kies alleen formulieren en titels uit de lijst.');
	}
	if (wanted.some((r) => r.titelIds?.length === 0)) {
		return invalidMessage(
			'Kies bij een formulier dat alleen voor bepaalde titels geldt ten minste één titel, of kies ‘Alle titels’.'
		);
	}
	const orgId = actor.organisationId;
	return sql.begin(async (tx): Promise<RequirementResult> => {
		const [status] = await tx`
			select 1 from process_status where id = ${statusId} and organisation_id = ${orgId} for update`;
		if (!status) return notFound;
		const before = rowsOf(await requiredForms(tx, orgId, statusId));
		const allowedForms = new Set((await choosableForms(tx, orgId, statusId)).map((t) => t.id));
		if (wanted.some((r) => !allowedForms.has(r.templateId))) {
			return invalidMessage(
				'Kies alleen formulieren uit de lijst: een formulier dat uit staat kan niet.'
			);
		}
		const titels = await choosableTitels(tx, orgId, statusId);
		const allowedTitels = new Set(titels.filter((t) => t.active).map((t) => t.id));
		const after = rowsOf(wanted);
		// A title that is no longer active may stay where it was, but not be added.
		const addedRows = after.filter((row) => !before.includes(row));
		if (addedRows.some((row) => row.includes('@') && !allowedTitels.has(row.split('@')[1]!))) {
			return invalidMessage(
				'Kies alleen titels uit de lijst: een titel die niet actief is kan niet.'
			);
		}
		const removedRows = before.filter((row) => !after.includes(row));
		for (const row of removedRows) {
			const [templateId, titelId] = row.split('@');
			await tx`
				delete from status_form_requirement
				where organisation_id = ${orgId} and status_id = ${statusId}
					and template_id = ${templateId!} and titel_id is not distinct from ${titelId ?? null}::uuid`;
		}
		for (const row of addedRows) {
			const [templateId, titelId] = row.split('@');
			await tx`
				insert into status_form_requirement (organisation_id, status_id, template_id, titel_id)
				values (${orgId}, ${statusId}, ${templateId!}, ${titelId ?? null})`;
		}
		if (addedRows.length > 0 || removedRows.length > 0) {
			await audit.byActor(tx, actor, 'process.status.forms', 'process_status', statusId, {
				added: addedRows.join(','),
				removed: removedRows.join(',')
			});
		}
		return { ok: true };
	});
}
