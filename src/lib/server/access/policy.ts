/**
 * THE access policy: every permission in Kindkring is decided here, with the reason
 * (architecture.md § Auth). Pure: callers load the facts, this decides. A resource the
 * actor may not see must answer 404 in routes (its existence does not leak).
 *
 * Rules from the seeds (003, 004) and domain.md:
 * - school staff (IB'er, directeur) see and edit dossiers and hulpvragen of their own
 *   school(s) only; the directeur also approves;
 * - SWV staff see their organisation's hulpvragen except those in a voorlopig status,
 *   which only the school and beheerders see;
 * - beheerders see everything in their organisation, nothing outside it;
 * - a parent sees only dossiers listing their e-mail address, and of those only what the
 *   organisation makes parent-visible;
 * - a voorschoolse contactpersoon sees only the JK hulpvragen they are linked to, until
 *   the status that ends their access ("advies afgerond");
 * - externs have no access of their own; anyone, whatever their role, sees what an
 *   overlegronde shares (the hulpvraag, its status, its bijlagen, the reactions) while they
 *   are a participant of it and its einddatum inzage has not passed (seed 003); the
 *   overlegronde is started and managed by whoever is responsible for the hulpvraag: its
 *   school, or the SWV once it is no longer voorlopig (so a round on a voorlopig hulpvraag
 *   keeps the SWV out);
 * - "Mijn notities" are private to their author; staff (school, SWV, pre-school, beheerder)
 *   write them on a dossier they see, parents and externs write none.
 */

import type { Role } from '../../roles';

export type { Role };

export const schoolRoles: readonly Role[] = ['ib', 'directeur'];
export const swvRoles: readonly Role[] = ['scp', 'coordinator', 'tlv_admin', 'jk_specialist'];

/** An account that works only for schools: it chooses among its own schools, never others. */
export function schoolOnly(actor: Pick<Actor, 'roles'>): boolean {
	return actor.roles.every((r) => (schoolRoles as readonly string[]).includes(r));
}

export interface Actor {
	accountId: string;
	organisationId: string;
	roles: readonly string[];
	/** Schools a school user works for. */
	schoolIds: readonly string[];
	email: string;
}

export interface StatusFacts {
	voorlopig: boolean;
	parentVisible: boolean;
	endsVoorschoolAccess: boolean;
	closesAttachments: boolean;
}

export interface HulpvraagFacts {
	type: 'hulpvraag';
	organisationId: string;
	schoolId: string | null;
	status: StatusFacts;
	/** Parent addresses of the dossier. */
	parentEmails: readonly string[];
	/** Voorschoolse contactpersonen linked to this hulpvraag. */
	voorschoolAccountIds: readonly string[];
	/** Whether the hulpvraag has ever reached a status that ends voorschool access. */
	voorschoolAccessEnded: boolean;
	/**
	 * Participants of an overlegronde on this hulpvraag whose access has not ended. Only
	 * loaded where it matters (bijlagen); absent means none.
	 */
	overlegrondeViewerIds?: readonly string[];
}

export interface DossierFacts {
	type: 'dossier';
	organisationId: string;
	/** Schools of the dossier's school periods and of its hulpvragen. */
	schoolIds: readonly string[];
	parentEmails: readonly string[];
	/** Facts of the dossier's hulpvragen: SWV staff, parents and pre-schools see a dossier through them. */
	hulpvragen: readonly HulpvraagFacts[];
	createdBy: string | null;
}

export interface BijlageFacts {
	type: 'bijlage';
	hulpvraag: HulpvraagFacts;
	parentVisible: boolean;
}

export interface NoteFacts {
	type: 'note';
	organisationId: string;
	authorId: string;
}

export interface OrganisationFacts {
	type: 'organisation';
	organisationId: string;
}

export interface OverlegrondeFacts {
	type: 'overlegronde';
	organisationId: string;
	ownerId: string;
	hulpvraag: HulpvraagFacts;
	/** Participants not removed. */
	participantIds: readonly string[];
	/** Today (Europe/Amsterdam) is on or before einddatum inzage / einddatum reacties. */
	inzageOpen: boolean;
	reactiesOpen: boolean;
}

export type Resource =
	HulpvraagFacts | DossierFacts | BijlageFacts | NoteFacts | OrganisationFacts | OverlegrondeFacts;

export type Action =
	| 'view'
	| 'edit'
	| 'create-dossier'
	| 'create-hulpvraag'
	| 'change-status'
	| 'approve'
	| 'add-attachment'
	| 'add-note'
	/** Link or unlink a voorschoolse contactpersoon (Jonge Kind, seed 004): SWV staff. */
	| 'link-voorschool'
	| 'manage-accounts'
	| 'manage-processes'
	/** Start an overlegronde on a hulpvraag; edit its dates and participants. */
	| 'manage-overlegronde'
	/** React in an overlegronde. */
	| 'react';

export interface Decision {
	allowed: boolean;
	reason: string;
}

const allow = (reason: string): Decision => ({ allowed: true, reason });
const deny = (reason: string): Decision => ({ allowed: false, reason });

function has(actor: Actor, role: Role): boolean {
	return actor.roles.includes(role);
}

function hasAny(actor: Actor, roles: readonly Role[]): boolean {
	return roles.some((r) => actor.roles.includes(r));
}

function isParentOf(actor: Actor, parentEmails: readonly string[]): boolean {
	const mine = actor.email.trim().toLowerCase();
	return has(actor, 'ouder') && parentEmails.some((e) => e.trim().toLowerCase() === mine);
}

function organisationOf(resource: Resource): string {
	return resource.type === 'bijlage' ? resource.hulpvraag.organisationId : resource.organisationId;
}

function onHulpvraag(actor: Actor, action: Action, h: HulpvraagFacts): Decision {
	if (has(actor, 'beheerder')) return allow('beheerder van deze organisatie');
	const ownSchool = h.schoolId !== null && actor.schoolIds.includes(h.schoolId);
	if (hasAny(actor, schoolRoles) && ownSchool) {
		switch (action) {
			case 'view':
			case 'edit':
			case 'change-status':
			case 'manage-overlegronde':
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
	return deny(denial);
}

function onOverlegronde(actor: Actor, action: Action, o: OverlegrondeFacts): Decision {
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

function onDossier(actor: Actor, action: Action, d: DossierFacts): Decision {
	if (has(actor, 'beheerder')) return allow('beheerder van deze organisatie');
	const ownSchool = d.schoolIds.some((s) => actor.schoolIds.includes(s));
	if (hasAny(actor, schoolRoles) && ownSchool) {
		if (action === 'view' || action === 'edit' || action === 'create-hulpvraag')
			return allow('eigen school');
	}
	if (hasAny(actor, swvRoles)) {
		const visible =
			d.createdBy === actor.accountId || d.hulpvragen.some((h) => !h.status.voorlopig);
		if (visible && (action === 'view' || action === 'edit' || action === 'create-hulpvraag')) {
			return allow('medewerker van het samenwerkingsverband');
		}
	}
	if (action === 'add-note') {
		// "Mijn notities" are a staff tool: seeing the dossier as a parent is not enough.
		if (!hasAny(actor, [...schoolRoles, ...swvRoles, 'voorschool'])) {
			return deny('alleen medewerkers schrijven notities');
		}
		return onDossier(actor, 'view', d).allowed
			? allow('eigen notitie bij een zichtbaar dossier')
			: deny('geen relatie met dit dossier');
	}
	if (action === 'view') {
		if (d.hulpvragen.some((h) => onHulpvraag(actor, 'view', h).allowed)) {
			return allow('via een hulpvraag die zichtbaar is');
		}
	}
	return deny('geen relatie met dit dossier');
}

export function may(actor: Actor, action: Action, resource: Resource): Decision {
	// Tenancy first: nothing of another organisation exists for anyone.
	if (organisationOf(resource) !== actor.organisationId) return deny('andere organisatie');

	switch (resource.type) {
		case 'organisation':
			switch (action) {
				case 'manage-accounts':
				case 'manage-processes':
					return has(actor, 'beheerder') ? allow('beheerder') : deny('alleen beheerders');
				case 'create-dossier':
					return hasAny(actor, [...schoolRoles, ...swvRoles, 'beheerder'])
						? allow('school- of SWV-medewerker')
						: deny('ouders, externen en voorscholen maken geen dossiers');
				default:
					return deny('geen actie op de organisatie');
			}
		case 'note':
			return resource.authorId === actor.accountId
				? allow('eigen notitie')
				: deny('notities zijn privé voor de schrijver');
		case 'hulpvraag':
			return onHulpvraag(actor, action, resource);
		case 'bijlage': {
			if (action !== 'view') return deny('bijlagen worden toegevoegd via de hulpvraag');
			// What the owner shared in an overlegronde is the hulpvraag with all its bijlagen.
			if (resource.hulpvraag.overlegrondeViewerIds?.includes(actor.accountId)) {
				return allow('deelnemer van een lopende overlegronde');
			}
			const onParent = isParentOf(actor, resource.hulpvraag.parentEmails);
			const decision = onHulpvraag(actor, 'view', resource.hulpvraag);
			if (!decision.allowed) return decision;
			if (onParent && !hasAny(actor, [...schoolRoles, ...swvRoles, 'beheerder', 'voorschool'])) {
				return resource.parentVisible ? decision : deny('bijlage niet gedeeld met ouders');
			}
			return decision;
		}
		case 'dossier':
			return onDossier(actor, action, resource);
		case 'overlegronde':
			if (resource.hulpvraag.organisationId !== actor.organisationId) {
				return deny('andere organisatie');
			}
			return onOverlegronde(actor, action, resource);
	}
}
