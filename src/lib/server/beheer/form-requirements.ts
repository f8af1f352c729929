/**
 * Beheer → Processen, a status's required forms: a status may be chosen only when the forms
 * of these templates on the hulpvraag are complete and approved (the gate itself is part of
 * the status change). Kept per status as the set of template ids; only templates of the
 * same organisation, and only active ones unless the status already required it.
 */
import { authorizeOrganisation } from '../access/authorize';
import type { Actor } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';
import { notFound } from './process-common';

type Db = Sql | TransactionSql;

/** The templates a status requires, by id. */
export async function requiredForms(
	sql: Db,
	organisationId: string,
	statusId: string
): Promise<string[]> {
	if (!isUuid(statusId)) return [];
	const rows = await sql<{ templateId: string }[]>`
		select template_id from status_form_requirement
		where organisation_id = ${organisationId} and status_id = ${statusId}
		order by template_id`;
	return rows.map((r) => r.templateId);
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

export type RequirementResult =
	| { ok: true }
	| { ok: false; reason: 'not-found' }
	| { ok: false; reason: 'invalid'; message: string };

/** Replaces the forms a status requires; an audit row names what was added and removed. */
export async function saveRequiredForms(
	sql: Sql,
	actor: Actor,
	statusId: string,
	templateIds: string[]
): Promise<RequirementResult> {
	authorizeOrganisation(actor, 'manage-processes');
	if (!isUuid(statusId)) return notFound;
	const wanted = [...new Set(templateIds)];
	if (wanted.some((id) => !isUuid(id))) {
		return { ok: false, reason: 'invalid', message: 'Kies alleen formulieren uit de lijst.' };
	}
	const orgId = actor.organisationId;
	return sql.begin(async (tx): Promise<RequirementResult> => {
		const [status] = await tx`
			select 1 from process_status where id = ${statusId} and organisation_id = ${orgId} for update`;
		if (!status) return notFound;
		const before = await requiredForms(tx, orgId, statusId);
		const allowed = new Set((await choosableForms(tx, orgId, statusId)).map((t) => t.id));
		if (wanted.some((id) => !allowed.has(id))) {
			return {
				ok: false,
				reason: 'invalid',
				message: 'Kies alleen formulieren uit de lijst: een formulier dat uit staat kan niet.'
			};
		}
		const added = wanted.filter((id) => !before.includes(id));
		const removed = before.filter((id) => !wanted.includes(id));
		if (removed.length > 0) {
			await tx`
				delete from status_form_requirement
				where organisation_id = ${orgId} and status_id = ${statusId}
					and template_id in ${tx(removed)}`;
		}
		for (const templateId of added) {
			await tx`
				insert into status_form_requirement (organisation_id, status_id, template_id)
				values (${orgId}, ${statusId}, ${templateId})`;
		}
		if (added.length > 0 || removed.length > 0) {
			await audit.byActor(tx, actor, 'process.status.forms', 'process_status', statusId, {
				added: added.join(','),
				removed: removed.join(',')
			});
		}
		return { ok: true };
	});
}
