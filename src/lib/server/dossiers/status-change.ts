/**
 * Status changes of a hulpvraag along the organisation's process, and what follows each:
 * the coördinator the status brings, a status after bijlagen, an aanpak or a TLV are added,
 * and the mail. A change, its history row, its audit row and its mails commit in one
 * transaction, and every change states the version it saw (optimistic concurrency): the
 * second of two people changing the same hulpvraag gets `Conflict`, nothing is lost.
 */
import { whoOf, type Actor } from '../access/actor';
import { schoolIdsOf } from '../auth/session';
import { may } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { parse, text, v } from '../input';
import { enqueue } from '../mail/outbox';
import { compose } from '../mail/templates';
import { nextStatuses } from '../workflow/process';
import { attachByAutomation } from '../forms/attach';
import { FormsMissing, missingForStatus } from '../forms/gate';
import { Invalid } from './dossier';
import { hulpvraagFacts, authorizedHulpvraag } from './facts';

type Db = Sql | TransactionSql;

export { FormsMissing };

export class Conflict extends Error {
	readonly code = 'conflict';
	constructor(readonly current: { statusName: string; changedBy: string | null; changedAt: Date }) {
		super(
			`Iemand anders heeft deze hulpvraag intussen gewijzigd${current.changedBy ? ` (${current.changedBy})` : ''}: de status is nu ‘${current.statusName}’. Uw wijziging is niet opgeslagen. Bekijk de hulpvraag opnieuw en kies dan de status.`
		);
	}
}

export async function statusRow(tx: Db, organisationId: string, statusId: string) {
	const [row] = await tx<{ id: string; name: string; final: boolean; instruction: string }[]>`
		select id, name, final, instruction from process_status
		where organisation_id = ${organisationId} and id = ${statusId}`;
	return row!;
}

/** The coördinator that the organisation's automations attach to a status. */
export async function statusAutomations(tx: Db, organisationId: string, statusId: string) {
	const [row] = await tx<{ coordinatorId: string | null }[]>`
		select coordinator_id from process_automation
		where organisation_id = ${organisationId} and status_id = ${statusId} and active
			and kind = 'coordinator_from_status'`;
	return { coordinatorId: row?.coordinatorId ?? null };
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
	actor: Actor,
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
	await audit.byActor(
		tx,
		actor,
		automatic ? 'hulpvraag.status.automatic' : 'hulpvraag.status.change',
		'hulpvraag',
		h.id,
		{ from: h.statusId, to: toStatusId }
	);
	await attachByAutomation(tx, actor, h.id, { statusId: toStatusId });
	await mailStatusChange(tx, actor, h, toStatusId, reason, auto.coordinatorId ?? h.coordinatorId);
}

/**
 * Moves the hulpvraag to `toStatusId` as the organisation's process does by itself (a
 * school system that sends what it saved as a draft, a title chosen for a hulpvraag that
 * arrived with an unknown one): no transition rule, the same automations, history and
 * mails. The caller has checked the actor's access. False when it is in that status already.
 */
export async function moveAutomatically(
	tx: TransactionSql,
	actor: Actor,
	hulpvraagId: string,
	toStatusId: string,
	reason: string
): Promise<boolean> {
	const h = await lock(tx, actor.organisationId, hulpvraagId);
	if (h.statusId === toStatusId) return false;
	await apply(tx, actor, h, toStatusId, reason, true);
	return true;
}

/** The reason given with a status change: the school and the parents read it in the mail. */
export const maxReasonLength = 4000;

const reasonSchema = v.object({ reden: text(maxReasonLength) });

export async function changeStatus(
	sql: Sql,
	actor: Actor,
	input: StatusChangeInput
): Promise<void> {
	const parsed = parse(reasonSchema, { reden: input.reason });
	if (!parsed.success) throw new Invalid(parsed.errors);
	const reason = parsed.output.reden;
	await sql.begin(async (tx) => {
		await authorizedHulpvraag(tx, actor, 'change-status', input.hulpvraagId);
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
		const missing = await missingForStatus(tx, actor.organisationId, h.id, target.id);
		if (missing.length) throw new FormsMissing(target.name, missing);
		await apply(tx, actor, h, target.id, reason, false);
	});
}

/** The automations that move a hulpvraag on after something is added to it. */
export type EventKind = 'status_after_attachment' | 'status_after_aanpak' | 'status_after_tlv';

/**
 * After something is added to a hulpvraag (bijlagen, an aanpak, a TLV): the organisation's
 * automation of that kind for the hulpvraag's current status, if one is active, moves it on
 * (e.g. TLV_3_in behandeling → TLV afgegeven once the TLV is recorded); else the hulpvraag
 * only counts as updated. Runs in the caller's transaction; returns the new status id when
 * it moved.
 */
export async function afterEvent(
	tx: TransactionSql,
	actor: Actor,
	hulpvraagId: string,
	kind: EventKind,
	reason: string
): Promise<string | null> {
	const h = await lock(tx, actor.organisationId, hulpvraagId);
	const [rule] = await tx<{ targetStatusId: string }[]>`
		select target_status_id from process_automation
		where organisation_id = ${actor.organisationId} and kind = ${kind} and active
			and status_id = ${h.statusId} and target_status_id is not null
		limit 1`;
	if (!rule) {
		await tx`update hulpvraag set updated_at = now() where id = ${h.id}`;
		return null;
	}
	await apply(tx, actor, h, rule.targetStatusId, reason, true);
	return rule.targetStatusId;
}

/**
 * After attachments are added: the organisation's "status after attachment" automation
 * (e.g. JK onderwijsadvies aanvraag → JK bijlagen toegevoegd).
 */
export function afterAttachment(
	tx: TransactionSql,
	actor: Actor,
	hulpvraagId: string
): Promise<string | null> {
	return afterEvent(tx, actor, hulpvraagId, 'status_after_attachment', 'Bijlagen toegevoegd');
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
	actor: Actor,
	h: Locked,
	toStatusId: string,
	reason: string,
	coordinatorId: string | null
): Promise<void> {
	// `< now()`: ended by an earlier transaction's change, not by the one being mailed.
	const [{ endedBefore } = { endedBefore: false }] = await tx<{ endedBefore: boolean }[]>`
		select coalesce(voorschool_access_ended_at < now(), false) as ended_before
		from hulpvraag where id = ${h.id}`;
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
			${schoolIdsOf(tx, 'a')} as school_ids
		from account a
		where a.organisation_id = ${actor.organisationId} and a.id = any(${tx.array(ids)}::uuid[])
			and a.state = 'active' and a.mail_on_status_change`;
	const facts = await hulpvraagFacts(tx, actor.organisationId, h.id);
	if (!facts) return;
	// The change that ends the pre-school's access is still theirs to hear of.
	const seen = { ...facts, voorschoolAccessEnded: endedBefore };
	const recipients = candidates.filter(
		(r) => may(whoOf({ ...r, organisationId: actor.organisationId }), 'view', seen).allowed
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
