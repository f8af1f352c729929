import { error } from '@sveltejs/kit';
import { roleLabels, roles } from '$lib/server/account';
import * as change from '$lib/server/beheer/account-actions';
import type { Actor } from '$lib/server/access/policy';
import * as accounts from '$lib/server/beheer/accounts';
import { sql } from '$lib/server/db';
import { anyText, invalid, list, readForm, v } from '$lib/server/input';
import * as aanvrager from '$lib/server/dossiers/aanvrager';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = accounts.requireBeheerder(event);
	const target = await accounts.get(sql, me.organisationId, event.params.id);
	if (!target) error(404, 'Pagina niet gevonden');
	return {
		target: { ...target, self: target.id === me.id },
		created: event.url.searchParams.has('aangemaakt'),
		// Someone who leaves is often still the aanvrager of open hulpvragen: hand them over.
		aanvragerOf: await aanvrager.openPerSchool(sql, me.organisationId, target.id),
		roleOptions: roles.map((r) => ({ value: r, label: roleLabels[r] }))
	};
};

/** Runs one change for the beheerder; another organisation's account is a 404 like any unknown id. */
async function run(
	event: RequestEvent,
	confirmation: string,
	perform: (actor: Actor, id: string) => Promise<change.ChangeResult>
) {
	const me = accounts.requireBeheerder(event);
	const result = await perform(me.actor, event.params.id);
	if (!result.ok) {
		if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
		return invalid(400, { message: result.message });
	}
	return { message: null, done: confirmation };
}

// Which roles may be combined is change.setRoles' rule.
const rolesSchema = v.object({ rollen: list(anyText()) });

export const actions: Actions = {
	rollen: async (event) => {
		const { output } = readForm(rolesSchema, await event.request.formData());
		const chosen = output.rollen;
		return run(event, 'De rollen zijn opgeslagen.', (actor, id) =>
			change.setRoles(sql, actor, id, chosen)
		);
	},
	blokkeren: (event) =>
		run(event, 'Het account is geblokkeerd. Alle sessies zijn beëindigd.', (actor, id) =>
			change.block(sql, actor, id)
		),
	deblokkeren: (event) =>
		run(event, 'Het account is gedeblokkeerd. De gebruiker kan weer inloggen.', (actor, id) =>
			change.unblock(sql, actor, id)
		),
	deactiveren: (event) =>
		run(
			event,
			'Het account is gedeactiveerd. Alle sessies zijn beëindigd en e-mails die nog klaarstonden worden niet meer verstuurd.',
			(actor, id) => change.deactivate(sql, actor, id)
		),
	heractiveren: (event) =>
		run(event, 'Het account is heractiveerd.', (actor, id) => change.reactivate(sql, actor, id)),
	activatielink: (event) =>
		run(
			event,
			'Er is een nieuwe activatielink verstuurd. Oudere links werken niet meer.',
			(actor, id) => change.resendActivation(sql, actor, id)
		),
	tweestapsverificatie: (event) =>
		run(
			event,
			'De tweestapsverificatie is opnieuw ingesteld. De gebruiker krijgt een e-mail met een link om een nieuwe authenticator-app in te stellen.',
			(actor, id) => change.resetTotp(sql, actor, id)
		)
};
