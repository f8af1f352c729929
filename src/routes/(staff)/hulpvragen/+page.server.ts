import { requireActor } from '$lib/server/access/actor';
import { hasAny, may, swvRoles } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import * as aanvrager from '$lib/server/dossiers/aanvrager';
import * as overview from '$lib/server/dossiers/overview';
import * as voorschool from '$lib/server/dossiers/voorschool';
import { reviewQueue } from '$lib/server/intake/titles';
import * as preferences from '$lib/server/preferences';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const params = event.url.searchParams;
	let filters: overview.Filters;
	// `filter` marks a submitted filter form (an empty one too: "Wissen"); without it the
	// user's remembered filters apply.
	if (params.has('filter')) {
		filters = overview.parseFilters({
			q: params.get('q'),
			status: params.getAll('status'),
			school: params.get('school'),
			titel: params.get('titel'),
			coordinator: params.get('coordinator'),
			sortering: params.get('sortering')
		});
		if (overview.isEmpty(filters))
			await preferences.clear(sql, actor.accountId, overview.preferenceKey);
		else
			await preferences.set(
				sql,
				actor.accountId,
				overview.preferenceKey,
				overview.toParams(filters)
			);
	} else {
		const stored = await preferences.get(sql, actor.accountId, overview.preferenceKey);
		filters = stored ? overview.parseFilters(stored) : { ...overview.emptyFilters };
	}
	const page = Number.parseInt(params.get('pagina') ?? '1', 10);
	const [result, ended, review] = await Promise.all([
		overview.list(sql, actor, filters, page),
		voorschool.ended(sql, actor),
		// Hulpvragen a school system sent with a type nobody knows, waiting for their title.
		hasAny(actor, [...swvRoles, 'beheerder']) ? reviewQueue(sql, actor) : []
	]);
	// The status choices carry the counts of the list.
	const options = await overview.filterOptions(sql, actor, result.statusCounts);
	// a pre-school whose access ended at "advies afgerond" reads why the hulpvraag
	// left its list (for three months; title and date only, nothing of the child).
	const recent = new Date(Date.now() - 92 * 24 * 3600 * 1000).toISOString().slice(0, 10);
	const canCreate = may(actor, 'create-dossier', {
		type: 'organisation',
		organisationId: actor.organisationId
	}).allowed;
	// Only a directeur or a beheerder may hand hulpvragen over; the page asks the policy per school.
	const canHandover =
		actor.roles.some((r) => r === 'directeur' || r === 'beheerder') &&
		(await aanvrager.handoverSchools(sql, actor)).length > 0;
	return {
		filters,
		canHandover,
		filtered: !overview.isEmpty(filters),
		result,
		options,
		canCreate,
		endedLinks: ended.filter((e) => e.endedOn >= recent),
		review: review.map((r) => ({
			hulpvraagId: r.hulpvraagId,
			aanvraagtype: r.aanvraagtype,
			schoolName: r.schoolName,
			receivedAt: r.receivedAt
		})),
		pageSize: overview.pageSize,
		sortOptions: overview.sortOrders.map((s) => ({ value: s, label: overview.sortLabels[s] }))
	};
};
