import { requireActor } from '$lib/server/access/actor';
import { may } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import { viewDossier } from '$lib/server/dossiers/guard';
import type { LayoutServerLoad } from './$types';

// Pages and actions below check again themselves: a layout load does not guard actions.
export const load: LayoutServerLoad = async (event) => {
	const actor = requireActor(event);
	// Privacy by default: every read of a dossier is in the audit log (architecture.md), and
	// so is every denied attempt.
	const facts = await viewDossier(sql, actor, event.params.id, {
		page: event.url.pathname.split('/')[3] ?? 'basisgegevens'
	});
	const dossier = (await dossiers.get(sql, actor.organisationId, facts.id))!;
	return {
		dossier: {
			id: dossier.id,
			roepnaam: dossier.roepnaam,
			tussenvoegsel: dossier.tussenvoegsel,
			achternaam: dossier.achternaam,
			geboortedatum: dossier.geboortedatum
		},
		canEdit: may(actor, 'edit', facts).allowed
	};
};
