/**
 * Where the policy leads an account: the sections its navigation offers and where it lands.
 * Part of the one policy (`policy.ts` re-exports it), kept apart because it decides on roles
 * alone, not on a resource.
 */
import { has, hasAny, schoolRoles, swvRoles, type Who } from './policy';

/** The parts of the app a navigation leads to. */
export type Section =
	'hulpvragen' | 'overlegrondes' | 'planning' | 'formulieren' | 'kengetallen' | 'beheer';

/**
 * The parts of the app an account works in, in the order the navigation shows them: only
 * what its roles may use, so nobody is led to a page that has nothing for them.
 * - hulpvragen: school and SWV staff, the voorschoolse contactpersoon, beheerders;
 * - overlegrondes: who may start one (school and SWV staff, beheerders), and anyone who
 *   takes part in one (`takesPart`);
 * - planning and formulieren: school and SWV staff, beheerders (a pre-school adds signed
 *   forms as bijlagen, it fills in no formulieren);
 * - kengetallen: SWV staff, the directeur, beheerders;
 * - beheer: beheerders.
 * Parents and externs have their own pages (Mijn kind, Mijn overlegrondes), no staff navigation.
 */
export function sections(
	actor: Pick<Who, 'roles'>,
	options: { takesPart?: boolean } = {}
): Section[] {
	const a = actor;
	const staff = hasAny(a, [...schoolRoles, ...swvRoles, 'beheerder']);
	const out: Section[] = [];
	if (staff || has(a, 'voorschool')) out.push('hulpvragen');
	if (staff || options.takesPart) out.push('overlegrondes');
	if (staff) out.push('planning', 'formulieren');
	if (hasAny(a, [...swvRoles, 'directeur', 'beheerder'])) out.push('kengetallen');
	if (has(a, 'beheerder')) out.push('beheer');
	return out;
}

/** An account with only outside roles (ouder, extern): its own pages, no staff navigation. */
export function outsideOnly(actor: { roles: readonly string[] }): boolean {
	return actor.roles.every((r) => r === 'ouder' || r === 'extern');
}

/**
 * Where an account lands after login and on "/": a parent (also one who is an extern in an
 * overlegronde) on Mijn kind, an extern on Mijn overlegrondes, everyone else on Hulpvragen.
 */
export function landing(actor: {
	roles: readonly string[];
}): '/mijn-kind' | '/overlegrondes' | '/hulpvragen' {
	if (!outsideOnly(actor)) return '/hulpvragen';
	return actor.roles.includes('ouder') ? '/mijn-kind' : '/overlegrondes';
}
