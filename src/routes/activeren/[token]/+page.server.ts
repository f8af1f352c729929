import { redirect } from '@sveltejs/kit';
import * as activation from '$lib/server/auth/activation';
import { formatTime } from '$lib/server/auth/mails';
import { sql } from '$lib/server/db';
import { code, invalid, parseForm, secret, v, type Errors } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, setHeaders }) => {
	// The page carries a TOTP secret: never in a cache.
	setHeaders({ 'cache-control': 'private, no-store' });
	const opened = await activation.open(sql, params.token);
	if (opened.state === 'superseded') {
		return { state: 'superseded' as const, sentAt: formatTime(opened.newestSentAt) };
	}
	if (opened.state !== 'valid') return { state: opened.state };
	const account = opened.account;
	const choosePassword = !account.hasPassword || url.searchParams.has('wachtwoord');
	return {
		state: 'valid' as const,
		account: {
			username: account.username,
			displayName: account.displayName,
			organisationName: account.organisationName,
			organisationCode: account.organisationCode
		},
		passwordContext: activation.passwordContext(account),
		setup: choosePassword ? null : await activation.setupView(sql, account)
	};
};

export interface Done {
	done: true;
	codes: string[];
	username: string;
	organisationName: string;
}

function problem(status: number, message: string, errors: Errors = {}) {
	return invalid(status, { message, errors });
}

const passwordSchema = v.object({ wachtwoord: secret(), wachtwoordHerhaling: secret() });
const codeSchema = v.object({
	code: code('De code bestaat uit 6 cijfers.', { required: 'De code bestaat uit 6 cijfers.' })
});

const goneMessage =
	'Deze link werkt niet meer. Laad de pagina opnieuw om te zien waarom, of log in als uw account al klaar is.';

export const actions: Actions = {
	wachtwoord: async ({ request, params, locals, url }) => {
		const input = parseForm(passwordSchema, await request.formData());
		const opened = await activation.open(sql, params.token);
		if (opened.state !== 'valid') return problem(410, goneMessage);
		// Secrets without a rule of their own: this parse cannot fail; the password rules are the domain's.
		const { wachtwoord, wachtwoordHerhaling } = input.success
			? input.output
			: { wachtwoord: '', wachtwoordHerhaling: '' };
		const found = await activation.choosePassword(
			sql,
			opened,
			wachtwoord,
			wachtwoordHerhaling,
			locals.ipHash
		);
		if (found) {
			return problem(400, 'Het wachtwoord is nog niet goed.', { [found.field]: found.message });
		}
		redirect(303, url.pathname);
	},

	code: async ({ request, params, locals, url }) => {
		const input = parseForm(codeSchema, await request.formData());
		if (!input.success) {
			return problem(400, 'Vul de code uit uw authenticator-app in.', input.errors);
		}
		const result = await activation.complete(sql, {
			token: params.token,
			code: input.output.code,
			ipHash: locals.ipHash,
			origin: url.origin
		});
		switch (result.kind) {
			case 'done':
				return {
					done: true,
					codes: result.codes,
					username: result.username,
					organisationName: result.organisationName
				} satisfies Done;
			case 'wrongCode':
				return problem(400, 'De code klopt niet. Er is nog niets opgeslagen.', {
					code: 'Typ de code die nu bij "Kindkring" in uw app staat. Klopt hij nooit? Zet de klok van uw telefoon op automatisch.'
				});
			case 'noPassword':
				return problem(400, 'Kies eerst een wachtwoord.');
			case 'limited':
				return problem(
					429,
					`Er zijn te veel verkeerde codes ingevuld. Probeer het om ${formatTime(result.until)} uur opnieuw.`
				);
			case 'gone':
				return problem(410, goneMessage);
		}
	}
};
