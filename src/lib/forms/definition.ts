/**
 * A form template as data: sections of questions, who writes and who reads each section, and
 * the rules the answers must meet. Templates are stored as this JSON (one per published
 * version) and checked by `definitionSchema` before they are saved; the same module renders
 * conditions in the browser and judges completeness on the server, so both agree.
 *
 * Rules of a template:
 * - section and question keys are short, stable identifiers (lower-case letters, digits and
 *   '-'), unique within the template (an answer is stored under its question's key, so a key
 *   never changes within a version);
 * - a choice question has between 2 and 30 options, each unique;
 * - a condition (`showWhen`) names an earlier question of a choice, multiple-choice or yes/no
 *   type and one of its values; a hidden question is neither required nor stored;
 * - a section has at least one writer: a role, the aanvrager, the coördinator, or an account
 *   chosen on the form (`grantable`);
 * - an approval question (instemming or ondertekening) approves the answers of the whole
 *   form except other approvals, at the moment it is given; it is an event, not an answer.
 */
import * as v from 'valibot';
import { roles, type Role } from '$lib/roles';

export const questionTypes = [
	'text',
	'textarea',
	'number',
	'date',
	'choice',
	'multi',
	'yesno',
	'bijlage',
	'prefill',
	'approval'
] as const;
export type QuestionType = (typeof questionTypes)[number];

export const questionTypeLabels: Record<QuestionType, string> = {
	text: 'Korte tekst',
	textarea: 'Lange tekst',
	number: 'Getal',
	date: 'Datum',
	choice: 'Eén keuze',
	multi: 'Meerdere keuzes',
	yesno: 'Ja/nee',
	bijlage: 'Bijlage van de hulpvraag',
	prefill: 'Gegeven uit het dossier',
	approval: 'Instemming of ondertekening'
};

/** What a prefilled question shows, read from the dossier when the form is opened. */
export const prefills = ['naam', 'geboortedatum', 'school', 'brin'] as const;
export type Prefill = (typeof prefills)[number];
export const prefillLabels: Record<Prefill, string> = {
	naam: 'Naam van het kind',
	geboortedatum: 'Geboortedatum',
	school: 'School',
	brin: 'BRIN en vestiging'
};

export const approvalKinds = ['instemming', 'ondertekening'] as const;
export type ApprovalKind = (typeof approvalKinds)[number];

/** Who writes or reads a section, besides accounts chosen on the form. */
export interface Audience {
	roles: Role[];
	/** The aanvrager of the hulpvraag (the school's contact who asked). */
	aanvrager: boolean;
	/** The coördinator of the hulpvraag. */
	coordinator: boolean;
}

export interface Question {
	key: string;
	type: QuestionType;
	label: string;
	help: string;
	required: boolean;
	/** The options of a choice or multiple-choice question. */
	options: string[];
	prefill?: Prefill;
	approval?: ApprovalKind;
	/** Show only when an earlier question has this answer ('ja'/'nee' for yes/no). */
	showWhen?: { question: string; equals: string };
	/** A yes/no question that, answered yes, tells the coördinator by mail. */
	notifyCoordinator?: boolean;
}

export interface Section {
	key: string;
	title: string;
	help: string;
	writers: Audience;
	readers: Audience;
	/** Writers may be added by name on the form ("schrijfrecht op de laatste vragen"). */
	grantable: boolean;
	/** Staff may share this section with the child's parents. */
	shareableWithParents: boolean;
	questions: Question[];
}

export interface Definition {
	intro: string;
	sections: Section[];
}

/** An answer as stored: text, a number, a date (yyyy-mm-dd), options, yes/no or a bijlage id. */
export type Answer = string | number | boolean | string[];
export type Answers = Record<string, Answer>;

export const limits = {
	sections: 40,
	questions: 200,
	text: 500,
	textarea: 10_000,
	label: 300,
	help: 1000,
	options: 30,
	option: 120
} as const;

// No '_': the database client reads JSON keys in camelCase, so 'opp_besproken' would come
// back as 'oppBesproken' and its answer would be lost.
const keyPattern = /^[a-z][a-z0-9-]{0,39}$/;
const keyMessage =
	'Een sleutel begint met een kleine letter en bevat alleen kleine letters, cijfers en - (ten hoogste 40 tekens).';

const label = (what: string, max: number) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty(`Vul ${what} in.`),
		v.maxLength(
			max,
			`${what[0]!.toUpperCase()}${what.slice(1)} is te lang (ten hoogste ${max} tekens).`
		)
	);
const helpText = v.optional(
	v.pipe(v.string(), v.trim(), v.maxLength(limits.help, 'De hulptekst is te lang.')),
	''
);

const audienceSchema = v.object({
	roles: v.pipe(
		v.array(v.picklist(roles, 'Onbekende rol.')),
		v.transform((r) => [...new Set(r)])
	),
	aanvrager: v.optional(v.boolean(), false),
	coordinator: v.optional(v.boolean(), false)
});

const questionSchema = v.object({
	key: v.pipe(v.string(), v.regex(keyPattern, keyMessage)),
	type: v.picklist(questionTypes, 'Onbekend soort vraag.'),
	label: label('de vraag', limits.label),
	help: helpText,
	required: v.optional(v.boolean(), false),
	options: v.optional(
		v.pipe(
			v.array(label('een keuzemogelijkheid', limits.option)),
			v.maxLength(limits.options, `Ten hoogste ${limits.options} keuzemogelijkheden.`)
		),
		[]
	),
	prefill: v.optional(v.picklist(prefills, 'Onbekend gegeven uit het dossier.')),
	approval: v.optional(v.picklist(approvalKinds, 'Kies instemming of ondertekening.')),
	showWhen: v.optional(
		v.object({
			question: v.pipe(v.string(), v.regex(keyPattern, keyMessage)),
			equals: v.pipe(
				v.string(),
				v.trim(),
				v.nonEmpty('Kies bij welk antwoord de vraag verschijnt.')
			)
		})
	),
	notifyCoordinator: v.optional(v.boolean())
});

const sectionSchema = v.object({
	key: v.pipe(v.string(), v.regex(keyPattern, keyMessage)),
	title: label('de titel van het onderdeel', limits.label),
	help: helpText,
	writers: audienceSchema,
	readers: audienceSchema,
	grantable: v.optional(v.boolean(), false),
	shareableWithParents: v.optional(v.boolean(), false),
	questions: v.pipe(
		v.array(questionSchema),
		v.minLength(1, 'Een onderdeel heeft ten minste één vraag.')
	)
});

/** Where in a template a problem is, for the editor: a section, or a question of one. */
export interface Problem {
	section?: string;
	question?: string;
	message: string;
}

/** The rules that span questions: unique keys, options, conditions, writers. */
export function problemsOf(d: Definition): Problem[] {
	const out: Problem[] = [];
	const sectionKeys = new Set<string>();
	const seen = new Map<string, Question>();
	let total = 0;
	for (const s of d.sections) {
		if (sectionKeys.has(s.key))
			out.push({ section: s.key, message: `Twee onderdelen hebben de sleutel ‘${s.key}’.` });
		sectionKeys.add(s.key);
		const w = s.writers;
		if (w.roles.length === 0 && !w.aanvrager && !w.coordinator && !s.grantable) {
			out.push({ section: s.key, message: `‘${s.title}’ heeft niemand die het invult.` });
		}
		for (const q of s.questions) {
			total++;
			const at = { section: s.key, question: q.key };
			if (seen.has(q.key))
				out.push({ ...at, message: `Twee vragen hebben de sleutel ‘${q.key}’.` });
			if (q.type === 'choice' || q.type === 'multi') {
				if (q.options.length < 2)
					out.push({
						...at,
						message: `‘${q.label}’ heeft ten minste twee keuzemogelijkheden nodig.`
					});
				if (new Set(q.options).size !== q.options.length)
					out.push({ ...at, message: `‘${q.label}’ noemt een keuzemogelijkheid twee keer.` });
			}
			if (q.type === 'prefill' && !q.prefill)
				out.push({ ...at, message: `Kies bij ‘${q.label}’ welk gegeven uit het dossier.` });
			if (q.type === 'approval' && !q.approval)
				out.push({ ...at, message: `Kies bij ‘${q.label}’ instemming of ondertekening.` });
			if (q.notifyCoordinator && q.type !== 'yesno')
				out.push({ ...at, message: `Alleen een ja/nee-vraag kan de coördinator informeren.` });
			if (q.showWhen) {
				const earlier = seen.get(q.showWhen.question);
				if (!earlier) {
					out.push({
						...at,
						message: `‘${q.label}’ hangt af van een vraag die er eerder niet is.`
					});
				} else if (!valuesOf(earlier).includes(q.showWhen.equals)) {
					out.push({
						...at,
						message: `‘${q.label}’ hangt af van een antwoord dat ‘${earlier.label}’ niet kent.`
					});
				}
			}
			seen.set(q.key, q);
		}
	}
	if (d.sections.length === 0)
		out.push({ message: 'Een formulier heeft ten minste één onderdeel.' });
	if (d.sections.length > limits.sections)
		out.push({ message: `Ten hoogste ${limits.sections} onderdelen.` });
	if (total > limits.questions) out.push({ message: `Ten hoogste ${limits.questions} vragen.` });
	return out;
}

/** The answers a condition can name: a choice's options, or ja/nee. */
export function valuesOf(q: Question): string[] {
	if (q.type === 'yesno') return ['ja', 'nee'];
	if (q.type === 'choice' || q.type === 'multi') return q.options;
	return [];
}

export const definitionSchema = v.object({
	intro: helpText,
	sections: v.array(sectionSchema)
});

/** A template from JSON (the editor, the database): the definition, or its problems. */
export function readDefinition(
	input: unknown
): { ok: true; definition: Definition } | { ok: false; problems: Problem[] } {
	const parsed = v.safeParse(definitionSchema, input, { abortPipeEarly: true });
	if (!parsed.success) {
		return {
			ok: false,
			problems: parsed.issues.map((i) => ({ message: `${i.message}${pathOf(i)}` }))
		};
	}
	const definition = parsed.output as Definition;
	const problems = problemsOf(definition);
	return problems.length ? { ok: false, problems } : { ok: true, definition };
}

function pathOf(issue: v.BaseIssue<unknown>): string {
	const keys = (issue.path ?? []).map((p) => p.key).filter((k) => typeof k === 'number');
	if (keys.length === 0) return '';
	const [s, q] = keys as number[];
	return q !== undefined ? ` (onderdeel ${s! + 1}, vraag ${q + 1})` : ` (onderdeel ${s! + 1})`;
}

/** Every question of the template by key. */
export function questionsOf(d: Definition): Map<string, Question> {
	return new Map(d.sections.flatMap((s) => s.questions.map((q) => [q.key, q] as const)));
}

/** Whether an answer counts as given (an empty list, '' or a missing value does not). */
export function answered(value: Answer | undefined): boolean {
	if (value === undefined || value === null) return false;
	if (typeof value === 'string') return value.trim() !== '';
	if (Array.isArray(value)) return value.length > 0;
	return true;
}

/** A condition's answer as text: yes/no as 'ja'/'nee', a choice as is. */
function conditionValue(value: Answer | undefined): string[] {
	if (typeof value === 'boolean') return [value ? 'ja' : 'nee'];
	if (Array.isArray(value)) return value;
	return value === undefined ? [] : [String(value)];
}

/** Whether a question shows, given all answers of the form (conditions chain). */
export function shown(q: Question, all: Map<string, Question>, answers: Answers): boolean {
	if (!q.showWhen) return true;
	const on = all.get(q.showWhen.question);
	if (!on || !shown(on, all, answers)) return false;
	return conditionValue(answers[on.key]).includes(q.showWhen.equals);
}

/** Questions that hold an answer: approvals are events and prefills come from the dossier. */
export function holdsAnswer(q: Question): boolean {
	return q.type !== 'approval' && q.type !== 'prefill';
}
