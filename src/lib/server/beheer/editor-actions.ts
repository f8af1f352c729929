/**
 * The two actions of a Beheer page that edits one process item (a status or a title): save
 * the form, or remove an unused item. Both leave the decision to the domain function, which
 * authorises inside its transaction; an id of another organisation is a 404 like one that
 * does not exist.
 */
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actor } from '../access/policy';
import type { Sql } from '../db';
import { invalid } from '../input';
import { requireBeheerder } from './accounts';
import type { RemoveResult, SaveResult } from './process-common';

export interface EditedItem<V> {
	fromForm(form: FormData): V;
	save(sql: Sql, actor: Actor, id: string, values: V): Promise<SaveResult>;
	remove(sql: Sql, actor: Actor, id: string): Promise<RemoveResult>;
	/** Shown after a save: "De status is opgeslagen." */
	saved: string;
	/** Where a removal leads: the list, with a note of what was removed. */
	removedTo: string;
}

export function editorActions<V extends object>(sql: Sql, item: EditedItem<V>) {
	return {
		opslaan: async (event: RequestEvent<{ id: string }>) => {
			const me = requireBeheerder(event, 'manage-processes');
			const values = item.fromForm(await event.request.formData());
			const result = await item.save(sql, me.actor, event.params.id, values);
			if (!result.ok) {
				if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
				return invalid(400, {
					values,
					errors: result.errors,
					message: 'Verbeter de gemarkeerde velden.'
				});
			}
			return { values: null, errors: {}, message: null, done: item.saved };
		},
		verwijderen: async (event: RequestEvent<{ id: string }>) => {
			const me = requireBeheerder(event, 'manage-processes');
			const result = await item.remove(sql, me.actor, event.params.id);
			if (!result.ok) {
				if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
				// Removing has no fields: nothing to re-fill, the edit form keeps the stored values.
				return invalid(409, { values: null, message: result.message });
			}
			redirect(303, item.removedTo);
		}
	};
}
