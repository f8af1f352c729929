import { roleLabels, roles } from '$lib/server/account';
import * as accounts from '$lib/server/beheer/accounts';
import { sql } from '$lib/server/db';
import { dormantMonths, setDormantMonths, warningDays } from '$lib/server/beheer/dormant';
import { Invalid } from '$lib/server/dossiers/dossier';
import { anyText, invalid, readForm, v } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

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
		dormant: { months: await dormantMonths(sql, me.organisationId), warningDays },
		filters,
		filtered: !accounts.isEmpty(filters),
		result,
		pageSize: accounts.pageSize,
		roleOptions: roles.map((r) => ({ value: r, label: roleLabels[r] })),
		stateOptions: accounts.accountStates.map((s) => ({ value: s, label: accounts.stateLabels[s] })),
		sortOptions: accounts.sortOrders.map((s) => ({ value: s, label: accounts.sortLabels[s] }))
	};
};

const dormantSchema = v.object({ maanden: anyText() });

export const actions: Actions = {
	// Slapende accounts: after how many months without a login an account is deactivated.
	slapend: async (event) => {
		const me = accounts.requireBeheerder(event);
		const { output, values } = readForm(dormantSchema, await event.request.formData());
		const text = output.maanden.trim();
		// Not a whole number: refused by the domain with its message, like 0 or 61.
		const months = text === '' ? null : /^\d{1,3}$/.test(text) ? Number(text) : -1;
		try {
			await setDormantMonths(sql, me.actor, months);
		} catch (e) {
			if (e instanceof Invalid) return invalid(400, { form: 'slapend', values, errors: e.errors });
			throw e;
		}
		return { dormantSaved: true };
	}
};
