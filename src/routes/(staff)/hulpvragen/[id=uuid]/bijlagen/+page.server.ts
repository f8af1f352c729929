import { randomUUID } from 'node:crypto';
import { requireActor } from '$lib/server/access/actor';
import { may } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import * as bijlagen from '$lib/server/dossiers/bijlagen';
import * as dossiers from '$lib/server/dossiers/dossier';
import { dossierFacts } from '$lib/server/dossiers/facts';
import { hulpvraagFor, viewHulpvraag } from '$lib/server/dossiers/guard';
import * as hulpvragen from '$lib/server/dossiers/hulpvraag';
import { maxUploadBytes } from '$lib/server/files';
import { anyText, checkbox, invalid, readForm, v } from '$lib/server/input';
import * as sharing from '$lib/server/parents/sharing';
import type { Actions, PageServerLoad } from './$types';

interface Outcome {
	n: string;
	e?: string;
	w: string[];
}

/** The outcome of a form upload without JavaScript, carried in the redirect. */
function outcome(value: string | null): Outcome[] {
	if (!value) return [];
	try {
		const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
		if (!Array.isArray(parsed)) return [];
		return parsed.slice(0, 20).map((o: Partial<Outcome>) => ({
			n: String(o.n ?? '').slice(0, 255),
			e: o.e ? String(o.e).slice(0, 500) : undefined,
			w: Array.isArray(o.w) ? o.w.map((w) => String(w).slice(0, 500)).slice(0, 5) : []
		}));
	} catch {
		return [];
	}
}

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const facts = await viewHulpvraag(sql, actor, event.params.id, { page: 'bijlagen' });
	const search = (event.url.searchParams.get('zoek') ?? '').trim().slice(0, 200);
	const [hulpvraag, dossier, all, dossierRules] = await Promise.all([
		hulpvragen.get(sql, actor.organisationId, facts.id),
		dossiers.get(sql, actor.organisationId, facts.dossierId),
		bijlagen.list(sql, actor, facts),
		dossierFacts(sql, actor.organisationId, facts.dossierId)
	]);
	const list = search ? await bijlagen.list(sql, actor, facts, { search }) : all;
	const decision = may(actor, 'add-attachment', facts);
	// "Verwijderen" asks first: the link opens this question, the form below it removes.
	const asked = event.url.searchParams.get('verwijderen');
	const confirm = all.find((b) => b.id === asked && b.canRemove);
	return {
		hulpvraag: { id: hulpvraag!.id, titel: hulpvraag!.titel, status: hulpvraag!.status },
		child: {
			id: dossier!.id,
			roepnaam: dossier!.roepnaam,
			tussenvoegsel: dossier!.tussenvoegsel,
			achternaam: dossier!.achternaam
		},
		bijlagen: list,
		total: all.length,
		search,
		confirm: confirm ? { id: confirm.id, displayName: confirm.displayName } : null,
		// A school the child has left sees its own bijlagen here, not the child's dossier.
		canViewDossier: !!dossierRules && may(actor, 'view', dossierRules).allowed,
		canAdd: decision.allowed,
		canShare: may(actor, 'edit', facts).allowed,
		hasParents: facts.parentEmails.length > 0,
		closed: !decision.allowed && facts.status.closesAttachments,
		maxBytes: maxUploadBytes,
		// Without JavaScript: one key per form and page view (file n is sent as `<key>.n`), so
		// a form posted again after a lost answer adds nothing twice.
		uploadKeys: { photos: randomUUID(), files: randomUUID() },
		outcome: outcome(event.url.searchParams.get('resultaat'))
	};
};

// Which bijlage exists for the actor is the domain's to say (sharing, bijlagen.remove).
const shareSchema = v.object({ bijlage: anyText(), zichtbaar: checkbox('1') });
const removeSchema = v.object({ bijlage: anyText() });

export const actions: Actions = {
	// "Zichtbaar voor ouders" per bijlage: whoever may edit the hulpvraag.
	ouders: async (event) => {
		const actor = requireActor(event);
		const facts = await hulpvraagFor(sql, actor, event.params.id, 'edit');
		const { output } = readForm(shareSchema, await event.request.formData());
		const { bijlage: bijlageId, zichtbaar: visible } = output;
		if (!(await sharing.setParentVisible(sql, actor, facts, bijlageId, visible))) {
			return invalid(404, { form: 'ouders', message: 'Deze bijlage bestaat niet (meer).' });
		}
		return { shared: { bijlage: bijlageId, visible } };
	},
	// The uploader (while bijlagen can still be added) and beheerders; bijlagen.remove decides.
	verwijderen: async (event) => {
		const actor = requireActor(event);
		const facts = await hulpvraagFor(sql, actor, event.params.id, 'view');
		const { output } = readForm(removeSchema, await event.request.formData());
		try {
			const removed = await bijlagen.remove(sql, actor, facts, output.bijlage);
			return { removed: removed.displayName };
		} catch (e) {
			if (e instanceof bijlagen.NotFound) {
				return invalid(404, { form: 'verwijderen', message: e.message });
			}
			if (e instanceof bijlagen.Refused) {
				return invalid(403, { form: 'verwijderen', message: e.message });
			}
			throw e;
		}
	}
};
