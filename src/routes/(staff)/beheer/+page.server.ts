import { requireBeheerder } from '$lib/server/beheer/accounts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireBeheerder(event);
};
