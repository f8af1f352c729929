import { redirect } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as automations from '$lib/server/beheer/process-automations';
import * as titles from '$lib/server/beheer/process-titles';
import * as processes from '$lib/server/beheer/processes';
import { sql } from '$lib/server/db';
import { invalid } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event, 'manage-processes');
	const [statuses, titels, coordinators, templates] = await Promise.all([
		processes.listStatuses(sql, me.organisationId),
		titles.list(sql, me.organisationId),
		automations.coordinators(sql, me.organisationId),
		automations.attachableTemplates(sql, me.organisationId)
	]);
	return {
		statuses: statuses.filter((s) => s.active).map((s) => ({ id: s.id, name: s.name })),
		titels: titels.filter((t) => t.active).map((t) => ({ id: t.id, name: t.name })),
		coordinators,
		templates,
		kinds: automations.kinds.map((k) => ({ value: k, label: automations.kindLabels[k]! }))
	};
};

export const actions: Actions = {
	default: async (event) => {
		const me = requireBeheerder(event, 'manage-processes');
		const values = automations.automationFromForm(await event.request.formData());
		const result = await automations.add(sql, me.actor, values);
		if (!result.ok) {
			return invalid(400, {
				values,
				errors: result.reason === 'invalid' ? result.errors : {},
				message: 'Verbeter de gemarkeerde velden.'
			});
		}
		redirect(303, '/beheer/processen#automatiseringen');
	}
};
