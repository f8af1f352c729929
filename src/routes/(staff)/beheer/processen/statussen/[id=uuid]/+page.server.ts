import { error, redirect } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as processes from '$lib/server/beheer/processes';
import { sql } from '$lib/server/db';
import { invalid } from '$lib/server/input';
import { roleLabels, roles } from '$lib/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event, 'manage-processes');
	const statuses = await processes.listStatuses(sql, me.organisationId);
	const status = statuses.find((s) => s.id === event.params.id);
	if (!status) error(404, 'Pagina niet gevonden');
	const name = new Map(statuses.map((s) => [s.id, s.name]));
	return {
		status: {
			id: status.id,
			name: status.name,
			inUse: status.inUse,
			previous: status.previous.map((id) => name.get(id) ?? '')
		},
		values: processes.toValues(status),
		statuses: statuses
			.filter((s) => s.id !== status.id)
			.map((s) => ({ id: s.id, name: s.name, active: s.active })),
		roleOptions: roles
			.filter((r) => r !== 'beheerder')
			.map((r) => ({ value: r, label: roleLabels[r] })),
		saved: event.url.searchParams.has('opgeslagen')
	};
};

export const actions: Actions = {
	opslaan: async (event) => {
		const me = requireBeheerder(event, 'manage-processes');
		const values = processes.statusFromForm(await event.request.formData());
		const result = await processes.saveStatus(sql, me.actor, event.params.id, values);
		if (!result.ok) {
			if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
			return invalid(400, {
				values,
				errors: result.errors,
				message: 'Verbeter de gemarkeerde velden.'
			});
		}
		return { values: null, errors: {}, message: null, done: 'De status is opgeslagen.' };
	},
	verwijderen: async (event) => {
		const me = requireBeheerder(event, 'manage-processes');
		const result = await processes.removeStatus(sql, me.actor, event.params.id);
		if (!result.ok) {
			if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
			// Removing has no fields: nothing to re-fill, the edit form keeps the stored values.
			return invalid(409, { values: null, message: result.message });
		}
		redirect(303, '/beheer/processen?verwijderd=status');
	}
};
