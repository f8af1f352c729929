import { requireActor } from '$lib/server/access/actor';
import { may } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import { dossierFor } from '$lib/server/dossiers/guard';
import { anyText, formValues, integer, invalid, readForm, v } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const facts = await dossierFor(sql, actor, event.params.id);
	const d = dossiers.forViewer(actor, (await dossiers.get(sql, actor.organisationId, facts.id))!);
	const adres = (prefix: string, a: dossiers.Adres | null) =>
		a
			? {
					[`${prefix}_straat`]: a.straat,
					[`${prefix}_huisnummer`]: a.huisnummer,
					[`${prefix}_postcode`]: a.postcode,
					[`${prefix}_plaats`]: a.plaats
				}
			: {};
	return {
		// Beheerders see who else can open this dossier, and why (Beheer → rechten).
		accessHref: may(actor, 'manage-accounts', {
			type: 'organisation',
			organisationId: actor.organisationId
		}).allowed
			? `/beheer/dossiers/${facts.id}/toegang`
			: null,
		anonymiseHref: may(actor, 'anonymise', {
			type: 'organisation',
			organisationId: actor.organisationId
		}).allowed
			? `/beheer/dossiers/${facts.id}/anonimiseren`
			: null,
		basis: d,
		geslacht: dossiers.geslachten[d.geslacht],
		values: {
			roepnaam: d.roepnaam,
			tussenvoegsel: d.tussenvoegsel,
			achternaam: d.achternaam,
			geboortedatum: d.geboortedatum,
			geslacht: d.geslacht,
			adres_opmerking: d.adresOpmerking,
			ouders: d.parentEmails.join('\n'),
			version: String(d.version),
			...adres('woonadres', d.woonadres),
			...adres('postadres', d.postadres)
		} as Record<string, string>
	};
};

// The version guards against a lost update; the addresses are dossiers.parseEmails'.
const versionAndParents = v.object({ version: integer(), ouders: anyText() });

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		const facts = await dossierFor(sql, actor, event.params.id, 'edit');
		const form = await event.request.formData();
		const { values, errors } = dossiers.parseBasis(form);
		const { output } = readForm(versionAndParents, form);
		const emails = dossiers.parseEmails(output.ouders);
		Object.assign(errors, emails.errors);
		if (Object.keys(errors).length > 0) return invalid(400, { errors, values: formValues(form) });
		try {
			await dossiers.updateBasis(
				sql,
				actor,
				facts.id,
				output.version,
				values,
				emails.emails,
				actor.ipHash
			);
		} catch (e) {
			if (e instanceof dossiers.Conflict) {
				return invalid(409, { message: e.message, values: formValues(form) });
			}
			throw e;
		}
		return { saved: true };
	}
};
