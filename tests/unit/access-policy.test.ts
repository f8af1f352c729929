/**
 * The access policy as a matrix: every role × every hulpvraag action × own school /
 * voorlopig / other school / a school the child has left / other organisation, each cell
 * an explicit expectation.
 */
import { describe, expect, it } from 'vitest';
import {
	kengetallenScope,
	may,
	seesSecretAddress,
	sections,
	type Action,
	type DossierFacts,
	type HulpvraagFacts,
	type Role,
	type Who
} from '../../src/lib/server/access/policy';

const orgA = 'org-a';
const orgB = 'org-b';
const s1 = 'school-1';
const s2 = 'school-2';

function actor(role: Role): Who {
	return {
		accountId: `acc-${role}`,
		organisationId: orgA,
		roles: [role],
		schoolIds: role === 'ib' || role === 'directeur' ? [s1] : [],
		email: `${role}@example.nl`
	};
}

const everyone: Role[] = [
	'ouder',
	'ib',
	'directeur',
	'scp',
	'coordinator',
	'tlv_admin',
	'jk_specialist',
	'deskundige',
	'voorschool',
	'extern',
	'beheerder'
];

function hulpvraag(
	overrides: Partial<HulpvraagFacts> & { voorlopig?: boolean } = {}
): HulpvraagFacts {
	const { voorlopig = false, ...rest } = overrides;
	return {
		type: 'hulpvraag',
		organisationId: orgA,
		schoolId: s1,
		// The child is at the school that asked.
		currentSchoolIds: [s1],
		status: {
			voorlopig,
			parentVisible: !voorlopig,
			endsVoorschoolAccess: false,
			closesAttachments: false
		},
		// The parent and the pre-school of this child are related to it.
		parentEmails: ['ouder@example.nl'],
		voorschoolAccountIds: ['acc-voorschool'],
		voorschoolAccessEnded: false,
		...rest
	};
}

const contexts = {
	own: hulpvraag(),
	voorlopig: hulpvraag({ voorlopig: true }),
	otherSchool: hulpvraag({ schoolId: s2, parentEmails: [], voorschoolAccountIds: [] }),
	// Asked by school 1, but the child's period there has ended: the child is at school 2 now.
	formerSchool: hulpvraag({ currentSchoolIds: [s2] }),
	// Everything related, but another organisation: tenancy must win.
	otherOrg: hulpvraag({ organisationId: orgB })
};
type Context = keyof typeof contexts;

const actions: Action[] = [
	'view',
	'edit',
	'change-status',
	'add-attachment',
	'approve',
	'manage-overlegronde',
	'link-voorschool',
	'record-arrangement',
	'attach-form'
];
const none: Action[] = [];
// What the school does on its own hulpvragen, and the SWV on submitted ones.
const school: Action[] = [
	'view',
	'edit',
	'change-status',
	'add-attachment',
	'manage-overlegronde',
	'attach-form'
];
const work: Action[] = [...school, 'link-voorschool', 'record-arrangement'];
const all: Action[] = [...work, 'approve'];

const linkedPreschool: Action[] = ['view', 'change-status', 'add-attachment'];

const expected: Record<Role, Record<Context, Action[]>> = {
	ouder: {
		own: ['view'],
		voorlopig: none,
		otherSchool: none,
		formerSchool: ['view'],
		otherOrg: none
	},
	// The school the child has left reads what it asked, and writes nothing.
	ib: { own: school, voorlopig: school, otherSchool: none, formerSchool: ['view'], otherOrg: none },
	directeur: {
		own: [...school, 'approve'],
		voorlopig: [...school, 'approve'],
		otherSchool: none,
		formerSchool: ['view'],
		otherOrg: none
	},
	scp: { own: work, voorlopig: none, otherSchool: work, formerSchool: work, otherOrg: none },
	coordinator: {
		own: work,
		voorlopig: none,
		otherSchool: work,
		formerSchool: work,
		otherOrg: none
	},
	tlv_admin: { own: work, voorlopig: none, otherSchool: work, formerSchool: work, otherOrg: none },
	jk_specialist: {
		own: work,
		voorlopig: none,
		otherSchool: work,
		formerSchool: work,
		otherOrg: none
	},
	deskundige: { own: work, voorlopig: none, otherSchool: work, formerSchool: work, otherOrg: none },
	voorschool: {
		own: linkedPreschool,
		voorlopig: linkedPreschool,
		otherSchool: none,
		formerSchool: linkedPreschool,
		otherOrg: none
	},
	extern: { own: none, voorlopig: none, otherSchool: none, formerSchool: none, otherOrg: none },
	beheerder: { own: all, voorlopig: all, otherSchool: all, formerSchool: all, otherOrg: none }
};

describe('access matrix for hulpvragen', () => {
	for (const role of everyone) {
		for (const context of Object.keys(contexts) as Context[]) {
			for (const action of actions) {
				const allowed = expected[role][context].includes(action);
				it(`${role} ${allowed ? 'may' : 'may not'} ${action} a hulpvraag (${context})`, () => {
					const decision = may(actor(role), action, contexts[context]);
					expect(decision.allowed, decision.reason).toBe(allowed);
					expect(decision.reason.length).toBeGreaterThan(0);
				});
			}
		}
	}
});

describe('special rules', () => {
	it('a pre-school loses all access once "advies afgerond" was reached', () => {
		const ended = hulpvraag({ voorschoolAccessEnded: true });
		for (const action of actions)
			expect(may(actor('voorschool'), action, ended).allowed).toBe(false);
		expect(may(actor('voorschool'), 'view', ended).reason).toContain('advies afgerond');
	});

	it('a pre-school not linked to the hulpvraag sees nothing', () => {
		const other = { ...actor('voorschool'), accountId: 'acc-other-preschool' };
		expect(may(other, 'view', contexts.own).allowed).toBe(false);
	});

	it('a parent does not see a status the organisation keeps from parents', () => {
		const hidden = hulpvraag({
			status: {
				voorlopig: false,
				parentVisible: false,
				endsVoorschoolAccess: false,
				closesAttachments: false
			}
		});
		expect(may(actor('ouder'), 'view', hidden).allowed).toBe(false);
	});

	it('a parent with another e-mail address sees nothing', () => {
		expect(
			may({ ...actor('ouder'), email: 'andere.ouder@example.nl' }, 'view', contexts.own).allowed
		).toBe(false);
	});

	it('matches parent e-mail addresses case-insensitively', () => {
		expect(
			may({ ...actor('ouder'), email: 'Ouder@Example.NL' }, 'view', contexts.own).allowed
		).toBe(true);
	});

	it('a final status can close a hulpvraag for new attachments, except for beheerders', () => {
		const closed = hulpvraag({
			status: {
				voorlopig: false,
				parentVisible: true,
				endsVoorschoolAccess: false,
				closesAttachments: true
			}
		});
		for (const role of ['ib', 'directeur', 'scp', 'voorschool'] as Role[]) {
			expect(may(actor(role), 'add-attachment', closed).allowed, role).toBe(false);
		}
		expect(may(actor('beheerder'), 'add-attachment', closed).allowed).toBe(true);
	});

	it('a parent sees only attachments shared with parents', () => {
		const shared = {
			type: 'bijlage' as const,
			hulpvraag: contexts.own,
			parentVisible: true,
			addedBySchoolId: s1
		};
		const internal = { ...shared, parentVisible: false };
		expect(may(actor('ouder'), 'view', shared).allowed).toBe(true);
		expect(may(actor('ouder'), 'view', internal).allowed).toBe(false);
		expect(may(actor('ib'), 'view', internal).allowed).toBe(true);
	});

	it('notes are private to their author, even for beheerders', () => {
		const note = { type: 'note' as const, organisationId: orgA, authorId: 'acc-ib' };
		expect(may(actor('ib'), 'view', note).allowed).toBe(true);
		for (const role of everyone.filter((r) => r !== 'ib')) {
			expect(may(actor(role), 'view', note).allowed, role).toBe(false);
		}
	});

	it('only beheerders manage accounts, processes and jobs, and only of their own organisation', () => {
		const own = { type: 'organisation' as const, organisationId: orgA };
		const other = { type: 'organisation' as const, organisationId: orgB };
		for (const role of everyone) {
			const isBeheerder = role === 'beheerder';
			expect(may(actor(role), 'manage-accounts', own).allowed, role).toBe(isBeheerder);
			expect(may(actor(role), 'manage-processes', own).allowed, role).toBe(isBeheerder);
			expect(may(actor(role), 'manage-jobs', own).allowed, role).toBe(isBeheerder);
			expect(may(actor(role), 'manage-jobs', other).allowed, role).toBe(false);
			expect(may(actor(role), 'manage-accounts', other).allowed, role).toBe(false);
		}
	});

	it('parents, externs and pre-schools create no dossiers', () => {
		const own = { type: 'organisation' as const, organisationId: orgA };
		const creators = [
			'ib',
			'directeur',
			'scp',
			'coordinator',
			'tlv_admin',
			'jk_specialist',
			'deskundige',
			'beheerder'
		];
		for (const role of everyone) {
			expect(may(actor(role), 'create-dossier', own).allowed, role).toBe(creators.includes(role));
		}
	});
});

describe('dossiers', () => {
	function dossier(
		hulpvragen: HulpvraagFacts[],
		overrides: Partial<DossierFacts> = {}
	): DossierFacts {
		return {
			type: 'dossier',
			organisationId: orgA,
			schoolIds: [s1],
			parentEmails: ['ouder@example.nl'],
			hulpvragen,
			createdBy: null,
			...overrides
		};
	}

	it('SWV staff do not see a dossier whose only hulpvraag is voorlopig', () => {
		expect(may(actor('scp'), 'view', dossier([contexts.voorlopig])).allowed).toBe(false);
		expect(may(actor('scp'), 'view', dossier([contexts.voorlopig, contexts.own])).allowed).toBe(
			true
		);
	});

	it('a JK-specialist sees the dossier they created before any hulpvraag', () => {
		expect(
			may(
				actor('jk_specialist'),
				'view',
				dossier([], { createdBy: 'acc-jk_specialist', schoolIds: [] })
			).allowed
		).toBe(true);
	});

	it('school staff see dossiers of their school only', () => {
		expect(may(actor('ib'), 'view', dossier([])).allowed).toBe(true);
		expect(may(actor('ib'), 'view', dossier([], { schoolIds: [s2] })).allowed).toBe(false);
	});

	it('a parent sees the dossier through a parent-visible hulpvraag only', () => {
		expect(may(actor('ouder'), 'view', dossier([contexts.own])).allowed).toBe(true);
		expect(may(actor('ouder'), 'view', dossier([contexts.voorlopig])).allowed).toBe(false);
		expect(may(actor('ouder'), 'edit', dossier([contexts.own])).allowed).toBe(false);
	});

	it('"Mijn notities" are written by staff who see the dossier, never by a parent', () => {
		const d = dossier([contexts.own]);
		expect(may(actor('ouder'), 'view', d).allowed).toBe(true);
		expect(may(actor('ouder'), 'add-note', d).allowed).toBe(false);
		expect(may(actor('extern'), 'add-note', d).allowed).toBe(false);
		for (const role of ['ib', 'directeur', 'scp', 'voorschool', 'beheerder'] as Role[]) {
			expect(may(actor(role), 'add-note', d).allowed, role).toBe(true);
		}
		expect(may(actor('ib'), 'add-note', dossier([], { schoolIds: [s2] })).allowed).toBe(false);
		expect(may(actor('scp'), 'add-note', dossier([contexts.voorlopig])).allowed).toBe(false);
	});

	it('nothing of another organisation, whatever the relation', () => {
		for (const role of everyone) {
			expect(
				may(actor(role), 'view', dossier([contexts.otherOrg], { organisationId: orgB })).allowed,
				role
			).toBe(false);
		}
	});
});

describe('a school the child has left', () => {
	const former = contexts.formerSchool;
	const bijlage = (addedBySchoolId: string | null) => ({
		type: 'bijlage' as const,
		hulpvraag: former,
		parentVisible: false,
		addedBySchoolId
	});
	const dossier = (overrides: Partial<DossierFacts> = {}): DossierFacts => ({
		type: 'dossier',
		organisationId: orgA,
		// Only the new school has a period that has not ended.
		schoolIds: [s2],
		parentEmails: ['ouder@example.nl'],
		hulpvragen: [former],
		createdBy: null,
		...overrides
	});
	const newSchool = (role: 'ib' | 'directeur'): Who => ({
		...actor(role),
		accountId: `acc-${role}-new`,
		schoolIds: [s2]
	});

	it('sees only the bijlagen its own staff added', () => {
		for (const role of ['ib', 'directeur'] as Role[]) {
			expect(may(actor(role), 'view', bijlage(s1)).allowed, role).toBe(true);
			expect(may(actor(role), 'view', bijlage(null)).allowed, role).toBe(false);
			expect(may(actor(role), 'view', bijlage(s2)).allowed, role).toBe(false);
			expect(may(actor(role), 'edit', bijlage(s1)).allowed, role).toBe(false);
		}
		// While the child is there, the school sees every bijlage of its hulpvraag.
		expect(may(actor('ib'), 'view', { ...bijlage(null), hulpvraag: contexts.own }).allowed).toBe(
			true
		);
		for (const role of ['scp', 'beheerder'] as Role[]) {
			expect(may(actor(role), 'view', bijlage(null)).allowed, role).toBe(true);
		}
	});

	it('does not see the dossier, and writes nothing in it', () => {
		for (const role of ['ib', 'directeur'] as Role[]) {
			for (const action of ['view', 'edit', 'create-hulpvraag', 'add-note'] as Action[]) {
				expect(may(actor(role), action, dossier()).allowed, `${role} ${action}`).toBe(false);
			}
		}
		// Also not when the child has no current school at all.
		expect(may(actor('ib'), 'view', dossier({ schoolIds: [] })).allowed).toBe(false);
	});

	it('leaves the dossier to the new school, which does not see the old school’s hulpvraag', () => {
		for (const role of ['ib', 'directeur'] as const) {
			expect(may(newSchool(role), 'view', dossier()).allowed, role).toBe(true);
			expect(may(newSchool(role), 'edit', dossier()).allowed, role).toBe(true);
			expect(may(newSchool(role), 'view', former).allowed, role).toBe(false);
		}
	});

	it('keeps the dossier for the SWV, the parent and the beheerder', () => {
		expect(may(actor('scp'), 'view', dossier()).allowed).toBe(true);
		expect(may(actor('ouder'), 'view', dossier()).allowed).toBe(true);
		expect(may(actor('beheerder'), 'edit', dossier()).allowed).toBe(true);
	});

	it('no longer manages or sees an overlegronde it started, unless it takes part', () => {
		const round = {
			type: 'overlegronde' as const,
			organisationId: orgA,
			ownerId: 'acc-ib',
			hulpvraag: former,
			participantIds: [] as string[],
			inzageOpen: true,
			reactiesOpen: true
		};
		for (const action of ['view', 'manage-overlegronde', 'react'] as Action[]) {
			expect(may(actor('ib'), action, round).allowed, action).toBe(false);
		}
		const taking = { ...round, participantIds: ['acc-ib'] };
		expect(may(actor('ib'), 'view', taking).allowed).toBe(true);
		expect(may(actor('ib'), 'manage-overlegronde', taking).allowed).toBe(false);
	});
});

describe('handing the open hulpvragen of a school to another aanvrager', () => {
	const school = { type: 'school' as const, organisationId: orgA, schoolId: s1 };

	it('is for the directeur of that school and for beheerders only', () => {
		const allowed: Role[] = ['directeur', 'beheerder'];
		for (const role of everyone) {
			expect(may(actor(role), 'handover-aanvragers', school).allowed, role).toBe(
				allowed.includes(role)
			);
		}
		const otherDirecteur = { ...actor('directeur'), schoolIds: [s2] };
		expect(may(otherDirecteur, 'handover-aanvragers', school).allowed).toBe(false);
		for (const role of everyone) {
			expect(
				may(actor(role), 'handover-aanvragers', { ...school, organisationId: orgB }).allowed,
				role
			).toBe(false);
			expect(may(actor(role), 'view', school).allowed, role).toBe(false);
		}
	});
});

describe('removing a bijlage', () => {
	const closed = hulpvraag({
		status: {
			voorlopig: false,
			parentVisible: true,
			endsVoorschoolAccess: false,
			closesAttachments: true
		}
	});
	const removal = {
		...contexts,
		closed,
		voorschoolEnded: hulpvraag({ voorschoolAccessEnded: true })
	};
	type RemovalContext = keyof typeof removal;
	const bijlage = (h: HulpvraagFacts, addedBy: string | null) => ({
		type: 'bijlage' as const,
		hulpvraag: h,
		parentVisible: true,
		addedBySchoolId: h.schoolId,
		addedBy
	});
	const every = Object.keys(removal) as RemovalContext[];
	const but = (...out: RemovalContext[]) => every.filter((c) => !out.includes(c));
	// Where each role may remove a bijlage it added itself: where it may still add one.
	const ownUpload: Record<Role, RemovalContext[]> = {
		ouder: [],
		ib: ['own', 'voorlopig', 'voorschoolEnded'],
		directeur: ['own', 'voorlopig', 'voorschoolEnded'],
		scp: ['own', 'otherSchool', 'formerSchool', 'voorschoolEnded'],
		coordinator: ['own', 'otherSchool', 'formerSchool', 'voorschoolEnded'],
		tlv_admin: ['own', 'otherSchool', 'formerSchool', 'voorschoolEnded'],
		jk_specialist: ['own', 'otherSchool', 'formerSchool', 'voorschoolEnded'],
		deskundige: ['own', 'otherSchool', 'formerSchool', 'voorschoolEnded'],
		voorschool: ['own', 'voorlopig', 'formerSchool'],
		extern: [],
		beheerder: but('otherOrg')
	};

	for (const role of everyone) {
		for (const context of every) {
			const mine = ownUpload[role].includes(context);
			it(`${role} ${mine ? 'may' : 'may not'} remove its own upload (${context})`, () => {
				const decision = may(actor(role), 'remove', bijlage(removal[context], `acc-${role}`));
				expect(decision.allowed, decision.reason).toBe(mine);
			});
			const others = role === 'beheerder' && context !== 'otherOrg';
			it(`${role} ${others ? 'may' : 'may not'} remove someone else's upload (${context})`, () => {
				for (const addedBy of ['acc-someone-else', null]) {
					const decision = may(actor(role), 'remove', bijlage(removal[context], addedBy));
					expect(decision.allowed, decision.reason).toBe(others);
				}
			});
		}
	}

	it('says why: a closed status, or not the uploader', () => {
		expect(may(actor('ib'), 'remove', bijlage(closed, 'acc-ib')).reason).toContain(
			'status sluit bijlagen af'
		);
		expect(may(actor('scp'), 'remove', bijlage(contexts.own, 'acc-ib')).reason).toContain(
			'alleen wie de bijlage toevoegde'
		);
	});

	it('is not implied by seeing it: viewing stays a separate right', () => {
		expect(may(actor('ouder'), 'view', bijlage(contexts.own, 'acc-ib')).allowed).toBe(true);
		expect(may(actor('ouder'), 'remove', bijlage(contexts.own, 'acc-ouder')).allowed).toBe(false);
	});
});

describe('the parts of the app each role is led to', () => {
	const expected: Record<Role, string[]> = {
		ouder: [],
		extern: [],
		voorschool: ['hulpvragen'],
		ib: ['hulpvragen', 'overlegrondes', 'planning', 'formulieren'],
		directeur: ['hulpvragen', 'overlegrondes', 'planning', 'formulieren', 'kengetallen'],
		scp: ['hulpvragen', 'overlegrondes', 'planning', 'formulieren', 'kengetallen'],
		coordinator: ['hulpvragen', 'overlegrondes', 'planning', 'formulieren', 'kengetallen'],
		tlv_admin: ['hulpvragen', 'overlegrondes', 'planning', 'formulieren', 'kengetallen'],
		jk_specialist: ['hulpvragen', 'overlegrondes', 'planning', 'formulieren', 'kengetallen'],
		deskundige: ['hulpvragen', 'overlegrondes', 'planning', 'formulieren', 'kengetallen'],
		beheerder: ['hulpvragen', 'overlegrondes', 'planning', 'formulieren', 'kengetallen', 'beheer']
	};

	for (const role of everyone) {
		it(`${role}: ${expected[role].join(', ') || 'none'}`, () => {
			expect(sections(actor(role))).toEqual(expected[role]);
		});
	}

	it('adds overlegrondes for anyone taking part in one, and nothing else', () => {
		expect(sections(actor('voorschool'), { takesPart: true })).toEqual([
			'hulpvragen',
			'overlegrondes'
		]);
		expect(sections(actor('extern'), { takesPart: true })).toEqual(['overlegrondes']);
		expect(sections(actor('ib'), { takesPart: true })).toEqual(sections(actor('ib')));
	});

	it('adds up the roles of an account', () => {
		expect(sections({ roles: ['voorschool', 'ouder'] })).toEqual(['hulpvragen']);
		expect(sections({ roles: ['ib', 'beheerder'] })).toContain('beheer');
	});
});

describe('the intake from school systems', () => {
	const school = { type: 'school' as const, organisationId: orgA, schoolId: s1 };
	const organisation = { type: 'organisation' as const, organisationId: orgA };

	it('sends on behalf of an IB’er or directeur of that school only', () => {
		const allowed: Role[] = ['ib', 'directeur'];
		for (const role of everyone) {
			expect(may(actor(role), 'receive-intake', school).allowed, role).toBe(allowed.includes(role));
			expect(may(actor(role), 'receive-intake', { ...school, schoolId: s2 }).allowed, role).toBe(
				false
			);
			expect(
				may(actor(role), 'receive-intake', { ...school, organisationId: orgB }).allowed,
				role
			).toBe(false);
		}
	});

	it('anonymises for beheerders of the organisation only', () => {
		for (const role of everyone) {
			expect(may(actor(role), 'anonymise', organisation).allowed, role).toBe(role === 'beheerder');
			expect(
				may(actor(role), 'anonymise', { ...organisation, organisationId: orgB }).allowed,
				role
			).toBe(false);
		}
	});

	it('keeps the verificatiecodes for beheerders of the organisation only', () => {
		for (const role of everyone) {
			expect(may(actor(role), 'manage-koppelingen', organisation).allowed, role).toBe(
				role === 'beheerder'
			);
			expect(
				may(actor(role), 'manage-koppelingen', { ...organisation, organisationId: orgB }).allowed,
				role
			).toBe(false);
		}
	});

	it('lets SWV staff choose the title once the hulpvraag is not voorlopig, and beheerders always', () => {
		const swv: Role[] = ['scp', 'coordinator', 'tlv_admin', 'jk_specialist', 'deskundige'];
		for (const role of everyone) {
			const submitted = may(actor(role), 'choose-title', hulpvraag()).allowed;
			const draft = may(actor(role), 'choose-title', hulpvraag({ voorlopig: true })).allowed;
			expect(submitted, role).toBe(role === 'beheerder' || swv.includes(role));
			expect(draft, role).toBe(role === 'beheerder');
			expect(
				may(actor(role), 'choose-title', hulpvraag({ organisationId: orgB })).allowed,
				role
			).toBe(false);
		}
	});

	it('shows a secret address to SWV staff and beheerders only', () => {
		for (const role of everyone) {
			expect(seesSecretAddress(actor(role)), role).toBe(
				role === 'beheerder' ||
					['scp', 'coordinator', 'tlv_admin', 'jk_specialist', 'deskundige'].includes(role)
			);
		}
	});
});

describe('the kengetallen', () => {
	const organisation = { type: 'organisation' as const, organisationId: orgA };
	const swv: Role[] = ['scp', 'coordinator', 'tlv_admin', 'jk_specialist', 'deskundige'];

	it('are seen by beheerders, SWV staff and the directeur of the organisation only', () => {
		for (const role of everyone) {
			expect(may(actor(role), 'view-kengetallen', organisation).allowed, role).toBe(
				role === 'beheerder' || role === 'directeur' || swv.includes(role)
			);
			expect(
				may(actor(role), 'view-kengetallen', { ...organisation, organisationId: orgB }).allowed,
				role
			).toBe(false);
		}
	});

	it('count every hulpvraag for a beheerder, none voorlopig for SWV staff, the own schools for the directeur', () => {
		expect(kengetallenScope(actor('beheerder'))).toMatchObject({ all: true });
		for (const role of swv) {
			expect(kengetallenScope(actor(role)), role).toEqual({
				all: false,
				notVoorlopig: true,
				schoolIds: []
			});
		}
		expect(kengetallenScope(actor('directeur'))).toEqual({
			all: false,
			notVoorlopig: false,
			schoolIds: [s1]
		});
		// An IB'er sees the hulpvragen of the school, but no figures about it.
		expect(kengetallenScope(actor('ib'))).toEqual({
			all: false,
			notVoorlopig: false,
			schoolIds: []
		});
		for (const role of ['ouder', 'extern', 'voorschool'] as const) {
			expect(kengetallenScope(actor(role)), role).toEqual({
				all: false,
				notVoorlopig: false,
				schoolIds: []
			});
		}
	});

	it('add up the roles: a directeur who is also SWV staff, and refuse a directeur without a school', () => {
		const both: Who = { ...actor('directeur'), roles: ['directeur', 'scp'] };
		expect(kengetallenScope(both)).toEqual({ all: false, notVoorlopig: true, schoolIds: [s1] });
		const schoolless: Who = { ...actor('directeur'), schoolIds: [] };
		expect(may(schoolless, 'view-kengetallen', organisation).allowed).toBe(false);
	});
});
