import { requireActor } from '$lib/server/access/actor';
import { sql } from '$lib/server/db';
import { anyText, invalid, readForm, v } from '$lib/server/input';
import * as jobs from '$lib/server/jobs';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	// Not a beheerder: jobs.list refuses (NotAllowed), which answers 404.
	const list = await jobs.list(sql, actor);
	return {
		pollSeconds: Math.round(jobs.pollMs() / 1000),
		jobs: list.map((j) => ({
			...j,
			nextRunAt: j.nextRunAt?.toISOString() ?? null,
			lastStartedAt: j.lastStartedAt?.toISOString() ?? null,
			lastFinishedAt: j.lastFinishedAt?.toISOString() ?? null
		}))
	};
};

const jobSchema = v.object({ taak: anyText() });

export const actions: Actions = {
	uitvoeren: async (event) => {
		const actor = requireActor(event);
		const { output } = readForm(jobSchema, await event.request.formData());
		const result = await jobs.runNow(sql, actor, output.taak);
		if (!result.ok) return invalid(400, { message: 'Deze taak bestaat niet.' });
		return {
			message: null,
			done: 'De taak start zo, op een van de servers. Vernieuw de pagina om de uitkomst te zien.'
		};
	}
};
