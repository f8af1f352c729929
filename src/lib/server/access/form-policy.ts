/**
 * The policy's rules for the sections of a form on a hulpvraag (part of `may`, policy.ts).
 *
 * - A section is written by its writers: an account in one of the section's roles, the
 *   hulpvraag's aanvrager or coördinator where the template says so, or an account given
 *   write access to the section by name on the form. A role counts only through a current
 *   relation with the hulpvraag: an IB'er or directeur of the school that asked while the
 *   child is there, SWV staff once the hulpvraag is no longer voorlopig, the child's parent
 *   while the status is parent-visible, a linked pre-school until its access ended. Anyone
 *   else named on the form must still see the hulpvraag (or take part in its overlegronde).
 * - Writing a section includes giving the approval or signature asked in it.
 * - A section is read by its writers, its readers (the same kinds), beheerders, and the
 *   child's parents once staff shared it with them (where the template allows sharing).
 * - Forms are attached by whoever may edit the hulpvraag; write access by name is given by
 *   them too, on a section that allows it; sharing with parents likewise. It is given only to
 *   an account the name lets write: one that sees the hulpvraag now or takes part in its
 *   overlegronde (an extern, say), not a school the child has left.
 */
import type { Role } from '../../roles';
import type { FormAudience, FormSectionFacts, HulpvraagFacts } from './resources';
import {
	allow,
	deny,
	has,
	isParentOf,
	onHulpvraag,
	ownSchool,
	formerSchool,
	related,
	schoolRoles,
	swvRoles,
	type Action,
	type Decision,
	type Who
} from './policy';

/** Whether the actor holds `role` in a current relation with the hulpvraag. */
function actsAs(actor: Who, role: Role, h: HulpvraagFacts): boolean {
	if (!has(actor, role)) return false;
	if ((schoolRoles as readonly string[]).includes(role)) {
		return ownSchool(actor, h) && !formerSchool(actor, h);
	}
	if ((swvRoles as readonly string[]).includes(role)) return !h.status.voorlopig;
	switch (role) {
		case 'ouder':
			return isParentOf(actor, h.parentEmails) && h.status.parentVisible;
		case 'voorschool':
			return h.voorschoolAccountIds.includes(actor.accountId) && !h.voorschoolAccessEnded;
		case 'beheerder':
			return true;
		default:
			// Externs act through an account named on the form, never by their role alone.
			return false;
	}
}

/** Sees the hulpvraag now (not the former school's read-only view), or shares in its round. */
function seesHulpvraag(actor: Who, h: HulpvraagFacts): boolean {
	return (
		related(actor, 'view', h).allowed || (h.overlegrondeViewerIds ?? []).includes(actor.accountId)
	);
}

function inAudience(actor: Who, a: FormAudience, f: FormSectionFacts): string | null {
	const role = a.roles.find((r) => actsAs(actor, r, f.hulpvraag));
	if (role) return `rol ${role}`;
	if (!seesHulpvraag(actor, f.hulpvraag)) return null;
	if (a.aanvrager && f.aanvragerId === actor.accountId) return 'aanvrager van de hulpvraag';
	if (a.coordinator && f.coordinatorId === actor.accountId) return 'coördinator van de hulpvraag';
	return null;
}

function writes(actor: Who, f: FormSectionFacts): string | null {
	const by = inAudience(actor, f.writers, f);
	if (by) return by;
	if (f.grantedIds.includes(actor.accountId) && seesHulpvraag(actor, f.hulpvraag)) {
		return 'schrijfrecht gekregen op het formulier';
	}
	return null;
}

export function onFormSection(actor: Who, action: Action, f: FormSectionFacts): Decision {
	switch (action) {
		case 'fill': {
			const by = writes(actor, f);
			return by ? allow(`invuller: ${by}`) : deny('geen invuller van dit onderdeel');
		}
		case 'view': {
			const by = writes(actor, f) ?? inAudience(actor, f.readers, f);
			if (by) return allow(`lezer: ${by}`);
			if (has(actor, 'beheerder')) return allow('beheerder van deze organisatie');
			if (
				f.sharedWithParents &&
				isParentOf(actor, f.hulpvraag.parentEmails) &&
				f.hulpvraag.status.parentVisible
			) {
				return allow('gedeeld met de ouders');
			}
			return deny('geen lezer van dit onderdeel');
		}
		case 'grant-form': {
			if (!f.grantable) return deny('dit onderdeel krijgt geen invullers op naam');
			const edit = onHulpvraag(actor, 'attach-form', f.hulpvraag);
			return edit.allowed ? allow(edit.reason) : deny(edit.reason);
		}
		case 'share-form': {
			if (!f.shareableWithParents) return deny('dit onderdeel wordt niet met ouders gedeeld');
			const edit = onHulpvraag(actor, 'attach-form', f.hulpvraag);
			return edit.allowed ? allow(edit.reason) : deny(edit.reason);
		}
		default:
			return deny('geen actie op een formulier');
	}
}

/**
 * Whether `candidate` may be given write access by name on this hulpvraag's forms: only when
 * the name lets them write (see the header), asked before it is given and for the list of
 * accounts to choose from.
 */
export function nameable(candidate: Who, h: HulpvraagFacts): Decision {
	if (candidate.organisationId !== h.organisationId) return deny('andere organisatie');
	return seesHulpvraag(candidate, h)
		? allow('ziet de hulpvraag')
		: deny('ziet de hulpvraag niet, en neemt geen deel aan een overlegronde erover');
}
