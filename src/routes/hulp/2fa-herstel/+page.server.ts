import { formatTime } from '$lib/server/auth/mails';
import * as requests from '$lib/server/auth/reset-requests';
import { sql } from '$lib/server/db';
import { email, invalid, parseForm, text, v } from '$lib/server/input';
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

const schema = v.object({
	organisatie: text(200, { required: 'Kies uw organisatie.' }),
	gebruikersnaam: text(200, { required: 'Vul uw gebruikersnaam in.' }),
	email: email({ required: 'Vul uw e-mailadres in.', invalid: 'Dit is geen geldig e-mailadres.' }),
	bericht: text(requests.maxMessageLength, {
		tooLong: `Het bericht is te lang (hoogstens ${requests.maxMessageLength} tekens).`
	})
});

const incomplete = 'Vul alle velden goed in.';

export const actions: Actions = {
	default: async ({ request, locals, url }) => {
		const input = parseForm(schema, await request.formData());
		const { values } = input;
		const typed = values.organisatie ?? '';
		const org = typed ? organisation.resolve(typed, await organisation.list(sql)) : null;
		const errors = input.success ? {} : { ...input.errors };
		if (typed && !org) {
			errors.organisatie = 'Deze organisatie kennen we niet. Kies er een uit de lijst.';
		}
		if (!input.success || !org) return invalid(400, { values, errors, message: incomplete });
		const fields = input.output;

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
			return invalid(429, {
				values,
				message: `Er zijn vanaf dit netwerk te veel verzoeken gedaan. Probeer het om ${formatTime(result.until)} uur opnieuw.`
			});
		}
		// The same answer whether or not the account exists and the address matches.
		return { sent: { organisationName: org.name } };
	}
};
