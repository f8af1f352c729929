/** The roles of domain.md: one list for the database check, the access policy, Beheer and the demo. */
export const roles = [
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
] as const;
export type Role = (typeof roles)[number];

export const roleLabels: Record<Role, string> = {
	ouder: 'Ouder',
	ib: "IB'er",
	directeur: 'Directeur',
	scp: 'Schoolcontactpersoon (SCP)',
	coordinator: 'Coördinator',
	tlv_admin: 'TLV-administratie',
	jk_specialist: 'JK-specialist',
	deskundige: 'Deskundige (orthopedagoog, psycholoog)',
	voorschool: 'Voorschoolse contactpersoon',
	extern: 'Extern (specialist)',
	beheerder: 'Beheerder'
};

export function isRole(value: string): value is Role {
	return (roles as readonly string[]).includes(value);
}
