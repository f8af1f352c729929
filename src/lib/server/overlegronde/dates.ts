/**
 * The two end dates of an overlegronde: reactions end before access (inzage)
 * ends, by rule of thumb a week earlier, "so a late reaction can still be read by the other
 * participants before access ends". Access lasts until the end of the day of einddatum
 * inzage in Dutch time, whatever the server's zone.
 */
import { isCalendarDate } from '../../calendar-date';

const amsterdamDay = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Amsterdam',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** The calendar date ("2026-03-14") in Europe/Amsterdam at `now`. */
export function amsterdamDate(now: Date): string {
	return amsterdamDay.format(now);
}

/** `date` ("YYYY-MM-DD") plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
	const d = new Date(date + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** Access is open on the end date itself, closed from midnight after it. */
export function isOpen(endDate: string, now: Date): boolean {
	return amsterdamDate(now) <= endDate;
}

/** What the form proposes: access three weeks, reactions a week shorter. */
export function proposal(now: Date): { reacties: string; inzage: string } {
	const inzage = addDays(amsterdamDate(now), 21);
	return { reacties: addDays(inzage, -7), inzage };
}

export interface EndDates {
	einddatumReacties: string;
	einddatumInzage: string;
}

/** Field errors by form field name; empty when both dates are fine. */
export function validate(dates: EndDates, now: Date): Record<string, string> {
	const errors: Record<string, string> = {};
	const today = amsterdamDate(now);
	if (!dates.einddatumInzage) errors.einddatum_inzage = 'Vul de einddatum voor inzage in.';
	else if (!isCalendarDate(dates.einddatumInzage))
		errors.einddatum_inzage = 'Vul een geldige datum in.';
	else if (dates.einddatumInzage < today)
		errors.einddatum_inzage = 'De einddatum voor inzage ligt in het verleden.';
	if (!dates.einddatumReacties) errors.einddatum_reacties = 'Vul de einddatum voor reacties in.';
	else if (!isCalendarDate(dates.einddatumReacties))
		errors.einddatum_reacties = 'Vul een geldige datum in.';
	else if (!errors.einddatum_inzage && dates.einddatumReacties >= dates.einddatumInzage)
		errors.einddatum_reacties =
			'De einddatum voor reacties moet vóór de einddatum voor inzage liggen, bij voorkeur een week eerder.';
	return errors;
}
