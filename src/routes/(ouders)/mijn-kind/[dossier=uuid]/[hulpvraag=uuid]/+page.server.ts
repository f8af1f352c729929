import { notFound, requireActor } from '$lib/server/access/actor';
import type { Actor } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import { approveAction, saveAction } from '$lib/server/forms/actions';
import { formsPage } from '$lib/server/forms/view';
import * as parents from '$lib/server/parents/view';
import type { Actions, PageServerLoad } from './$types';

type Params = { dossier: string; hulpvraag: string };

/** The hulpvraag as its parent sees it; a 404 (audited) for anyone else. */
async function detailFor(actor: Actor, params: Params) {
	const detail = await parents.hulpvraag(sql, actor, params.dossier, params.hulpvraag);
	if (!detail) {
		await parents.recordDenied(sql, actor, params.dossier, {
			page: 'hulpvraag',
			hulpvraag: params.hulpvraag
		});
		notFound();
	}
	return detail;
}

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const detail = await detailFor(actor, event.params);
	await parents.recordView(sql, actor, [detail.dossierId], {
		page: 'hulpvraag',
		hulpvraag: detail.id
	});
	// The form sections the parent reads or writes (the policy decides per section); a
	// bijlage an answer points to is named only when it is shared with the parents (the
	// answer holds its id, never its name).
	const [organisation, forms] = await Promise.all([
		parents.organisation(sql, actor),
		formsPage(sql, actor, detail.id)
	]);
	const shared = new Set(detail.bijlagen.map((b) => b.id));
	return {
		hulpvraag: detail,
		organisation,
		forms: forms.forms,
		prefilled: forms.prefilled,
		bijlagen: forms.bijlagen.map((b) =>
			shared.has(b.id) ? b : { id: b.id, name: 'Een document dat niet met u is gedeeld' }
		)
	};
};

export const actions: Actions = {
	opslaan: async (event) => {
		const actor = requireActor(event);
		await detailFor(actor, event.params);
		return saveAction(sql, actor, await event.request.formData(), 'Uw antwoorden zijn bewaard.');
	},
	goedkeuren: async (event) => {
		const actor = requireActor(event);
		await detailFor(actor, event.params);
		return approveAction(
			sql,
			actor,
			await event.request.formData(),
			'Bedankt. Uw handtekening is gezet.'
		);
	}
};
