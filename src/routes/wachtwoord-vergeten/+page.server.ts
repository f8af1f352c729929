import { fail } from '@sveltejs/kit';
import * as reset from '$lib/server/auth/reset';
import { sql } from '$lib/server/db';
import * as organisation from '$lib/server/organisation';
import type { Actions, PageServerLoad } from './$types';

const rememberCookie = 'kk_org';

export const load: PageServerLoad = async ({ cookies }) => {
	const organisations = await organisation.list(sql);
	const remembered = organisations.find((o) => o.code === cookies.get(rememberCookie));
	return {
		organisations: organisations.map((o) => ({ code: o.code, label: organisation.label(o) })),
		remembered: remembered ? organisation.label(remembered) : ''
	};
};

export interface Failure {
	fields: { organisatie: string; gebruikersnaam: string; email: string };
	errors: Record<string, string>;
	message: string;
}

function text(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value.trim() : '';
}

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const data = await request.formData();
		const fields = {
			organisatie: text(data, 'organisatie'),
			gebruikersnaam: text(data, 'gebruikersnaam'),
			email: text(data, 'email')
		};
		const errors: Record<string, string> = {};
		if (!fields.organisatie) errors.organisatie = 'Kies uw organisatie.';
		if (!fields.gebruikersnaam && !fields.email) {
			errors.gebruikersnaam = 'Vul uw gebruikersnaam of uw e-mailadres in (of allebei).';
		}
		const org = fields.organisatie
			? organisation.resolve(fields.organisatie, await organisation.list(sql))
			: null;
		if (fields.organisatie && !org) {
			errors.organisatie = 'Deze organisatie kennen we niet. Kies er een uit de lijst.';
		}
		if (!org || Object.keys(errors).length > 0) {
			return fail(400, {
				fields,
				errors,
				message: 'Vul de organisatie in en uw gebruikersnaam of e-mailadres.'
			} satisfies Failure);
		}
		// The same answer whatever matched or was throttled: the page must not reveal accounts.
		await reset.request(sql, {
			organisationCode: org.code,
			username: fields.gebruikersnaam,
			email: fields.email,
			ipHash: locals.ipHash,
			origin: url.origin
		});
		return { sent: true as const };
	}
};
