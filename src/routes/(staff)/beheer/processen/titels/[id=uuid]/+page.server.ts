import { error } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as titles from '$lib/server/beheer/process-titles';
import { sql } from '$lib/server/db';
import { editorActions } from '$lib/server/beheer/editor-actions';
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

export const actions = editorActions(sql, {
	fromForm: titles.fromForm,
	save: titles.save,
	remove: titles.remove,
	saved: 'De titel is opgeslagen.',
	removedTo: '/beheer/processen?verwijderd=titel'
}) satisfies Actions;
