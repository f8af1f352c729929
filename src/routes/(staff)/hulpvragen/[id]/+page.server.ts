import { fail } from '@sveltejs/kit';
import { requireActor } from '$lib/server/access/actor';
import { may } from '$lib/server/access/policy';
import { record } from '$lib/server/audit';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import { hulpvraagFor } from '$lib/server/dossiers/guard';
import * as hulpvragen from '$lib/server/dossiers/hulpvraag';
import { nextStatuses } from '$lib/server/workflow/process';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = await requireActor(sql, event);
	const facts = await hulpvraagFor(sql, actor, event.params.id);
	await record(sql, {
		organisationId: actor.organisationId,
		accountId: actor.accountId,
		action: 'hulpvraag.view',
		targetType: 'hulpvraag',
		targetId: facts.id,
		ipHash: actor.ipHash
	});
	const [hulpvraag, history, dossier] = await Promise.all([
		hulpvragen.get(sql, actor.organisationId, facts.id),
		hulpvragen.history(sql, actor.organisationId, facts.id),
		dossiers.get(sql, actor.organisationId, facts.dossierId)
	]);
	const canChange = may(actor, 'change-status', facts).allowed;
	return {
		hulpvraag: hulpvraag!,
		history,
		child: {
			id: dossier!.id,
			roepnaam: dossier!.roepnaam,
			tussenvoegsel: dossier!.tussenvoegsel,
			achternaam: dossier!.achternaam,
			geboortedatum: dossier!.geboortedatum
		},
		nextStatuses: canChange
			? await nextStatuses(sql, actor.organisationId, hulpvraag!.statusId, actor.roles)
			: [],
		canAddAttachment: may(actor, 'add-attachment', facts).allowed,
		// Issue 6 point 7: whether parents currently see this hulpvraag.
		parents: { listed: facts.parentEmails.length, see: facts.status.parentVisible },
		created: event.url.searchParams.has('nieuw')
	};
};

export const actions: Actions = {
	status: async (event) => {
		const actor = await requireActor(sql, event);
		const facts = await hulpvraagFor(sql, actor, event.params.id, 'change-status');
		const form = await event.request.formData();
		const input = {
			hulpvraagId: facts.id,
			toStatusId: String(form.get('status') ?? ''),
			reason: String(form.get('reden') ?? ''),
			version: Number(form.get('version'))
		};
		try {
			await hulpvragen.changeStatus(sql, actor, input);
		} catch (e) {
			if (e instanceof hulpvragen.Conflict) {
				return fail(409, { conflict: e.message, reden: input.reason });
			}
			if (e instanceof hulpvragen.Invalid) {
				return fail(400, { errors: e.errors, reden: input.reason, status: input.toStatusId });
			}
			throw e;
		}
		return { changed: true };
	}
};
