import { notFound, requireActor } from '$lib/server/access/actor';
import { sql } from '$lib/server/db';
import * as parents from '$lib/server/parents/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const detail = await parents.hulpvraag(sql, actor, event.params.dossier, event.params.hulpvraag);
	if (!detail) {
		await parents.recordDenied(sql, actor, event.params.dossier, {
			page: 'hulpvraag',
			hulpvraag: event.params.hulpvraag
		});
		notFound();
	}
	await parents.recordView(sql, actor, [detail.dossierId], {
		page: 'hulpvraag',
		hulpvraag: detail.id
	});
	return { hulpvraag: detail, organisation: await parents.organisation(sql, actor) };
};
