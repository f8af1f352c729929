import { redirect } from '@sveltejs/kit';
import { formatTime } from '$lib/server/auth/mails';
import * as reset from '$lib/server/auth/reset';
import { sql } from '$lib/server/db';
import { code, invalid, parseForm, secret, text, v, type Errors } from '$lib/server/input';
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

/** A failed reset has the shared shape; `useRecovery`: the recovery code was used, not the app. */
function problem(status: number, message: string, errors: Errors = {}, useRecovery = false) {
	return invalid(status, { message, errors, useRecovery });
}

const schema = v.object({
	wachtwoord: secret(),
	wachtwoordHerhaling: secret(),
	code: code('De code bestaat uit 6 cijfers.'),
	herstelcode: text(200)
});

export const actions: Actions = {
	opslaan: async ({ request, params, locals, url }) => {
		const input = parseForm(schema, await request.formData());
		if (!input.success) {
			return problem(400, 'De code klopt niet.', input.errors);
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
		switch (result.kind) {
			case 'password':
				return problem(
					400,
					'Het nieuwe wachtwoord is nog niet goed.',
					{ [result.problem.field]: result.problem.message },
					useRecovery
				);
			case 'factorMissing':
				return problem(
					400,
					'Vul ook de code uit uw authenticator-app in, of een herstelcode. Alleen de e-mail is niet genoeg.',
					{ code: 'Vul de 6 cijfers uit uw app in.' }
				);
			case 'wrongCode':
				return problem(400, 'De code klopt niet. Uw wachtwoord is niet gewijzigd.', {
					code:
						result.reason === 'reused'
							? 'Deze code is al gebruikt. Wacht op de volgende code: die komt binnen 30 seconden.'
							: 'Typ de code die nu bij "Kindkring" in uw app staat.'
				});
			case 'wrongRecoveryCode':
				return problem(
					400,
					'Deze herstelcode klopt niet of is al gebruikt. Uw wachtwoord is niet gewijzigd.',
					{ herstelcode: 'Elke herstelcode werkt één keer.' },
					true
				);
			case 'limited':
				return problem(
					429,
					`Er zijn te veel verkeerde codes ingevuld. Probeer het om ${formatTime(result.until)} uur opnieuw.`
				);
			case 'gone':
				return problem(
					410,
					'Deze link werkt niet meer. Laad de pagina opnieuw om te zien waarom, of vraag een nieuwe e-mail aan.'
				);
		}
	},

	opnieuw: async ({ params, locals, url }) => {
		// The same answer whether or not a mail went out (limits, unknown account).
		await reset.renew(sql, params.token, { ipHash: locals.ipHash, origin: url.origin });
		return { renewed: true as const };
	}
};
