import { redirect } from '@sveltejs/kit';
import { requireAccount } from '$lib/server/guard';
import type { LayoutServerLoad } from './$types';

// Login itself is enforced for every request in hooks.server.ts; this only sends parents,
// who have no staff work, to their own area.
export const load: LayoutServerLoad = async (event) => {
	const account = requireAccount(event);
	if (account.roles.every((r) => r === 'ouder')) redirect(303, '/mijn-kind');
};
