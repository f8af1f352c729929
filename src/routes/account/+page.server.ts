import { redirect } from '@sveltejs/kit';
import * as audit from '$lib/server/audit';
import * as session from '$lib/server/auth/session';
import { sql } from '$lib/server/db';
import { requireAccount } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const account = requireAccount(event);
	const [row] = await sql<{ lastLoginAt: Date | null; sessions: number }[]>`
		select a.last_login_at, (select count(*)::int from session s where s.account_id = a.id and s.expires_at > now()) as sessions
		from account a where a.id = ${account.id}`;
	return {
		me: {
			displayName: account.displayName,
			username: account.username,
			email: account.email,
			organisationName: account.organisationName,
			lastLoginAt: row?.lastLoginAt?.toISOString() ?? null,
			sessions: row?.sessions ?? 0
		}
	};
};

export const actions: Actions = {
	allesUitloggen: async (event) => {
		const account = requireAccount(event);
		const ended = await sql.begin(async (tx) => {
			const count = await session.invalidateAll(tx, account.id);
			await audit.record(tx, {
				organisationId: account.organisationId,
				accountId: account.id,
				action: 'session.ended',
				ipHash: event.locals.ipHash,
				details: { how: 'logout-everywhere', sessions: count }
			});
			return count;
		});
		void ended;
		session.clearCookie(event.cookies);
		redirect(303, '/inloggen?reden=overal-uitgelogd');
	}
};
