import { error, redirect } from '@sveltejs/kit';
import { anonymiseDossier, anonymiseHulpvraag } from '$lib/server/beheer/anonymise';
import * as accounts from '$lib/server/beheer/accounts';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import * as hulpvragen from '$lib/server/dossiers/hulpvraag';
import { anyText, checkbox, invalid, readForm, v } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = accounts.requireBeheerder(event, 'anonymise');
	const d = await dossiers.get(sql, me.organisationId, event.params.id);
	if (!d) error(404, 'Pagina niet gevonden');
	return {
		dossier: {
			id: d.id,
			roepnaam: d.roepnaam,
			tussenvoegsel: d.tussenvoegsel,
			achternaam: d.achternaam,
			anonymised: d.anonymisedAt !== null
		},
		hulpvragen: await hulpvragen.ofDossier(sql, me.organisationId, d.id),
		done: event.url.searchParams.get('klaar')
	};
};

const confirmSchema = v.object({ zeker: checkbox(), hulpvraag: anyText() });

export const actions: Actions = {
	dossier: async (event) => {
		const me = accounts.requireBeheerder(event, 'anonymise');
		const { output, values } = readForm(confirmSchema, await event.request.formData());
		if (!output.zeker) {
			return invalid(400, {
				form: 'dossier',
				values,
				errors: { zeker: 'Vink aan dat u begrijpt dat dit niet ongedaan kan worden.' }
			});
		}
		try {
			await anonymiseDossier(sql, me.actor, event.params.id);
		} catch (e) {
			if (e instanceof dossiers.Invalid) error(404, 'Pagina niet gevonden');
			throw e;
		}
		redirect(303, `/beheer/dossiers/${event.params.id}/anonimiseren?klaar=dossier`);
	},
	hulpvraag: async (event) => {
		const me = accounts.requireBeheerder(event, 'anonymise');
		const { output, values } = readForm(confirmSchema, await event.request.formData());
		const own = await hulpvragen.ofDossier(sql, me.organisationId, event.params.id);
		if (!own.some((h) => h.id === output.hulpvraag)) error(404, 'Pagina niet gevonden');
		if (!output.zeker) {
			return invalid(400, {
				form: `hulpvraag-${output.hulpvraag}`,
				values,
				errors: { zeker: 'Vink aan dat u begrijpt dat dit niet ongedaan kan worden.' }
			});
		}
		await anonymiseHulpvraag(sql, me.actor, output.hulpvraag);
		redirect(303, `/beheer/dossiers/${event.params.id}/anonimiseren?klaar=hulpvraag`);
	}
};
