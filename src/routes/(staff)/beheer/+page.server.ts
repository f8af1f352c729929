import * as requests from '$lib/server/auth/reset-requests';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import { sql } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event);
	return { openResetRequests: await requests.countOpen(sql, me.organisationId) };
};
