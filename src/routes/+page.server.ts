import { redirect } from '@sveltejs/kit';
import { homeFor } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.account) redirect(303, homeFor(locals.account));
};
