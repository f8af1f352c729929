import { redirect } from '@sveltejs/kit';
import { landing } from '$lib/server/access/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.account) redirect(303, landing(locals.account));
};
