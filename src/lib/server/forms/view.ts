/**
 * The forms of a hulpvraag as one actor sees them: only the sections the policy lets them
 * read (with their answers), which of those they may write, the approvals with who gave them
 * and when (and those voided by a later change), what is still missing, and the templates
 * they may still attach. Answers of sections they may not read never leave the server.
 */
import { may, type Actor } from '../access/policy';
import type { Sql } from '../db';
import type { Answers, Definition, Prefill } from '$lib/forms/definition';
import { candidates, type Candidate } from './attach';
import {
	formContext,
	formsOfHulpvragen,
	missingOf,
	prefilledFor,
	presentBijlagen,
	sectionFacts,
	sectionOf,
	validApprovals
} from './load';

export interface ApprovalView {
	questionKey: string;
	label: string;
	kind: 'instemming' | 'ondertekening';
	required: boolean;
	given: { signerName: string; approvedAt: Date; via: 'account' | 'link'; version: number } | null;
	voided: { signerName: string; approvedAt: Date; voidedAt: Date; reason: string }[];
	/** The actor may give it now (they write the section). */
	canGive: boolean;
}

export interface SectionView {
	key: string;
	title: string;
	writable: boolean;
	version: number;
	updatedByName: string | null;
	updatedAt: Date | null;
	sharedWithParents: boolean;
	canShare: boolean;
	canGrant: boolean;
	grants: { accountId: string; name: string }[];
	approvals: ApprovalView[];
}

export interface FormView {
	id: string;
	templateName: string;
	purpose: 'formulier' | 'advies';
	version: number;
	definition: Definition;
	attachedAt: Date;
	automatic: boolean;
	/** Answers of the sections the actor reads. */
	answers: Answers;
	sections: SectionView[];
	missing: { text: string; anchor: string }[];
	canDetach: boolean;
}

export interface FormsPage {
	forms: FormView[];
	prefilled: Partial<Record<Prefill, string>>;
	bijlagen: { id: string; name: string }[];
	attachable: { id: string; name: string }[];
	candidates: Candidate[];
	canAttach: boolean;
}

export async function formsPage(sql: Sql, actor: Actor, hulpvraagId: string): Promise<FormsPage> {
	const ctx = (await formContext(sql, actor.organisationId, hulpvraagId))!;
	const [forms, prefilled, bijlagenBy] = await Promise.all([
		formsOfHulpvragen(sql, actor.organisationId, [hulpvraagId]),
		prefilledFor(sql, actor.organisationId, hulpvraagId),
		presentBijlagen(sql, actor.organisationId, [hulpvraagId])
	]);
	const bijlagen = bijlagenBy.get(hulpvraagId) ?? [];
	const present = new Set(bijlagen.map((b) => b.id));
	const canAttach = may(actor, 'attach-form', ctx.hulpvraag).allowed;
	const views: FormView[] = [];
	let anyGrant = false;
	for (const form of forms) {
		const valid = validApprovals(form);
		const sections: SectionView[] = [];
		const readable: Answers = {};
		for (const s of form.definition.sections) {
			const facts = sectionFacts(form, s, ctx);
			if (!may(actor, 'view', facts).allowed) continue;
			const state = sectionOf(form, s.key);
			Object.assign(readable, state.answers);
			const writable = may(actor, 'fill', facts).allowed;
			const canGrant = may(actor, 'grant-form', facts).allowed;
			anyGrant ||= canGrant;
			sections.push({
				key: s.key,
				title: s.title,
				writable,
				version: state.version,
				updatedByName: state.updatedByName,
				updatedAt: state.updatedAt,
				sharedWithParents: state.sharedWithParents,
				canShare: may(actor, 'share-form', facts).allowed,
				canGrant,
				grants: form.grants
					.filter((g) => g.sectionKey === s.key)
					.map((g) => ({ accountId: g.accountId, name: g.name })),
				approvals: s.questions
					.filter((q) => q.type === 'approval')
					.map((q) => {
						const given = valid.get(q.key);
						return {
							questionKey: q.key,
							label: q.label,
							kind: q.approval ?? 'instemming',
							required: q.required,
							given: given
								? {
										signerName: given.signerName,
										approvedAt: given.approvedAt,
										via: given.via,
										version: given.templateVersion
									}
								: null,
							voided: form.approvals
								.filter((a) => a.questionKey === q.key && a.voidedAt)
								.map((a) => ({
									signerName: a.signerName,
									approvedAt: a.approvedAt,
									voidedAt: a.voidedAt!,
									reason: a.voidReason ?? ''
								})),
							canGive: writable && !given
						};
					})
			});
		}
		if (sections.length === 0) continue;
		const shownKeys = new Set(sections.map((s) => s.key));
		const unused =
			[...form.sections.values()].every((s) => s.version === 0) && form.approvals.length === 0;
		views.push({
			id: form.id,
			templateName: form.templateName,
			purpose: form.purpose,
			version: form.version,
			definition: form.definition,
			attachedAt: form.attachedAt,
			automatic: form.automatic,
			answers: readable,
			sections,
			missing: missingOf(form, present)
				.filter((m) => shownKeys.has(m.sectionKey))
				.map((m) => ({
					text:
						m.what === 'approval'
							? `${m.sectionTitle}: ‘${m.question.label}’ ontbreekt nog.`
							: m.what === 'bijlage'
								? `${m.sectionTitle}: de bijlage bij ‘${m.question.label}’ is verwijderd.`
								: `${m.sectionTitle}: ‘${m.question.label}’ is nog niet ingevuld.`,
					anchor: `f-${form.id}-q-${m.question.key}`
				})),
			canDetach: canAttach && unused
		});
	}
	const attached = new Set(forms.map((f) => f.templateId));
	const attachable = canAttach
		? await sql<{ id: string; name: string }[]>`
				select t.id, t.name from form_template t
				where t.organisation_id = ${actor.organisationId} and t.active
					and exists (select 1 from form_template_version v where v.template_id = t.id and v.published_at is not null)
				order by t.name`
		: [];
	return {
		forms: views,
		prefilled,
		bijlagen,
		attachable: attachable.filter((t) => !attached.has(t.id)),
		candidates: anyGrant ? await candidates(sql, actor, ctx, '') : [],
		canAttach
	};
}

/** The forms (or the advice) of a dossier's hulpvragen the actor sees, per hulpvraag. */
export async function dossierForms(
	sql: Sql,
	actor: Actor,
	hulpvragen: readonly { id: string; titel: string; status: string }[],
	purpose: 'formulier' | 'advies'
) {
	return Promise.all(
		hulpvragen.map(async (h) => {
			const page = await formsPage(sql, actor, h.id);
			return {
				...h,
				prefilled: page.prefilled,
				bijlagen: page.bijlagen,
				forms: page.forms.filter((f) => f.purpose === purpose)
			};
		})
	);
}

/**
 * The deskundige's advice on a hulpvraag as the actor reads it, for the hulpvraag's page:
 * one query when the hulpvraag has no advice form (most have none), else its forms page.
 */
export async function adviceOn(sql: Sql, actor: Actor, hulpvraagId: string) {
	const [any] = await sql`
		select 1 from form f join form_template t on t.id = f.template_id
		where f.organisation_id = ${actor.organisationId} and f.hulpvraag_id = ${hulpvraagId}
			and f.detached_at is null and t.purpose = 'advies'
		limit 1`;
	if (!any) return { forms: [], prefilled: {}, bijlagen: [] };
	const page = await formsPage(sql, actor, hulpvraagId);
	return {
		forms: page.forms.filter((f) => f.purpose === 'advies'),
		prefilled: page.prefilled,
		bijlagen: page.bijlagen
	};
}
