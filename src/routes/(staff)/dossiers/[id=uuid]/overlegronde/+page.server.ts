import { requireActor } from '$lib/server/access/actor';
import { may } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import { hulpvraagFacts } from '$lib/server/dossiers/facts';
import { dossierFor } from '$lib/server/dossiers/guard';
import * as hulpvragen from '$lib/server/dossiers/hulpvraag';
import { amsterdamDate } from '$lib/server/overlegronde/dates';
import * as overlegronde from '$lib/server/overlegronde/round';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const dossier = await dossierFor(sql, actor, event.params.id);
	const now = new Date();
	const today = amsterdamDate(now);
	const rounds = await overlegronde.ofDossier(sql, actor, dossier.id, now);
	return {
		rounds: rounds.map((r) => ({
			id: r.id,
			onderwerp: r.onderwerp,
			hulpvraagTitel: r.hulpvraagTitel,
			ownerName: r.ownerName,
			einddatumReacties: r.einddatumReacties,
			einddatumInzage: r.einddatumInzage,
			besloten: r.besloten,
			live: r.einddatumInzage >= today
		})),
		canStart: await anyManageable(actor, dossier.id)
	};
};

async function anyManageable(actor: Parameters<typeof may>[0], dossierId: string) {
	for (const h of await hulpvragen.ofDossier(sql, actor.organisationId, dossierId)) {
		const facts = await hulpvraagFacts(sql, actor.organisationId, h.id);
		if (facts && may(actor, 'manage-overlegronde', facts).allowed) return true;
	}
	return false;
}
