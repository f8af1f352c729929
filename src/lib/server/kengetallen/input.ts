/**
 * The filters of the Kengetallen page and its CSV export, read from the query string: a
 * period on the hulpvraag's datum (van and tot, both inclusive, either may be empty), a
 * school and a title. Which schools and titles may be chosen is the domain's to check
 * (`kengetallen.figures`): the directeur chooses among their own schools only.
 */
import { date, parse, uuid, v, type Errors } from '../input';

export interface Filters {
	van: string;
	tot: string;
	schoolId: string;
	titelId: string;
}

export const emptyFilters: Filters = { van: '', tot: '', schoolId: '', titelId: '' };

export const filterSchema = v.pipe(
	v.object({
		van: date({ invalid: 'Vul bij ‘Van’ een bestaande datum in, zoals 2026-08-01.' }),
		tot: date({ invalid: 'Vul bij ‘Tot en met’ een bestaande datum in, zoals 2027-07-31.' }),
		school: uuid('Kies een school uit de lijst.', { optional: true }),
		titel: uuid('Kies een titel uit de lijst.', { optional: true })
	}),
	v.forward(
		v.check(
			(f) => !f.van || !f.tot || f.van <= f.tot,
			'‘Tot en met’ ligt vóór ‘Van’: kies een latere datum.'
		),
		['tot']
	),
	v.transform((f): Filters => ({ van: f.van, tot: f.tot, schoolId: f.school, titelId: f.titel }))
);

/** The names the query string uses, in the order the form shows them. */
export const filterNames = ['van', 'tot', 'school', 'titel'] as const;

/** The filters of a query string; what was typed comes back as `values` to re-fill the form. */
export function parseFilters(
	params: URLSearchParams
):
	| { success: true; filters: Filters; values: Record<string, string> }
	| { success: false; errors: Errors; values: Record<string, string> } {
	const values = Object.fromEntries(
		filterNames.map((name) => [name, (params.get(name) ?? '').trim().slice(0, 100)])
	);
	const parsed = parse(filterSchema, values);
	return parsed.success
		? { success: true, filters: parsed.output, values }
		: { success: false, errors: parsed.errors, values };
}

/** The query string of these filters, without the empty ones. */
export function toQuery(f: Filters): string {
	const params = new URLSearchParams();
	if (f.van) params.set('van', f.van);
	if (f.tot) params.set('tot', f.tot);
	if (f.schoolId) params.set('school', f.schoolId);
	if (f.titelId) params.set('titel', f.titelId);
	return params.toString();
}
