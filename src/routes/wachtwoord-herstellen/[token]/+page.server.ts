import { redirect } from '@sveltejs/kit';
import { formatTime } from '$lib/server/auth/mails';
import * as reset from '$lib/server/auth/reset';
import { sql } from '$lib/server/db';
import * as newPassword from '$lib/server/auth/new-password-form';
import { parseForm, v } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	const opened = await reset.open(sql, params.token);
	if (opened.state === 'superseded') {
		return { state: 'superseded' as const, sentAt: formatTime(opened.newestSentAt) };
	}
	if (opened.state !== 'valid') return { state: opened.state };
	return {
		state: 'valid' as const,
		account: {
			username: opened.account.username,
			displayName: opened.account.displayName,
			organisationName: opened.account.organisationName
		},
		passwordContext: reset.passwordContext(opened.account)
	};
};

const schema = v.object(newPassword.fields);

export const actions: Actions = {
	opslaan: async ({ request, params, locals, url }) => {
		const input = parseForm(schema, await request.formData());
		if (!input.success) {
			return newPassword.unreadable(input.errors);
		}
		const { code, herstelcode: recoveryCode } = input.output;
		const useRecovery = !code && !!recoveryCode;
		const result = await reset.complete(sql, {
			token: params.token,
			password: input.output.wachtwoord,
			repeat: input.output.wachtwoordHerhaling,
			code,
			recoveryCode,
			ipHash: locals.ipHash,
			origin: url.origin
		});
		// Not logged in afterwards: the new password is proven at the login, with a fresh code.
		if (result.kind === 'done') redirect(303, '/inloggen?reden=wachtwoord-gewijzigd');
		if (result.kind === 'gone') {
			return newPassword.problem(
				410,
				'Deze link werkt niet meer. Laad de pagina opnieuw om te zien waarom, of vraag een nieuwe e-mail aan.'
			);
		}
		return newPassword.refused(result, useRecovery, 'Alleen de e-mail is niet genoeg.');
	},

	opnieuw: async ({ params, locals, url }) => {
		// The same answer whether or not a mail went out (limits, unknown account).
		await reset.renew(sql, params.token, { ipHash: locals.ipHash, origin: url.origin });
		return { renewed: true as const };
	}
};
