import { redirect } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import { sql } from '$lib/server/db';
import * as templates from '$lib/server/forms/templates';
import { choice, invalid, parseForm, text, v } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireBeheerder(event, 'manage-forms');
	return {
		purposes: Object.entries(templates.purposeLabels).map(([value, label]) => ({ value, label }))
	};
};

const schema = v.object({
	naam: text(160, { required: 'Vul een naam in.' }),
	soort: choice(['formulier', 'advies'] as const, 'Kies het soort formulier.'),
	omschrijving: text(1000)
});

export const actions: Actions = {
	default: async (event) => {
		const me = requireBeheerder(event, 'manage-forms');
		const parsed = parseForm(schema, await event.request.formData());
		if (!parsed.success) {
			return invalid(400, {
				values: parsed.values,
				errors: parsed.errors,
				message: 'Verbeter de gemarkeerde velden.'
			});
		}
		const { naam, soort, omschrijving } = parsed.output;
		let id: string;
		try {
			id = await templates.create(sql, me.actor, {
				name: naam,
				purpose: soort,
				description: omschrijving
			});
		} catch (e) {
			if (!(e instanceof templates.Invalid)) throw e;
			return invalid(400, {
				values: parsed.values,
				errors: { naam: e.message },
				message: 'Verbeter de gemarkeerde velden.'
			});
		}
		redirect(303, `/beheer/formulieren/${id}?nieuw=1`);
	}
};
