/**
 * Reading the forms of a hulpvraag: each with the template version it was started on, its
 * sections' answers and versions, who was given write access by name, and its approvals;
 * the policy's facts per section; what is still missing; and the hash an approval covers.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { FormSectionFacts, HulpvraagFacts } from '../access/resources';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';
import { hulpvraagFactsWithViewers } from '../overlegronde/round';
import {
	answered,
	holdsAnswer,
	questionsOf,
	shown,
	type Answers,
	type Definition,
	type Prefill,
	type Question,
	type Section
} from '$lib/forms/definition';

type Db = Sql | TransactionSql;

export interface SectionState {
	answers: Answers;
	version: number;
	updatedBy: string | null;
	updatedByName: string | null;
	updatedAt: Date | null;
	sharedWithParents: boolean;
}

export interface Grant {
	sectionKey: string;
	accountId: string;
	name: string;
}

export interface Approval {
	id: string;
	sectionKey: string;
	questionKey: string;
	kind: 'instemming' | 'ondertekening';
	accountId: string | null;
	signerName: string;
	via: 'account' | 'link';
	templateVersion: number;
	answersHash: string;
	approvedAt: Date;
	voidedAt: Date | null;
	voidReason: string | null;
}

export interface Form {
	id: string;
	organisationId: string;
	hulpvraagId: string;
	templateId: string;
	templateName: string;
	purpose: 'formulier' | 'advies';
	versionId: string;
	version: number;
	definition: Definition;
	attachedAt: Date;
	automatic: boolean;
	sections: Map<string, SectionState>;
	grants: Grant[];
	approvals: Approval[];
}

interface FormRow {
	id: string;
	organisationId: string;
	hulpvraagId: string;
	templateId: string;
	templateName: string;
	purpose: 'formulier' | 'advies';
	versionId: string;
	version: number;
	definition: Definition;
	attachedAt: Date;
	automatic: boolean;
}

const emptySection: SectionState = {
	answers: {},
	version: 0,
	updatedBy: null,
	updatedByName: null,
	updatedAt: null,
	sharedWithParents: false
};

/** Forms (not taken off) of the organisation, by form ids or by hulpvraag ids. */
async function formsWhere(
	sql: Db,
	organisationId: string,
	by: 'form' | 'hulpvraag',
	ids: readonly string[]
): Promise<Form[]> {
	const list = [...new Set(ids.filter(isUuid))];
	if (list.length === 0) return [];
	const condition =
		by === 'form'
			? sql`f.id = any(${sql.array(list)}::uuid[])`
			: sql`f.hulpvraag_id = any(${sql.array(list)}::uuid[])`;
	const rows = await sql<FormRow[]>`
		select f.id, f.organisation_id, f.hulpvraag_id, f.template_id, t.name as template_name,
			t.purpose, v.id as version_id, v.version, v.definition, f.attached_at, f.automatic
		from form f
		join form_template t on t.id = f.template_id
		join form_template_version v on v.id = f.template_version_id
		where f.organisation_id = ${organisationId} and f.detached_at is null and ${condition}
		order by f.attached_at, t.name`;
	if (rows.length === 0) return [];
	const formIds = rows.map((r) => r.id);
	const [sections, grants, approvals] = await Promise.all([
		sql<(SectionState & { formId: string; sectionKey: string })[]>`
			select s.form_id, s.section_key, s.answers, s.version, s.updated_by,
				a.display_name as updated_by_name, s.updated_at, s.shared_with_parents
			from form_section s left join account a on a.id = s.updated_by
			where s.form_id = any(${sql.array(formIds)}::uuid[])`,
		sql<(Grant & { formId: string })[]>`
			select g.form_id, g.section_key, g.account_id, a.display_name as name
			from form_grant g join account a on a.id = g.account_id
			where g.form_id = any(${sql.array(formIds)}::uuid[])
			order by g.granted_at`,
		sql<(Approval & { formId: string })[]>`
			select p.id, p.form_id, p.section_key, p.question_key, p.kind, p.account_id, p.signer_name,
				p.via, v.version as template_version, p.answers_hash, p.approved_at, p.voided_at, p.void_reason
			from form_approval p join form_template_version v on v.id = p.template_version_id
			where p.form_id = any(${sql.array(formIds)}::uuid[])
			order by p.approved_at`
	]);
	return rows.map((r) => ({
		...r,
		sections: new Map(
			sections
				.filter((s) => s.formId === r.id)
				.map(({ formId: _, sectionKey, ...s }) => [sectionKey, s])
		),
		grants: grants.filter((g) => g.formId === r.id),
		approvals: approvals.filter((a) => a.formId === r.id)
	}));
}

export async function formById(sql: Db, organisationId: string, formId: string) {
	return (await formsWhere(sql, organisationId, 'form', [formId]))[0];
}

export function formsOfHulpvragen(
	sql: Db,
	organisationId: string,
	hulpvraagIds: readonly string[]
) {
	return formsWhere(sql, organisationId, 'hulpvraag', hulpvraagIds);
}

export function sectionOf(form: Form, key: string): SectionState {
	return form.sections.get(key) ?? emptySection;
}

/** All answers of the form, every section together (question keys are unique per template). */
export function allAnswers(form: Form): Answers {
	const out: Answers = {};
	for (const s of form.sections.values()) Object.assign(out, s.answers);
	return out;
}

/** The hulpvraag's facts for its forms: the policy's, with who is its aanvrager and coördinator. */
export interface FormContext {
	hulpvraag: HulpvraagFacts & { id: string; dossierId: string };
	aanvragerId: string | null;
	coordinatorId: string | null;
}

export async function formContext(
	sql: Db,
	organisationId: string,
	hulpvraagId: string,
	now = new Date()
): Promise<FormContext | undefined> {
	const hulpvraag = await hulpvraagFactsWithViewers(sql, organisationId, hulpvraagId, now);
	if (!hulpvraag) return undefined;
	const [row] = await sql<{ aanvragerId: string | null; coordinatorId: string | null }[]>`
		select aanvrager_id, coordinator_id from hulpvraag
		where organisation_id = ${organisationId} and id = ${hulpvraagId}`;
	return {
		hulpvraag,
		aanvragerId: row?.aanvragerId ?? null,
		coordinatorId: row?.coordinatorId ?? null
	};
}

export function sectionFacts(form: Form, section: Section, ctx: FormContext): FormSectionFacts {
	return {
		type: 'form-section',
		hulpvraag: ctx.hulpvraag,
		aanvragerId: ctx.aanvragerId,
		coordinatorId: ctx.coordinatorId,
		writers: section.writers,
		readers: section.readers,
		grantedIds: form.grants.filter((g) => g.sectionKey === section.key).map((g) => g.accountId),
		grantable: section.grantable,
		shareableWithParents: section.shareableWithParents,
		sharedWithParents: sectionOf(form, section.key).sharedWithParents
	};
}

/**
 * The answers an approval covers, as one canonical text: every shown question that holds an
 * answer, in template order, with the template version. Its SHA-256 is stored with the
 * approval; when it no longer matches, the approval is void.
 */
export function answersHash(form: Form, answers = allAnswers(form)): string {
	const all = questionsOf(form.definition);
	const covered: [string, unknown][] = [];
	for (const s of form.definition.sections) {
		for (const q of s.questions) {
			if (!holdsAnswer(q) || !shown(q, all, answers)) continue;
			covered.push([q.key, answers[q.key] ?? null]);
		}
	}
	const canonical = JSON.stringify({ version: form.versionId, answers: covered });
	return encodeHexLowerCase(sha256(new TextEncoder().encode(canonical)));
}

/** The approvals not voided, per approval question. */
export function validApprovals(form: Form): Map<string, Approval> {
	const out = new Map<string, Approval>();
	for (const a of form.approvals) if (!a.voidedAt) out.set(a.questionKey, a);
	return out;
}

export interface Missing {
	sectionKey: string;
	sectionTitle: string;
	question: Question;
	/** 'answer': a required answer; 'bijlage': the bijlage it names was removed; 'approval'. */
	what: 'answer' | 'bijlage' | 'approval';
}

/**
 * What the form still lacks: required shown questions without an answer, bijlage answers
 * naming a bijlage that is no longer there, and approval questions without a valid approval.
 */
export function missingOf(form: Form, presentBijlagen: ReadonlySet<string>): Missing[] {
	const answers = allAnswers(form);
	const all = questionsOf(form.definition);
	const approvals = validApprovals(form);
	const out: Missing[] = [];
	for (const s of form.definition.sections) {
		for (const q of s.questions) {
			if (!shown(q, all, answers)) continue;
			const at = { sectionKey: s.key, sectionTitle: s.title, question: q };
			if (q.type === 'approval') {
				if (q.required && !approvals.has(q.key)) out.push({ ...at, what: 'approval' });
				continue;
			}
			if (!holdsAnswer(q)) continue;
			const value = answers[q.key];
			if (q.type === 'bijlage' && answered(value) && !presentBijlagen.has(String(value))) {
				out.push({ ...at, what: 'bijlage' });
			} else if (q.required && !answered(value)) {
				out.push({ ...at, what: 'answer' });
			}
		}
	}
	return out;
}

/** Bijlagen of these hulpvragen that have not been removed: what bijlage answers may name. */
export async function presentBijlagen(
	sql: Db,
	organisationId: string,
	hulpvraagIds: readonly string[]
): Promise<Map<string, { id: string; name: string }[]>> {
	const rows = await sql<{ id: string; hulpvraagId: string; name: string }[]>`
		select id, hulpvraag_id, display_name as name from bijlage
		where organisation_id = ${organisationId} and removed_at is null
			and hulpvraag_id = any(${sql.array([...hulpvraagIds])}::uuid[])
		order by added_at desc`;
	const out = new Map<string, { id: string; name: string }[]>();
	for (const r of rows) out.set(r.hulpvraagId, [...(out.get(r.hulpvraagId) ?? []), r]);
	return out;
}

/** What prefilled questions show: read from the dossier and the hulpvraag's school. */
export async function prefilledFor(
	sql: Db,
	organisationId: string,
	hulpvraagId: string
): Promise<Partial<Record<Prefill, string>>> {
	const [row] = await sql<
		{
			roepnaam: string;
			tussenvoegsel: string;
			achternaam: string;
			geboortedatum: string;
			school: string | null;
			brin: string | null;
		}[]
	>`
		select d.roepnaam, d.tussenvoegsel, d.achternaam, d.geboortedatum::text as geboortedatum,
			s.name as school, s.brin_vestiging as brin
		from hulpvraag h join dossier d on d.id = h.dossier_id
		left join school s on s.id = h.school_id
		where h.organisation_id = ${organisationId} and h.id = ${hulpvraagId}`;
	if (!row) return {};
	const [y, m, d] = row.geboortedatum.split('-');
	return {
		naam: [row.roepnaam, row.tussenvoegsel, row.achternaam].filter(Boolean).join(' '),
		geboortedatum: `${d}-${m}-${y}`,
		...(row.school ? { school: row.school } : {}),
		...(row.brin ? { brin: `${row.brin.slice(0, 4)} ${row.brin.slice(4)}` } : {})
	};
}
