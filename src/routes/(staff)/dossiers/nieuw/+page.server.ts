import { redirect, type RequestEvent } from '@sveltejs/kit';
import { notFound, requireActor } from '$lib/server/access/actor';
import { may } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import * as schools from '$lib/server/dossiers/schools';
import { anyText, formValues, invalid, readForm, v } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

async function creator(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const actor = requireActor(event);
	const org = { type: 'organisation', organisationId: actor.organisationId } as const;
	if (!may(actor, 'create-dossier', org).allowed) notFound();
	return actor;
}

export const load: PageServerLoad = async (event) => {
	const actor = await creator(event);
	const p = event.url.searchParams;
	const search = {
		roepnaam: (p.get('roepnaam') ?? '').trim().slice(0, 100),
		achternaam: (p.get('achternaam') ?? '').trim().slice(0, 150),
		geboortedatum: (p.get('geboortedatum') ?? '').trim().slice(0, 10)
	};
	const searched = p.has('zoek');
	let searchError = '';
	let candidates: (dossiers.DuplicateCandidate & { visible: boolean })[] = [];
	if (searched) {
		if (!search.achternaam || !/^\d{4}-\d{2}-\d{2}$/.test(search.geboortedatum)) {
			searchError = 'Vul ten minste de achternaam en de geboortedatum in.';
		} else {
			candidates = await dossiers.findDuplicates(sql, actor, search, search.geboortedatum);
		}
	}
	return {
		search,
		searched: searched && !searchError,
		searchError,
		candidates,
		schools: await schools.choices(sql, actor),
		schoolOptional: dossiers.mayGoWithoutSchool(actor)
	};
};

// The school is resolved from the choices, the addresses by dossiers.parseEmails.
const schoolAndParents = v.object({ school: anyText(), ouders: anyText() });

export const actions: Actions = {
	default: async (event) => {
		const actor = await creator(event);
		const form = await event.request.formData();
		const { values: basis, errors } = dossiers.parseBasis(form);
		const options = await schools.choices(sql, actor);
		const { output } = readForm(schoolAndParents, form);
		const schoolText = output.school;
		const school = schools.resolve(options, schoolText);
		// A toddler (Jonge Kind) has no school yet: SWV staff may leave it empty.
		const withoutSchool = !schoolText && dossiers.mayGoWithoutSchool(actor);
		const period = dossiers.parseSchoolPeriod(form);
		const emails = dossiers.parseEmails(output.ouders);
		Object.assign(errors, period.errors, emails.errors);
		delete errors.school_id;
		if (!school && !withoutSchool)
			errors.school = 'Kies een school uit de lijst (typ de naam of het BRIN-nummer).';
		if (Object.keys(errors).length > 0) {
			return invalid(400, { errors, values: formValues(form) });
		}
		try {
			const id = await dossiers.create(
				sql,
				actor,
				{
					basis,
					period: school ? { ...period.values, schoolId: school.id } : null,
					parentEmails: emails.emails
				},
				actor.ipHash
			);
			redirect(303, `/dossiers/${id}/hulpvragen?nieuw=1`);
		} catch (e) {
			if (e instanceof dossiers.Invalid) {
				return invalid(400, { errors: e.errors, values: formValues(form) });
			}
			throw e;
		}
	}
};
