import { notFound, requireActor } from '$lib/server/access/actor';
import { sql } from '$lib/server/db';
import * as parents from '$lib/server/parents/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const child = await parents.child(sql, actor, event.params.dossier);
	if (!child) {
		await parents.recordDenied(sql, actor, event.params.dossier, { page: 'kind' });
		notFound();
	}
	await parents.recordView(sql, actor, [child.id], { page: 'kind' });
	return { child, organisation: await parents.organisation(sql, actor) };
};
