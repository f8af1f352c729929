import { error, fail } from '@sveltejs/kit';
import * as requests from '$lib/server/auth/reset-requests';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import { sql } from '$lib/server/db';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event);
	const open = await requests.listOpen(sql, me.organisationId);
	return {
		requests: open.map((r) => ({
			id: r.id,
			accountId: r.accountId,
			displayName: r.displayName,
			username: r.username,
			email: r.email,
			message: r.message,
			createdAt: r.createdAt.toISOString()
		}))
	};
};

function text(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value : '';
}

export const actions: Actions = {
	goedkeuren: async (event) => {
		const me = requireBeheerder(event);
		const data = await event.request.formData();
		const result = await requests.approve(sql, me.actor, text(data, 'id'));
		if (!result.ok) {
			// Another organisation's request, a decided one, or nonsense: it does not exist here.
			if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
			return fail(400, { message: result.message, done: null });
		}
		return {
			message: null,
			done: 'Goedgekeurd. De tweestapsverificatie is opnieuw ingesteld; de gebruiker krijgt een e-mail met een link om een nieuwe authenticator-app in te stellen.'
		};
	},
	afwijzen: async (event) => {
		const me = requireBeheerder(event);
		const data = await event.request.formData();
		const reason = text(data, 'reden');
		if (reason.length > requests.maxMessageLength) {
			return fail(400, {
				message: `De reden is te lang (hoogstens ${requests.maxMessageLength} tekens).`,
				done: null
			});
		}
		const result = await requests.decline(sql, me.actor, text(data, 'id'), reason);
		if (!result.ok) {
			if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
			return fail(400, { message: result.message, done: null });
		}
		return { message: null, done: 'Afgewezen. De gebruiker krijgt hierover een e-mail.' };
	}
};
