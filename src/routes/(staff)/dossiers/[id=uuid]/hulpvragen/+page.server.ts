import { redirect } from '@sveltejs/kit';
import { requireActor } from '$lib/server/access/actor';
import { may, type Actor } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import { hulpvraagFacts } from '$lib/server/dossiers/facts';
import { dossierFor } from '$lib/server/dossiers/guard';
import * as hulpvragen from '$lib/server/dossiers/hulpvraag';
import { formValues, invalid } from '$lib/server/input';
import { titlesFor } from '$lib/server/workflow/process';
import type { Actions, PageServerLoad } from './$types';

/** No school (yet): SWV staff only, e.g. a Jonge Kind toddler. */
const noSchool = {
	id: '',
	name: '',
	region: '',
	label: 'Nog geen school (voorschool, Jonge Kind)'
};

/** The schools of the dossier this actor may ask for: school users only their own. */
async function askingSchools(actor: Actor, dossierId: string) {
	const periods = await dossiers.periods(sql, actor.organisationId, dossierId);
	const seen = new Set<string>();
	const schools = periods
		.filter((p) => dossiers.mayUseSchool(actor, p.schoolId))
		.filter((p) => !seen.has(p.schoolId) && seen.add(p.schoolId))
		.map((p) => ({
			id: p.schoolId,
			name: p.schoolName,
			region: p.region,
			label: `${p.brinVestiging} ${p.schoolName}`
		}));
	return dossiers.mayGoWithoutSchool(actor) ? [...schools, noSchool] : schools;
}

function titlesOf(organisationId: string, school: typeof noSchool | undefined) {
	if (!school) return [];
	return school.id === ''
		? hulpvragen.titlesWithoutSchool(sql, organisationId)
		: titlesFor(sql, organisationId, school.region);
}

function today(): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
}

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const facts = await dossierFor(sql, actor, event.params.id);
	const visible = new Set(
		facts.hulpvragen
			.filter((h) => may(actor, 'view', h).allowed)
			.map((h) => (h as typeof h & { id: string }).id)
	);
	const list = (await hulpvragen.ofDossier(sql, actor.organisationId, facts.id)).filter((h) =>
		visible.has(h.id)
	);
	const canCreate = may(actor, 'create-hulpvraag', facts).allowed;
	const schools = canCreate ? await askingSchools(actor, facts.id) : [];
	const chosen = schools.find((s) => s.id === event.url.searchParams.get('school')) ?? schools[0];
	return {
		hulpvragen: list,
		canCreate: canCreate && schools.length > 0,
		schools,
		school: chosen ?? null,
		titels: await titlesOf(actor.organisationId, chosen),
		coordinators: canCreate ? await hulpvragen.coordinators(sql, actor.organisationId) : [],
		today: today(),
		created: event.url.searchParams.has('nieuw'),
		madeVoorlopig: event.url.searchParams.has('voorlopig')
	};
};

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		const facts = await dossierFor(sql, actor, event.params.id, 'create-hulpvraag');
		const form = await event.request.formData();
		const { values, errors } = hulpvragen.parseNew(form, today());
		values.dossierId = facts.id;
		const schools = await askingSchools(actor, facts.id);
		if (!schools.some((s) => s.id === values.schoolId)) {
			errors.school_id = 'Kies een school van dit dossier.';
		}
		if (Object.keys(errors).length > 0) return invalid(400, { errors, values: formValues(form) });
		let id: string;
		try {
			id = await hulpvragen.create(sql, actor, values);
		} catch (e) {
			if (e instanceof hulpvragen.Invalid) {
				return invalid(400, { errors: e.errors, values: formValues(form) });
			}
			throw e;
		}
		// A title that starts voorlopig, asked by SWV staff for a school: from now on only the
		// school sees it, until it submits it. Back to the dossier, which says so.
		const made = await hulpvraagFacts(sql, actor.organisationId, id);
		if (made && !may(actor, 'view', made).allowed) {
			redirect(303, `/dossiers/${facts.id}/hulpvragen?voorlopig=1`);
		}
		redirect(303, `/hulpvragen/${id}?nieuw=1`);
	}
};
