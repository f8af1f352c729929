import { requireBeheerder } from '$lib/server/beheer/accounts';
import type { LayoutServerLoad } from './$types';

// Every page and action below checks again: a layout load does not protect nested
// actions (architecture.md § Auth). This makes every /beheer/** page a 404 for others.
export const load: LayoutServerLoad = async (event) => {
	requireBeheerder(event);
};
