import { redirect } from '@sveltejs/kit';
import { aanpakTypes, euroInput } from '$lib/arrangements';
import { notFound, requireActor } from '$lib/server/access/actor';
import * as aanpak from '$lib/server/arrangements/aanpak';
import { hulpvragenOf } from '$lib/server/arrangements/dossier-tab';
import {
	aanpakIdSchema,
	hulpvraagSchema,
	Invalid,
	versionSchema
} from '$lib/server/arrangements/input';
import { sql } from '$lib/server/db';
import { dossierFor } from '$lib/server/dossiers/guard';
import { formValues, invalid, parseForm } from '$lib/server/input';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const dossier = await dossierFor(sql, actor, event.params.id);
	const hulpvragen = await hulpvragenOf(sql, actor, dossier.id);
	const list = await aanpak.ofHulpvragen(
		sql,
		actor,
		hulpvragen.map((h) => h.id)
	);
	const editId = event.url.searchParams.get('bewerk');
	const editing = list.find(
		(a) => a.id === editId && hulpvragen.some((h) => h.id === a.hulpvraagId && h.mayRecord)
	);
	return {
		hulpvragen,
		aanpakken: list,
		types: aanpakTypes.map((t) => ({ value: t, label: t })),
		editing: editing
			? {
					id: editing.id,
					hulpvraagId: editing.hulpvraagId,
					version: editing.version,
					values: {
						type: editing.type,
						behandelaar: editing.behandelaar,
						startdatum: editing.startDate,
						einddatum: editing.endDate ?? '',
						evaluatiedatum: editing.evaluationDate ?? '',
						budget: euroInput(editing.budgetCents),
						toelichting: editing.toelichting
					}
				}
			: null,
		saved: event.url.searchParams.get('opgeslagen')
	};
};

/** The hulpvraag of the form, when it is one of this dossier the actor may record on. */
async function hulpvraagOf(event: RequestEvent, id: string) {
	const actor = requireActor(event);
	const dossier = await dossierFor(sql, actor, event.params.id);
	const h = (await hulpvragenOf(sql, actor, dossier.id)).find((x) => x.id === id);
	if (!h || !h.mayRecord) notFound();
	return { actor, dossier, hulpvraag: h };
}

const refused = (form: FormData, e: Invalid, what: 'toevoegen' | 'wijzigen') =>
	invalid(400, {
		form: what,
		values: formValues(form),
		errors: e.errors,
		message: `De aanpak is niet opgeslagen: ${Object.values(e.errors)[0]}`
	});

export const actions: Actions = {
	toevoegen: async (event) => {
		const form = await event.request.formData();
		const which = parseForm(hulpvraagSchema, form);
		if (!which.success) {
			return invalid(400, {
				form: 'toevoegen',
				values: which.values,
				errors: { hulpvraag: which.errors.hulpvraag! },
				message: `De aanpak is niet opgeslagen: ${which.errors.hulpvraag}`
			});
		}
		const { actor, dossier, hulpvraag } = await hulpvraagOf(event, which.output.hulpvraag);
		try {
			await aanpak.add(sql, actor, hulpvraag.id, Object.fromEntries(form));
		} catch (e) {
			if (e instanceof Invalid) return refused(form, e, 'toevoegen');
			throw e;
		}
		redirect(303, `/dossiers/${dossier.id}/aanpak?opgeslagen=toegevoegd`);
	},
	wijzigen: async (event) => {
		const actor = requireActor(event);
		const dossier = await dossierFor(sql, actor, event.params.id);
		const form = await event.request.formData();
		const which = parseForm(aanpakIdSchema, form);
		const version = parseForm(versionSchema, form);
		if (!which.success || !version.success) notFound();
		const hulpvragen = await hulpvragenOf(sql, actor, dossier.id);
		const current = (
			await aanpak.ofHulpvragen(
				sql,
				actor,
				hulpvragen.filter((h) => h.mayRecord).map((h) => h.id)
			)
		).find((a) => a.id === which.output.aanpak);
		if (!current) notFound();
		try {
			await aanpak.update(sql, actor, current.id, version.output.versie, Object.fromEntries(form));
		} catch (e) {
			if (e instanceof Invalid) return refused(form, e, 'wijzigen');
			throw e;
		}
		redirect(303, `/dossiers/${dossier.id}/aanpak?opgeslagen=gewijzigd`);
	}
};
