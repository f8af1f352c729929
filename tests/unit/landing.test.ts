/** Where an account lands after login and on "/", decided by one rule for every caller. */
import { describe, expect, it } from 'vitest';
import { landing, outsideOnly, sections } from '../../src/lib/server/access/policy';
import { roles, type Role } from '../../src/lib/roles';

describe('landing', () => {
	it('sends a parent to Mijn kind, an extern to Mijn overlegrondes, staff to Hulpvragen', () => {
		expect(landing({ roles: ['ouder'] })).toBe('/mijn-kind');
		expect(landing({ roles: ['extern'] })).toBe('/overlegrondes');
		for (const role of roles.filter((r) => r !== 'ouder' && r !== 'extern')) {
			expect(landing({ roles: [role] }), role).toBe('/hulpvragen');
			expect(landing({ roles: [role, 'ouder'] }), role).toBe('/hulpvragen');
		}
	});

	it('sends a parent who is also an extern to Mijn kind, not to an empty staff list', () => {
		expect(landing({ roles: ['ouder', 'extern'] })).toBe('/mijn-kind');
		expect(landing({ roles: ['extern', 'ouder'] })).toBe('/mijn-kind');
		expect(outsideOnly({ roles: ['ouder', 'extern'] })).toBe(true);
	});

	it('lands every account on a page its navigation offers, or on its own page', () => {
		const combinations: Role[][] = [
			...roles.map((r) => [r]),
			...roles.flatMap((a) => roles.filter((b) => b > a).map((b) => [a, b]))
		];
		for (const combination of combinations) {
			const where = landing({ roles: combination });
			const offered = sections({ roles: combination }).map((s) => `/${s}`);
			const own = where === '/mijn-kind' || where === '/overlegrondes';
			expect(own || offered.includes(where), combination.join('+')).toBe(true);
			// Whoever lands on a staff list sees hulpvragen there.
			if (where === '/hulpvragen') expect(offered, combination.join('+')).toContain('/hulpvragen');
		}
	});
});
