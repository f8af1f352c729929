import { redirect } from '@sveltejs/kit';
import { landing, outsideOnly, sections } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import { requireAccount } from '$lib/server/guard';
import { takesPart } from '$lib/server/overlegronde/participants';
import type { LayoutServerLoad } from './$types';

// Login itself is enforced for every request in hooks.server.ts; this only sends parents,
// who have no staff work, to their own area — except to an overlegronde they take part in
// (its page checks that itself).
export const load: LayoutServerLoad = async (event) => {
	const account = requireAccount(event);
	const onlyParent = account.roles.every((r) => r === 'ouder');
	if (onlyParent && !event.url.pathname.startsWith('/overlegrondes')) redirect(303, '/mijn-kind');
	const onlyOutside = outsideOnly(account);
	return {
		// Parents and externs have no staff work: no staff navigation, home is their own page.
		// Everyone else is led only to the parts the policy gives their roles.
		nav: onlyOutside
			? []
			: sections(account, {
					takesPart: await takesPart(sql, account.organisationId, account.id)
				}),
		home: onlyOutside ? landing(account) : '/'
	};
};
