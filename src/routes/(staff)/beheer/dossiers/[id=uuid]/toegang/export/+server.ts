import { error } from '@sveltejs/kit';
import * as accounts from '$lib/server/beheer/accounts';
import { csv, ofDossier } from '$lib/server/beheer/rights';
import { sql } from '$lib/server/db';
import type { RequestHandler } from './$types';

// Who sees a dossier and why, as CSV for a spreadsheet.
export const GET: RequestHandler = async (event) => {
	const me = accounts.requireBeheerder(event);
	const viewers = await ofDossier(sql, me.actor, event.params.id);
	if (!viewers) error(404, 'Pagina niet gevonden');
	const body = csv(
		['Naam', 'Gebruikersnaam', 'Rollen', 'Waarom', 'Account-id'],
		viewers.map((v) => [v.displayName, v.username, v.roles.join(', '), v.reason, v.accountId])
	);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="toegang-dossier-${event.params.id}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
