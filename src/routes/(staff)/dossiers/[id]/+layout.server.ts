import { requireActor } from '$lib/server/access/actor';
import { may } from '$lib/server/access/policy';
import { record } from '$lib/server/audit';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import { dossierFor } from '$lib/server/dossiers/guard';
import type { LayoutServerLoad } from './$types';

// Pages and actions below check again themselves: a layout load does not guard actions.
export const load: LayoutServerLoad = async (event) => {
	const actor = await requireActor(sql, event);
	const facts = await dossierFor(sql, actor, event.params.id);
	// Privacy by default: every read of a dossier is in the audit log (architecture.md).
	await record(sql, {
		organisationId: actor.organisationId,
		accountId: actor.accountId,
		action: 'dossier.view',
		targetType: 'dossier',
		targetId: facts.id,
		ipHash: actor.ipHash,
		details: { page: event.url.pathname.split('/')[3] ?? 'basisgegevens' }
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
