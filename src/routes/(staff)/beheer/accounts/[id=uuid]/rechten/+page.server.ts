import { error } from '@sveltejs/kit';
import * as accounts from '$lib/server/beheer/accounts';
import { ofAccount } from '$lib/server/beheer/rights';
import { sql } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = accounts.requireBeheerder(event);
	const target = await accounts.get(sql, me.organisationId, event.params.id);
	const seen = target ? await ofAccount(sql, me.actor, target.id) : undefined;
	if (!target || !seen) error(404, 'Pagina niet gevonden');
	return {
		target: { id: target.id, displayName: target.displayName, username: target.username },
		seen,
		dossiers: new Set(seen.map((s) => s.dossierId)).size
	};
};
