import { requireActor } from '$lib/server/access/actor';
import { NotAllowed } from '$lib/server/access/authorize';
import { may } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import { dossierFacts } from '$lib/server/dossiers/facts';
import { hulpvraagFor, viewHulpvraag } from '$lib/server/dossiers/guard';
import * as hulpvragen from '$lib/server/dossiers/hulpvraag';
import * as attach from '$lib/server/forms/attach';
import * as fill from '$lib/server/forms/fill';
import * as signing from '$lib/server/forms/signing';
import { formsPage } from '$lib/server/forms/view';
import { anyText, integer, invalid, readForm, v } from '$lib/server/input';
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

/** The fields of a section save: the answers are `q.<key>`, read by the domain per type. */
function sectionFields(form: FormData): fill.Fields {
	const out: fill.Fields = {};
	for (const key of new Set(form.keys())) {
		if (!key.startsWith('q.')) continue;
		const all = form.getAll(key).filter((x): x is string => typeof x === 'string');
		out[key] = all.length === 1 ? all[0]! : all;
	}
	return out;
}

const where = v.object({ formulier: anyText(), onderdeel: anyText() });
const saveSchema = v.object({ ...where.entries, version: integer() });
const approveSchema = v.object({ ...where.entries, vraag: anyText() });
const grantSchema = v.object({ ...where.entries, account: anyText() });
const shareSchema = v.object({ ...where.entries, delen: anyText() });
const signSchema = v.object({ ...approveSchema.entries, email: anyText(), naam: anyText() });
const attachSchema = v.object({ template: anyText() });

/** A domain refusal as the page's failure, on the form it came from. */
function refused(e: unknown, form: string, values: object) {
	if (e instanceof fill.Invalid) {
		return invalid(400, { form, values, errors: e.errors, message: e.message });
	}
	if (e instanceof fill.Conflict) return invalid(409, { form, values, message: e.message });
	if (e instanceof NotAllowed) {
		return invalid(403, {
			form,
			values,
			message: 'Dit mag u bij dit formulier niet doen. Er is niets opgeslagen.'
		});
	}
	throw e;
}

export const actions: Actions = {
	opslaan: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'view');
		const data = await event.request.formData();
		const { output } = readForm(saveSchema, data);
		const fields = sectionFields(data);
		const form = `${output.formulier}/${output.onderdeel}`;
		try {
			await fill.saveSection(sql, actor, {
				formId: output.formulier,
				sectionKey: output.onderdeel,
				version: output.version,
				fields
			});
		} catch (e) {
			return refused(e, form, fields);
		}
		return { form, done: 'Opgeslagen.' };
	},
	goedkeuren: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'view');
		const { output, values } = readForm(approveSchema, await event.request.formData());
		const form = `${output.formulier}/${output.onderdeel}`;
		try {
			await fill.approve(sql, actor, {
				formId: output.formulier,
				sectionKey: output.onderdeel,
				questionKey: output.vraag
			});
		} catch (e) {
			return refused(e, form, values);
		}
		return { form, done: 'Vastgelegd.' };
	},
	schrijfrecht: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		const { output, values } = readForm(grantSchema, await event.request.formData());
		const form = `${output.formulier}/${output.onderdeel}`;
		try {
			await attach.grant(sql, actor, {
				formId: output.formulier,
				sectionKey: output.onderdeel,
				accountId: output.account
			});
		} catch (e) {
			return refused(e, form, values);
		}
		return { form, done: 'Schrijfrecht gegeven; er is een mail verstuurd.' };
	},
	intrekken: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		const { output, values } = readForm(grantSchema, await event.request.formData());
		const form = `${output.formulier}/${output.onderdeel}`;
		try {
			await attach.revoke(sql, actor, {
				formId: output.formulier,
				sectionKey: output.onderdeel,
				accountId: output.account
			});
		} catch (e) {
			return refused(e, form, values);
		}
		return { form, done: 'Schrijfrecht ingetrokken.' };
	},
	delen: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		const { output, values } = readForm(shareSchema, await event.request.formData());
		const form = `${output.formulier}/${output.onderdeel}`;
		try {
			await attach.share(sql, actor, {
				formId: output.formulier,
				sectionKey: output.onderdeel,
				shared: output.delen === 'ja'
			});
		} catch (e) {
			return refused(e, form, values);
		}
		return { form, done: output.delen === 'ja' ? 'Gedeeld met de ouders.' : 'Niet meer gedeeld.' };
	},
	ondertekenlink: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		const { output, values } = readForm(signSchema, await event.request.formData());
		const form = `${output.formulier}/${output.onderdeel}/link`;
		try {
			await signing.requestSignature(sql, actor, {
				formId: output.formulier,
				sectionKey: output.onderdeel,
				questionKey: output.vraag,
				email: output.email,
				name: output.naam
			});
		} catch (e) {
			return refused(e, form, values);
		}
		return { form, done: 'De link en de code zijn in twee aparte mails verstuurd.' };
	},
	toevoegen: async (event) => {
		const actor = requireActor(event);
		const facts = await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		const { output, values } = readForm(attachSchema, await event.request.formData());
		try {
			await attach.attach(sql, actor, facts.id, output.template);
		} catch (e) {
			return refused(e, 'toevoegen', values);
		}
		return { form: 'toevoegen', done: 'Het formulier is toegevoegd.' };
	},
	verwijderen: async (event) => {
		const actor = requireActor(event);
		await hulpvraagFor(sql, actor, event.params.id, 'attach-form');
		const { output, values } = readForm(
			v.object({ formulier: anyText() }),
			await event.request.formData()
		);
		try {
			await attach.detach(sql, actor, output.formulier);
		} catch (e) {
			return refused(e, 'toevoegen', values);
		}
		return { form: 'toevoegen', done: 'Het formulier is van de hulpvraag gehaald.' };
	}
};
