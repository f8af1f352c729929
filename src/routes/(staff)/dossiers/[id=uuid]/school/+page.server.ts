import { notFound, requireActor } from '$lib/server/access/actor';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import { dossierFor } from '$lib/server/dossiers/guard';
import * as schools from '$lib/server/dossiers/schools';
import { anyText, formValues, invalid, parseForm, readForm, uuid, v } from '$lib/server/input';
import { looksLikeMobile, mobileWarning } from '$lib/phone';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const facts = await dossierFor(sql, actor, event.params.id);
	const periods = await dossiers.periods(sql, actor.organisationId, facts.id);
	return {
		periods: periods.map((p) => ({
			...p,
			phoneWarning: looksLikeMobile(p.phone) ? mobileWarning : ''
		})),
		schools: await schools.choices(sql, actor)
	};
};

const schoolSchema = v.object({ school: anyText() });
const periodSchema = v.object({ period_id: uuid('Deze schoolperiode bestaat niet (meer).') });

export const actions: Actions = {
	toevoegen: async (event) => {
		const actor = requireActor(event);
		const facts = await dossierFor(sql, actor, event.params.id, 'edit');
		const form = await event.request.formData();
		const parsed = dossiers.parseSchoolPeriod(form);
		const school = schools.resolve(
			await schools.choices(sql, actor),
			readForm(schoolSchema, form).output.school
		);
		const errors: Record<string, string> = { ...parsed.errors };
		delete errors.school_id;
		if (!school) errors.school = 'Kies een school uit de lijst (typ de naam of het BRIN-nummer).';
		if (Object.keys(errors).length > 0) {
			return invalid(400, { form: 'toevoegen', errors, values: formValues(form) });
		}
		await dossiers.addPeriod(
			sql,
			actor,
			facts.id,
			{ ...parsed.values, schoolId: school!.id },
			actor.ipHash
		);
		return { action: 'toevoegen', saved: true };
	},
	wijzigen: async (event) => {
		const actor = requireActor(event);
		const facts = await dossierFor(sql, actor, event.params.id, 'edit');
		const form = await event.request.formData();
		const period = parseForm(periodSchema, form);
		// No such period (of this dossier or any): as if the page does not exist.
		if (!period.success) notFound();
		const periodId = period.output.period_id;
		const parsed = dossiers.parseSchoolPeriod(form);
		const errors: Record<string, string> = { ...parsed.errors };
		delete errors.school_id;
		if (Object.keys(errors).length > 0) {
			return invalid(400, { form: 'wijzigen', errors, values: formValues(form) });
		}
		try {
			await dossiers.updatePeriod(sql, actor, facts.id, periodId, parsed.values, actor.ipHash);
		} catch (e) {
			if (e instanceof dossiers.Invalid) notFound();
			throw e;
		}
		return { action: 'wijzigen', periodId, saved: true };
	}
};
