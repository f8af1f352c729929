/**
 * The process of a demo organisation as seeding the demo dossiers reads it from the database,
 * and who usually acts in it: who sets a status, who adds which bijlage.
 */
import type { Role } from '../../roles';
import type { TransactionSql } from '../db';
import type { DocumentKind } from './documents';
import { jk } from './dossier-model';

export interface StatusRow {
	id: string;
	name: string;
	settableBy: string[];
	voorlopig: boolean;
	reasonRequired: boolean;
	closesAttachments: boolean;
}

export interface AccountRow {
	id: string;
	username: string;
	displayName: string;
	functionTitle: string;
	roles: Role[];
	schools: string[];
}

export interface SchoolRow {
	id: string;
	brinVestiging: string;
	name: string;
	region: string;
}

export interface Process {
	organisationId: string;
	code: string;
	status: (name: string) => StatusRow;
	transitions: Set<string>;
	titel: (name: string) => { id: string; onlyRegions: string[]; excludedRegions: string[] };
	initialStatus: (titelId: string) => StatusRow;
	coordinatorFromStatus: Map<string, string>;
	statusAfterAttachment: Map<string, string>;
	account: (username: string) => AccountRow;
	withRole: (role: Role) => AccountRow;
	staffOf: (brin: string) => AccountRow | undefined;
	school: (brin: string) => SchoolRow;
}

export async function loadProcess(
	tx: TransactionSql,
	organisationId: string,
	code: string
): Promise<Process> {
	const statuses = await tx<StatusRow[]>`
		select id, name, settable_by, voorlopig, reason_required, closes_attachments
		from process_status where organisation_id = ${organisationId} and active`;
	const transitions = await tx<{ fromStatusId: string; toStatusId: string }[]>`
		select from_status_id, to_status_id from process_transition where organisation_id = ${organisationId}`;
	const titels = await tx<
		{ id: string; name: string; onlyRegions: string[]; excludedRegions: string[] }[]
	>`
		select id, name, only_regions, excluded_regions from hulpvraag_titel
		where organisation_id = ${organisationId} and active`;
	const automations = await tx<
		{
			kind: string;
			titelId: string | null;
			statusId: string | null;
			targetStatusId: string | null;
			coordinatorId: string | null;
		}[]
	>`
		select kind, titel_id, status_id, target_status_id, coordinator_id
		from process_automation where organisation_id = ${organisationId} and active`;
	const accounts = await tx<AccountRow[]>`
		select a.id, a.username, a.display_name, a.function_title, a.roles,
			coalesce(array_agg(s.brin_vestiging order by s.brin_vestiging)
				filter (where s.id is not null), '{}') as schools
		from account a
		left join account_school x on x.account_id = a.id
		left join school s on s.id = x.school_id
		where a.organisation_id = ${organisationId}
		group by a.id order by a.created_at, a.username`;
	const schools = await tx<SchoolRow[]>`
		select id, brin_vestiging, name, region from school where organisation_id = ${organisationId}`;

	const need = <T>(value: T | undefined, what: string): T => {
		if (value === undefined) throw new Error(`Demo dossiers of ${code}: ${what} not found`);
		return value;
	};
	const byId = new Map(statuses.map((s) => [s.id, s]));
	const initial = automations.filter((a) => a.kind === 'initial_status_from_titel');
	const pairs = (kind: string, value: (a: (typeof automations)[number]) => string | null) =>
		new Map(automations.filter((a) => a.kind === kind).map((a) => [a.statusId!, value(a)!]));
	return {
		organisationId,
		code,
		status: (name) =>
			need(
				statuses.find((s) => s.name === name),
				`status "${name}"`
			),
		transitions: new Set(transitions.map((t) => `${t.fromStatusId}>${t.toStatusId}`)),
		titel: (name) =>
			need(
				titels.find((t) => t.name === name),
				`titel "${name}"`
			),
		initialStatus: (titelId) => {
			const rule =
				initial.find((a) => a.titelId === titelId) ?? initial.find((a) => a.titelId === null);
			return need(byId.get(rule?.targetStatusId ?? ''), 'initial status');
		},
		coordinatorFromStatus: pairs('coordinator_from_status', (a) => a.coordinatorId),
		statusAfterAttachment: pairs('status_after_attachment', (a) => a.targetStatusId),
		account: (username) =>
			need(
				accounts.find((a) => a.username === username),
				`account ${username}`
			),
		withRole: (role) =>
			need(
				accounts.find((a) => a.roles.includes(role)),
				`an account with role ${role}`
			),
		staffOf: (brin) =>
			accounts.find((a) => a.roles.includes('ib') && a.schools.includes(brin)) ??
			accounts.find((a) => a.roles.includes('directeur') && a.schools.includes(brin)),
		school: (brin) =>
			need(
				schools.find((s) => s.brinVestiging === brin),
				`school ${brin}`
			)
	};
}

export const schoolRoles: Role[] = ['ib', 'directeur'];
export const via = 'Ontvangen via OSO (ParnasSys)';

/**
 * Who sets `status` on this hulpvraag: the school's IB'er for school statuses (none: the
 * school has no account here and sends through OSO), else the SWV role that usually does.
 */
export function actorFor(
	p: Process,
	status: StatusRow,
	titel: string,
	brin: string | undefined
): AccountRow | null {
	const roles = status.settableBy;
	if (roles.some((r) => schoolRoles.includes(r as Role))) {
		return brin ? (p.staffOf(brin) ?? null) : null;
	}
	const only = (role: Role) => roles.length === 1 && roles[0] === role;
	if (only('jk_specialist') || (titel === jk && roles.includes('jk_specialist')))
		return p.withRole('jk_specialist');
	// A TLV: the SCP checks completeness, the TLV-administratie decides.
	const checks = ['Doorzetten SCP', 'Dossier compleet', 'Dossier incompleet'];
	const tlv = titel.startsWith('TLV') && !checks.includes(status.name);
	if (only('tlv_admin') || (tlv && roles.includes('tlv_admin'))) return p.withRole('tlv_admin');
	if (only('coordinator')) return p.withRole('coordinator');
	if (only('voorschool')) return p.withRole('voorschool');
	return p.withRole('scp');
}

export function bijlageAuthor(
	p: Process,
	kind: DocumentKind,
	brin: string | undefined
): AccountRow {
	switch (kind) {
		case 'groeidocument':
		case 'opp':
		case 'leesdossier': {
			const staff = brin ? p.staffOf(brin) : undefined;
			if (!staff) throw new Error(`Demo dossiers of ${p.code}: no school account for a ${kind}`);
			return staff;
		}
		case 'tlv-besluit':
			return p.withRole('tlv_admin');
		case 'jk-aanvraag':
		case 'jk-observatie':
			return p.withRole('voorschool');
		case 'onderwijsadvies':
			return p.withRole('jk_specialist');
		default:
			return p.withRole('scp');
	}
}
