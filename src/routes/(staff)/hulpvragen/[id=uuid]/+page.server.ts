import { requireActor } from '$lib/server/access/actor';
import { may, schoolRoles } from '$lib/server/access/policy';
import { sql } from '$lib/server/db';
import * as aanvrager from '$lib/server/dossiers/aanvrager';
import * as bijlagen from '$lib/server/dossiers/bijlagen';
import * as dossiers from '$lib/server/dossiers/dossier';
import { dossierFacts } from '$lib/server/dossiers/facts';
import { hulpvraagFor, viewHulpvraag } from '$lib/server/dossiers/guard';
import * as hulpvragen from '$lib/server/dossiers/hulpvraag';
import { adviceOn } from '$lib/server/forms/view';
import * as voorschool from '$lib/server/dossiers/voorschool';
import { anyText, checkbox, integer, invalid, readForm, v } from '$lib/server/input';
import * as overlegronde from '$lib/server/overlegronde/round';
import { intakeOf } from '$lib/server/intake/view';
import { chooseTitle } from '$lib/server/intake/titles';
import { nextStatuses, titlesFor } from '$lib/server/workflow/process';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const facts = await viewHulpvraag(sql, actor, event.params.id);
	const [hulpvraag, history, dossier, dossierRules, visibleBijlagen, advies] = await Promise.all([
		hulpvragen.get(sql, actor.organisationId, facts.id),
		hulpvragen.history(sql, actor.organisationId, facts.id),
		dossiers.get(sql, actor.organisationId, facts.dossierId),
		dossierFacts(sql, actor.organisationId, facts.dossierId),
		bijlagen.list(sql, actor, facts),
		adviceOn(sql, actor, facts.id)
	]);
	const canChange = may(actor, 'change-status', facts).allowed;
	const canEdit = may(actor, 'edit', facts).allowed;
	const next = canChange
		? await nextStatuses(sql, actor.organisationId, hulpvraag!.statusId, actor.roles)
		: [];
	// Staff of the school that asked: the instruction speaks to them ("Wat moet u nu doen?").
	const ofSchool =
		hulpvraag!.schoolId !== null &&
		actor.roles.some((r) => (schoolRoles as readonly string[]).includes(r)) &&
		actor.schoolIds.includes(hulpvraag!.schoolId);
	// A school the child has left reads its own hulpvraag, not the child's current dossier.
	const canViewDossier = !!dossierRules && may(actor, 'view', dossierRules).allowed;
	const handoverAllowed =
		hulpvraag!.schoolId !== null &&
		may(actor, 'handover-aanvragers', {
			type: 'school',
			organisationId: actor.organisationId,
			schoolId: hulpvraag!.schoolId
		}).allowed;
	const intake = await intakeOf(sql, actor, facts.id);
	// Arrived from a school system with a type the organisation does not know: SWV staff
	// choose the real title here.
	const titleChoice =
		intake?.titelOnbekend && may(actor, 'choose-title', facts).allowed
			? await titlesFor(sql, actor.organisationId, hulpvraag!.schoolRegion ?? '')
			: null;
	const canLink = may(actor, 'link-voorschool', facts).allowed;
	const [linked, contacts] = canLink
		? await Promise.all([
				voorschool.linked(sql, actor.organisationId, facts.id),
				voorschool.candidates(sql, actor.organisationId)
			])
		: [[], []];
	return {
		hulpvraag: { ...hulpvraag!, bijlagen: visibleBijlagen.length },
		history,
		canViewDossier,
		readOnly: !canEdit && !canChange,
		aanvragers:
			canEdit && hulpvraag!.schoolId
				? (await aanvrager.candidates(sql, actor.organisationId, hulpvraag!.schoolId)).filter(
						(c) => c.id !== hulpvraag!.aanvragerId
					)
				: [],
		handoverHref:
			handoverAllowed && hulpvraag!.aanvragerId
				? `/hulpvragen/overdragen?school=${hulpvraag!.schoolId}&van=${hulpvraag!.aanvragerId}`
				: null,
		child: {
			id: dossier!.id,
			roepnaam: dossier!.roepnaam,
			tussenvoegsel: dossier!.tussenvoegsel,
			achternaam: dossier!.achternaam,
			geboortedatum: dossier!.geboortedatum
		},
		nextStatuses: next,
		ofSchool,
		// While voorlopig, the school's main action is submitting it: the first next status that
		// is not voorlopig (one that needs a reason stays in the status form, which asks for it).
		submitStatus:
			hulpvraag!.statusVoorlopig && ofSchool
				? (next.find((s) => !s.voorlopig && !s.reasonRequired) ?? null)
				: null,
		canAddAttachment: may(actor, 'add-attachment', facts).allowed,
		// The deskundige's advice, where the actor reads it, shown on the hulpvraag itself.
		advies,
		formCount: (
			await sql<{ count: number }[]>`
			select count(*)::int as count from form
			where organisation_id = ${actor.organisationId} and hulpvraag_id = ${facts.id} and detached_at is null`
		)[0]!.count,
		// The rounds on this hulpvraag the actor may see, and whether they may start one.
		overlegrondes: (await overlegronde.ofDossier(sql, actor, facts.dossierId, new Date()))
			.filter((r) => r.hulpvraagId === facts.id)
			.map((r) => ({
				id: r.id,
				onderwerp: r.onderwerp,
				einddatumInzage: r.einddatumInzage
			})),
		canStartOverlegronde: may(actor, 'manage-overlegronde', facts).allowed,
		// Jonge Kind: only where the organisation has pre-school accounts at all.
		voorschool:
			canLink && (linked.length > 0 || contacts.length > 0)
				? {
						linked: linked.map((l) => ({
							id: l.id,
							displayName: l.displayName,
							addedAt: l.addedAt
						})),
						options: contacts.filter((c) => !linked.some((l) => l.id === c.id)),
						ended: facts.voorschoolAccessEnded
					}
				: null,
		// Whether parents currently see this hulpvraag (not for a school the child has left).
		parents: canViewDossier
			? { listed: facts.parentEmails.length, see: facts.status.parentVisible }
			: null,
		created: event.url.searchParams.has('nieuw'),
		intake: intake ?? null,
		titleChoice
	};
};

// The rules of these fields are the domain's (changeStatus, aanvrager.change, voorschool).
const statusSchema = v.object({ status: anyText(), reden: anyText(), version: integer() });
const aanvragerSchema = v.object({ aanvrager: anyText() });
const accountSchema = v.object({ account: anyText() });
const titleSchema = v.object({ titel: anyText(), onthouden: checkbox() });

export const actions: Actions = {
	status: async (event) => {
		const actor = requireActor(event);
		const facts = await hulpvraagFor(sql, actor, event.params.id, 'change-status');
		const { output, values } = readForm(statusSchema, await event.request.formData());
		const input = {
			hulpvraagId: facts.id,
			toStatusId: output.status,
			reason: output.reden,
			version: output.version
		};
		try {
			await hulpvragen.changeStatus(sql, actor, input);
		} catch (e) {
			if (e instanceof hulpvragen.Conflict) {
				return invalid(409, { form: 'status', values, message: e.message });
			}
			if (e instanceof hulpvragen.FormsMissing) {
				return invalid(400, {
					form: 'status',
					values,
					message: `‘${e.statusName}’ kan pas als de formulieren compleet zijn. Hieronder staat wat nog nodig is.`,
					missing: e.items
				});
			}
			if (e instanceof hulpvragen.Invalid) {
				return invalid(400, { form: 'status', values, errors: e.errors });
			}
			throw e;
		}
		return { changed: true };
	},
	// A personeelswissel: another IB'er or directeur of the school gets the mails.
	aanvrager: async (event) => {
		const actor = requireActor(event);
		const facts = await hulpvraagFor(sql, actor, event.params.id, 'edit');
		const { output, values } = readForm(aanvragerSchema, await event.request.formData());
		try {
			await aanvrager.change(sql, actor, facts.id, output.aanvrager);
		} catch (e) {
			if (e instanceof aanvrager.Invalid) {
				return invalid(400, { form: 'aanvrager', values, errors: e.errors });
			}
			throw e;
		}
		return { aanvragerChanged: true };
	},
	// A hulpvraag that arrived with an unknown title gets its real one.
	titel: async (event) => {
		const actor = requireActor(event);
		const facts = await hulpvraagFor(sql, actor, event.params.id, 'choose-title');
		const { output, values } = readForm(titleSchema, await event.request.formData());
		try {
			await chooseTitle(sql, actor, {
				hulpvraagId: facts.id,
				titelId: output.titel,
				rememberAlias: output.onthouden
			});
		} catch (e) {
			if (e instanceof hulpvragen.Invalid) {
				return invalid(400, { form: 'titel', values, errors: e.errors });
			}
			throw e;
		}
		return { titleChosen: true };
	},
	voorschoolAdd: async (event) => {
		const actor = requireActor(event);
		const facts = await hulpvraagFor(sql, actor, event.params.id, 'link-voorschool');
		const { output, values } = readForm(accountSchema, await event.request.formData());
		try {
			await voorschool.add(sql, actor, facts.id, output.account);
		} catch (e) {
			if (e instanceof voorschool.Invalid) {
				return invalid(400, { form: 'voorschool', values, errors: e.errors });
			}
			throw e;
		}
		return { voorschoolAdded: true };
	},
	voorschoolRemove: async (event) => {
		const actor = requireActor(event);
		const facts = await hulpvraagFor(sql, actor, event.params.id, 'link-voorschool');
		const { output, values } = readForm(accountSchema, await event.request.formData());
		try {
			await voorschool.remove(sql, actor, facts.id, output.account);
		} catch (e) {
			if (e instanceof voorschool.Invalid) {
				return invalid(400, { form: 'voorschool', values, errors: e.errors });
			}
			throw e;
		}
		return { voorschoolRemoved: true };
	}
};
