/**
 * The policy's rules for bijlagen (part of `may`, policy.ts): who sees a bijlage — whoever
 * sees its hulpvraag (parents only those shared with them, a school the child left only its
 * own staff's), and the participants of a running overlegronde on it — and who removes one:
 * whoever added it while they may still add bijlagen there, and beheerders.
 */
import type { BijlageFacts } from './resources';
import {
	allow,
	deny,
	has,
	hasAny,
	isParentOf,
	onHulpvraag,
	related,
	schoolRoles,
	swvRoles,
	type Action,
	type Decision,
	type Who
} from './policy';

export function onBijlage(actor: Who, action: Action, b: BijlageFacts): Decision {
	if (action === 'remove') return removeBijlage(actor, b);
	if (action !== 'view') return deny('bijlagen worden toegevoegd via de hulpvraag');
	// What the owner shared in an overlegronde is the hulpvraag with all its bijlagen.
	if (b.hulpvraag.overlegrondeViewerIds?.includes(actor.accountId)) {
		return allow('deelnemer van een lopende overlegronde');
	}
	const decision = related(actor, 'view', b.hulpvraag);
	if (!decision.allowed) {
		if (!onHulpvraag(actor, 'view', b.hulpvraag).allowed) return decision;
		return b.addedBySchoolId !== null && b.addedBySchoolId === b.hulpvraag.schoolId
			? allow('toegevoegd door uw school; de leerling is vertrokken: alleen lezen')
			: deny('na vertrek van de leerling ziet de school alleen de eigen bijlagen');
	}
	const onParent = isParentOf(actor, b.hulpvraag.parentEmails);
	if (onParent && !hasAny(actor, [...schoolRoles, ...swvRoles, 'beheerder', 'voorschool'])) {
		return b.parentVisible ? decision : deny('bijlage niet gedeeld met ouders');
	}
	return decision;
}

function removeBijlage(actor: Who, b: BijlageFacts): Decision {
	if (has(actor, 'beheerder')) return allow('beheerder van deze organisatie');
	if (!b.addedBy || b.addedBy !== actor.accountId) {
		return deny('alleen wie de bijlage toevoegde, of een beheerder, verwijdert haar');
	}
	const adding = onHulpvraag(actor, 'add-attachment', b.hulpvraag);
	return adding.allowed
		? allow('zelf toegevoegd, en er kunnen nog bijlagen bij')
		: deny(`verwijderen kan niet meer: ${adding.reason}`);
}
