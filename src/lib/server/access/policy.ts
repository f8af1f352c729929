/**
 * THE access policy: every permission in Kindkring is decided here, with the reason
 * (architecture.md § Auth). Pure: callers load the facts, this decides. A resource the
 * actor may not see must answer 404 in routes (its existence does not leak).
 *
 * The rules (the words are those of docs/domain.md):
 * - school staff (IB'er, directeur) see and edit a dossier while the child has a school
 *   period at one of their schools that has not ended (no end date, or an end date of today
 *   or later in Europe/Amsterdam; a period that starts later counts: that is the school taking
 *   the child in), and the hulpvragen their school asked there; the directeur also approves;
 * - once the child's period at the school has ended, that school keeps read-only access to
 *   the hulpvragen it asked (title, status, history, omschrijving) and to the bijlagen its
 *   own staff added to them; not to the dossier (basisgegevens, addresses, parents, the new
 *   school's gegevens, notes) and no writes at all;
 * - the directeur of a school and beheerders hand all open hulpvragen of the school over
 *   from one aanvrager to another (personeelswissel);
 * - SWV staff see their organisation's hulpvragen except those in a voorlopig status,
 *   which only the school and beheerders see;
 * - beheerders see everything in their organisation, nothing outside it;
 * - a parent sees only dossiers listing their e-mail address, and of those only what the
 *   organisation makes parent-visible;
 * - a voorschoolse contactpersoon sees only the JK hulpvragen they are linked to, until
 *   the status that ends their access ("advies afgerond");
 * - externs have no access of their own; anyone, whatever their role, sees what an
 *   overlegronde shares (the hulpvraag, its status, its bijlagen, the reactions) while they
 *   are a participant of it and its einddatum inzage has not passed; the
 *   overlegronde is started and managed by whoever is responsible for the hulpvraag: its
 *   school, or the SWV once it is no longer voorlopig (so a round on a voorlopig hulpvraag
 *   keeps the SWV out);
 * - a bijlage is removed (softly: it stays for the audit trail) by whoever added it, while
 *   they may still add bijlagen to its hulpvraag (the status allows it and their access has
 *   not ended), and by beheerders; nobody else, whatever else they may do;
 * - the periodic jobs (Beheer → Taken) are seen and started early by beheerders only; they
 *   are the installation's maintenance, shared by every organisation, and show no
 *   organisation's data;
 * - "Mijn notities" are private to their author; staff (school, SWV, pre-school, beheerder)
 *   write them on a dossier they see, parents and externs write none;
 * - the aanpak and the TLV that follow the SWV's decision are recorded by SWV staff (once
 *   the hulpvraag is not voorlopig) and beheerders; whoever sees the hulpvraag reads them;
 * - a school system sends a hulpvraag (intake) on behalf of the school's contactpersoon: an
 *   IB'er or directeur of that school, whose account it then acts as; the intake may add
 *   the school period at that school to the child's dossier. The verificatiecodes of the
 *   school systems (koppelingen) are kept by beheerders only;
 * - anonymising a hulpvraag or a dossier (it cannot be undone) is for beheerders only;
 * - a hulpvraag whose title a school system sent but the organisation does not know
 *   ("titel onbekend") gets its real title from SWV staff (once not voorlopig) or a
 *   beheerder;
 * - the kengetallen (figures over the organisation's hulpvragen and TLVs) are seen by
 *   beheerders over every hulpvraag, by SWV staff over every hulpvraag that is not in a
 *   voorlopig status (as everywhere, a voorlopig one is not theirs yet), and by the
 *   directeur over the hulpvragen their own schools asked, voorlopig ones included (the
 *   school sees those) and those of children who have since left (the school keeps
 *   reading those): never another school's, so no school is compared with the others by
 *   its neighbour. Roles add up: a directeur who is also SWV staff sees both parts. IB'ers,
 *   parents, externs and pre-schools see no kengetallen (`kengetallenScope`).
 */

import type { Role } from '../../roles';
import { onBijlage } from './bijlage-policy';
import { onDossier } from './dossier-policy';
import { onFormSection } from './form-policy';
import { onOrganisation } from './organisation-policy';
import type { Action } from './actions';
import type { HulpvraagFacts, OverlegrondeFacts, Resource, SchoolFacts } from './resources';

export type { Role };
export type { Action } from './actions';
export type {
	BijlageFacts,
	DossierFacts,
	FormSectionFacts,
	HulpvraagFacts,
	NoteFacts,
	OrganisationFacts,
	OverlegrondeFacts,
	Resource,
	SchoolFacts,
	StatusFacts
} from './resources';

export const schoolRoles: readonly Role[] = ['ib', 'directeur'];
export const swvRoles: readonly Role[] = [
	'scp',
	'coordinator',
	'tlv_admin',
	'jk_specialist',
	'deskundige'
];

/** An account that works only for schools: it chooses among its own schools, never others. */
export function schoolOnly(actor: Pick<Who, 'roles'>): boolean {
	return actor.roles.every((r) => (schoolRoles as readonly string[]).includes(r));
}

/**
 * Who acts: the one actor type of Kindkring. A request's actor is made once per request from
 * the validated session (`locals.actor`); the demo, the jobs and the tests make one with
 * `actorFor`. The policy reads who it is; the domain functions also record where a change
 * comes from and link back to the site in the mails it causes.
 */
export interface Actor {
	accountId: string;
	organisationId: string;
	roles: readonly Role[];
	/** Schools a school user works for. */
	schoolIds: readonly string[];
	email: string;
	/** Keyed hash of the client address for audit rows (never the address); null outside a request. */
	ipHash: string | null;
	/** The site's origin, for links in the mails a change causes. */
	origin: string;
}

/** The part of an actor the policy decides on: who it is, not where it acts from. */
export type Who = Pick<Actor, 'accountId' | 'organisationId' | 'roles' | 'schoolIds' | 'email'>;

export interface Decision {
	allowed: boolean;
	reason: string;
}

export const allow = (reason: string): Decision => ({ allowed: true, reason });
export const deny = (reason: string): Decision => ({ allowed: false, reason });

export function has(actor: Pick<Who, 'roles'>, role: Role): boolean {
	return actor.roles.includes(role);
}

/**
 * A secret address (the school system marked it, or it was set by hand) is seen by SWV staff
 * and beheerders only: never by the school, the parents, a pre-school or a third party.
 */
export function seesSecretAddress(actor: Pick<Who, 'roles'>): boolean {
	return has(actor, 'beheerder') || hasAny(actor, swvRoles);
}

export function hasAny(actor: Pick<Who, 'roles'>, roles: readonly Role[]): boolean {
	return roles.some((r) => actor.roles.includes(r));
}

export function isParentOf(actor: Who, parentEmails: readonly string[]): boolean {
	const mine = actor.email.trim().toLowerCase();
	return has(actor, 'ouder') && parentEmails.some((e) => e.trim().toLowerCase() === mine);
}

function organisationOf(resource: Resource): string {
	return resource.type === 'bijlage' || resource.type === 'form-section'
		? resource.hulpvraag.organisationId
		: resource.organisationId;
}

function onSchool(actor: Who, action: Action, s: SchoolFacts): Decision {
	if (action === 'receive-intake') {
		return hasAny(actor, schoolRoles) && actor.schoolIds.includes(s.schoolId)
			? allow('contactpersoon van de school')
			: deny("het schoolsysteem meldt aan namens een IB'er of directeur van de school");
	}
	if (action !== 'handover-aanvragers') return deny('geen actie op de school');
	if (has(actor, 'beheerder')) return allow('beheerder van deze organisatie');
	if (has(actor, 'directeur') && actor.schoolIds.includes(s.schoolId)) {
		return allow('directeur van de school');
	}
	return deny('alleen de directeur van de school of een beheerder draagt hulpvragen over');
}

export function ownSchool(actor: Who, h: HulpvraagFacts): boolean {
	return hasAny(actor, schoolRoles) && h.schoolId !== null && actor.schoolIds.includes(h.schoolId);
}

/** The hulpvraag was asked by the actor's school, and the child has left that school. */
export function formerSchool(actor: Who, h: HulpvraagFacts): boolean {
	return ownSchool(actor, h) && !h.currentSchoolIds.includes(h.schoolId!);
}

export function onHulpvraag(actor: Who, action: Action, h: HulpvraagFacts): Decision {
	const decision = related(actor, action, h);
	if (decision.allowed || action !== 'view' || !formerSchool(actor, h)) return decision;
	return allow('uw school vroeg deze hulpvraag; de leerling is vertrokken: alleen lezen');
}

/** Everything but the former school's read-only view. */
export function related(actor: Who, action: Action, h: HulpvraagFacts): Decision {
	if (has(actor, 'beheerder')) return allow('beheerder van deze organisatie');
	if (ownSchool(actor, h) && !formerSchool(actor, h)) {
		switch (action) {
			case 'view':
			case 'edit':
			case 'change-status':
			case 'manage-overlegronde':
			case 'attach-form':
				return allow('eigen school');
			case 'add-attachment':
				return h.status.closesAttachments
					? deny('status sluit bijlagen af')
					: allow('eigen school');
			case 'approve':
				return has(actor, 'directeur')
					? allow('directeur van de school')
					: deny('alleen de directeur keurt goed');
			default:
				break;
		}
	}
	// Roles add up: a voorlopig hulpvraag is closed to the SWV role, but an account that is
	// also its school or its linked pre-school still gets in through those below.
	let denial = 'geen relatie met deze hulpvraag';
	if (hasAny(actor, swvRoles) && h.status.voorlopig) {
		denial = 'voorlopig: nog niet ingediend bij het samenwerkingsverband';
	} else if (hasAny(actor, swvRoles)) {
		switch (action) {
			case 'view':
			case 'edit':
			case 'change-status':
			case 'link-voorschool':
			case 'manage-overlegronde':
			case 'attach-form':
			case 'record-arrangement':
			case 'choose-title':
				return allow('medewerker van het samenwerkingsverband');
			case 'add-attachment':
				return h.status.closesAttachments
					? deny('status sluit bijlagen af')
					: allow('medewerker van het samenwerkingsverband');
			default:
				break;
		}
	}
	if (has(actor, 'voorschool') && h.voorschoolAccountIds.includes(actor.accountId)) {
		if (h.voorschoolAccessEnded) return deny('toegang voorschool beëindigd bij advies afgerond');
		switch (action) {
			case 'view':
			case 'change-status':
				return allow('gekoppelde voorschoolse contactpersoon');
			case 'add-attachment':
				return h.status.closesAttachments
					? deny('status sluit bijlagen af')
					: allow('gekoppelde voorschoolse contactpersoon');
			default:
				break;
		}
	}
	if (action === 'view' && isParentOf(actor, h.parentEmails)) {
		return h.status.parentVisible
			? allow('ouder van het kind')
			: deny('status niet zichtbaar voor ouders');
	}
	if (formerSchool(actor, h)) denial = 'de leerling is vertrokken van uw school: alleen lezen';
	return deny(denial);
}

function onOverlegronde(actor: Who, action: Action, o: OverlegrondeFacts): Decision {
	const manages = onHulpvraag(actor, 'manage-overlegronde', o.hulpvraag).allowed;
	if (manages && (action === 'view' || action === 'manage-overlegronde')) {
		return allow('verantwoordelijk voor de hulpvraag');
	}
	if (action === 'react') {
		if (manages) {
			return o.inzageOpen ? allow('verantwoordelijk voor de hulpvraag') : deny('inzage verlopen');
		}
	}
	const participant = o.participantIds.includes(actor.accountId);
	if (!participant) return deny('geen deelnemer van deze overlegronde');
	switch (action) {
		case 'view':
			return o.inzageOpen ? allow('deelnemer') : deny('einddatum inzage verstreken');
		case 'react':
			return o.reactiesOpen ? allow('deelnemer') : deny('einddatum reacties verstreken');
		default:
			return deny('alleen de eigenaar beheert de overlegronde');
	}
}

/**
 * Which hulpvragen the kengetallen of an actor count (see the header): all of them, those
 * not voorlopig, and those their own schools asked; a hulpvraag counts when any part
 * holds. Nothing at all for an actor without kengetallen.
 */
export interface KengetallenScope {
	all: boolean;
	notVoorlopig: boolean;
	schoolIds: readonly string[];
}

export function kengetallenScope(actor: Pick<Who, 'roles' | 'schoolIds'>): KengetallenScope {
	if (has(actor, 'beheerder')) return { all: true, notVoorlopig: true, schoolIds: [] };
	return {
		all: false,
		notVoorlopig: hasAny(actor, swvRoles),
		schoolIds: has(actor, 'directeur') ? actor.schoolIds : []
	};
}

export { landing, outsideOnly, sections, type Section } from './navigation';
export { nameable } from './form-policy';

export function may(actor: Who, action: Action, resource: Resource): Decision {
	// Tenancy first: nothing of another organisation exists for anyone.
	if (organisationOf(resource) !== actor.organisationId) return deny('andere organisatie');

	switch (resource.type) {
		case 'organisation':
			return onOrganisation(actor, action);
		case 'note':
			return resource.authorId === actor.accountId
				? allow('eigen notitie')
				: deny('notities zijn privé voor de schrijver');
		case 'hulpvraag':
			return onHulpvraag(actor, action, resource);
		case 'bijlage':
			return onBijlage(actor, action, resource);
		case 'school':
			return onSchool(actor, action, resource);
		case 'dossier':
			return onDossier(actor, action, resource);
		case 'form-section':
			return onFormSection(actor, action, resource);
		case 'overlegronde':
			if (resource.hulpvraag.organisationId !== actor.organisationId) {
				return deny('andere organisatie');
			}
			return onOverlegronde(actor, action, resource);
	}
}
