/**
 * How a form shows its questions, in the browser and on the server alike: an answer as text,
 * the note of a condition for a page without JavaScript, the value a field starts with, and
 * what a role may do with a section (the preview of Beheer → Formulieren).
 */
import { formatDate } from '$lib/format';
import type { Role } from '$lib/roles';
import type { Answer, Prefill, Question, Section } from './definition';

export const notAnswered = 'Niet ingevuld';

/** A stored answer as one text field's value: '' when there is none. */
export function fieldValue(q: Question, value: Answer | undefined): string {
	if (value === undefined || value === null) return '';
	if (q.type === 'yesno' && typeof value === 'boolean') return value ? 'ja' : 'nee';
	if (Array.isArray(value)) return value.join(', ');
	return String(value);
}

/** A multiple-choice answer as its chosen options. */
export function chosen(value: Answer | undefined): string[] {
	if (Array.isArray(value)) return value;
	return typeof value === 'string' && value !== '' ? [value] : [];
}

/** An answer as a reader sees it; `notAnswered` when it is empty. */
export function answerText(
	q: Question,
	value: Answer | undefined,
	context: { prefilled: Partial<Record<Prefill, string>>; bijlagen: { id: string; name: string }[] }
): string {
	if (q.type === 'prefill') return (q.prefill && context.prefilled[q.prefill]) || 'Onbekend';
	const text = fieldValue(q, value).trim();
	if (text === '') return notAnswered;
	switch (q.type) {
		case 'yesno':
			return text === 'ja' ? 'Ja' : text === 'nee' ? 'Nee' : text;
		case 'date':
			return formatDate(text, notAnswered);
		case 'bijlage':
			return context.bijlagen.find((b) => b.id === text)?.name ?? 'Een bijlage die er niet meer is';
		default:
			return text;
	}
}

/** The note on a conditional question where conditions cannot be followed live. */
export function conditionNote(q: Question, all: Map<string, Question>): string | null {
	if (!q.showWhen) return null;
	const on = all.get(q.showWhen.question);
	if (!on) return null;
	return `Alleen invullen als ‘${on.label}’ ‘${q.showWhen.equals}’ is.`;
}

/** Who the preview shows a form to: a role, and whether that account asked or coordinates. */
export interface Viewer {
	role: Role;
	aanvrager: boolean;
	coordinator: boolean;
}

export type SectionAccess = 'write' | 'read' | 'parents' | 'none';

function inAudience(a: Section['writers'], viewer: Viewer): boolean {
	return (
		a.roles.includes(viewer.role) ||
		(a.aanvrager && viewer.aanvrager) ||
		(a.coordinator && viewer.coordinator)
	);
}

/**
 * What a viewer may do with a section, by the template alone (the policy also asks for a
 * current relation with the hulpvraag): write it, read it, read it once staff shared it with
 * the parents, or not see it. Beheerders read every section.
 */
export function accessOf(s: Section, viewer: Viewer): SectionAccess {
	if (inAudience(s.writers, viewer)) return 'write';
	if (inAudience(s.readers, viewer) || viewer.role === 'beheerder') return 'read';
	if (viewer.role === 'ouder' && s.shareableWithParents) return 'parents';
	return 'none';
}
