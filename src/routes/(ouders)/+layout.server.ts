import { redirect } from '@sveltejs/kit';
import { requireAccount } from '$lib/server/guard';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const account = requireAccount(event);
	if (!account.roles.includes('ouder')) redirect(303, '/hulpvragen');
};
