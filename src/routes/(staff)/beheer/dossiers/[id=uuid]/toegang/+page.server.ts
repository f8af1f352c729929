import { error } from '@sveltejs/kit';
import { roleLabels } from '$lib/server/account';
import * as accounts from '$lib/server/beheer/accounts';
import { ofDossier } from '$lib/server/beheer/rights';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = accounts.requireBeheerder(event);
	const viewers = await ofDossier(sql, me.actor, event.params.id);
	const d = viewers ? await dossiers.get(sql, me.organisationId, event.params.id) : undefined;
	if (!viewers || !d) error(404, 'Pagina niet gevonden');
	return {
		dossier: {
			id: d.id,
			roepnaam: d.roepnaam,
			tussenvoegsel: d.tussenvoegsel,
			achternaam: d.achternaam
		},
		viewers: viewers.map((v) => ({
			...v,
			roles: v.roles.map((r) => roleLabels[r as keyof typeof roleLabels] ?? r).join(', ')
		}))
	};
};
