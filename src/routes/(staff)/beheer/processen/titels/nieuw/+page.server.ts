import { redirect } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as titles from '$lib/server/beheer/process-titles';
import { sql } from '$lib/server/db';
import { invalid } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event, 'manage-processes');
	return {
		values: titles.empty,
		regions: await titles.regions(sql, me.organisationId)
	};
};

export const actions: Actions = {
	default: async (event) => {
		const me = requireBeheerder(event, 'manage-processes');
		const values = titles.fromForm(await event.request.formData());
		const result = await titles.save(sql, me.actor, null, values);
		if (!result.ok) {
			return invalid(400, {
				values,
				errors: result.reason === 'invalid' ? result.errors : {},
				message: 'Verbeter de gemarkeerde velden.'
			});
		}
		redirect(303, `/beheer/processen/titels/${result.id}?opgeslagen=1`);
	}
};
