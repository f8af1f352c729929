import { redirect } from '@sveltejs/kit';
import * as audit from '$lib/server/audit';
import * as session from '$lib/server/auth/session';
import { sql } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

// Logging out changes state, so only by POST (a link or an image cannot log anyone out).
export const load: PageServerLoad = async () => {
	redirect(303, '/');
};

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.session) {
			await session.invalidate(sql, locals.session.id);
			await audit.record(sql, {
				organisationId: locals.session.account.organisationId,
				accountId: locals.session.account.id,
				action: 'session.ended',
				ipHash: locals.ipHash,
				details: { how: 'logout' }
			});
		}
		session.clearCookie(cookies);
		redirect(303, '/inloggen?reden=uitgelogd');
	}
};
