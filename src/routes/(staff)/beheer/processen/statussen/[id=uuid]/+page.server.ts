import { error } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as processes from '$lib/server/beheer/processes';
import { sql } from '$lib/server/db';
import { editorActions } from '$lib/server/beheer/editor-actions';
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

export const actions = editorActions(sql, {
	fromForm: processes.statusFromForm,
	save: processes.saveStatus,
	remove: processes.removeStatus,
	saved: 'De status is opgeslagen.',
	removedTo: '/beheer/processen?verwijderd=status'
}) satisfies Actions;
