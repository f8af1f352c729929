/**
 * The one shape of a failed form action, as a page reads it: the trimmed values to re-fill
 * the form with (never a password or a code), a Dutch message per field, a summary, and on
 * a page with more than one form which form failed.
 */
export interface Failure<F extends string = string> {
	values: Record<string, string>;
	errors: Record<string, string>;
	message: string;
	form?: F;
}

/** The failure in a page's `form` prop, or null after a success (or before any submit). */
export function failureOf<F extends string = string>(form: unknown): Failure<F> | null {
	return form && typeof form === 'object' && 'values' in form && 'errors' in form
		? (form as Failure<F>)
		: null;
}
