/**
 * Hulpvragen and their workflow: create with a title from the organisation's list, change
 * status along the organisation's process, and the automations: initial status from the
 * title, coördinator from the status, a status after attachments are added, and the mail on
 * every change. What the school must do in a status is the status's instruction: the page
 * shows it and the mail carries it; the omschrijving stays the school's own text.
 *
 * A status change, its history row, its audit row and its mails commit in one
 * transaction, and every change states the version it saw (optimistic concurrency): the
 * second of two people changing the same hulpvraag gets `Conflict`, nothing is lost.
 */
import { isCalendarDate } from '../../calendar-date';
import type { Acting } from '../access/actor';
import { authorize } from '../access/authorize';
import { may, swvRoles } from '../access/policy';
import { record } from '../audit';
import type { Sql, TransactionSql } from '../db';
import { textFields, tooLongMessage } from '../form';
import { isUuid } from '../ids';
import { enqueue } from '../mail/outbox';
import { compose } from '../mail/templates';
import { initialStatus, nextStatuses, titlesFor } from '../workflow/process';
import { Invalid, mayGoWithoutSchool, mayUseSchool, type Errors } from './dossier';
import { dossierFacts, hulpvraagFacts } from './facts';

type Db = Sql | TransactionSql;

export { Invalid };

export class Conflict extends Error {
	readonly code = 'conflict';
	constructor(readonly current: { statusName: string; changedBy: string | null; changedAt: Date }) {
		super(
			`Iemand anders heeft deze hulpvraag intussen gewijzigd${current.changedBy ? ` (${current.changedBy})` : ''}: de status is nu ‘${current.statusName}’. Uw wijziging is niet opgeslagen. Bekijk de hulpvraag opnieuw en kies dan de status.`
		);
	}
}

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

async function statusRow(tx: Db, organisationId: string, statusId: string) {
	const [row] = await tx<{ id: string; name: string; final: boolean; instruction: string }[]>`
		select id, name, final, instruction from process_status
		where organisation_id = ${organisationId} and id = ${statusId}`;
	return row!;
}

/** The coördinator that the organisation's automations attach to a status. */
async function statusAutomations(tx: Db, organisationId: string, statusId: string) {
	const [row] = await tx<{ coordinatorId: string | null }[]>`
		select coordinator_id from process_automation
		where organisation_id = ${organisationId} and status_id = ${statusId} and active
			and kind = 'coordinator_from_status'`;
	return { coordinatorId: row?.coordinatorId ?? null };
}

export async function create(sql: Sql, actor: Acting, input: NewHulpvraag): Promise<string> {
	// A school user asks for their own school(s) only: a hulpvraag of another school would
	// be invisible to them and, while voorlopig, to everyone but the beheerder.
	const withoutSchool = input.schoolId === '' && mayGoWithoutSchool(actor);
	if (!withoutSchool && (!isUuid(input.schoolId) || !mayUseSchool(actor, input.schoolId))) {
		throw new Invalid({ school_id: 'Kies de school die de hulpvraag stelt.' });
	}
	return sql.begin(async (tx) => {
		let titles;
		if (withoutSchool) {
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
		authorize(
			actor,
			'create-hulpvraag',
			await dossierFacts(tx, actor.organisationId, input.dossierId)
		);
		const statusId = await initialStatus(tx, actor.organisationId, input.titelId);
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
			values (${actor.organisationId}, ${row.id}, null, ${statusId}, ${actor.accountId}, true, 'Aangemaakt')`;
		await record(tx, {
			organisationId: actor.organisationId,
			accountId: actor.accountId,
			action: 'hulpvraag.create',
			targetType: 'hulpvraag',
			targetId: row.id,
			ipHash: actor.ipHash,
			details: { dossier: input.dossierId, status: statusId }
		});
		return row.id;
	});
}

export interface StatusChangeInput {
	hulpvraagId: string;
	toStatusId: string;
	reason: string;
	/** The version the actor's form showed. */
	version: number;
}

interface Locked {
	id: string;
	statusId: string;
	version: number;
	aanvragerId: string | null;
	coordinatorId: string | null;
	omschrijving: string;
	titel: string;
}

async function lock(tx: Db, organisationId: string, hulpvraagId: string): Promise<Locked> {
	const [row] = await tx<Locked[]>`
		select h.id, h.status_id, h.version, h.aanvrager_id, h.coordinator_id, h.omschrijving, t.name as titel
		from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id
		where h.organisation_id = ${organisationId} and h.id = ${hulpvraagId}
		for update of h`;
	if (!row) throw new Invalid({ status: 'Deze hulpvraag bestaat niet.' });
	return row;
}

async function conflict(tx: Db, h: Locked): Promise<Conflict> {
	const [last] = await tx<{ statusName: string; changedBy: string | null; changedAt: Date }[]>`
		select s.name as status_name, a.display_name as changed_by, c.changed_at
		from status_change c join process_status s on s.id = c.to_status_id
		left join account a on a.id = c.changed_by
		where c.hulpvraag_id = ${h.id} order by c.changed_at desc, c.id desc limit 1`;
	return new Conflict(last ?? { statusName: '', changedBy: null, changedAt: new Date() });
}

/**
 * Moves the hulpvraag to `toStatusId` (locked row, version checked), applies the status
 * automations, writes history and audit, and queues the mails — all or nothing.
 */
async function apply(
	tx: TransactionSql,
	actor: Acting,
	h: Locked,
	toStatusId: string,
	reason: string,
	automatic: boolean
): Promise<void> {
	const auto = await statusAutomations(tx, actor.organisationId, toStatusId);
	await tx`
		update hulpvraag set status_id = ${toStatusId}, version = version + 1, updated_at = now(),
			coordinator_id = coalesce(${auto.coordinatorId}, coordinator_id)
		where id = ${h.id}`;
	await tx`
		insert into status_change (organisation_id, hulpvraag_id, from_status_id, to_status_id, changed_by, reason, automatic)
		values (${actor.organisationId}, ${h.id}, ${h.statusId}, ${toStatusId}, ${actor.accountId}, ${reason}, ${automatic})`;
	await record(tx, {
		organisationId: actor.organisationId,
		accountId: actor.accountId,
		action: automatic ? 'hulpvraag.status.automatic' : 'hulpvraag.status.change',
		targetType: 'hulpvraag',
		targetId: h.id,
		ipHash: actor.ipHash,
		details: { from: h.statusId, to: toStatusId }
	});
	await mailStatusChange(tx, actor, h, toStatusId, reason, auto.coordinatorId ?? h.coordinatorId);
}

/** The reason given with a status change: the school and the parents read it in the mail. */
export const maxReasonLength = 4000;

export async function changeStatus(
	sql: Sql,
	actor: Acting,
	input: StatusChangeInput
): Promise<void> {
	const reason = input.reason.trim();
	if (reason.length > maxReasonLength) {
		throw new Invalid({ reden: tooLongMessage(reason.length, maxReasonLength) });
	}
	await sql.begin(async (tx) => {
		authorize(
			actor,
			'change-status',
			await hulpvraagFacts(tx, actor.organisationId, input.hulpvraagId)
		);
		// A change committed since the facts were read shows as another version below.
		const h = await lock(tx, actor.organisationId, input.hulpvraagId);
		if (h.version !== input.version) throw await conflict(tx, h);
		const options = await nextStatuses(tx, actor.organisationId, h.statusId, actor.roles);
		const target = options.find((o) => o.id === input.toStatusId);
		if (!target)
			throw new Invalid({
				status: 'Deze status kunt u nu niet kiezen. Kies een status uit de lijst.'
			});
		if (target.reasonRequired && !reason) {
			throw new Invalid({
				reden: `Geef een reden bij ‘${target.name}’: de school en de ouders lezen waarom.`
			});
		}
		await apply(tx, actor, h, target.id, reason, false);
	});
}

/**
 * After attachments are added: the organisation's "status after attachment" automation
 * (e.g. JK onderwijsadvies aanvraag → JK bijlagen toegevoegd). Runs in the caller's
 * transaction; returns the new status id when it moved.
 */
export async function afterAttachment(
	tx: TransactionSql,
	actor: Acting,
	hulpvraagId: string
): Promise<string | null> {
	const h = await lock(tx, actor.organisationId, hulpvraagId);
	const [rule] = await tx<{ targetStatusId: string }[]>`
		select target_status_id from process_automation
		where organisation_id = ${actor.organisationId} and kind = 'status_after_attachment' and active
			and status_id = ${h.statusId} and target_status_id is not null
		limit 1`;
	if (!rule) {
		await tx`update hulpvraag set updated_at = now() where id = ${h.id}`;
		return null;
	}
	await apply(tx, actor, h, rule.targetStatusId, 'Bijlagen toegevoegd', true);
	return rule.targetStatusId;
}

/**
 * Mail on every status change, to the current aanvrager (handed over in
 * aanvrager.ts), the coördinator and the linked voorschoolse contactpersonen,
 * if their account is active, unless they switched it off or made the change.
 * The pre-school still hears of the change that ends its access, not of any after it.
 * Only who may see the hulpvraag in its new status hears of it (the policy decides): a
 * status that is voorlopig again is mailed to its school, not to the SWV.
 * The mail gives the reason and the new status's instruction: to the aanvrager as what
 * they must do now, to the others as what the school must do.
 */
async function mailStatusChange(
	tx: Db,
	actor: Acting,
	h: Locked,
	toStatusId: string,
	reason: string,
	coordinatorId: string | null
): Promise<void> {
	// `changed_at < now()`: an earlier transaction's change, not the one being mailed.
	const [{ endedBefore } = { endedBefore: false }] = await tx<{ endedBefore: boolean }[]>`
		select exists (select 1 from status_change c join process_status e on e.id = c.to_status_id
			where c.hulpvraag_id = ${h.id} and e.ends_voorschool_access and c.changed_at < now()) as ended_before`;
	const voorschool = endedBefore
		? []
		: await tx<{ accountId: string }[]>`
			select l.account_id from hulpvraag_link l
			where l.hulpvraag_id = ${h.id} and l.role = 'voorschool'`;
	const ids = [
		...new Set(
			[h.aanvragerId, coordinatorId, ...voorschool.map((v) => v.accountId)].filter(
				(x): x is string => !!x
			)
		)
	].filter((id) => id !== actor.accountId);
	if (ids.length === 0) return;
	const candidates = await tx<
		{ id: string; email: string; displayName: string; roles: string[]; schoolIds: string[] }[]
	>`
		select a.id, a.email, a.display_name, a.roles,
			array(select s.school_id from account_school s where s.account_id = a.id) as school_ids
		from account a
		where a.organisation_id = ${actor.organisationId} and a.id = any(${tx.array(ids)}::uuid[])
			and a.state = 'active' and a.mail_on_status_change`;
	const facts = await hulpvraagFacts(tx, actor.organisationId, h.id);
	if (!facts) return;
	// The change that ends the pre-school's access is still theirs to hear of.
	const seen = { ...facts, voorschoolAccessEnded: endedBefore };
	const recipients = candidates.filter(
		(r) =>
			may(
				{
					accountId: r.id,
					organisationId: actor.organisationId,
					roles: r.roles,
					schoolIds: r.schoolIds,
					email: r.email
				},
				'view',
				seen
			).allowed
	);
	if (recipients.length === 0) return;
	const status = await statusRow(tx, actor.organisationId, toStatusId);
	const [org] = await tx<{ name: string; mailClosingText: string }[]>`
		select name, mail_closing_text from organisation where id = ${actor.organisationId}`;
	const [by] = await tx<
		{ displayName: string }[]
	>`select display_name from account where id = ${actor.accountId}`;
	for (const r of recipients) {
		// No child's name in a mail: the title and a link; the rest is behind the login.
		const mail = compose(
			{ name: org!.name, closingText: org!.mailClosingText },
			`Status gewijzigd: ${h.titel} — ${status.name}`,
			`Beste ${r.displayName},`,
			[
				{
					text: `De status van een hulpvraag (${h.titel}) is gewijzigd in ‘${status.name}’ door ${by?.displayName ?? 'Kindkring'}.`
				},
				...(reason ? [{ text: `Reden:\n${reason}` }] : []),
				...(status.instruction
					? [
							{
								text: `${r.id === h.aanvragerId ? 'Wat moet u nu doen?' : 'Wat de school nu moet doen:'}\n${status.instruction}`
							}
						]
					: []),
				{
					text: 'Bekijk de hulpvraag in Kindkring.',
					link: { label: 'Hulpvraag bekijken', url: `${actor.origin}/hulpvragen/${h.id}` }
				},
				{ text: 'Wilt u deze berichten niet meer ontvangen? Zet ze uit onder Mijn account.' }
			]
		);
		await enqueue(tx, {
			...mail,
			kind: 'hulpvraag.status',
			organisationId: actor.organisationId,
			accountId: r.id,
			fromName: org!.name,
			to: r.email
		});
	}
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
