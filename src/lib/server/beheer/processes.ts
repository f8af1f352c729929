/**
 * Beheer → Processen: an organisation's statuses and which status may follow which, as the
 * beheerder reads and changes them. Titles live in process-titles.ts, automations in
 * process-automations.ts; the history rules in process-common.ts hold for all three.
 */
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';
import { isRole, type Role } from '../../roles';
import { authorizeOrganisation } from '../access/authorize';
import type { Actor } from '../access/policy';
import {
	notFound,
	parsePosition,
	unique,
	nameTaken,
	removeUnused,
	type RemoveResult,
	type SaveResult
} from './process-common';

/** A status as the form shows and submits it (position as typed). */
export interface StatusValues {
	name: string;
	parentText: string;
	nextStepText: string;
	/** What the school must do while a hulpvraag is in this status; empty: nothing. */
	instruction: string;
	settableBy: string[];
	voorlopig: boolean;
	final: boolean;
	parentVisible: boolean;
	reasonRequired: boolean;
	closesAttachments: boolean;
	endsVoorschoolAccess: boolean;
	position: string;
	active: boolean;
	/** Ids of the statuses that may follow this one. */
	next: string[];
}

export const emptyStatus: StatusValues = {
	name: '',
	parentText: '',
	nextStepText: '',
	instruction: '',
	settableBy: [],
	voorlopig: false,
	final: false,
	parentVisible: true,
	reasonRequired: false,
	closesAttachments: false,
	endsVoorschoolAccess: false,
	position: '0',
	active: true,
	next: []
};

export interface Status {
	id: string;
	name: string;
	parentText: string;
	nextStepText: string;
	instruction: string;
	settableBy: Role[];
	voorlopig: boolean;
	final: boolean;
	parentVisible: boolean;
	reasonRequired: boolean;
	closesAttachments: boolean;
	endsVoorschoolAccess: boolean;
	position: number;
	active: boolean;
	/** Ids of the statuses that may follow. */
	next: string[];
	/** Ids of the statuses this one may follow. */
	previous: string[];
	/** A hulpvraag is in it or a status change names it: it can only be retired. */
	inUse: boolean;
}

export function toValues(s: Status): StatusValues {
	return {
		name: s.name,
		parentText: s.parentText,
		nextStepText: s.nextStepText,
		instruction: s.instruction,
		settableBy: s.settableBy,
		voorlopig: s.voorlopig,
		final: s.final,
		parentVisible: s.parentVisible,
		reasonRequired: s.reasonRequired,
		closesAttachments: s.closesAttachments,
		endsVoorschoolAccess: s.endsVoorschoolAccess,
		position: String(s.position),
		active: s.active,
		next: s.next
	};
}

/** Reads the status form; checkboxes are present when checked. */
export function statusFromForm(data: FormData): StatusValues {
	const text = (name: string) => {
		const v = data.get(name);
		return typeof v === 'string' ? v.trim() : '';
	};
	const list = (name: string) =>
		data.getAll(name).filter((v): v is string => typeof v === 'string');
	const flag = (name: string) => data.get(name) === 'on';
	return {
		name: text('naam'),
		parentText: text('ouder_tekst'),
		nextStepText: text('volgende_stap'),
		instruction: text('instructie'),
		settableBy: list('rollen'),
		voorlopig: flag('voorlopig'),
		final: flag('definitief'),
		parentVisible: flag('zichtbaar_voor_ouders'),
		reasonRequired: flag('reden_verplicht'),
		closesAttachments: flag('sluit_bijlagen'),
		endsVoorschoolAccess: flag('einde_voorschool'),
		position: text('volgorde'),
		active: flag('actief'),
		next: list('volgt')
	};
}

/** The checks that need no database; field keys are those of StatusValues. */
export function validateStatus(v: StatusValues): Record<string, string> {
	const errors: Record<string, string> = {};
	if (!v.name) errors.name = 'Vul de naam van de status in.';
	else if (v.name.length > 120) errors.name = 'De naam is te lang (ten hoogste 120 tekens).';
	if (v.parentText.length > 1000)
		errors.parentText = 'De uitleg is te lang (ten hoogste 1000 tekens).';
	if (v.nextStepText.length > 1000)
		errors.nextStepText = 'De volgende stap is te lang (ten hoogste 1000 tekens).';
	if (v.instruction.length > 4000)
		errors.instruction = 'De instructie is te lang (ten hoogste 4000 tekens).';
	if (v.settableBy.some((r) => !isRole(r))) errors.settableBy = 'Kies alleen rollen uit de lijst.';
	if (parsePosition(v.position) === null)
		errors.position = 'Vul een heel getal in, bijvoorbeeld 10.';
	if (v.next.some((id) => !isUuid(id))) errors.next = 'Kies alleen statussen uit de lijst.';
	return errors;
}

async function statusInUse(tx: Sql | TransactionSql, orgId: string, id: string): Promise<boolean> {
	const [row] = await tx<{ used: boolean }[]>`
		select exists (select 1 from hulpvraag where organisation_id = ${orgId} and status_id = ${id})
			or exists (select 1 from status_change where organisation_id = ${orgId}
				and (to_status_id = ${id} or from_status_id = ${id})) as used`;
	return row!.used;
}

export async function listStatuses(sql: Sql | TransactionSql, orgId: string): Promise<Status[]> {
	return sql<Status[]>`
		select s.id, s.name, s.parent_text, s.next_step_text, s.instruction, s.settable_by, s.voorlopig, s.final,
			s.parent_visible, s.reason_required, s.closes_attachments, s.ends_voorschool_access,
			s.position, s.active,
			coalesce((select array_agg(t.to_status_id::text order by n.position, n.name)
				from process_transition t join process_status n on n.id = t.to_status_id
				where t.organisation_id = ${orgId} and t.from_status_id = s.id), '{}') as next,
			coalesce((select array_agg(t.from_status_id::text order by p.position, p.name)
				from process_transition t join process_status p on p.id = t.from_status_id
				where t.organisation_id = ${orgId} and t.to_status_id = s.id), '{}') as previous,
			(exists (select 1 from hulpvraag h where h.organisation_id = ${orgId} and h.status_id = s.id)
				or exists (select 1 from status_change c where c.organisation_id = ${orgId}
					and (c.to_status_id = s.id or c.from_status_id = s.id))) as in_use
		from process_status s
		where s.organisation_id = ${orgId}
		order by s.active desc, s.position, s.name`;
}

export async function getStatus(
	sql: Sql | TransactionSql,
	orgId: string,
	id: string
): Promise<Status | null> {
	if (!isUuid(id)) return null;
	return (await listStatuses(sql, orgId)).find((s) => s.id === id) ?? null;
}

const statusColumns: [keyof StatusValues, string][] = [
	['name', 'name'],
	['parentText', 'parent_text'],
	['nextStepText', 'next_step_text'],
	['instruction', 'instruction'],
	['settableBy', 'settable_by'],
	['voorlopig', 'voorlopig'],
	['final', 'final'],
	['parentVisible', 'parent_visible'],
	['reasonRequired', 'reason_required'],
	['closesAttachments', 'closes_attachments'],
	['endsVoorschoolAccess', 'ends_voorschool_access'],
	['position', 'position'],
	['active', 'active']
];

/**
 * Creates (id null) or updates a status and sets which statuses may follow it, in one
 * transaction with its audit rows.
 */
export async function saveStatus(
	sql: Sql,
	actor: Actor,
	id: string | null,
	values: StatusValues
): Promise<SaveResult> {
	if (id !== null && !isUuid(id)) return notFound;
	const errors = validateStatus(values);
	const orgId = actor.organisationId;
	try {
		return await sql.begin(async (tx): Promise<SaveResult> => {
			authorizeOrganisation(actor, 'manage-processes');
			let before: Status | null = null;
			if (id !== null) {
				const [locked] = await tx`
					select 1 from process_status where id = ${id} and organisation_id = ${orgId} for update`;
				if (!locked) return notFound;
				before = await getStatus(tx, orgId, id);
			}
			const next = unique(values.next);
			if (!errors.next && next.length > 0) {
				const [row] = await tx<{ n: number }[]>`
					select count(*)::int as n from process_status
					where organisation_id = ${orgId} and id = any(${tx.array(next)}::uuid[])`;
				if (row!.n !== next.length) errors.next = 'Kies alleen statussen uit de lijst.';
				else if (id !== null && next.includes(id))
					errors.next = 'Een status kan niet op zichzelf volgen.';
			}
			if (!errors.name) {
				const [taken] = await tx`
					select 1 from process_status
					where organisation_id = ${orgId} and lower(name) = lower(${values.name})
						and id is distinct from ${id}::uuid`;
				if (taken) errors.name = 'Er is al een status met deze naam.';
			}
			if (Object.keys(errors).length > 0) return { ok: false, reason: 'invalid', errors };

			const row = {
				name: values.name,
				parent_text: values.parentText,
				next_step_text: values.nextStepText,
				instruction: values.instruction,
				settable_by: unique(values.settableBy),
				voorlopig: values.voorlopig,
				final: values.final,
				parent_visible: values.parentVisible,
				reason_required: values.reasonRequired,
				closes_attachments: values.closesAttachments,
				ends_voorschool_access: values.endsVoorschoolAccess,
				position: parsePosition(values.position)!,
				active: values.active
			};
			let statusId: string;
			if (before === null) {
				const [created] = await tx<{ id: string }[]>`
					insert into process_status (organisation_id, name, parent_text, next_step_text, instruction,
						settable_by, voorlopig, final, parent_visible, reason_required, closes_attachments,
						ends_voorschool_access, position, active)
					values (${orgId}, ${row.name}, ${row.parent_text}, ${row.next_step_text}, ${row.instruction},
						${tx.array(row.settable_by)}, ${row.voorlopig}, ${row.final}, ${row.parent_visible},
						${row.reason_required}, ${row.closes_attachments}, ${row.ends_voorschool_access},
						${row.position}, ${row.active})
					returning id`;
				statusId = created!.id;
				await audit.byActor(tx, actor, 'process.status.create', 'process_status', statusId);
			} else {
				statusId = before.id;
				const old = toValues(before);
				const changed = statusColumns
					.filter(([key]) =>
						key === 'settableBy'
							? [...old.settableBy].sort().join() !== [...row.settable_by].sort().join()
							: key === 'position'
								? Number(old.position) !== row.position
								: old[key] !== values[key]
					)
					.map(([, column]) => column);
				if (changed.length > 0) {
					await tx`
						update process_status set name = ${row.name}, parent_text = ${row.parent_text},
							next_step_text = ${row.next_step_text}, instruction = ${row.instruction},
							settable_by = ${tx.array(row.settable_by)},
							voorlopig = ${row.voorlopig}, final = ${row.final}, parent_visible = ${row.parent_visible},
							reason_required = ${row.reason_required}, closes_attachments = ${row.closes_attachments},
							ends_voorschool_access = ${row.ends_voorschool_access}, position = ${row.position},
							active = ${row.active}
						where id = ${statusId} and organisation_id = ${orgId}`;
					// A status name is the SWV's own vocabulary, not personal data; keeping the old
					// one here is what lets a corrected name be traced back (the history rules in
					// process-common.ts).
					await audit.byActor(tx, actor, 'process.status.update', 'process_status', statusId, {
						changed: changed.join(','),
						...(changed.includes('name') ? { previousName: before.name, name: row.name } : {})
					});
				}
			}

			const current = before?.next ?? [];
			for (const to of next.filter((x) => !current.includes(x))) {
				await tx`
					insert into process_transition (organisation_id, from_status_id, to_status_id)
					values (${orgId}, ${statusId}, ${to}) on conflict do nothing`;
				await audit.byActor(tx, actor, 'process.transition.add', 'process_status', statusId, {
					toStatusId: to
				});
			}
			for (const to of current.filter((x) => !next.includes(x))) {
				await tx`
					delete from process_transition
					where organisation_id = ${orgId} and from_status_id = ${statusId} and to_status_id = ${to}`;
				await audit.byActor(tx, actor, 'process.transition.remove', 'process_status', statusId, {
					toStatusId: to
				});
			}
			return { ok: true, id: statusId };
		});
	} catch (e) {
		return nameTaken(e, 'Er is al een status met deze naam.');
	}
}

/** Deletes a status nothing refers to; one in use is refused (retire it instead). */
export function removeStatus(sql: Sql, actor: Actor, id: string): Promise<RemoveResult> {
	return removeUnused(
		sql,
		actor,
		{ table: 'process_status', what: 'status' },
		id,
		async (tx, orgId) => {
			if (await statusInUse(tx, orgId, id)) {
				return 'Deze status is of was in gebruik bij een hulpvraag en blijft daarom bewaard. Zet hem op niet actief: dan wordt hij niet meer aangeboden.';
			}
			const [automation] = await tx`
				select 1 from process_automation where organisation_id = ${orgId}
					and (status_id = ${id} or target_status_id = ${id})`;
			return automation
				? 'Een automatisering gebruikt deze status. Verwijder eerst die automatisering, of zet deze status op niet actief.'
				: null;
		},
		async (tx, orgId) => {
			await tx`
				delete from process_transition
				where organisation_id = ${orgId} and (from_status_id = ${id} or to_status_id = ${id})`;
			// The forms it required go with it: they only gate the choice of this status.
			await tx`
				delete from status_form_requirement where organisation_id = ${orgId} and status_id = ${id}`;
		}
	);
}
