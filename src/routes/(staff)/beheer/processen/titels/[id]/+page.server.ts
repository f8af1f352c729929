import { error, fail, redirect } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as processes from '$lib/server/beheer/processes';
import { sql } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event);
	const titel = await processes.getTitel(sql, me.organisationId, event.params.id);
	if (!titel) error(404, 'Pagina niet gevonden');
	const schoolRegions = await processes.regions(sql, me.organisationId);
	return {
		titel: { id: titel.id, name: titel.name, inUse: titel.inUse },
		values: processes.titelValues(titel),
		regions: [...new Set([...schoolRegions, ...titel.onlyRegions, ...titel.excludedRegions])],
		saved: event.url.searchParams.has('opgeslagen')
	};
};

export const actions: Actions = {
	opslaan: async (event) => {
		const me = requireBeheerder(event);
		const values = processes.titelFromForm(await event.request.formData());
		const result = await processes.saveTitel(sql, me.actor, event.params.id, values);
		if (!result.ok) {
			if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
			return fail(400, {
				values,
				errors: result.errors,
				message: 'Verbeter de gemarkeerde velden.',
				done: null
			});
		}
		return { values: null, errors: {}, message: null, done: 'De titel is opgeslagen.' };
	},
	verwijderen: async (event) => {
		const me = requireBeheerder(event);
		const result = await processes.removeTitel(sql, me.actor, event.params.id);
		if (!result.ok) {
			if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
			return fail(409, { values: null, errors: {}, message: result.message, done: null });
		}
		redirect(303, '/beheer/processen?verwijderd=titel');
	}
};
