/**
 * A submitted form through a schema, and the one shape in which every action answers a
 * failure: `{ values, errors, message }` (and `form` on a page with several forms).
 */
import { fail, type ActionFailure } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Failure } from '../../failure';
import { secrets, text } from './blocks';

/** A Dutch message per field name. */
export type Errors = Record<string, string>;
/** The trimmed text of the fields, to re-fill the form after a failure. */
export type Values = Record<string, string>;

export type Parsed<T> =
	{ success: true; output: T; values: Values } | { success: false; errors: Errors; values: Values };

/** Passwords and codes never go back to the browser, whatever schema reads them. */
const secretNames = new Set([
	'wachtwoord',
	'wachtwoordHerhaling',
	'huidig',
	'code',
	'herstelcode',
	'bewijs'
]);

type AnySchema = v.GenericSchema<unknown, unknown>;

function entriesOf(schema: AnySchema): Record<string, AnySchema> {
	if ('entries' in schema) return schema.entries as Record<string, AnySchema>;
	if ('pipe' in schema) return entriesOf((schema.pipe as AnySchema[])[0]!);
	return {};
}

/** The form's text fields, trimmed, without secrets: what a failed form is re-filled with. */
export function formValues(form: FormData, schema?: AnySchema): Values {
	const entries = schema ? entriesOf(schema) : {};
	const out: Values = {};
	for (const [key, value] of form) {
		if (typeof value !== 'string' || key in out || secretNames.has(key)) continue;
		const entry = entries[key];
		if (entry && secrets.has(entry)) continue;
		out[key] = value.trim();
	}
	return out;
}

/** A field once is a string, a field more than once a list of them (files left out). */
function fieldsOf(form: FormData): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key).filter((x): x is string => typeof x === 'string');
		if (all.length > 0) out[key] = all.length === 1 ? all[0]! : all;
	}
	return out;
}

/** The first message per field (the first path key names the field; '' for the whole). */
export function errorsOf(issues: readonly v.BaseIssue<unknown>[]): Errors {
	const errors: Errors = {};
	for (const issue of issues) {
		const key = String(issue.path?.[0]?.key ?? '');
		errors[key] ??= issue.message;
	}
	return errors;
}

/** Any input (a JSON body, an object) through a schema, with a Dutch message per field. */
export function parse<T>(
	schema: v.GenericSchema<unknown, T>,
	input: unknown
): { success: true; output: T } | { success: false; errors: Errors } {
	const result = v.safeParse(schema, input, { abortPipeEarly: true });
	return result.success
		? { success: true, output: result.output }
		: { success: false, errors: errorsOf(result.issues) };
}

/** A submitted form through its schema. `values` re-fill the form, never with a secret. */
export function parseForm<T>(schema: v.GenericSchema<unknown, T>, form: FormData): Parsed<T> {
	const values = formValues(form, schema);
	const result = parse(schema, fieldsOf(form));
	return result.success
		? { success: true, output: result.output, values }
		: { success: false, errors: result.errors, values };
}

export type { Failure } from '../../failure';

/**
 * The body of a failure: `values` are the trimmed strings of `parseForm`/`formValues`, or
 * the domain's own form values where a form has lists and switches (the process editors),
 * or null for an action without fields (the page keeps the values it has).
 */
type FailureBody = { values?: object | null; errors?: Errors; message?: string; form?: string };

/** The one failure answer of every action: SvelteKit's `fail` with `{ values, errors, message }`. */
export function invalid<const B extends FailureBody>(
	status: number,
	body: B
): ActionFailure<Omit<Failure, keyof B> & B> {
	return fail(status, { values: {}, errors: {}, message: '', ...body } as Omit<Failure, keyof B> &
		B);
}

/**
 * A form whose fields have no rule of their own here (`anyText`, `integer`, `checkbox`):
 * the parse cannot fail, and the domain function that gets the output decides.
 */
export function readForm<T>(
	schema: v.GenericSchema<unknown, T>,
	form: FormData
): { output: T; values: Values } {
	const parsed = parseForm(schema, form);
	if (!parsed.success)
		throw new Error(`A form without rules was refused: ${Object.keys(parsed.errors)}`);
	return parsed;
}

/**
 * A reader of trimmed text fields for a domain parser that checks fields one by one (the
 * dossier forms): the `text` block per field, its message under `errorKey` (the field's
 * own name unless the form shows errors per group, such as an address). A value over its
 * limit comes back whole with the error, so the caller refuses the form instead of storing
 * something else than was typed.
 */
export function textFields(form: FormData, errors: Errors) {
	return (name: string, max = 200, errorKey = name): string => {
		const value = form.get(name);
		const result = v.safeParse(text(max), value);
		if (!result.success) errors[errorKey] ??= result.issues[0].message;
		return typeof value === 'string' ? value.trim() : '';
	};
}
