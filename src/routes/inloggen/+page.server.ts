import { redirect } from '@sveltejs/kit';
import * as device from '$lib/server/auth/device';
import * as login from '$lib/server/auth/login';
import * as recovery from '$lib/server/auth/recovery';
import { formatTime } from '$lib/server/auth/mails';
import * as session from '$lib/server/auth/session';
import { isProduction } from '$lib/server/config';
import { sql } from '$lib/server/db';
import { landing } from '$lib/server/access/policy';
import { safeReturnPath } from '$lib/server/guard';
import {
	code,
	invalid,
	parseForm,
	secret,
	text,
	v,
	type Errors,
	type Values
} from '$lib/server/input';
import * as organisation from '$lib/server/organisation';
import type { Actions, PageServerLoad } from './$types';

const rememberCookie = 'kk_org';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
	if (locals.account) redirect(303, landing(locals.account));
	const organisations = await organisation.list(sql);
	const remembered = organisations.find((o) => o.code === cookies.get(rememberCookie));
	return {
		organisations: organisations.map((o) => ({ code: o.code, label: organisation.label(o) })),
		remembered: remembered ? organisation.label(remembered) : '',
		reason: url.searchParams.get('reden')
	};
};

/** A failed login has the shared shape, with what only a login can add. */
export interface LoginFailure {
	blocked: { organisationName: string; helpdeskText: string } | null;
	/** After a correct password and a wrong code: what is probably wrong. */
	hint: HintView | null;
}

export type HintView =
	| { kind: 'clock'; offsetSeconds: number }
	| { kind: 'replaced'; entryAddedOn: string; currentAddedOn: string | null }
	| { kind: 'otherAccount'; username: string; organisationName: string }
	| { kind: 'reused' }
	| { kind: 'none' };

const dateFormat = new Intl.DateTimeFormat('nl-NL', {
	timeZone: 'Europe/Amsterdam',
	day: 'numeric',
	month: 'long',
	year: 'numeric'
});

function hintView(result: Extract<login.LoginResult, { kind: 'wrongCode' }>): HintView {
	if (result.reason === 'reused') return { kind: 'reused' };
	const h = result.hint;
	switch (h.kind) {
		case 'clock':
			return h;
		case 'replaced':
			return {
				kind: 'replaced',
				entryAddedOn: dateFormat.format(h.entryAddedAt),
				currentAddedOn: h.currentAddedAt ? dateFormat.format(h.currentAddedAt) : null
			};
		case 'otherAccount':
			return { kind: 'otherAccount', username: h.username, organisationName: h.organisationName };
		default:
			return { kind: 'none' };
	}
}

function problem(
	status: number,
	failure: { values: Values; errors?: Errors; message: string } & Partial<LoginFailure>
) {
	return invalid(status, { blocked: null, hint: null, ...failure });
}

const recoveryCode = v.object({ herstelcode: text(200) });

/** With a recovery code the authenticator code is not asked for. */
const schema = (withRecovery: boolean) =>
	v.object({
		organisatie: text(200, { required: 'Kies uw organisatie.' }),
		gebruikersnaam: text(200, { required: 'Vul uw gebruikersnaam in.' }),
		wachtwoord: secret({ required: 'Vul uw wachtwoord in.' }),
		code: withRecovery
			? secret()
			: code('De code bestaat uit 6 cijfers.', {
					required: 'Vul de code uit uw authenticator-app in.'
				}),
		herstelcode: text(200)
	});
const schemas = { code: schema(false), recovery: schema(true) };

export const actions: Actions = {
	default: async ({ request, cookies, locals, url }) => {
		const data = await request.formData();
		const typedRecovery = parseForm(recoveryCode, data);
		const withRecovery = typedRecovery.success && typedRecovery.output.herstelcode !== '';
		const input = parseForm(withRecovery ? schemas.recovery : schemas.code, data);
		const { values } = input;
		const errors = input.success ? {} : { ...input.errors };
		if (withRecovery && !recovery.normalise(typedRecovery.output.herstelcode)) {
			errors.herstelcode = 'Een herstelcode ziet eruit als abcd-efgh-jk (10 tekens).';
		}
		if (!input.success || Object.keys(errors).length > 0) {
			return problem(400, { values, errors, message: 'Vul alle velden in.' });
		}
		const fields = input.output;

		const organisations = await organisation.list(sql);
		const org = organisation.resolve(fields.organisatie, organisations);
		if (!org) {
			return problem(400, {
				values,
				errors: { organisatie: 'Deze organisatie kennen we niet. Kies er een uit de lijst.' },
				message: 'Kies uw organisatie uit de lijst.'
			});
		}

		const result = await login.attempt(sql, {
			organisationCode: org.code,
			username: fields.gebruikersnaam,
			password: fields.wachtwoord,
			code: withRecovery ? '' : fields.code,
			recoveryCode: fields.herstelcode || undefined,
			deviceCookies: device.fromCookies(cookies),
			ipHash: locals.ipHash,
			origin: url.origin
		});

		if (result.kind === 'ok') {
			session.setCookie(cookies, result.token);
			device.setCookie(cookies, result.accountId, result.deviceCookie);
			cookies.set(rememberCookie, org.code, {
				path: '/',
				httpOnly: true,
				sameSite: 'lax',
				secure: isProduction(),
				maxAge: 60 * 60 * 24 * 365
			});
			const back = safeReturnPath(url.searchParams.get('terug'));
			const destination = back ?? landing({ roles: result.roles });
			if (result.recoveryCodesLeft !== null) {
				// No phone: the first thing to do is to add a new authenticator.
				redirect(303, `/account?reden=herstelcode&over=${result.recoveryCodesLeft}`);
			}
			if (result.driftRepairedSeconds !== null) {
				// Logged in, but the phone's clock is off: say so before going on.
				redirect(
					303,
					`/hulp/klok-bijgesteld?seconden=${result.driftRepairedSeconds}&verder=${encodeURIComponent(destination)}`
				);
			}
			redirect(303, destination);
		}

		switch (result.kind) {
			case 'invalid':
				return problem(400, {
					values,
					message: 'De gebruikersnaam of het wachtwoord klopt niet.'
				});
			case 'wait':
				return problem(429, {
					values,
					message: result.device
						? `Op dit apparaat is te vaak een verkeerd wachtwoord ingevuld. U kunt hier weer inloggen om ${formatTime(result.until)} uur.`
						: `Er is te vaak een verkeerd wachtwoord ingevuld. U kunt weer inloggen om ${formatTime(result.until)} uur. Op een apparaat waarop u eerder bent ingelogd, kunt u meteen inloggen.`
				});
			case 'addressLimited':
				return problem(429, {
					values,
					message: `Er zijn vanaf dit netwerk te veel inlogpogingen gedaan. Probeer het om ${formatTime(result.until)} uur opnieuw.`
				});
			case 'wrongCode':
				return problem(400, {
					values,
					errors: {
						code:
							result.reason === 'reused'
								? 'Deze code is al gebruikt. Wacht op de volgende code: die komt binnen 30 seconden.'
								: `De code klopt niet. Gebruik de code bij "Kindkring" en "${org.shortName}: ${fields.gebruikersnaam}" in uw app.`
					},
					message:
						result.attemptsLeft <= 3
							? `De code klopt niet. Na nog ${result.attemptsLeft} verkeerde ${result.attemptsLeft === 1 ? 'code' : 'codes'} wordt uw account geblokkeerd.`
							: 'De code klopt niet.',
					hint: hintView(result)
				});
			case 'blocked':
				return problem(403, {
					values,
					message: 'Uw account is geblokkeerd.',
					blocked: { organisationName: result.organisationName, helpdeskText: result.helpdeskText }
				});
		}
	}
};
