import { redirect } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as processes from '$lib/server/beheer/processes';
import { sql } from '$lib/server/db';
import { invalid } from '$lib/server/input';
import { roleLabels, roles } from '$lib/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event, 'manage-processes');
	const statuses = await processes.listStatuses(sql, me.organisationId);
	return {
		values: processes.emptyStatus,
		statuses: statuses.map((s) => ({ id: s.id, name: s.name, active: s.active })),
		roleOptions: roles
			.filter((r) => r !== 'beheerder')
			.map((r) => ({ value: r, label: roleLabels[r] }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const me = requireBeheerder(event, 'manage-processes');
		const values = processes.statusFromForm(await event.request.formData());
		const result = await processes.saveStatus(sql, me.actor, null, values);
		if (!result.ok) {
			return invalid(400, {
				values,
				errors: result.reason === 'invalid' ? result.errors : {},
				message: 'Verbeter de gemarkeerde velden.'
			});
		}
		redirect(303, `/beheer/processen/statussen/${result.id}?opgeslagen=1`);
	}
};
