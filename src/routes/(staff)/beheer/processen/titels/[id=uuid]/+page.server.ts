import { error, redirect } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as titles from '$lib/server/beheer/process-titles';
import { sql } from '$lib/server/db';
import { invalid } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event, 'manage-processes');
	const titel = await titles.get(sql, me.organisationId, event.params.id);
	if (!titel) error(404, 'Pagina niet gevonden');
	const schoolRegions = await titles.regions(sql, me.organisationId);
	return {
		titel: { id: titel.id, name: titel.name, inUse: titel.inUse },
		values: titles.toValues(titel),
		regions: [...new Set([...schoolRegions, ...titel.onlyRegions, ...titel.excludedRegions])],
		saved: event.url.searchParams.has('opgeslagen')
	};
};

export const actions: Actions = {
	opslaan: async (event) => {
		const me = requireBeheerder(event, 'manage-processes');
		const values = titles.fromForm(await event.request.formData());
		const result = await titles.save(sql, me.actor, event.params.id, values);
		if (!result.ok) {
			if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
			return invalid(400, {
				values,
				errors: result.errors,
				message: 'Verbeter de gemarkeerde velden.'
			});
		}
		return { values: null, errors: {}, message: null, done: 'De titel is opgeslagen.' };
	},
	verwijderen: async (event) => {
		const me = requireBeheerder(event, 'manage-processes');
		const result = await titles.remove(sql, me.actor, event.params.id);
		if (!result.ok) {
			if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
			// Removing has no fields: nothing to re-fill, the edit form keeps the stored values.
			return invalid(409, { values: null, message: result.message });
		}
		redirect(303, '/beheer/processen?verwijderd=titel');
	}
};
