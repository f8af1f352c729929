import type { Failure } from './failure';

/**
 * The props of a field (TextField, SelectField) in a form that may come back refused: its
 * name, the value to show (what was typed, else `fallback`) and its error.
 */
export function fieldOf(
	failure: Pick<Failure, 'values' | 'errors'> | null | undefined,
	name: string,
	fallback = ''
): { name: string; value: string; error: string | undefined } {
	return { name, value: failure?.values[name] ?? fallback, error: failure?.errors[name] };
}
