/**
 * The form of a new password with a second factor, as the reset link and Mijn account ask
 * for it: the fields, and what the page says when the change is refused at a step both share.
 */
import { code, invalid, secret, text, type Errors } from '../input';
import { formatTime } from './mails';
import type { Refused } from './new-password';
import type * as password from './password';

export const fields = {
	wachtwoord: secret(),
	wachtwoordHerhaling: secret(),
	code: code('De code bestaat uit 6 cijfers.'),
	herstelcode: text(200)
};

/** Refusals both share: the new password, a missing factor, or the factor itself. */
export type SharedRefusal =
	{ kind: 'password'; problem: password.PasswordProblem } | { kind: 'factorMissing' } | Refused;

const unchanged = 'Uw wachtwoord is niet gewijzigd.';

/** A failed change in the shared shape; `useRecovery` keeps the recovery field open. */
export function problem(status: number, message: string, errors: Errors = {}, useRecovery = false) {
	return invalid(status, { message, errors, useRecovery });
}

/**
 * What the page says of a shared refusal. `onlyThis`: why what the person did so far is not
 * enough without the factor (the mail alone, or the password alone).
 */
export function refused(result: SharedRefusal, useRecovery: boolean, onlyThis = unchanged) {
	switch (result.kind) {
		case 'password':
			return problem(
				400,
				`Het nieuwe wachtwoord is nog niet goed. ${unchanged}`,
				{ [result.problem.field]: result.problem.message },
				useRecovery
			);
		case 'factorMissing':
			return problem(
				400,
				`Vul ook de code uit uw authenticator-app in, of een herstelcode. ${onlyThis}`,
				{ code: 'Vul de 6 cijfers uit uw app in.' }
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

/** The form did not parse: a field that is too long, or a code that is not 6 digits. */
export function unreadable(errors: Errors) {
	return problem(400, `De code klopt niet. ${unchanged}`, errors);
}
