/**
 * Hulpvragen: create one with a title from the organisation's list (its initial status and
 * the coördinator that status brings come from the organisation's automations), and read
 * them. Status changes are in `status-change.ts`, re-exported here: what the school must
 * do in a status is the status's instruction, shown on the page and carried by the mail;
 * the omschrijving stays the school's own text.
 */
import { isCalendarDate } from '../../calendar-date';
import type { Actor } from '../access/actor';
import { swvRoles } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { textFields } from '../input';
import { isUuid } from '../ids';
import { initialStatus, titlesFor } from '../workflow/process';
import { Invalid, mayGoWithoutSchool, mayUseSchool, type Errors } from './dossier';
import { authorizedDossier } from './facts';
import { statusAutomations } from './status-change';
import { attachByAutomation } from '../forms/attach';

export {
	afterAttachment,
	changeStatus,
	Conflict,
	FormsMissing,
	maxReasonLength,
	type StatusChangeInput
} from './status-change';

type Db = Sql | TransactionSql;

export { Invalid };

export interface NewHulpvraag {
	dossierId: string;
	/** Empty: no school yet (SWV staff only, titles that do not start voorlopig). */
	schoolId: string;
	datum: string;
	titelId: string;
	omschrijving: string;
	coordinatorId: string | null;
	labels: string[];
}

export function parseNew(form: FormData, today: string): { values: NewHulpvraag; errors: Errors } {
	const errors: Errors = {};
	const s = textFields(form, errors);
	const values: NewHulpvraag = {
		dossierId: s('dossier_id', 40),
		schoolId: s('school_id', 40),
		datum: s('datum', 10) || today,
		titelId: s('titel_id', 40),
		omschrijving: s('omschrijving', 10000),
		coordinatorId: s('coordinator_id', 40) || null,
		labels: [
			...new Set(
				s('labels', 500)
					.split(',')
					.map((l) => l.trim())
					.filter(Boolean)
			)
		]
	};
	if (values.labels.length > 10) errors.labels = 'Gebruik hoogstens 10 labels.';
	if (!values.titelId) errors.titel_id = 'Kies een titel uit de lijst.';
	if (!isCalendarDate(values.datum))
		errors.datum = 'Vul een geldige datum in, bijvoorbeeld 14-03-2026.';
	return { values, errors };
}

/**
 * Titles a hulpvraag without a school may have: no region rule, and an initial status that
 * is not voorlopig — a voorlopig hulpvraag without a school would be invisible to everyone
 * but the beheerder, since only a school submits it. For Stromenland: the Jonge Kind title.
 */
export async function titlesWithoutSchool(sql: Db, organisationId: string) {
	return sql<{ id: string; name: string }[]>`
		select t.id, t.name from hulpvraag_titel t
		where t.organisation_id = ${organisationId} and t.active and cardinality(t.only_regions) = 0
			and not coalesce((
				select s.voorlopig from process_automation a join process_status s on s.id = a.target_status_id
				where a.organisation_id = ${organisationId} and a.kind = 'initial_status_from_titel' and a.active
					and (a.titel_id = t.id or a.titel_id is null)
				order by a.titel_id nulls last limit 1), true)
		order by t.position, t.name`;
}

export async function create(sql: Sql, actor: Actor, input: NewHulpvraag): Promise<string> {
	return sql.begin((tx) => createIn(tx, actor, input));
}

/**
 * How a hulpvraag that a school system sends differs from one made by hand: its title may
 * be the organisation's "titel onbekend" (never chosen by hand), and a draft (the school
 * saved it without sending) starts in a voorlopig status.
 */
export interface FromIntake {
	reviewTitle: boolean;
	statusId?: string;
	/** The status change's reason in the history. */
	reason: string;
}

/** `create` inside the caller's transaction. */
export async function createIn(
	tx: TransactionSql,
	actor: Actor,
	input: NewHulpvraag,
	intake?: FromIntake
): Promise<string> {
	// A school user asks for their own school(s) only: a hulpvraag of another school would
	// be invisible to them and, while voorlopig, to everyone but the beheerder.
	const withoutSchool = input.schoolId === '' && mayGoWithoutSchool(actor);
	if (!withoutSchool && (!isUuid(input.schoolId) || !mayUseSchool(actor, input.schoolId))) {
		throw new Invalid({ school_id: 'Kies de school die de hulpvraag stelt.' });
	}
	let titles;
	if (intake?.reviewTitle) {
		titles = await tx<{ id: string }[]>`
			select id from hulpvraag_titel where organisation_id = ${actor.organisationId} and review`;
		if (!titles.some((t) => t.id === input.titelId)) {
			throw new Invalid({ titel_id: 'Kies een titel uit de lijst.' });
		}
	} else if (withoutSchool) {
		titles = await titlesWithoutSchool(tx, actor.organisationId);
		if (!titles.some((t) => t.id === input.titelId)) {
			throw new Invalid({
				titel_id:
					'Deze titel vraagt om een school: een voorlopige aanmelding dient de school zelf in. Kies eerst de school.'
			});
		}
	} else {
		const [school] = await tx<{ region: string }[]>`
			select region from school where organisation_id = ${actor.organisationId} and id = ${input.schoolId}`;
		if (!school) throw new Invalid({ school_id: 'Kies de school die de hulpvraag stelt.' });
		titles = await titlesFor(tx, actor.organisationId, school.region);
		if (!titles.some((t) => t.id === input.titelId)) {
			throw new Invalid({
				titel_id: 'Deze titel is niet beschikbaar voor deze school. Kies een titel uit de lijst.'
			});
		}
	}
	if (input.coordinatorId) {
		if (!isUuid(input.coordinatorId))
			throw new Invalid({ coordinator_id: 'Kies een coördinator uit de lijst.' });
		const [c] = await tx`select 1 from account where organisation_id = ${actor.organisationId}
			and id = ${input.coordinatorId} and state = 'active'
			and roles && ${tx.array([...swvRoles, 'beheerder'])}::text[]`;
		if (!c) throw new Invalid({ coordinator_id: 'Kies een coördinator uit de lijst.' });
	}
	if (!isUuid(input.dossierId)) throw new Invalid({ dossier_id: 'Dit dossier bestaat niet.' });
	await authorizedDossier(tx, actor, 'create-hulpvraag', input.dossierId);
	const statusId =
		intake?.statusId ?? (await initialStatus(tx, actor.organisationId, input.titelId));
	const auto = await statusAutomations(tx, actor.organisationId, statusId);
	const [row] = await tx<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id, datum,
			omschrijving, coordinator_id, aanvrager_id, labels)
		select ${actor.organisationId}, d.id, ${withoutSchool ? null : input.schoolId}, ${input.titelId}, ${statusId},
			${input.datum}, ${input.omschrijving}, ${input.coordinatorId ?? auto.coordinatorId},
			${actor.accountId}, ${tx.array(input.labels)}
		from dossier d where d.id = ${input.dossierId} and d.organisation_id = ${actor.organisationId}
		returning id`;
	if (!row) throw new Invalid({ dossier_id: 'Dit dossier bestaat niet.' });
	await tx`
		insert into status_change (organisation_id, hulpvraag_id, from_status_id, to_status_id, changed_by, automatic, reason)
		values (${actor.organisationId}, ${row.id}, null, ${statusId}, ${actor.accountId}, true, ${intake?.reason ?? 'Aangemaakt'})`;
	await audit.byActor(tx, actor, 'hulpvraag.create', 'hulpvraag', row.id, {
		dossier: input.dossierId,
		status: statusId
	});
	await attachByAutomation(tx, actor, row.id, { titelId: input.titelId });
	await attachByAutomation(tx, actor, row.id, { statusId });
	return row.id;
}

export interface HulpvraagDetail {
	id: string;
	dossierId: string;
	schoolId: string | null;
	schoolName: string | null;
	schoolRegion: string | null;
	titelId: string;
	titel: string;
	statusId: string;
	status: string;
	statusParentText: string;
	/** What the school must do while this status holds ("Wat moet u nu doen"); may be empty. */
	statusInstruction: string;
	statusVoorlopig: boolean;
	statusFinal: boolean;
	closesAttachments: boolean;
	datum: string;
	omschrijving: string;
	coordinatorId: string | null;
	coordinator: string | null;
	aanvragerId: string | null;
	aanvrager: string | null;
	/** A deactivated aanvrager gets no mail: the page says so, so someone hands it over. */
	aanvragerActive: boolean;
	labels: string[];
	version: number;
	createdAt: Date;
	updatedAt: Date;
	bijlagen: number;
}

export async function get(
	sql: Db,
	organisationId: string,
	id: string
): Promise<HulpvraagDetail | undefined> {
	const [row] = await sql<HulpvraagDetail[]>`
		select h.id, h.dossier_id, h.school_id, sc.name as school_name, sc.region as school_region,
			h.titel_id, t.name as titel, h.status_id, s.name as status, s.parent_text as status_parent_text,
			s.instruction as status_instruction, s.voorlopig as status_voorlopig, s.final as status_final, s.closes_attachments, to_char(h.datum, 'YYYY-MM-DD') as datum,
			h.omschrijving, h.coordinator_id, c.display_name as coordinator, h.aanvrager_id,
			a.display_name as aanvrager, coalesce(a.state = 'active', false) as aanvrager_active, h.labels, h.version, h.created_at, h.updated_at,
			(select count(*)::int from bijlage b where b.hulpvraag_id = h.id and b.removed_at is null) as bijlagen
		from hulpvraag h
		join hulpvraag_titel t on t.id = h.titel_id
		join process_status s on s.id = h.status_id
		left join school sc on sc.id = h.school_id
		left join account c on c.id = h.coordinator_id
		left join account a on a.id = h.aanvrager_id
		where h.organisation_id = ${organisationId} and h.id = ${id}`;
	return row;
}

export interface HistoryRow {
	id: string;
	fromStatus: string | null;
	toStatus: string;
	changedBy: string | null;
	changedAt: Date;
	reason: string;
	automatic: boolean;
}

/** "Statushistorie": every change with who, when and why; newest first. */
export async function history(
	sql: Db,
	organisationId: string,
	hulpvraagId: string
): Promise<HistoryRow[]> {
	return sql<HistoryRow[]>`
		select c.id::text, f.name as from_status, t.name as to_status, a.display_name as changed_by,
			c.changed_at, c.reason, c.automatic
		from status_change c
		join process_status t on t.id = c.to_status_id
		left join process_status f on f.id = c.from_status_id
		left join account a on a.id = c.changed_by
		where c.organisation_id = ${organisationId} and c.hulpvraag_id = ${hulpvraagId}
		order by c.changed_at desc, c.id desc`;
}

export interface HulpvraagSummary {
	id: string;
	titel: string;
	status: string;
	datum: string;
	schoolId: string | null;
	updatedAt: Date;
}

/** The hulpvragen of a dossier; the caller filters them through the policy. */
export async function ofDossier(
	sql: Db,
	organisationId: string,
	dossierId: string
): Promise<HulpvraagSummary[]> {
	return sql<HulpvraagSummary[]>`
		select h.id, t.name as titel, s.name as status, to_char(h.datum, 'YYYY-MM-DD') as datum, h.school_id, h.updated_at
		from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id join process_status s on s.id = h.status_id
		where h.organisation_id = ${organisationId} and h.dossier_id = ${dossierId}
		order by h.datum desc, h.created_at desc`;
}

export async function coordinators(sql: Db, organisationId: string) {
	return sql<{ id: string; displayName: string }[]>`
		select id, display_name from account
		where organisation_id = ${organisationId} and state = 'active'
			and roles && ${sql.array([...swvRoles])}::text[]
		order by display_name`;
}
