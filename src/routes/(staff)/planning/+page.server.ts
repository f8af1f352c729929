import { notFound } from '$lib/server/access/actor';
import { sections } from '$lib/server/access/policy';
import { requireAccount } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

// Only for the roles the policy leads here; others get 404 like any page not for them.
export const load: PageServerLoad = (event) => {
	if (!sections(requireAccount(event)).includes('planning')) notFound();
};
