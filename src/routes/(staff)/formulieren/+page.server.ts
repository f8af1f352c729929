import { notFound, requireActor } from '$lib/server/access/actor';
import { sections } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import { waitingFor } from '$lib/server/forms/inbox';
import type { PageServerLoad } from './$types';

// Only for the roles the policy leads here; others get 404 like any page not for them.
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	if (!sections(actor).includes('formulieren')) notFound();
	const waiting = await waitingFor(sql, actor);
	return {
		waiting,
		counts: {
			fill: waiting.filter((w) => w.fill.length).length,
			approve: waiting.filter((w) => w.approve.length).length
		}
	};
};
