import { error } from '@sveltejs/kit';
import * as accounts from '$lib/server/beheer/accounts';
import { csv, ofAccount } from '$lib/server/beheer/rights';
import { sql } from '$lib/server/db';
import type { RequestHandler } from './$types';

// What an account sees and why, as CSV for a spreadsheet (Beheer → Accounts → Rechten).
export const GET: RequestHandler = async (event) => {
	const me = accounts.requireBeheerder(event);
	const target = await accounts.get(sql, me.organisationId, event.params.id);
	const seen = target ? await ofAccount(sql, me.actor, target.id) : undefined;
	if (!target || !seen) error(404, 'Pagina niet gevonden');
	const body = csv(
		['Kind', 'Hulpvraag', 'Status', 'School', 'Waarom', 'Hulpvraag-id', 'Dossier-id'],
		seen.map((s) => [s.kind, s.titel, s.status, s.school, s.reason, s.hulpvraagId, s.dossierId])
	);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="rechten-${target.username.replace(/[^\w.-]/g, '_')}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
