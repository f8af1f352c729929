import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
import { roleLabels, roles } from '$lib/server/account';
import * as actions_ from '$lib/server/beheer/account-actions';
import * as accounts from '$lib/server/beheer/accounts';
import { sql } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	accounts.requireBeheerder(event);
	return { roleOptions: roles.map((r) => ({ value: r, label: roleLabels[r] })) };
};

export interface Failure {
	fields: {
		naam: string;
		gebruikersnaam: string;
		email: string;
		functie: string;
		rollen: string[];
	};
	errors: Record<string, string>;
	message: string;
}

function problem(status: number, failure: Failure): ActionFailure<Failure> {
	return fail(status, failure);
}

function text(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

export const actions: Actions = {
	default: async (event) => {
		const me = accounts.requireBeheerder(event);
		const data = await event.request.formData();
		const input: accounts.NewAccountFields = {
			displayName: text(data, 'naam'),
			username: text(data, 'gebruikersnaam'),
			email: text(data, 'email'),
			roles: data.getAll('rollen').filter((v): v is string => typeof v === 'string'),
			functionTitle: text(data, 'functie')
		};
		const fields = {
			naam: input.displayName,
			gebruikersnaam: input.username,
			email: input.email,
			functie: input.functionTitle,
			rollen: input.roles
		};
		const errors = accounts.validateNew(input);
		// Said together with the other field errors, so the form needs one correction round.
		if (
			!errors.gebruikersnaam &&
			(await accounts.usernameTaken(sql, me.organisationId, input.username))
		) {
			errors.gebruikersnaam = 'Deze gebruikersnaam bestaat al.';
		}
		if (Object.keys(errors).length > 0) {
			return problem(400, { fields, errors, message: 'Verbeter de gemarkeerde velden.' });
		}
		const result = await actions_.create(sql, me.actor, input);
		if (!result.ok) {
			return problem(400, {
				fields,
				errors: { gebruikersnaam: 'Deze gebruikersnaam bestaat al.' },
				message: 'Verbeter de gemarkeerde velden.'
			});
		}
		redirect(303, `/beheer/accounts/${result.id}?aangemaakt=1`);
	}
};
