import { fail, type ActionFailure } from '@sveltejs/kit';
import { formatTime } from '$lib/server/auth/mails';
import * as requests from '$lib/server/auth/reset-requests';
import { sql } from '$lib/server/db';
import * as organisation from '$lib/server/organisation';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies }) => {
	const organisations = await organisation.list(sql);
	// The login page remembers the organisation on this device; use it here too.
	const remembered = organisations.find((o) => o.code === cookies.get('kk_org'));
	return {
		organisations: organisations.map((o) => ({ code: o.code, label: organisation.label(o) })),
		remembered: remembered ? organisation.label(remembered) : '',
		maxMessageLength: requests.maxMessageLength
	};
};

export interface Failure {
	fields: { organisatie: string; gebruikersnaam: string; email: string; bericht: string };
	errors: Record<string, string>;
	message: string;
}

function problem(status: number, failure: Failure): ActionFailure<Failure> {
	return fail(status, failure);
}

function text(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value : '';
}

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const data = await request.formData();
		const fields = {
			organisatie: text(data, 'organisatie').trim(),
			gebruikersnaam: text(data, 'gebruikersnaam').trim(),
			email: text(data, 'email').trim(),
			bericht: text(data, 'bericht')
		};
		const errors: Record<string, string> = {};
		if (!fields.organisatie) errors.organisatie = 'Kies uw organisatie.';
		if (!fields.gebruikersnaam) errors.gebruikersnaam = 'Vul uw gebruikersnaam in.';
		if (!fields.email) errors.email = 'Vul uw e-mailadres in.';
		else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(fields.email))
			errors.email = 'Dit is geen geldig e-mailadres.';
		if (fields.bericht.length > requests.maxMessageLength)
			errors.bericht = `Het bericht is te lang (hoogstens ${requests.maxMessageLength} tekens).`;
		const org = fields.organisatie
			? organisation.resolve(fields.organisatie, await organisation.list(sql))
			: null;
		if (fields.organisatie && !org)
			errors.organisatie = 'Deze organisatie kennen we niet. Kies er een uit de lijst.';
		if (Object.keys(errors).length > 0 || !org) {
			return problem(400, { fields, errors, message: 'Vul alle velden goed in.' });
		}

		const [row] = await sql<{ id: string }[]>`select id from organisation where code = ${org.code}`;
		const result = await requests.request(sql, {
			organisationId: row!.id,
			username: fields.gebruikersnaam,
			email: fields.email,
			message: fields.bericht,
			ipHash: locals.ipHash,
			origin: url.origin
		});
		if (result.kind === 'addressLimited') {
			return problem(429, {
				fields,
				errors: {},
				message: `Er zijn vanaf dit netwerk te veel verzoeken gedaan. Probeer het om ${formatTime(result.until)} uur opnieuw.`
			});
		}
		// The same answer whether or not the account exists and the address matches.
		return { sent: { organisationName: org.name } };
	}
};
