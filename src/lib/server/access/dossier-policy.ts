/**
 * The policy's rules for a dossier (part of `may`, policy.ts): its school while the child is
 * there, SWV staff once one of its hulpvragen is submitted (or they made it), anyone through
 * a hulpvraag of it they see (not a school the child left), beheerders; "Mijn notities" for
 * staff who see it.
 */
import type { DossierFacts } from './resources';
import {
	allow,
	deny,
	has,
	hasAny,
	related,
	schoolRoles,
	swvRoles,
	type Action,
	type Decision,
	type Who
} from './policy';

export function onDossier(actor: Who, action: Action, d: DossierFacts): Decision {
	if (has(actor, 'beheerder')) return allow('beheerder van deze organisatie');
	const current = d.schoolIds.some((s) => actor.schoolIds.includes(s));
	if (hasAny(actor, schoolRoles) && current) {
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
	// Not through the former school's read-only view of its own hulpvragen: that school
	// no longer sees the child's current dossier.
	if (action === 'view') {
		if (d.hulpvragen.some((h) => related(actor, 'view', h).allowed)) {
			return allow('via een hulpvraag die zichtbaar is');
		}
	}
	return deny('geen relatie met dit dossier');
}
