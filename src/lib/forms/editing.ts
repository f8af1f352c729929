/**
 * The editor of Beheer → Formulieren as plain functions: new sections and questions with a
 * free key, moving one up or down, the questions a condition may name, the definition as it
 * is sent (properties of other question types left out), and that JSON split into fields
 * short enough for a form (every field at most 10,000 characters, input-guard.ts).
 */
import {
	questionTypes,
	type Audience,
	valuesOf,
	type Definition,
	type Question,
	type QuestionType,
	type Section
} from './definition';

/** The first `<prefix>-<n>` not taken yet. */
export function freeKey(prefix: string, taken: Iterable<string>): string {
	const used = new Set(taken);
	for (let n = 1; ; n++) {
		const key = `${prefix}-${n}`;
		if (!used.has(key)) return key;
	}
}

function questionKeys(d: Definition): string[] {
	return d.sections.flatMap((s) => s.questions.map((q) => q.key));
}

export function newQuestion(d: Definition, type: QuestionType = 'text'): Question {
	return {
		key: freeKey('vraag', questionKeys(d)),
		type,
		label: '',
		help: '',
		required: false,
		options: []
	};
}

export function newSection(d: Definition): Section {
	return {
		key: freeKey(
			'onderdeel',
			d.sections.map((s) => s.key)
		),
		title: '',
		help: '',
		writers: { roles: [], aanvrager: true, coordinator: false },
		readers: { roles: [], aanvrager: false, coordinator: true },
		grantable: false,
		shareableWithParents: false,
		questions: [newQuestion(d)]
	};
}

/** Moves item `i` one place up (-1) or down (+1); the list is changed in place. */
export function move<T>(list: T[], i: number, by: -1 | 1): number {
	const j = i + by;
	if (i < 0 || i >= list.length || j < 0 || j >= list.length) return i;
	const item = list[i]!;
	list[i] = list[j]!;
	list[j] = item;
	return j;
}

/** The questions before this one (in earlier sections too) that a condition may name. */
export function conditionCandidates(d: Definition, question: Question): Question[] {
	const out: Question[] = [];
	for (const s of d.sections) {
		for (const q of s.questions) {
			if (q === question) return out;
			if (valuesOf(q).length > 0) out.push(q);
		}
	}
	return out;
}

const withOptions: QuestionType[] = ['choice', 'multi'];

/** A question as it is saved: only the properties its type has. */
export function cleanQuestion(q: Question): Question {
	const out: Question = {
		key: q.key.trim(),
		type: questionTypes.includes(q.type) ? q.type : 'text',
		label: q.label.trim(),
		help: q.help.trim(),
		required: q.type === 'prefill' || q.type === 'approval' ? false : q.required,
		options: withOptions.includes(q.type) ? q.options : []
	};
	if (q.type === 'prefill' && q.prefill) out.prefill = q.prefill;
	if (q.type === 'approval' && q.approval) out.approval = q.approval;
	if (q.showWhen && q.showWhen.question)
		out.showWhen = { question: q.showWhen.question, equals: q.showWhen.equals };
	if (q.type === 'yesno' && q.notifyCoordinator) out.notifyCoordinator = true;
	return out;
}

/** An audience with its keys in one order, so that two equal definitions give equal JSON. */
function audience(a: Audience): Audience {
	return { roles: [...a.roles], aanvrager: a.aanvrager, coordinator: a.coordinator };
}

/** The definition as it is sent, also to tell whether it differs from the saved one. */
export function cleanDefinition(d: Definition): Definition {
	return {
		intro: d.intro.trim(),
		sections: d.sections.map((s) => ({
			key: s.key.trim(),
			title: s.title.trim(),
			help: s.help.trim(),
			writers: audience(s.writers),
			readers: audience(s.readers),
			grantable: s.grantable,
			shareableWithParents: s.shareableWithParents,
			questions: s.questions.map(cleanQuestion)
		}))
	};
}

/** Text in pieces of at most `size` characters, never between the halves of a surrogate pair. */
export function chunks(text: string, size = 9000): string[] {
	const out: string[] = [];
	let at = 0;
	while (at < text.length) {
		let end = Math.min(at + size, text.length);
		const code = text.charCodeAt(end - 1);
		if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--;
		out.push(text.slice(at, end));
		at = end;
	}
	return out.length > 0 ? out : [''];
}
