import { sql } from '$lib/server/db';
import { email, invalid, parseForm, text, v } from '$lib/server/input';
import * as help from '$lib/server/help';
import * as organisation from '$lib/server/organisation';
import { steps, type Step } from '$lib/help-steps';
import type { Actions, PageServerLoad } from './$types';

function isStep(value: string | null): value is Step {
	return value !== null && (steps as readonly string[]).includes(value);
}

export const load: PageServerLoad = async ({ url }) => {
	const stepParam = url.searchParams.get('stap');
	const step: Step = isStep(stepParam) ? stepParam : 'start';
	const organisations = await organisation.list(sql);
	const chosen = organisation.resolve(url.searchParams.get('organisatie') ?? '', organisations);
	const username = (url.searchParams.get('gebruikersnaam') ?? '').trim().slice(0, 100);
	const org = chosen ? await help.organisationByCode(sql, chosen.code) : null;
	return {
		step,
		organisations: organisations.map((o) => ({ code: o.code, label: organisation.label(o) })),
		organisation: org
			? {
					code: org.code,
					name: org.name,
					helpdeskText: org.helpdeskText,
					label: organisation.label(org)
				}
			: null,
		username,
		entry: org && username ? help.entryLabel(org, username) : null
	};
};

const activationSchema = v.object({
	organisatie: text(200, { required: 'Kies uw organisatie.' }),
	gebruikersnaam: text(200, { required: 'Vul uw gebruikersnaam in.' }),
	email: email({ required: 'Vul uw e-mailadres in.' })
});

export const actions: Actions = {
	activatie: async ({ request, locals, url }) => {
		const input = parseForm(activationSchema, await request.formData());
		const { values } = input;
		const org = organisation.resolve(values.organisatie ?? '', await organisation.list(sql));
		if (!input.success || !org) {
			return invalid(400, {
				values,
				errors: input.success ? {} : input.errors,
				message: 'Vul uw organisatie, uw gebruikersnaam en uw e-mailadres in.'
			});
		}
		const fields = input.output;
		await help.requestActivationLink(sql, {
			organisationCode: org.code,
			username: fields.gebruikersnaam,
			email: fields.email,
			ipHash: locals.ipHash,
			origin: url.origin
		});
		// The same answer whatever exists: this form must not tell who has an account.
		return { sent: true };
	}
};
