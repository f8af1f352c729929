import { requireActor } from '$lib/server/access/actor';
import { may } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import { dossierFacts } from '$lib/server/dossiers/facts';
import { hulpvraagFor, viewHulpvraag } from '$lib/server/dossiers/guard';
import * as hulpvragen from '$lib/server/dossiers/hulpvraag';
import {
	approveAction,
	approveSchema,
	formAction,
	saveAction,
	sectionKey,
	where
} from '$lib/server/forms/actions';
import * as attach from '$lib/server/forms/attach';
import * as signing from '$lib/server/forms/signing';
import { formsPage } from '$lib/server/forms/view';
import { anyText, v } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const facts = await viewHulpvraag(sql, actor, event.params.id, { page: 'formulieren' });
	const [hulpvraag, dossier, dossierRules, page] = await Promise.all([
		hulpvragen.get(sql, actor.organisationId, facts.id),
		dossiers.get(sql, actor.organisationId, facts.dossierId),
		dossierFacts(sql, actor.organisationId, facts.dossierId),
		formsPage(sql, actor, facts.id)
	]);
	return {
		hulpvraag: { id: hulpvraag!.id, titel: hulpvraag!.titel, status: hulpvraag!.status },
		child: {
			id: dossier!.id,
			roepnaam: dossier!.roepnaam,
			tussenvoegsel: dossier!.tussenvoegsel,
			achternaam: dossier!.achternaam
		},
		canViewDossier: !!dossierRules && may(actor, 'view', dossierRules).allowed,
		parentEmails: may(actor, 'attach-form', facts).allowed ? facts.parentEmails : [],
		...page
	};
};

const grantSchema = v.object({ ...where.entries, account: anyText() });
const shareSchema = v.object({ ...where.entries, delen: anyText() });
const signSchema = v.object({ ...approveSchema.entries, email: anyText(), naam: anyText() });
const attachSchema = v.object({ template: anyText() });
const detachSchema = v.object({ formulier: anyText() });

export const actions: Actions = {
	opslaan: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'view');
		return saveAction(sql, actor, await event.request.formData());
	},
	goedkeuren: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'view');
		return approveAction(sql, actor, await event.request.formData());
	},
	schrijfrecht: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		return formAction(grantSchema, await event.request.formData(), sectionKey(), async (o) => {
			await attach.grant(sql, actor, {
				formId: o.formulier,
				sectionKey: o.onderdeel,
				accountId: o.account
			});
			return 'Schrijfrecht gegeven; er is een mail verstuurd.';
		});
	},
	intrekken: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		return formAction(grantSchema, await event.request.formData(), sectionKey(), async (o) => {
			await attach.revoke(sql, actor, {
				formId: o.formulier,
				sectionKey: o.onderdeel,
				accountId: o.account
			});
			return 'Schrijfrecht ingetrokken.';
		});
	},
	delen: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		return formAction(shareSchema, await event.request.formData(), sectionKey(), async (o) => {
			const shared = o.delen === 'ja';
			await attach.share(sql, actor, { formId: o.formulier, sectionKey: o.onderdeel, shared });
			return shared ? 'Gedeeld met de ouders.' : 'Niet meer gedeeld.';
		});
	},
	oudersVragen: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		return formAction(where, await event.request.formData(), sectionKey('/ouders'), async (o) => {
			const asked = await signing.askParents(sql, actor, {
				formId: o.formulier,
				sectionKey: o.onderdeel
			});
			return asked === 1
				? 'Er is een mail gestuurd aan de ouder met een account.'
				: `Er is een mail gestuurd aan de ${asked} ouders met een account.`;
		});
	},
	ondertekenlink: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		return formAction(
			signSchema,
			await event.request.formData(),
			sectionKey('/link'),
			async (o) => {
				await signing.requestSignature(sql, actor, {
					formId: o.formulier,
					sectionKey: o.onderdeel,
					questionKey: o.vraag,
					email: o.email,
					name: o.naam
				});
				return 'De link en de code zijn in twee aparte mails verstuurd.';
			}
		);
	},
	toevoegen: async (event) => {
		const actor = requireActor(event);
		const facts = await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		return formAction(
			attachSchema,
			await event.request.formData(),
			() => 'toevoegen',
			async (o) => {
				await attach.attach(sql, actor, facts.id, o.template);
				return 'Het formulier is toegevoegd.';
			}
		);
	},
	verwijderen: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		return formAction(
			detachSchema,
			await event.request.formData(),
			() => 'toevoegen',
			async (o) => {
				await attach.detach(sql, actor, o.formulier);
				return 'Het formulier is van de hulpvraag gehaald.';
			}
		);
	}
};
