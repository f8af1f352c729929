/** The text values of a submitted form, to put back into the fields after an error. */
export function textValues(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of form) {
		if (typeof value === 'string' && !(key in out)) out[key] = value;
	}
	return out;
}

/**
 * A reader of trimmed text fields that never cuts a value short: one longer than its limit
 * is returned whole and gets a Dutch error under `errorKey` (the field's own name unless
 * the form shows errors per group), so the caller refuses the form instead of storing
 * something else than was typed.
 */
export function textFields(form: FormData, errors: Record<string, string>) {
	return (name: string, max = 200, errorKey = name): string => {
		const value = form.get(name);
		if (typeof value !== 'string') return '';
		const text = value.trim();
		if (text.length > max) errors[errorKey] ??= tooLongMessage(text.length, max);
		return text;
	};
}

const number = new Intl.NumberFormat('nl-NL');

export function tooLongMessage(length: number, max: number): string {
	return `Dit is te lang: ${number.format(length)} tekens, ten hoogste ${number.format(max)}. Er is niets opgeslagen.`;
}
