import { error } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as schools from '$lib/server/beheer/schools';
import { sql } from '$lib/server/db';
import { Invalid } from '$lib/server/dossiers/dossier';
import { anyText, invalid, readForm, v, type Errors } from '$lib/server/input';
import * as koppelingen from '$lib/server/intake/koppelingen';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

async function schoolOf(event: Pick<RequestEvent, 'locals' | 'url' | 'params'>) {
	const me = requireBeheerder(event, 'manage-koppelingen');
	const school = await schools.get(sql, me.actor, event.params.id);
	if (!school) error(404, 'Pagina niet gevonden');
	return { actor: me.actor, school };
}

export const load: PageServerLoad = async (event) => {
	const { actor, school } = await schoolOf(event);
	return {
		school,
		koppelingen: await koppelingen.list(sql, actor, school.id),
		minCodeLength: koppelingen.minCodeLength,
		maxCodeLength: koppelingen.maxCodeLength,
		overlapHours: koppelingen.overlapHours
	};
};

// The rules of a code are koppelingen.enter's; `code` never goes back to the browser.
const enterSchema = v.object({ code: anyText(), naam: anyText(), vervangt: anyText() });
const pauseSchema = v.object({ koppeling: anyText() });

/** The domain's field names as the form's. */
const fieldNames: Record<string, string> = { code: 'code', label: 'naam', replaces: 'vervangt' };

function fieldErrors(e: Invalid): { errors: Errors; other: string | null } {
	const errors: Errors = {};
	let other: string | null = null;
	for (const [key, message] of Object.entries(e.errors)) {
		const field = fieldNames[key];
		if (field) errors[field] = message;
		else other ??= message;
	}
	return { errors, other };
}

export const actions: Actions = {
	invoeren: async (event) => {
		const { actor, school } = await schoolOf(event);
		const { output, values } = readForm(enterSchema, await event.request.formData());
		const code = output.code.trim();
		if (code === '') {
			return invalid(400, {
				form: 'invoeren',
				values,
				errors: {
					code: 'Vul de verificatiecode in die de school in haar systeem heeft ingesteld.'
				},
				message: 'De code is niet ingevoerd. Verbeter de gemarkeerde velden.'
			});
		}
		let resumed: boolean;
		try {
			({ resumed } = await koppelingen.enter(sql, actor, {
				schoolId: school.id,
				code,
				label: output.naam,
				replaces: output.vervangt || null
			}));
		} catch (e) {
			if (!(e instanceof Invalid)) throw e;
			const { errors, other } = fieldErrors(e);
			return invalid(400, {
				form: 'invoeren',
				values,
				errors,
				message: other ?? 'De code is niet ingevoerd. Verbeter de gemarkeerde velden.'
			});
		}
		const hint = koppelingen.codeHint(code);
		const replaced = !resumed && output.vervangt !== '';
		return {
			form: 'invoeren',
			message: null,
			done: resumed
				? `De code ${hint} werkt weer: de koppeling is hervat en nu actief. Kindkring toont de code niet opnieuw.`
				: `De code ${hint} is ingevoerd en is nu actief. Kindkring toont de code niet opnieuw: u ziet alleen het begin en de laatste twee tekens.${replaced ? ` De code die hij vervangt werkt nog ${koppelingen.overlapHours} uur.` : ''}`
		};
	},
	pauzeren: async (event) => {
		const { actor, school } = await schoolOf(event);
		const { output } = readForm(pauseSchema, await event.request.formData());
		// Only a code of the school on the page: a code of another school is not on it.
		const own = (await koppelingen.list(sql, actor, school.id)).find(
			(k) => k.id === output.koppeling
		);
		const refused = (message: string) => invalid(400, { form: 'pauzeren', values: null, message });
		if (!own) return refused('Deze code bestaat niet.');
		try {
			await koppelingen.pause(sql, actor, own.id);
		} catch (e) {
			if (!(e instanceof Invalid)) throw e;
			return refused(Object.values(e.errors)[0] ?? 'De code is niet gepauzeerd.');
		}
		return {
			form: 'pauzeren',
			message: null,
			done: `De code ${own.label ? `${own.label} (${own.codeHint})` : own.codeHint} is gepauzeerd: het schoolsysteem kan er geen hulpvragen meer mee insturen. Ongedaan maken? Voer dezelfde code opnieuw in bij Code invoeren; dan werkt de koppeling weer.`
		};
	}
};
