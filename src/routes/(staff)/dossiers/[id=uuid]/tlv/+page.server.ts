import { redirect } from '@sveltejs/kit';
import { categoryLabels, soTypeLabels, tlvCategories, soTypes } from '$lib/arrangements';
import { notFound, requireActor } from '$lib/server/access/actor';
import { hulpvragenOf } from '$lib/server/arrangements/dossier-tab';
import { hulpvraagSchema, Invalid, tlvIdSchema } from '$lib/server/arrangements/input';
import * as tlv from '$lib/server/arrangements/tlv';
import { sql } from '$lib/server/db';
import * as bijlagen from '$lib/server/dossiers/bijlagen';
import * as dossiers from '$lib/server/dossiers/dossier';
import { hulpvraagFacts } from '$lib/server/dossiers/facts';
import { dossierFor } from '$lib/server/dossiers/guard';
import { formValues, invalid, parseForm } from '$lib/server/input';
import { amsterdamDate } from '$lib/server/overlegronde/dates';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const dossier = await dossierFor(sql, actor, event.params.id);
	const hulpvragen = await hulpvragenOf(sql, actor, dossier.id);
	const tlvs = await tlv.ofHulpvragen(
		sql,
		actor,
		hulpvragen.map((h) => h.id)
	);
	// The documents a TLV can point at: the bijlagen of each hulpvraag the actor records on.
	const documents: { hulpvraagId: string; id: string; name: string }[] = [];
	for (const h of hulpvragen.filter((x) => x.mayRecord)) {
		const facts = await hulpvraagFacts(sql, actor.organisationId, h.id);
		if (!facts) continue;
		for (const b of await bijlagen.list(sql, actor, facts)) {
			documents.push({ hulpvraagId: h.id, id: b.id, name: b.displayName });
		}
	}
	// TLVs the school's system sent with an intake (granted before, perhaps elsewhere).
	const fromSchool = (await dossiers.get(sql, actor.organisationId, dossier.id))?.osoOndersteuning;
	return {
		hulpvragen,
		tlvs,
		fromSchool: fromSchool ? { tlvs: fromSchool.tlvs, ontvangenOp: fromSchool.ontvangenOp } : null,
		documents,
		today: amsterdamDate(new Date()),
		categories: tlvCategories.map((c) => ({ value: c, label: categoryLabels[c] })),
		soTypes: soTypes.map((s) => ({ value: s, label: soTypeLabels[s] })),
		saved: event.url.searchParams.get('opgeslagen')
	};
};

export const actions: Actions = {
	toevoegen: async (event) => {
		const actor = requireActor(event);
		const dossier = await dossierFor(sql, actor, event.params.id);
		const form = await event.request.formData();
		const which = parseForm(hulpvraagSchema, form);
		if (!which.success) {
			return invalid(400, {
				form: 'toevoegen',
				values: which.values,
				errors: { hulpvraag: which.errors.hulpvraag! },
				message: `De TLV is niet opgeslagen: ${which.errors.hulpvraag}`
			});
		}
		const h = (await hulpvragenOf(sql, actor, dossier.id)).find(
			(x) => x.id === which.output.hulpvraag
		);
		if (!h || !h.mayRecord) notFound();
		try {
			await tlv.add(sql, actor, h.id, Object.fromEntries(form));
		} catch (e) {
			if (e instanceof Invalid) {
				return invalid(400, {
					form: 'toevoegen',
					values: formValues(form),
					errors: e.errors,
					message: `De TLV is niet opgeslagen: ${Object.values(e.errors)[0]}`
				});
			}
			throw e;
		}
		redirect(303, `/dossiers/${dossier.id}/tlv?opgeslagen=toegevoegd`);
	},
	archiveren: async (event) => {
		const actor = requireActor(event);
		const dossier = await dossierFor(sql, actor, event.params.id);
		const which = parseForm(tlvIdSchema, await event.request.formData());
		if (!which.success) notFound();
		const hulpvragen = await hulpvragenOf(sql, actor, dossier.id);
		const own = (
			await tlv.ofHulpvragen(
				sql,
				actor,
				hulpvragen.filter((h) => h.mayRecord).map((h) => h.id)
			)
		).find((t) => t.id === which.output.tlv);
		if (!own) notFound();
		await tlv.archive(sql, actor, own.id);
		redirect(303, `/dossiers/${dossier.id}/tlv?opgeslagen=gearchiveerd`);
	}
};
