import { error } from '@sveltejs/kit';
import * as requests from '$lib/server/auth/reset-requests';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import { sql } from '$lib/server/db';
import { anyText, invalid, parseForm, readForm, text, v } from '$lib/server/input';
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

// Which request exists for this beheerder is the domain's to say.
const approveSchema = v.object({ id: anyText() });
const declineSchema = v.object({
	id: anyText(),
	reden: text(requests.maxMessageLength, {
		tooLong: `De reden is te lang (hoogstens ${requests.maxMessageLength} tekens).`
	})
});

export const actions: Actions = {
	goedkeuren: async (event) => {
		const me = requireBeheerder(event);
		const { output } = readForm(approveSchema, await event.request.formData());
		const result = await requests.approve(sql, me.actor, output.id);
		if (!result.ok) {
			// Another organisation's request, a decided one, or nonsense: it does not exist here.
			if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
			return invalid(400, { message: result.message });
		}
		return {
			message: null,
			done: 'Goedgekeurd. De tweestapsverificatie is opnieuw ingesteld; de gebruiker krijgt een e-mail met een link om een nieuwe authenticator-app in te stellen.'
		};
	},
	afwijzen: async (event) => {
		const me = requireBeheerder(event);
		const input = parseForm(declineSchema, await event.request.formData());
		if (!input.success) {
			return invalid(400, {
				values: input.values,
				errors: input.errors,
				message: input.errors.reden ?? ''
			});
		}
		const { id, reden } = input.output;
		const result = await requests.decline(sql, me.actor, id, reden);
		if (!result.ok) {
			if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
			return invalid(400, { message: result.message });
		}
		return { message: null, done: 'Afgewezen. De gebruiker krijgt hierover een e-mail.' };
	}
};
