import { notFound, requireActor } from '$lib/server/access/actor';
import { sql } from '$lib/server/db';
import * as aanvrager from '$lib/server/dossiers/aanvrager';
import { anyText, invalid, readForm, v } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

// Personeelswissel: all open hulpvragen of a school from one aanvrager to another. For the
// school's directeur and beheerders; anyone else finds no such page.
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const schools = await aanvrager.handoverSchools(sql, actor);
	if (schools.length === 0) notFound();
	const wanted = event.url.searchParams.get('school');
	const school = schools.find((s) => s.id === wanted) ?? (schools.length === 1 ? schools[0] : null);
	const [from, to] = school
		? await Promise.all([
				aanvrager.aanvragersOf(sql, actor.organisationId, school.id),
				aanvrager.candidates(sql, actor.organisationId, school.id)
			])
		: [[], []];
	return {
		schools,
		school: school ?? null,
		from,
		to,
		chosenFrom: event.url.searchParams.get('van') ?? ''
	};
};

// The handover's rules (which school, aanvrager and successor) are aanvrager.handover's.
const schema = v.object({ school: anyText(), van: anyText(), naar: anyText() });

export const actions: Actions = {
	default: async (event) => {
		const actor = requireActor(event);
		const { output, values } = readForm(schema, await event.request.formData());
		const input = { schoolId: output.school, fromAccountId: output.van, toAccountId: output.naar };
		try {
			const result = await aanvrager.handover(sql, actor, input);
			return { moved: result.moved, to: result.to };
		} catch (e) {
			if (e instanceof aanvrager.Invalid) {
				return invalid(400, { errors: e.errors, values });
			}
			throw e;
		}
	}
};
