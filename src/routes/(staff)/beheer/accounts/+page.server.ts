import { roleLabels, roles } from '$lib/server/account';
import * as accounts from '$lib/server/beheer/accounts';
import { sql } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = accounts.requireBeheerder(event);
	const params = event.url.searchParams;
	let filters: accounts.Filters;
	// `filter` marks a submitted filter form (also an empty one: "Wissen"); without it the
	// beheerder's remembered filters apply.
	if (params.has('filter')) {
		filters = accounts.parseFilters({
			q: params.get('q'),
			rol: params.get('rol'),
			status: params.get('status'),
			sortering: params.get('sortering')
		});
		await accounts.rememberFilters(sql, me.id, filters);
	} else {
		filters = await accounts.rememberedFilters(sql, me.id);
	}
	const page = Number.parseInt(params.get('pagina') ?? '1', 10);
	const result = await accounts.list(sql, me.organisationId, filters, page);
	return {
		filters,
		filtered: !accounts.isEmpty(filters),
		result,
		pageSize: accounts.pageSize,
		roleOptions: roles.map((r) => ({ value: r, label: roleLabels[r] })),
		stateOptions: accounts.accountStates.map((s) => ({ value: s, label: accounts.stateLabels[s] })),
		sortOptions: accounts.sortOrders.map((s) => ({ value: s, label: accounts.sortLabels[s] }))
	};
};
