import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as schools from '$lib/server/beheer/schools';
import { sql } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event, 'manage-koppelingen');
	const q = (event.url.searchParams.get('q') ?? '').trim().slice(0, schools.maxQueryLength);
	return { q, schools: await schools.list(sql, me.actor, q) };
};
