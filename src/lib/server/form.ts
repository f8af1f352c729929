/** The text values of a submitted form, to put back into the fields after an error. */
export function textValues(form: FormData): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of form) {
		if (typeof value === 'string' && !(key in out)) out[key] = value;
	}
	return out;
}
