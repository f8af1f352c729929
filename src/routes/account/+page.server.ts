import { redirect } from '@sveltejs/kit';
import * as audit from '$lib/server/audit';
import * as authenticators from '$lib/server/auth/authenticators';
import * as recovery from '$lib/server/auth/recovery';
import { formatTime } from '$lib/server/auth/mails';
import * as session from '$lib/server/auth/session';
import { sql } from '$lib/server/db';
import { requireAccount } from '$lib/server/guard';
import {
	checkbox,
	code,
	invalid,
	parseForm,
	text,
	v,
	type Errors,
	type Values
} from '$lib/server/input';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const account = requireAccount(event);
	const [row] = await sql<
		{ lastLoginAt: Date | null; sessions: number; mailOnStatusChange: boolean }[]
	>`
		select a.last_login_at, a.mail_on_status_change, (select count(*)::int from session s where s.account_id = a.id and s.expires_at > now()) as sessions
		from account a where a.id = ${account.id}`;
	const sessionId = event.locals.session?.id;
	const setup = sessionId ? await authenticators.setup(sql, account, sessionId) : null;
	return {
		me: {
			displayName: account.displayName,
			username: account.username,
			email: account.email,
			organisationName: account.organisationName,
			lastLoginAt: row?.lastLoginAt?.toISOString() ?? null,
			sessions: row?.sessions ?? 0,
			mailOnStatusChange: row?.mailOnStatusChange ?? true,
			// Parents, externs and pre-schools get no status mails of their own (yet).
			getsStatusMail: account.roles.some((r) => r !== 'ouder' && r !== 'extern'),
			recoveryCodesLeft: await recovery.remaining(sql, account.id)
		},
		authenticators: (await authenticators.list(sql, account.id)).map((a) => ({
			id: a.id,
			name: a.name,
			addedAt: a.addedAt.toISOString(),
			lastUsedAt: a.lastUsedAt?.toISOString() ?? null
		})),
		setup: setup && {
			qr: setup.qr,
			uri: setup.uri,
			groupedKey: setup.groupedKey,
			label: setup.label,
			appUrl: setup.appUrl
		},
		maxNameLength: authenticators.maxNameLength
	};
};

/** Which form of the page a failure belongs to. */
export type AccountForm = 'bewijs' | 'bevestigen' | 'verwijderen' | 'herstelcodes';

function problem(
	status: number,
	failure: { form: AccountForm; message: string; errors?: Errors; values?: Values }
) {
	return invalid(status, failure);
}

const proofSchema = v.object({
	bewijs: text(200, {
		required: 'Vul de code uit uw authenticator-app of een ongebruikte herstelcode in.'
	})
});

/** The name as the authenticator list shows it; the rule itself is the domain's. */
const authenticatorName = v.pipe(
	text(Number.MAX_SAFE_INTEGER),
	v.transform(authenticators.cleanName),
	v.check(
		(name) => !authenticators.validateName(name),
		(issue) => authenticators.validateName(issue.input as string) ?? ''
	)
);

const confirmSchema = v.object({
	naam: authenticatorName,
	code: code('De code bestaat uit 6 cijfers.', { required: 'De code bestaat uit 6 cijfers.' })
});

const statusMailSchema = v.object({ aan: checkbox('ja') });

const removeSchema = v.object({ id: text(100) });

const renewSchema = v.object({
	code: code('Vul de 6 cijfers uit uw authenticator-app in.', {
		required: 'Vul de 6 cijfers uit uw authenticator-app in.'
	})
});

function context(event: RequestEvent): authenticators.Context {
	return {
		// The hook validated the session before this action runs; requireAccount guarantees it.
		sessionId: event.locals.session!.id,
		ipHash: event.locals.ipHash,
		origin: event.url.origin
	};
}

/** No new recovery codes: why, at the code field (a wait is for the whole form). */
function renewFailed(status: number, reason: string) {
	return status === 429
		? problem(status, { form: 'herstelcodes', message: reason })
		: problem(status, {
				form: 'herstelcodes',
				message: 'Er zijn geen nieuwe herstelcodes gemaakt.',
				errors: { code: reason }
			});
}

export const actions: Actions = {
	/** mail on every status change, switchable per account. */
	statusmail: async (event) => {
		const account = requireAccount(event);
		const input = parseForm(statusMailSchema, await event.request.formData());
		const on = input.success && input.output.aan;
		await sql.begin(async (tx) => {
			await tx`update account set mail_on_status_change = ${on}, updated_at = now() where id = ${account.id}`;
			await audit.record(tx, {
				organisationId: account.organisationId,
				accountId: account.id,
				action: on ? 'account.status_mail.on' : 'account.status_mail.off',
				targetType: 'account',
				targetId: account.id,
				ipHash: event.locals.ipHash
			});
		});
		return { statusmail: on };
	},
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

	authenticatorBewijs: async (event) => {
		const account = requireAccount(event);
		const input = parseForm(proofSchema, await event.request.formData());
		if (!input.success) {
			return problem(400, {
				form: 'bewijs',
				message: 'Vul een code of een herstelcode in.',
				errors: input.errors
			});
		}
		const result = await authenticators.prove(sql, account, input.output.bewijs, context(event));
		if (result.kind === 'limited') {
			return problem(429, {
				form: 'bewijs',
				message: `Te vaak een verkeerde code. Probeer het om ${formatTime(result.until)} uur opnieuw.`
			});
		}
		if (result.kind === 'wrong') {
			return problem(400, {
				form: 'bewijs',
				message: 'Deze code klopt niet.',
				errors: {
					bewijs:
						'De code klopt niet of is al gebruikt. Gebruik de nieuwste code uit een authenticator die u al heeft, of een herstelcode die u nog niet gebruikte.'
				}
			});
		}
		// A GET shows the setup, so a reload shows the same secret instead of re-posting.
		redirect(303, '/account#authenticator-toevoegen');
	},

	authenticatorBevestigen: async (event) => {
		const account = requireAccount(event);
		const input = parseForm(confirmSchema, await event.request.formData());
		const { values } = input;
		if (!input.success) {
			return problem(400, {
				form: 'bevestigen',
				message: 'Vul de naam en de code in.',
				errors: input.errors,
				values
			});
		}
		const result = await authenticators.confirm(
			sql,
			account,
			{ name: input.output.naam, code: input.output.code },
			context(event)
		);
		switch (result.kind) {
			case 'ok':
				return {
					done: `De authenticator "${result.name}" is toegevoegd. U kunt er nu mee inloggen.`
				};
			case 'expired':
				return problem(400, {
					form: 'bewijs',
					message:
						'Het toevoegen duurde te lang. Vul opnieuw een code in; u krijgt dezelfde QR-code te zien.'
				});
			case 'invalidName':
				return problem(400, {
					form: 'bevestigen',
					message: result.message,
					errors: { naam: result.message },
					values
				});
			case 'wrongCode':
				return problem(400, {
					form: 'bevestigen',
					message: 'De code klopt niet.',
					errors: {
						code: 'Deze code hoort niet bij de nieuwe authenticator. Gebruik de code bij de regel die u net heeft toegevoegd, en controleer of de tijd op het apparaat klopt.'
					},
					values
				});
		}
	},

	authenticatorVerwijderen: async (event) => {
		const account = requireAccount(event);
		const input = parseForm(removeSchema, await event.request.formData());
		const id = input.success ? input.output.id : '';
		const result = await authenticators.remove(sql, account, id, {
			ipHash: event.locals.ipHash,
			origin: event.url.origin,
			sessionId: event.locals.session?.id ?? null
		});
		switch (result.kind) {
			case 'ok':
				return {
					done: `De authenticator "${result.name}" is verwijderd. Verwijder de regel ook uit de app op dat apparaat.`
				};
			case 'last':
				return problem(400, {
					form: 'verwijderen',
					message:
						'Dit is uw enige authenticator. Als u die verwijdert, kunt u niet meer inloggen. Voeg eerst een andere toe.'
				});
			case 'notFound':
				return problem(404, {
					form: 'verwijderen',
					message: 'Deze authenticator bestaat niet (meer). Misschien is hij al verwijderd.'
				});
		}
	},

	herstelcodes: async (event) => {
		const account = requireAccount(event);
		const input = parseForm(renewSchema, await event.request.formData());
		if (!input.success) return renewFailed(400, input.errors.code!);
		const result = await recovery.renew(sql, account, input.output.code, {
			ipHash: event.locals.ipHash,
			origin: event.url.origin
		});
		switch (result.kind) {
			case 'done':
				return { recoveryCodes: result.codes };
			case 'wrongCode':
				return renewFailed(
					400,
					result.reason === 'reused'
						? 'Deze code is al gebruikt. Wacht op de volgende code: die komt binnen 30 seconden.'
						: 'De code klopt niet. Er zijn geen nieuwe herstelcodes gemaakt.'
				);
			case 'limited':
				return renewFailed(
					429,
					`Te veel pogingen. Probeer het om ${formatTime(result.until)} uur opnieuw.`
				);
		}
	}
};
