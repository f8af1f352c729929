import { notFound, requireActor, type Actor } from '$lib/server/access/actor';
import { may } from '$lib/server/access/policy';
import * as audit from '$lib/server/audit';
import { sql } from '$lib/server/db';
import * as bijlagen from '$lib/server/dossiers/bijlagen';
import * as dossiers from '$lib/server/dossiers/dossier';
import * as hulpvragen from '$lib/server/dossiers/hulpvraag';
import { anyText, formValues, invalid, readForm, v } from '$lib/server/input';
import * as participants from '$lib/server/overlegronde/participants';
import * as reactions from '$lib/server/overlegronde/reactions';
import * as overlegronde from '$lib/server/overlegronde/round';
import { plainStatus } from '$lib/server/parents/view';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const id = event.params.id;
	const now = new Date();
	const entry = {
		organisationId: actor.organisationId,
		accountId: actor.accountId,
		action: 'overlegronde.view',
		targetType: 'overlegronde',
		targetId: id,
		ipHash: actor.ipHash
	};
	const found = await overlegronde.facts(sql, actor.organisationId, id, now);
	if (!found || !may(actor, 'view', found.facts).allowed) {
		// Denied attempts are audited like reads (result `denied`).
		await audit.denied(sql, entry);
	}
	if (!found) notFound();
	const { round, facts } = found;
	if (!may(actor, 'view', facts).allowed) {
		// "Ik log in, maar ik zie niets": a participant whose access ended is told
		// so, and whom to ask; anyone else gets the 404 of a thing that does not exist.
		if (facts.participantIds.includes(actor.accountId) && !facts.inzageOpen) {
			return {
				expired: {
					id: round.id,
					onderwerp: round.onderwerp,
					einddatumInzage: round.einddatumInzage,
					ownerName: round.ownerName
				}
			};
		}
		notFound();
	}
	await audit.record(sql, entry);
	const manages = may(actor, 'manage-overlegronde', facts).allowed;
	const withViewers = await overlegronde.hulpvraagFactsWithViewers(
		sql,
		actor.organisationId,
		round.hulpvraagId,
		now
	);
	const [hulpvraag, dossier, files, list, people] = await Promise.all([
		hulpvragen.get(sql, actor.organisationId, round.hulpvraagId),
		dossiers.get(sql, actor.organisationId, round.dossierId),
		bijlagen.list(sql, actor, withViewers!),
		reactions.reactions(sql, actor.organisationId, round.id, actor.accountId),
		participants.list(sql, actor.organisationId, round.id)
	]);
	const query = event.url.searchParams.get('zoek') ?? '';
	return {
		expired: null,
		round,
		manages,
		canReact: may(actor, 'react', facts).allowed,
		reactiesOpen: facts.reactiesOpen,
		hulpvraag: {
			titel: hulpvraag!.titel,
			// A parent reads the status in plain words, never its own name (a code).
			status: actor.roles.every((r) => r === 'ouder')
				? plainStatus(hulpvraag!.statusParentText, hulpvraag!.statusFinal)
				: hulpvraag!.status,
			datum: hulpvraag!.datum,
			omschrijving: hulpvraag!.omschrijving,
			voorlopig: facts.hulpvraag.status.voorlopig
		},
		child: {
			id: dossier!.id,
			roepnaam: dossier!.roepnaam,
			tussenvoegsel: dossier!.tussenvoegsel,
			achternaam: dossier!.achternaam,
			geboortedatum: dossier!.geboortedatum
		},
		bijlagen: files.map((b) => ({
			id: b.id,
			displayName: b.displayName,
			size: b.size,
			opens: b.opens
		})),
		reactions: list,
		// Besloten: participants do not see each other's names, only how many take part.
		participants:
			manages || !round.besloten
				? people.map((p) => ({
						accountId: p.accountId,
						displayName: p.displayName,
						specialism: p.specialism,
						pending: p.pending
					}))
				: null,
		participantCount: people.length,
		query,
		candidates:
			manages && query ? await participants.candidates(sql, actor, round.id, query, now) : []
	};
};

async function guarded<T>(run: () => Promise<T>) {
	try {
		return await run();
	} catch (e) {
		if (e instanceof overlegronde.NotAllowed) notFound();
		throw e;
	}
}

async function actorAndId(event: RequestEvent): Promise<[Actor, string]> {
	return [requireActor(event), event.params.id];
}

// The rules of these fields are the domain's (reactions, dates, participants).
const reactionSchema = v.object({ reactie: anyText() });
const datesSchema = v.object({ einddatum_reacties: anyText(), einddatum_inzage: anyText() });
const accountSchema = v.object({ account: anyText() });

export const actions: Actions = {
	reageren: async (event) => {
		const [actor, id] = await actorAndId(event);
		const { output, values } = readForm(reactionSchema, await event.request.formData());
		try {
			await guarded(() => reactions.addReaction(sql, actor, id, output.reactie, new Date()));
		} catch (e) {
			if (e instanceof overlegronde.Invalid) {
				return invalid(400, { form: 'reactie', errors: e.errors, values });
			}
			throw e;
		}
		return {
			form: 'reactie',
			done: 'Uw reactie is geplaatst. De andere deelnemers krijgen bericht.'
		};
	},
	datums: async (event) => {
		const [actor, id] = await actorAndId(event);
		const { output, values } = readForm(datesSchema, await event.request.formData());
		const dates = {
			einddatumReacties: output.einddatum_reacties,
			einddatumInzage: output.einddatum_inzage
		};
		try {
			await guarded(() => overlegronde.updateDates(sql, actor, id, dates, new Date()));
		} catch (e) {
			if (e instanceof overlegronde.Invalid) {
				return invalid(400, { form: 'datums', errors: e.errors, values });
			}
			throw e;
		}
		return { form: 'datums', done: 'De einddata zijn opgeslagen.' };
	},
	toevoegen: async (event) => {
		const [actor, id] = await actorAndId(event);
		const { output } = readForm(accountSchema, await event.request.formData());
		try {
			await guarded(() => participants.addExisting(sql, actor, id, output.account, new Date()));
		} catch (e) {
			if (e instanceof overlegronde.Invalid) {
				return invalid(400, { form: 'toevoegen', errors: e.errors });
			}
			throw e;
		}
		return { form: 'toevoegen', done: 'De deelnemer is toegevoegd en krijgt een uitnodiging.' };
	},
	uitnodigen: async (event) => {
		const [actor, id] = await actorAndId(event);
		const form = await event.request.formData();
		try {
			await guarded(() =>
				participants.invite(sql, actor, id, participants.parseInvitee(form), new Date())
			);
		} catch (e) {
			if (e instanceof overlegronde.Invalid) {
				return invalid(400, { form: 'uitnodigen', errors: e.errors, values: formValues(form) });
			}
			throw e;
		}
		return {
			form: 'uitnodigen',
			done: 'De nieuwe deelnemer is toegevoegd en krijgt een e-mail om het account te activeren.'
		};
	},
	verwijderen: async (event) => {
		const [actor, id] = await actorAndId(event);
		const { output } = readForm(accountSchema, await event.request.formData());
		await guarded(() => participants.remove(sql, actor, id, output.account, new Date()));
		return {
			form: 'verwijderen',
			done: 'De deelnemer is verwijderd en ziet de overlegronde niet meer.'
		};
	},
	verlenging: async (event) => {
		const [actor, id] = await actorAndId(event);
		const result = await guarded(() => overlegronde.requestExtension(sql, actor, id, new Date()));
		return {
			form: 'verlenging',
			done:
				result === 'sent'
					? 'Uw verzoek om verlenging is per e-mail verstuurd.'
					: 'U heeft vandaag al om verlenging gevraagd; het verzoek is verstuurd.'
		};
	}
};
