import { redirect } from '@sveltejs/kit';
import { roleLabels, roles } from '$lib/server/account';
import * as actions_ from '$lib/server/beheer/account-actions';
import * as accounts from '$lib/server/beheer/accounts';
import { sql } from '$lib/server/db';
import { anyText, invalid, list, readForm, v } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	accounts.requireBeheerder(event);
	return { roleOptions: roles.map((r) => ({ value: r, label: roleLabels[r] })) };
};

// The rules of a new account are accounts.validateNew's, said together in one round.
const schema = v.object({
	naam: anyText(),
	gebruikersnaam: anyText(),
	email: anyText(),
	functie: anyText(),
	rollen: list(anyText())
});

export const actions: Actions = {
	default: async (event) => {
		const me = accounts.requireBeheerder(event);
		const { output, values: typed } = readForm(schema, await event.request.formData());
		const input: accounts.NewAccountFields = {
			displayName: output.naam,
			username: output.gebruikersnaam,
			email: output.email,
			roles: output.rollen,
			functionTitle: output.functie
		};
		// The chosen roles go back as one value: the page ticks them again.
		const values = { ...typed, rollen: output.rollen.join(',') };
		const errors = accounts.validateNew(input);
		// Said together with the other field errors, so the form needs one correction round.
		if (
			!errors.gebruikersnaam &&
			(await accounts.usernameTaken(sql, me.organisationId, input.username))
		) {
			errors.gebruikersnaam = 'Deze gebruikersnaam bestaat al.';
		}
		if (Object.keys(errors).length > 0) {
			return invalid(400, { values, errors, message: 'Verbeter de gemarkeerde velden.' });
		}
		const result = await actions_.create(sql, me.actor, input);
		if (!result.ok) {
			return invalid(400, {
				values,
				errors: { gebruikersnaam: 'Deze gebruikersnaam bestaat al.' },
				message: 'Verbeter de gemarkeerde velden.'
			});
		}
		redirect(303, `/beheer/accounts/${result.id}?aangemaakt=1`);
	}
};
