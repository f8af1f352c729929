/**
 * A status can require forms (Beheer → Processen): it is chosen only when each required form
 * hangs on the hulpvraag, every required question is answered, every bijlage it names is
 * still there (so "the OPP is attached" is a required bijlage question of the form), and
 * every approval it asks is given and still valid. A form required only for some titles is
 * required only of a hulpvraag with one of those titles. Otherwise the change is refused with the
 * list of exactly what is missing, each with a link to the place to fix it.
 */
import type { Sql, TransactionSql } from '../db';
import { formsOfHulpvragen, missingOf, presentBijlagen, validApprovals } from './load';

type Db = Sql | TransactionSql;

export interface MissingItem {
	text: string;
	href: string;
}

export class FormsMissing extends Error {
	constructor(
		readonly statusName: string,
		readonly items: MissingItem[]
	) {
		super(
			`‘${statusName}’ kan pas als de formulieren compleet zijn. Nog nodig: ${items.map((i) => i.text).join(' ')}`
		);
	}
}

/**
 * What the forms `statusId` requires of this hulpvraag (for all titles, or for its title)
 * still lack; empty when none.
 */
export async function missingForStatus(
	sql: Db,
	organisationId: string,
	hulpvraagId: string,
	statusId: string
): Promise<MissingItem[]> {
	const required = await sql<{ templateId: string; name: string }[]>`
		select distinct t.id as template_id, t.name from status_form_requirement r
		join form_template t on t.id = r.template_id
		where r.organisation_id = ${organisationId} and r.status_id = ${statusId}
			and (r.titel_id is null or r.titel_id = (
				select h.titel_id from hulpvraag h
				where h.id = ${hulpvraagId} and h.organisation_id = ${organisationId}))
		order by t.name`;
	if (required.length === 0) return [];
	const forms = await formsOfHulpvragen(sql, organisationId, [hulpvraagId]);
	const bijlagen = new Set(
		((await presentBijlagen(sql, organisationId, [hulpvraagId])).get(hulpvraagId) ?? []).map(
			(b) => b.id
		)
	);
	const page = `/hulpvragen/${hulpvraagId}/formulieren`;
	const items: MissingItem[] = [];
	for (const r of required) {
		const form = forms.find((f) => f.templateId === r.templateId);
		if (!form) {
			items.push({
				text: `Het formulier ‘${r.name}’ hangt nog niet aan de hulpvraag.`,
				href: page
			});
			continue;
		}
		const voided = new Set(
			form.approvals
				.filter((a) => a.voidedAt && !validApprovals(form).has(a.questionKey))
				.map((a) => a.questionKey)
		);
		for (const m of missingOf(form, bijlagen)) {
			const href = `${page}#f-${form.id}-q-${m.question.key}`;
			const where = `‘${r.name}’, ${m.sectionTitle}`;
			const text =
				m.what === 'approval'
					? voided.has(m.question.key)
						? `${where}: ‘${m.question.label}’ is vervallen doordat antwoorden zijn gewijzigd; vraag opnieuw om ${m.question.approval === 'ondertekening' ? 'ondertekening' : 'instemming'}.`
						: `${where}: ‘${m.question.label}’ ontbreekt nog.`
					: m.what === 'bijlage'
						? `${where}: de bijlage bij ‘${m.question.label}’ is verwijderd; kies of voeg haar opnieuw toe.`
						: `${where}: vul ‘${m.question.label}’ in.`;
			items.push({ text, href });
		}
	}
	return items;
}
