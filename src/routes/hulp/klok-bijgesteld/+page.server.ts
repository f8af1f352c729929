import { safeReturnPath } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url, locals }) => {
	const seconds = Number.parseInt(url.searchParams.get('seconden') ?? '0', 10);
	return {
		offsetSeconds: Number.isFinite(seconds) ? Math.max(-600, Math.min(600, seconds)) : 0,
		next: safeReturnPath(url.searchParams.get('verder')) ?? '/',
		loggedIn: locals.account !== null
	};
};
