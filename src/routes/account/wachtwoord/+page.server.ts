import { redirect } from '@sveltejs/kit';
import * as device from '$lib/server/auth/device';
import { formatTime } from '$lib/server/auth/mails';
import * as passwordChange from '$lib/server/auth/password-change';
import * as session from '$lib/server/auth/session';
import { sql } from '$lib/server/db';
import { requireAccount } from '$lib/server/guard';
import { code, invalid, parseForm, secret, text, v, type Errors } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const account = requireAccount(event);
	return {
		username: account.username,
		passwordContext: passwordChange.passwordContext(account)
	};
};

/** A failed change has the shared shape; `useRecovery`: the recovery code was used, not the app. */
function problem(status: number, message: string, errors: Errors = {}, useRecovery = false) {
	return invalid(status, { message, errors, useRecovery });
}

const schema = v.object({
	huidig: secret({ required: 'Het wachtwoord waarmee u nu inlogt.' }),
	wachtwoord: secret(),
	wachtwoordHerhaling: secret(),
	code: code('De code bestaat uit 6 cijfers.'),
	herstelcode: text(200)
});

const unchanged = 'Uw wachtwoord is niet gewijzigd.';

export const actions: Actions = {
	default: async (event) => {
		const account = requireAccount(event);
		const input = parseForm(schema, await event.request.formData());
		if (!input.success) {
			// The page shows the current password's message under `current`.
			if (input.errors.huidig) {
				return problem(400, 'Vul uw huidige wachtwoord in.', { current: input.errors.huidig });
			}
			return problem(400, `De code klopt niet. ${unchanged}`, input.errors);
		}
		const { huidig: current, code, herstelcode: recoveryCode } = input.output;
		const useRecovery = !code && !!recoveryCode;
		const result = await passwordChange.change(sql, account, {
			current,
			password: input.output.wachtwoord,
			repeat: input.output.wachtwoordHerhaling,
			code,
			recoveryCode,
			deviceCookies: device.fromCookies(event.cookies),
			ipHash: event.locals.ipHash,
			origin: event.url.origin
		});
		if (result.kind === 'done') {
			// The old session ended with all the others: this browser goes on with a new one.
			session.setCookie(event.cookies, result.token);
			redirect(303, '/account?reden=wachtwoord-gewijzigd');
		}
		switch (result.kind) {
			case 'password':
				return problem(
					400,
					`Het nieuwe wachtwoord is nog niet goed. ${unchanged}`,
					{ [result.problem.field]: result.problem.message },
					useRecovery
				);
			case 'same':
				return problem(
					400,
					`Het nieuwe wachtwoord is hetzelfde als het huidige. ${unchanged}`,
					{ password: 'Kies een ander wachtwoord dan het huidige.' },
					useRecovery
				);
			case 'factorMissing':
				return problem(
					400,
					`Vul ook de code uit uw authenticator-app in, of een herstelcode. ${unchanged}`,
					{ code: 'Vul de 6 cijfers uit uw app in.' }
				);
			case 'wrongCurrent':
				return problem(
					400,
					`Uw huidige wachtwoord klopt niet. ${unchanged}`,
					{
						current:
							'Vul het wachtwoord in waarmee u nu inlogt. Kwijt? Log uit en kies "Wachtwoord vergeten?".'
					},
					useRecovery
				);
			case 'wait':
				return problem(
					429,
					result.device
						? `Op dit apparaat is te vaak een verkeerd wachtwoord ingevuld. Probeer het om ${formatTime(result.until)} uur opnieuw.`
						: `Er is te vaak een verkeerd wachtwoord ingevuld. Probeer het om ${formatTime(result.until)} uur opnieuw.`
				);
			case 'wrongCode':
				return problem(400, `De code klopt niet. ${unchanged}`, {
					code:
						result.reason === 'reused'
							? 'Deze code is al gebruikt. Wacht op de volgende code: die komt binnen 30 seconden.'
							: 'Typ de code die nu bij "Kindkring" in uw app staat.'
				});
			case 'wrongRecoveryCode':
				return problem(
					400,
					`Deze herstelcode klopt niet of is al gebruikt. ${unchanged}`,
					{ herstelcode: 'Elke herstelcode werkt één keer.' },
					true
				);
			case 'limited':
				return problem(
					429,
					`Er zijn te veel verkeerde codes ingevuld. Probeer het om ${formatTime(result.until)} uur opnieuw.`
				);
		}
	}
};
