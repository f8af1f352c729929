import { requireActor } from '$lib/server/access/actor';
import { hulpvragenOf } from '$lib/server/arrangements/dossier-tab';
import { sql } from '$lib/server/db';
import { dossierFor } from '$lib/server/dossiers/guard';
import { dossierForms } from '$lib/server/forms/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const dossier = await dossierFor(sql, actor, event.params.id);
	const hulpvragen = await hulpvragenOf(sql, actor, dossier.id);
	return { hulpvragen: await dossierForms(sql, actor, hulpvragen, 'advies') };
};
