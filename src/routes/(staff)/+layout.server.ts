import { redirect } from '@sveltejs/kit';
import { requireAccount } from '$lib/server/guard';
import type { LayoutServerLoad } from './$types';

// Login itself is enforced for every request in hooks.server.ts; this only sends parents,
// who have no staff work, to their own area — except to an overlegronde they take part in
// (its page checks that itself).
export const load: LayoutServerLoad = async (event) => {
	const account = requireAccount(event);
	const onlyParent = account.roles.every((r) => r === 'ouder');
	if (onlyParent && !event.url.pathname.startsWith('/overlegrondes')) redirect(303, '/mijn-kind');
	const onlyOutside = account.roles.every((r) => r === 'ouder' || r === 'extern');
	return {
		// Parents and externs have no staff work: no staff navigation, home is their own page.
		staffNav: !onlyOutside,
		home: onlyParent ? '/mijn-kind' : onlyOutside ? '/overlegrondes' : '/'
	};
};
