/**
 * The actions on the organisation as a whole (its accounts, processes, forms, koppelingen,
 * kengetallen): decided for an actor of the organisation; `may` has already checked the
 * tenancy. Part of the one policy (`policy.ts` delegates here); the rules are in its header.
 */
import type { Action } from './actions';
import {
	allow,
	deny,
	has,
	hasAny,
	kengetallenScope,
	schoolRoles,
	swvRoles,
	type Decision,
	type Who
} from './policy';

export function onOrganisation(actor: Who, action: Action): Decision {
	switch (action) {
		case 'manage-accounts':
		case 'manage-processes':
		case 'manage-jobs':
		case 'manage-forms':
		case 'manage-koppelingen':
		case 'anonymise':
			return has(actor, 'beheerder') ? allow('beheerder') : deny('alleen beheerders');
		case 'view-kengetallen': {
			const scope = kengetallenScope(actor);
			if (scope.all) return allow('beheerder: alle hulpvragen');
			if (scope.notVoorlopig) return allow('medewerker van het samenwerkingsverband');
			return scope.schoolIds.length > 0
				? allow('directeur: de hulpvragen van de eigen scholen')
				: deny('alleen beheerders, SWV-medewerkers en de directeur zien kengetallen');
		}
		case 'create-dossier':
			return hasAny(actor, [...schoolRoles, ...swvRoles, 'beheerder'])
				? allow('school- of SWV-medewerker')
				: deny('ouders, externen en voorscholen maken geen dossiers');
		default:
			return deny('geen actie op de organisatie');
	}
}
