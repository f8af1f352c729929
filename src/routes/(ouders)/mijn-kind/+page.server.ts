import { requireActor } from '$lib/server/access/actor';
import { sql } from '$lib/server/db';
import * as parents from '$lib/server/parents/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const [children, organisation, overlegrondes] = await Promise.all([
		parents.children(sql, actor),
		parents.organisation(sql, actor),
		parents.openOverlegrondes(sql, actor, new Date())
	]);
	await parents.recordView(
		sql,
		actor,
		children.map((c) => c.id),
		{ page: 'mijn-kind' }
	);
	return { children, organisation, overlegrondes };
};
