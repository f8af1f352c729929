import * as reset from '$lib/server/auth/reset';
import { sql } from '$lib/server/db';
import { invalid, parseForm, text, v } from '$lib/server/input';
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

const schema = v.object({
	organisatie: text(200, { required: 'Kies uw organisatie.' }),
	gebruikersnaam: text(200),
	email: text(254)
});

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const input = parseForm(schema, await request.formData());
		const { values } = input;
		const errors = input.success ? {} : { ...input.errors };
		const fields = input.success ? input.output : null;
		if (!values.gebruikersnaam && !values.email) {
			errors.gebruikersnaam = 'Vul uw gebruikersnaam of uw e-mailadres in (of allebei).';
		}
		const typed = values.organisatie ?? '';
		const org = typed ? organisation.resolve(typed, await organisation.list(sql)) : null;
		if (typed && !org) {
			errors.organisatie = 'Deze organisatie kennen we niet. Kies er een uit de lijst.';
		}
		if (!fields || !org || Object.keys(errors).length > 0) {
			return invalid(400, {
				values,
				errors,
				message: 'Vul de organisatie in en uw gebruikersnaam of e-mailadres.'
			});
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
