import { notFound, requireActor } from '$lib/server/access/actor';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import { dossierFor } from '$lib/server/dossiers/guard';
import { invalid, parseForm, text, uuid, v } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

// "Mijn notities": only the author's own notes exist for anyone (the policy's note rule).
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const facts = await dossierFor(sql, actor, event.params.id);
	return { notes: await dossiers.notes(sql, actor, facts.id) };
};

const noteSchema = v.object({
	body: text(20000, {
		required: 'Schrijf eerst een notitie.',
		tooLong: 'Deze notitie is te lang (maximaal 20.000 tekens).'
	})
});
const noteIdSchema = v.object({ note_id: uuid('Deze notitie bestaat niet.') });

export const actions: Actions = {
	toevoegen: async (event) => {
		const actor = requireActor(event);
		const facts = await dossierFor(sql, actor, event.params.id, 'add-note');
		const input = parseForm(noteSchema, await event.request.formData());
		if (!input.success) {
			return invalid(400, {
				values: input.values,
				errors: input.errors,
				message: `De notitie is niet opgeslagen: ${input.errors.body}`
			});
		}
		await dossiers.addNote(sql, actor, facts.id, input.output.body);
		return { added: true };
	},
	verwijderen: async (event) => {
		const actor = requireActor(event);
		await dossierFor(sql, actor, event.params.id);
		const input = parseForm(noteIdSchema, await event.request.formData());
		if (!input.success || !(await dossiers.deleteNote(sql, actor, input.output.note_id))) {
			notFound();
		}
		return { deleted: true };
	}
};
