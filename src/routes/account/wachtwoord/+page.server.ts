import { redirect } from '@sveltejs/kit';
import * as device from '$lib/server/auth/device';
import { formatTime } from '$lib/server/auth/mails';
import * as passwordChange from '$lib/server/auth/password-change';
import * as session from '$lib/server/auth/session';
import { sql } from '$lib/server/db';
import { requireAccount } from '$lib/server/guard';
import * as newPassword from '$lib/server/auth/new-password-form';
import { parseForm, secret, v } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const account = requireAccount(event);
	return {
		username: account.username,
		passwordContext: passwordChange.passwordContext(account)
	};
};

const schema = v.object({
	huidig: secret({ required: 'Het wachtwoord waarmee u nu inlogt.' }),
	...newPassword.fields
});

const unchanged = 'Uw wachtwoord is niet gewijzigd.';

export const actions: Actions = {
	default: async (event) => {
		const account = requireAccount(event);
		const input = parseForm(schema, await event.request.formData());
		if (!input.success) {
			// The page shows the current password's message under `current`.
			if (input.errors.huidig) {
				return newPassword.problem(400, 'Vul uw huidige wachtwoord in.', {
					current: input.errors.huidig
				});
			}
			return newPassword.unreadable(input.errors);
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
			case 'same':
				return newPassword.problem(
					400,
					`Het nieuwe wachtwoord is hetzelfde als het huidige. ${unchanged}`,
					{ password: 'Kies een ander wachtwoord dan het huidige.' },
					useRecovery
				);
			case 'wrongCurrent':
				return newPassword.problem(
					400,
					`Uw huidige wachtwoord klopt niet. ${unchanged}`,
					{
						current:
							'Vul het wachtwoord in waarmee u nu inlogt. Kwijt? Log uit en kies "Wachtwoord vergeten?".'
					},
					useRecovery
				);
			case 'wait':
				return newPassword.problem(
					429,
					result.device
						? `Op dit apparaat is te vaak een verkeerd wachtwoord ingevuld. Probeer het om ${formatTime(result.until)} uur opnieuw.`
						: `Er is te vaak een verkeerd wachtwoord ingevuld. Probeer het om ${formatTime(result.until)} uur opnieuw.`
				);
			default:
				return newPassword.refused(result, useRecovery);
		}
	}
};
