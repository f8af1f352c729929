import { redirect } from '@sveltejs/kit';
import { notFound, requireActor } from '$lib/server/access/actor';
import { may } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import { hulpvraagFacts } from '$lib/server/dossiers/facts';
import { dossierFor } from '$lib/server/dossiers/guard';
import * as hulpvragen from '$lib/server/dossiers/hulpvraag';
import { formValues, invalid } from '$lib/server/input';
import { proposal } from '$lib/server/overlegronde/dates';
import * as overlegronde from '$lib/server/overlegronde/round';
import type { Actions, PageServerLoad } from './$types';
import type { Actor } from '$lib/server/access/policy';

async function manageable(actor: Actor, dossierId: string) {
	const out = [];
	for (const h of await hulpvragen.ofDossier(sql, actor.organisationId, dossierId)) {
		const facts = await hulpvraagFacts(sql, actor.organisationId, h.id);
		if (facts && may(actor, 'manage-overlegronde', facts).allowed) {
			out.push({ id: h.id, titel: h.titel, status: h.status, datum: h.datum });
		}
	}
	return out;
}

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const dossier = await dossierFor(sql, actor, event.params.id);
	const options = await manageable(actor, dossier.id);
	if (options.length === 0) notFound();
	return {
		hulpvragen: options,
		chosen: event.url.searchParams.get('hulpvraag') ?? (options.length === 1 ? options[0]!.id : ''),
		proposal: proposal(new Date())
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		const dossier = await dossierFor(sql, actor, event.params.id);
		const form = await event.request.formData();
		const input = overlegronde.parse(form);
		// The hulpvraag must be one of this dossier's: the page offers no other.
		const options = await manageable(actor, dossier.id);
		let id: string;
		try {
			if (!options.some((o) => o.id === input.hulpvraagId)) {
				throw new overlegronde.Invalid({ hulpvraag: 'Kies een hulpvraag uit de lijst.' });
			}
			id = await overlegronde.create(sql, actor, input, new Date());
		} catch (e) {
			if (e instanceof overlegronde.Invalid)
				return invalid(400, { errors: e.errors, values: formValues(form) });
			throw e;
		}
		redirect(303, `/overlegrondes/${id}?nieuw`);
	}
};
