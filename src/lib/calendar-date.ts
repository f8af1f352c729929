/** A calendar date as forms send it ("2026-03-14"), and only a date that exists (no 30 February). */
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function isCalendarDate(value: string): boolean {
	if (!isoDate.test(value)) return false;
	const d = new Date(value + 'T00:00:00Z');
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
