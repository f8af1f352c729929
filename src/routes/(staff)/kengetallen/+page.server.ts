import { notFound, requireActor } from '$lib/server/access/actor';
import { may } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import * as kengetallen from '$lib/server/kengetallen';
import { emptyFilters, parseFilters, toQuery } from '$lib/server/kengetallen/input';
import { tables } from '$lib/server/kengetallen/tables';
import { amsterdamDate } from '$lib/server/overlegronde/dates';
import { schoolYearEnd } from '$lib/arrangements';
import type { PageServerLoad } from './$types';

// The figures over the hulpvragen the policy gives the actor's roles; others get 404 like
// any page not for them. Filters are a GET form, so a view can be bookmarked and shared.
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const org = { type: 'organisation', organisationId: actor.organisationId } as const;
	if (!may(actor, 'view-kengetallen', org).allowed) notFound();
	const parsed = parseFilters(event.url.searchParams);
	const filters = parsed.success ? parsed.filters : emptyFilters;
	const options = await kengetallen.options(sql, actor);
	const yearEnd = schoolYearEnd(amsterdamDate(new Date()));
	const thisSchoolYear = `${Number(yearEnd.slice(0, 4)) - 1}-08-01`;
	if (!parsed.success) {
		return {
			values: parsed.values,
			errors: parsed.errors,
			options,
			thisSchoolYear,
			figures: null,
			query: ''
		};
	}
	try {
		const figures = await kengetallen.figures(sql, actor, filters);
		return {
			values: parsed.values,
			errors: {} as Record<string, string>,
			options,
			thisSchoolYear,
			query: toQuery(filters),
			figures: {
				total: figures.total,
				withoutVoorlopig: figures.withoutVoorlopig,
				ownSchoolsOnly: figures.ownSchoolsOnly,
				schoolYear: figures.schoolYear,
				tables: tables(figures)
			}
		};
	} catch (e) {
		if (!(e instanceof kengetallen.InvalidFilter)) throw e;
		return {
			values: parsed.values,
			errors: e.errors,
			options,
			thisSchoolYear,
			figures: null,
			query: ''
		};
	}
};
