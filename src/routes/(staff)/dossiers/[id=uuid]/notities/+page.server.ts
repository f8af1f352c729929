import { fail } from '@sveltejs/kit';
import { notFound, requireActor } from '$lib/server/access/actor';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import { dossierFor } from '$lib/server/dossiers/guard';
import { isUuid } from '$lib/server/ids';
import type { Actions, PageServerLoad } from './$types';

// "Mijn notities": only the author's own notes exist for anyone (the policy's note rule).
export const load: PageServerLoad = async (event) => {
	const actor = await requireActor(sql, event);
	const facts = await dossierFor(sql, actor, event.params.id);
	return { notes: await dossiers.notes(sql, actor, facts.id) };
};

export const actions: Actions = {
	toevoegen: async (event) => {
		const actor = await requireActor(sql, event);
		const facts = await dossierFor(sql, actor, event.params.id, 'add-note');
		const body = String((await event.request.formData()).get('body') ?? '').trim();
		if (!body) return fail(400, { error: 'Schrijf eerst een notitie.' });
		if (body.length > 20000)
			return fail(400, { error: 'Deze notitie is te lang (maximaal 20.000 tekens).', body });
		await dossiers.addNote(sql, actor, facts.id, body);
		return { added: true };
	},
	verwijderen: async (event) => {
		const actor = await requireActor(sql, event);
		await dossierFor(sql, actor, event.params.id);
		const id = String((await event.request.formData()).get('note_id') ?? '');
		if (!isUuid(id) || !(await dossiers.deleteNote(sql, actor, id))) notFound();
		return { deleted: true };
	}
};
