/**
 * The building blocks of every form and request body: each rule of what a field may hold is
 * declared once here, with its Dutch message, and the schemas of the routes and the domain
 * are made of these blocks.
 */
import * as v from 'valibot';
import { isCalendarDate } from '../../calendar-date';
import { isUuid } from '../../uuid';

const number = new Intl.NumberFormat('nl-NL');

/** The message for a text over its limit: it is refused whole, never cut short. */
export function tooLongMessage(length: number, max: number): string {
	return `Dit is te lang: ${number.format(length)} tekens, ten hoogste ${number.format(max)}. Er is niets opgeslagen.`;
}

/**
 * An e-mail address: something@domain.tld, without spaces, at most 254 characters.
 * Deliberately loose: the mail sent to it is the real test of an address.
 */
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const maxEmailLength = 254;

export function isEmail(value: string, max = maxEmailLength): boolean {
	return value.length <= max && emailPattern.test(value);
}

export { isUuid };

/** A field as a form sends it: a string, or '' when it is missing (or a file, or a list). */
function asString(value: unknown): string {
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : '';
}

// Optional with a default: a field the form does not send at all reads as ''.
const field = v.pipe(v.optional(v.unknown(), ''), v.transform(asString));
const trimmed = v.pipe(
	field,
	v.transform((s) => s.trim())
);

/** Fields whose value never goes back to the browser (see `formValues`). */
export const secrets = new WeakSet<object>();

type TooLong = string | ((length: number, max: number) => string);

export interface TextOptions {
	/** The message when the field is empty; without it the field may stay empty (''). */
	required?: string;
	/** The message over the limit; `tooLongMessage` unless given. */
	tooLong?: TooLong;
}

function maxLength(max: number, tooLong: TooLong = tooLongMessage) {
	return v.check<string, (issue: v.CheckIssue<string>) => string>(
		(s) => s.length <= max,
		(issue) =>
			typeof tooLong === 'string' ? tooLong : tooLong((issue.input as string).length, max)
	);
}

/** Trimmed text of at most `max` characters. */
export function text(max: number, options: TextOptions = {}) {
	return options.required
		? v.pipe(trimmed, v.nonEmpty(options.required), maxLength(max, options.tooLong))
		: v.pipe(trimmed, maxLength(max, options.tooLong));
}

/** A password (or another secret) as typed: not trimmed, and never sent back to re-fill a form. */
export function secret(options: { required?: string } = {}) {
	const schema = options.required
		? v.pipe(field, v.nonEmpty(options.required))
		: v.pipe(
				field,
				v.transform((s: string) => s)
			);
	secrets.add(schema);
	return schema;
}

/** The 6 digits from an authenticator app; spaces in it do not count. Never sent back. */
export function code(message: string, options: { required?: string } = {}) {
	const digits = v.pipe(
		field,
		v.transform((s) => s.replace(/\s/g, ''))
	);
	const schema = options.required
		? v.pipe(digits, v.nonEmpty(options.required), v.regex(/^\d{6}$/, message))
		: v.pipe(
				digits,
				v.check((s) => s === '' || /^\d{6}$/.test(s), message)
			);
	secrets.add(schema);
	return schema;
}

export interface EmailOptions {
	required?: string;
	/** The message for something that is not an address. */
	invalid?: string;
	max?: number;
}

/** An e-mail address, trimmed and in lower case; '' when optional and empty. */
export function email(options: EmailOptions = {}) {
	const message = options.invalid ?? 'Vul een geldig e-mailadres in.';
	const max = options.max ?? maxEmailLength;
	const lower = v.pipe(
		trimmed,
		v.transform((s) => s.toLowerCase())
	);
	const valid = v.check<string, string>((s) => s === '' || isEmail(s, max), message);
	return options.required
		? v.pipe(lower, v.nonEmpty(options.required), valid)
		: v.pipe(lower, valid);
}

/** A calendar date as yyyy-mm-dd that exists (no 30 February); '' when optional and empty. */
export function date(options: { required?: string; invalid?: string } = {}) {
	const valid = v.check<string, string>(
		(s) => s === '' || isCalendarDate(s),
		options.invalid ?? 'Vul een geldige datum in.'
	);
	return options.required
		? v.pipe(trimmed, v.nonEmpty(options.required), valid)
		: v.pipe(trimmed, valid);
}

/** An id: a uuid; '' when optional and empty. */
export function uuid(message: string, options: { optional?: boolean } = {}) {
	const valid = v.check<string, string>(
		(s) => (options.optional && s === '') || isUuid(s),
		message
	);
	return v.pipe(trimmed, valid);
}

/** One of a fixed list of values. */
export function choice<const T extends string>(options: readonly T[], message: string) {
	return v.pipe(
		trimmed,
		v.check((s) => (options as readonly string[]).includes(s), message),
		v.transform((s) => s as T)
	);
}

/** A checkbox: on when the form sends `value` (the browser's default 'on'). */
export function checkbox(value = 'on') {
	return v.pipe(
		field,
		v.transform((s) => s === value)
	);
}

/** A field that may come more than once (checkboxes with one name, a multiple select). */
export function list<T>(item: v.GenericSchema<unknown, T>) {
	return v.pipe(
		v.optional(v.unknown(), ''),
		v.transform((x) => (x === '' ? [] : Array.isArray(x) ? x : [x])),
		v.array(item)
	);
}

/** Trimmed text without a rule here: for a field whose rule the domain function holds. */
export function anyText() {
	return trimmed;
}

/** A whole number (a version, a count); NaN when it is none, for the domain to refuse. */
export function integer() {
	return v.pipe(
		trimmed,
		v.transform((s) => (/^-?\d+$/.test(s) ? Number(s) : Number.NaN))
	);
}
