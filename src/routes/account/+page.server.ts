import { fail, redirect } from '@sveltejs/kit';
import * as audit from '$lib/server/audit';
import { formatTime } from '$lib/server/auth/mails';
import * as recovery from '$lib/server/auth/recovery';
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
			sessions: row?.sessions ?? 0,
			recoveryCodesLeft: await recovery.remaining(sql, account.id)
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
	},

	herstelcodes: async (event) => {
		const account = requireAccount(event);
		const data = await event.request.formData();
		const raw = data.get('code');
		const code = typeof raw === 'string' ? raw.replace(/\s/g, '') : '';
		if (!/^\d{6}$/.test(code)) {
			return fail(400, { recoveryError: 'Vul de 6 cijfers uit uw authenticator-app in.' });
		}
		const result = await recovery.renew(sql, account, code, {
			ipHash: event.locals.ipHash,
			origin: event.url.origin
		});
		switch (result.kind) {
			case 'done':
				return { recoveryCodes: result.codes };
			case 'wrongCode':
				return fail(400, {
					recoveryError:
						result.reason === 'reused'
							? 'Deze code is al gebruikt. Wacht op de volgende code: die komt binnen 30 seconden.'
							: 'De code klopt niet. Er zijn geen nieuwe herstelcodes gemaakt.'
				});
			case 'limited':
				return fail(429, {
					recoveryError: `Te veel pogingen. Probeer het om ${formatTime(result.until)} uur opnieuw.`
				});
		}
	}
};
