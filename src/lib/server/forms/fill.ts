/**
 * Filling a form: a section is saved on its own, stating the version it saw, so two writers
 * on different sections never overwrite each other and the second of two on the same section
 * gets `Conflict`. The policy decides per section who writes it ('fill'); a save that carries
 * an answer to a question outside what the actor may write is refused whole and audited.
 * Answers are checked per question type; hidden questions (their condition does not hold)
 * keep no answer. A save that changes what an approval covered voids that approval, in the
 * same transaction, visibly. An approval or signature records who, when, the template
 * version and the hash of the answers approved. A save or an approval the policy refuses is
 * audited ('form.write.refused'), like every refused write.
 */
import { isCalendarDate } from '../../calendar-date';
import { authorize, NotAllowed } from '../access/authorize';
import type { Actor } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';
import { tooLongMessage } from '../input';
import { enqueue } from '../mail/outbox';
import { compose } from '../mail/templates';
import {
	holdsAnswer,
	limits,
	questionsOf,
	shown,
	type Answer,
	type Answers,
	type Question,
	type Section
} from '$lib/forms/definition';
import {
	allAnswers,
	answersHash,
	formById,
	formContext,
	missingOf,
	presentBijlagen,
	sectionFacts,
	validApprovals,
	type Form,
	type FormContext
} from './load';

export class Invalid extends Error {
	constructor(
		readonly errors: Record<string, string>,
		message = 'Controleer de gemarkeerde vragen. Er is niets opgeslagen.'
	) {
		super(message);
	}
}

export class Conflict extends Error {
	constructor(readonly by: string | null) {
		super(
			`${by ?? 'Iemand anders'} heeft dit onderdeel intussen opgeslagen. Uw antwoorden zijn niet opgeslagen: open het formulier opnieuw en vul ze dan in.`
		);
	}
}

/** The fields a section form sends: `q.<key>` per question, a list for multiple choice. */
export type Fields = Record<string, string | string[]>;

const number = /^-?\d{1,12}([.,]\d{1,4})?$/;

/** One question's field as its answer, or a Dutch message. Undefined: no answer. */
export function readAnswer(
	q: Question,
	raw: string | string[] | undefined,
	bijlagen: ReadonlySet<string>
): { value?: Answer; error?: string } {
	const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
	const one = (list[0] ?? '').trim();
	switch (q.type) {
		case 'text':
		case 'textarea': {
			const max = q.type === 'text' ? limits.text : limits.textarea;
			if (one.length > max) return { error: tooLongMessage(one.length, max) };
			return one ? { value: one } : {};
		}
		case 'number':
			if (!one) return {};
			return number.test(one)
				? { value: Number(one.replace(',', '.')) }
				: { error: 'Vul een getal in, bijvoorbeeld 12 of 3,5.' };
		case 'date':
			if (!one) return {};
			return isCalendarDate(one) ? { value: one } : { error: 'Vul een geldige datum in.' };
		case 'choice':
			if (!one) return {};
			return q.options.includes(one) ? { value: one } : { error: 'Kies een van de mogelijkheden.' };
		case 'multi': {
			const chosen = [...new Set(list.map((s) => s.trim()).filter(Boolean))];
			if (chosen.some((c) => !q.options.includes(c)))
				return { error: 'Kies uit de mogelijkheden.' };
			return chosen.length ? { value: q.options.filter((o) => chosen.includes(o)) } : {};
		}
		case 'yesno':
			if (!one) return {};
			return one === 'ja' || one === 'nee' ? { value: one === 'ja' } : { error: 'Kies ja of nee.' };
		case 'bijlage':
			if (!one) return {};
			return bijlagen.has(one)
				? { value: one }
				: { error: 'Kies een bijlage van deze hulpvraag (of voeg haar eerst toe bij Bijlagen).' };
		default:
			return {};
	}
}

function sectionByKey(form: Form, key: string): Section | undefined {
	return form.definition.sections.find((s) => s.key === key);
}

async function loadForFill(tx: TransactionSql, actor: Actor, formId: string, sectionKey: string) {
	const form = isUuid(formId) ? await formById(tx, actor.organisationId, formId) : undefined;
	if (!form) throw new NotAllowed('fill', 'formulier bestaat niet');
	const ctx = await formContext(tx, actor.organisationId, form.hulpvraagId);
	const section = sectionByKey(form, sectionKey);
	if (!ctx || !section) throw new NotAllowed('fill', 'onderdeel bestaat niet');
	return { form, ctx, section };
}

export interface SaveInput {
	formId: string;
	sectionKey: string;
	/** The section version the actor's page showed. */
	version: number;
	fields: Fields;
}

/** A save carried answers the actor may not write: refused whole, and audited. */
export class WriteRefused extends NotAllowed {
	constructor(readonly questions: string[]) {
		super('fill', `geen schrijfrecht op ${questions.join(', ')}`);
	}
}

export async function saveSection(sql: Sql, actor: Actor, input: SaveInput): Promise<number> {
	try {
		return await sql.begin((tx) => save(tx, actor, input));
	} catch (e) {
		await auditRefusal(sql, actor, input, e, null);
		throw e;
	}
}

/**
 * A write the policy refused (a save, or an approval or signature) as an audit row. Recorded
 * after the rollback, so the refusal stays in the log.
 */
async function auditRefusal(
	sql: Sql,
	actor: Actor,
	input: { formId: string; sectionKey: string },
	e: unknown,
	question: string | null
): Promise<void> {
	if (!(e instanceof NotAllowed) || !isUuid(input.formId)) return;
	const questions = e instanceof WriteRefused ? e.questions.join(',') : question;
	await audit.byActor(sql, actor, 'form.write.refused', 'form', input.formId, {
		section: input.sectionKey.slice(0, 40),
		questions: questions?.slice(0, 400) ?? null,
		reason: e.reason.slice(0, 200)
	});
}

async function save(tx: TransactionSql, actor: Actor, input: SaveInput): Promise<number> {
	const { form, ctx, section } = await loadForFill(tx, actor, input.formId, input.sectionKey);
	authorize(actor, 'fill', sectionFacts(form, section, ctx));
	const own = new Set(section.questions.filter(holdsAnswer).map((q) => q.key));
	const sent = Object.keys(input.fields)
		.filter((k) => k.startsWith('q.'))
		.map((k) => k.slice(2));
	const outside = sent.filter((k) => !own.has(k));
	if (outside.length) throw new WriteRefused(outside);

	await tx`
		insert into form_section (form_id, section_key) values (${form.id}, ${section.key})
		on conflict do nothing`;
	const [row] = await tx<{ version: number; answers: Answers; by: string | null }[]>`
		select s.version, s.answers, a.display_name as by
		from form_section s left join account a on a.id = s.updated_by
		where s.form_id = ${form.id} and s.section_key = ${section.key} for update of s`;
	if (row!.version !== input.version) throw new Conflict(row!.by);

	const bijlagen = new Set(
		(
			(await presentBijlagen(tx, actor.organisationId, [form.hulpvraagId])).get(form.hulpvraagId) ??
			[]
		).map((b) => b.id)
	);
	const errors: Record<string, string> = {};
	const next: Answers = {};
	for (const q of section.questions) {
		if (!holdsAnswer(q)) continue;
		const read = readAnswer(q, input.fields[`q.${q.key}`], bijlagen);
		if (read.error) errors[`q.${q.key}`] = read.error;
		else if (read.value !== undefined) next[q.key] = read.value;
	}
	if (Object.keys(errors).length) throw new Invalid(errors);
	// Hidden questions keep no answer; conditions may point into earlier sections.
	const merged = allAnswers(form);
	for (const q of section.questions) delete merged[q.key];
	Object.assign(merged, next);
	const all = questionsOf(form.definition);
	for (const key of Object.keys(next)) {
		if (!shown(all.get(key)!, all, merged)) delete next[key];
	}
	for (const key of Object.keys(merged)) if (!(key in next) && own.has(key)) delete merged[key];

	const before = row!.answers;
	const changed = section.questions
		.filter(holdsAnswer)
		.map((q) => q.key)
		.filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(next[k] ?? null));
	if (changed.length === 0) return row!.version;

	const [saved] = await tx<{ version: number }[]>`
		update form_section set answers = ${tx.json(next as never)}, version = version + 1,
			updated_by = ${actor.accountId}, updated_at = now()
		where form_id = ${form.id} and section_key = ${section.key}
		returning version`;
	const voided = await voidStale(tx, actor, form, merged);
	await audit.byActor(tx, actor, 'form.section.save', 'form', form.id, {
		section: section.key,
		templateVersion: form.version,
		sectionVersion: saved!.version,
		changed: changed.join(',').slice(0, 400),
		voided
	});
	await informCoordinator(tx, actor, form, ctx, section, before, next);
	return saved!.version;
}

/** Voids the approvals whose answers changed; returns how many. */
async function voidStale(tx: TransactionSql, actor: Actor, form: Form, answers: Answers) {
	const hash = answersHash(form, answers);
	const stale = [...validApprovals(form).values()].filter((a) => a.answersHash !== hash);
	for (const a of stale) {
		await tx`
			update form_approval set voided_at = now(), voided_by = ${actor.accountId},
				void_reason = 'De antwoorden zijn gewijzigd na de goedkeuring.'
			where id = ${a.id} and voided_at is null`;
		await audit.byActor(tx, actor, 'form.approval.voided', 'form', form.id, {
			question: a.questionKey,
			templateVersion: form.version
		});
	}
	return stale.length;
}

/** A yes/no question that tells the coördinator, answered yes now and not before. */
async function informCoordinator(
	tx: TransactionSql,
	actor: Actor,
	form: Form,
	ctx: FormContext,
	section: Section,
	before: Answers,
	after: Answers
) {
	const asked = section.questions.filter(
		(q) => q.notifyCoordinator && after[q.key] === true && before[q.key] !== true
	);
	if (asked.length === 0 || !ctx.coordinatorId || ctx.coordinatorId === actor.accountId) return;
	const [c] = await tx<{ email: string; displayName: string }[]>`
		select email, display_name from account
		where id = ${ctx.coordinatorId} and organisation_id = ${actor.organisationId} and state = 'active'`;
	if (!c) return;
	await mailAbout(tx, actor, form, c, ctx.coordinatorId, 'form.coordinator', {
		subject: `Formulier aangeleverd: ${form.templateName}`,
		text: `In het formulier ‘${form.templateName}’ is ‘${asked[0]!.label}’ met ja beantwoord: het is klaar voor u.`
	});
}

/** A mail about a form to one account: the form's name and a link, never the child's name. */
export async function mailAbout(
	tx: TransactionSql,
	actor: Actor,
	form: Form,
	to: { email: string; displayName: string },
	accountId: string,
	kind: string,
	content: { subject: string; text: string }
) {
	const [org] = await tx<{ name: string; mailClosingText: string }[]>`
		select name, mail_closing_text from organisation where id = ${actor.organisationId}`;
	const mail = compose(
		{ name: org!.name, closingText: org!.mailClosingText },
		content.subject,
		`Beste ${to.displayName},`,
		[
			{ text: content.text },
			{
				text: 'Bekijk het formulier in Kindkring.',
				link: {
					label: 'Formulier openen',
					url: `${actor.origin}/hulpvragen/${form.hulpvraagId}/formulieren#formulier-${form.id}`
				}
			}
		]
	);
	await enqueue(tx, {
		...mail,
		kind,
		organisationId: actor.organisationId,
		accountId,
		fromName: org!.name,
		to: to.email
	});
}

export interface ApproveInput {
	formId: string;
	sectionKey: string;
	questionKey: string;
}

/**
 * Gives the approval or signature an approval question asks, as the actor. Only when every
 * other required question is answered: one approves the whole form, not half of it.
 */
export async function approve(sql: Sql, actor: Actor, input: ApproveInput): Promise<void> {
	try {
		await sql.begin(async (tx) => {
			const { form, ctx, section } = await loadForFill(tx, actor, input.formId, input.sectionKey);
			authorize(actor, 'fill', sectionFacts(form, section, ctx));
			const q = section.questions.find((x) => x.key === input.questionKey && x.type === 'approval');
			if (!q) throw new Invalid({}, 'Deze vraag vraagt geen goedkeuring.');
			await lockForm(tx, actor.organisationId, form.id);
			await give(tx, actor, form, section, q, { accountId: actor.accountId, via: 'account' });
		});
	} catch (e) {
		await auditRefusal(sql, actor, input, e, input.questionKey.slice(0, 40));
		throw e;
	}
}

export async function lockForm(tx: TransactionSql, organisationId: string, formId: string) {
	await tx`select id from form where organisation_id = ${organisationId} and id = ${formId} for update`;
}

/** Records an approval after checking the form is otherwise complete; shared with sign links. */
export async function give(
	tx: TransactionSql,
	actor: Pick<Actor, 'organisationId' | 'accountId' | 'ipHash'>,
	stale: Form,
	section: Section,
	q: Question,
	by: { accountId: string | null; via: 'account' | 'link'; name?: string }
): Promise<void> {
	// Read again under the form's lock: a save may have committed since.
	const form = (await formById(tx, actor.organisationId, stale.id))!;
	if (!shown(q, questionsOf(form.definition), allAnswers(form))) {
		throw new Invalid({}, 'Deze goedkeuring wordt bij de huidige antwoorden niet gevraagd.');
	}
	if (validApprovals(form).has(q.key)) {
		throw new Invalid({}, 'Deze goedkeuring is al gegeven.');
	}
	const present = new Set(
		(
			(await presentBijlagen(tx, actor.organisationId, [form.hulpvraagId])).get(form.hulpvraagId) ??
			[]
		).map((b) => b.id)
	);
	const open = missingOf(form, present).filter((m) => m.what !== 'approval');
	if (open.length) {
		throw new Invalid(
			{},
			`Het formulier is nog niet volledig: ${open.map((m) => `‘${m.question.label}’`).join(', ')}. Goedkeuren kan pas als alles is ingevuld.`
		);
	}
	const [who] = by.accountId
		? await tx<
				{ name: string }[]
			>`select display_name as name from account where id = ${by.accountId}`
		: [{ name: by.name ?? '' }];
	await tx`
		insert into form_approval (organisation_id, form_id, section_key, question_key, kind, account_id,
			signer_name, via, template_version_id, answers_hash)
		values (${actor.organisationId}, ${form.id}, ${section.key}, ${q.key}, ${q.approval ?? 'instemming'},
			${by.accountId}, ${who!.name}, ${by.via}, ${form.versionId}, ${answersHash(form)})`;
	await audit.record(tx, {
		organisationId: actor.organisationId,
		accountId: actor.accountId || null,
		ipHash: actor.ipHash,
		action: q.approval === 'ondertekening' ? 'form.sign' : 'form.approve',
		targetType: 'form',
		targetId: form.id,
		details: { question: q.key, templateVersion: form.version, via: by.via }
	});
}
