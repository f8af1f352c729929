/**
 * Overlegrondes: a time-boxed sharing round on one hulpvraag.
 * Module API, also for the parents' view:
 *
 * - `create(sql, actor, input, now)` — start a round on a hulpvraag the actor may
 *   'manage-overlegronde'; throws `Invalid` with field errors.
 * - `get(sql, organisationId, id)` — the round, or undefined.
 * - `facts(sql, organisationId, id, now)` — the round and its `OverlegrondeFacts` for
 *   `may()` ('view', 'react', 'manage-overlegronde').
 * - `roundsForParticipant(sql, actor, now)` — the rounds the actor takes part in (not
 *   removed), live and ended, newest first, each with `live` and `reactiesOpen`.
 * - `ofDossier(sql, actor, dossierId, now)` — rounds of a dossier's hulpvragen the actor
 *   may view.
 * - `updateDates(sql, actor, id, dates, now)` — the owner extends or shortens.
 * - `requestExtension(sql, actor, id, now)` — an ended participant asks the owner by mail.
 * - `hulpvraagFactsWithViewers(sql, organisationId, hulpvraagId, now)` — hulpvraag facts
 *   with the live participants, so `may()` lets them open its bijlagen.
 *
 * Participants: `participants.ts`; reactions: `reactions.ts`; reminders: `reminders.ts`.
 * Every function filters on the organisation and checks the policy itself where it
 * changes something; routes still guard with `roundFor` (guard.ts).
 */

import { authorize, NotAllowed } from '../access/authorize';
import { may, type Actor, type OverlegrondeFacts } from '../access/policy';
import * as audit from '../audit';
import { anyText, checkbox, readForm, v } from '../input';
import type { Sql, TransactionSql } from '../db';
import { hulpvraagFacts, hulpvraagFactsFor, type HulpvraagFactsWithIds } from '../dossiers/facts';
import { amsterdamDate, isOpen, validate, type EndDates } from './dates';
import * as mails from './mails';

type Db = Sql | TransactionSql;

/** Field errors of a form (name → Dutch message). */
export class Invalid extends Error {
	constructor(public errors: Record<string, string>) {
		super('Ongeldige invoer');
	}
}

/** The one refusal of the access policy (answered as 404). */
export { NotAllowed };

export interface Round {
	id: string;
	organisationId: string;
	hulpvraagId: string;
	dossierId: string;
	hulpvraagTitel: string;
	ownerId: string;
	ownerName: string;
	onderwerp: string;
	omschrijving: string;
	einddatumReacties: string;
	einddatumInzage: string;
	besloten: boolean;
	createdAt: Date;
}

const columns = (sql: Db) => sql`
	o.id, o.organisation_id, o.hulpvraag_id, h.dossier_id, t.name as hulpvraag_titel,
	o.owner_id, a.display_name as owner_name, o.onderwerp, o.omschrijving,
	to_char(o.einddatum_reacties, 'YYYY-MM-DD') as einddatum_reacties,
	to_char(o.einddatum_inzage, 'YYYY-MM-DD') as einddatum_inzage, o.besloten, o.created_at`;

const from = (sql: Db) => sql`
	overlegronde o
	join hulpvraag h on h.id = o.hulpvraag_id and h.organisation_id = o.organisation_id
	join hulpvraag_titel t on t.id = h.titel_id
	join account a on a.id = o.owner_id`;

/** A round; `lock` holds its row until the transaction ends, so a change decides on facts that stay. */
export async function get(
	sql: Db,
	organisationId: string,
	id: string,
	{ lock = false }: { lock?: boolean } = {}
): Promise<Round | undefined> {
	const [row] = await sql<Round[]>`
		select ${columns(sql)} from ${from(sql)}
		where o.organisation_id = ${organisationId} and o.id = ${id}
		${lock ? sql`for update of o` : sql``}`;
	return row;
}

export async function facts(
	sql: Db,
	organisationId: string,
	id: string,
	now: Date,
	options: { lock?: boolean } = {}
): Promise<{ round: Round; facts: OverlegrondeFacts } | undefined> {
	const round = await get(sql, organisationId, id, options);
	if (!round) return undefined;
	return (await factsOf(sql, organisationId, [round], now)).get(round.id);
}

/** The policy's facts of many rounds in three queries, whatever their number; by round id. */
async function factsOf(
	sql: Db,
	organisationId: string,
	rounds: readonly Round[],
	now: Date
): Promise<Map<string, { round: Round; facts: OverlegrondeFacts }>> {
	const out = new Map<string, { round: Round; facts: OverlegrondeFacts }>();
	if (rounds.length === 0) return out;
	const hulpvragen = await hulpvraagFactsFor(
		sql,
		organisationId,
		rounds.map((r) => r.hulpvraagId)
	);
	const ids = rounds.map((r) => r.id);
	const participants = await sql<{ roundId: string; accountId: string }[]>`
		select overlegronde_id as round_id, account_id from overlegronde_participant
		where organisation_id = ${organisationId} and overlegronde_id = any(${sql.array(ids)}::uuid[])
			and removed_at is null`;
	const byRound = new Map<string, string[]>();
	for (const p of participants)
		byRound.set(p.roundId, [...(byRound.get(p.roundId) ?? []), p.accountId]);
	for (const round of rounds) {
		const hulpvraag = hulpvragen.get(round.hulpvraagId);
		if (!hulpvraag) continue;
		out.set(round.id, {
			round,
			facts: {
				type: 'overlegronde',
				organisationId,
				ownerId: round.ownerId,
				hulpvraag,
				participantIds: byRound.get(round.id) ?? [],
				inzageOpen: isOpen(round.einddatumInzage, now),
				reactiesOpen: isOpen(round.einddatumReacties, now)
			}
		});
	}
	return out;
}

export interface NewRound extends EndDates {
	hulpvraagId: string;
	onderwerp: string;
	omschrijving: string;
	besloten: boolean;
}

// The fields as typed; `create` holds the rules (validate, the hulpvraag's access).
const newRound = v.object({
	hulpvraag: anyText(),
	onderwerp: anyText(),
	omschrijving: anyText(),
	einddatum_reacties: anyText(),
	einddatum_inzage: anyText(),
	besloten: checkbox()
});

export function parse(form: FormData): NewRound {
	const { output } = readForm(newRound, form);
	return {
		hulpvraagId: output.hulpvraag,
		onderwerp: output.onderwerp,
		omschrijving: output.omschrijving,
		einddatumReacties: output.einddatum_reacties,
		einddatumInzage: output.einddatum_inzage,
		besloten: output.besloten
	};
}

export async function create(sql: Sql, actor: Actor, input: NewRound, now: Date): Promise<string> {
	const errors = validate(input, now);
	if (!input.onderwerp) errors.onderwerp = 'Vul een onderwerp in.';
	else if (input.onderwerp.length > 200) errors.onderwerp = 'Gebruik hoogstens 200 tekens.';
	if (input.omschrijving.length > 4000) errors.omschrijving = 'Gebruik hoogstens 4000 tekens.';
	return sql.begin(async (tx) => {
		// The hulpvraag comes from a list of those the actor manages: one it may not manage is
		// answered as a wrong choice, decided on facts read in this transaction.
		const hulpvraag = await hulpvraagFacts(tx, actor.organisationId, input.hulpvraagId);
		if (!hulpvraag || !may(actor, 'manage-overlegronde', hulpvraag).allowed) {
			errors.hulpvraag = 'Kies een hulpvraag uit de lijst.';
		}
		if (Object.keys(errors).length > 0) throw new Invalid(errors);
		const [row] = await tx<{ id: string }[]>`
			insert into overlegronde (organisation_id, hulpvraag_id, owner_id, onderwerp, omschrijving,
				einddatum_reacties, einddatum_inzage, besloten)
			values (${actor.organisationId}, ${input.hulpvraagId}, ${actor.accountId}, ${input.onderwerp},
				${input.omschrijving}, ${input.einddatumReacties}, ${input.einddatumInzage}, ${input.besloten})
			returning id`;
		await audit.byActor(tx, actor, 'overlegronde.created', 'overlegronde', row!.id, {
			hulpvraag: input.hulpvraagId,
			einddatumReacties: input.einddatumReacties,
			einddatumInzage: input.einddatumInzage,
			besloten: input.besloten
		});
		return row!.id;
	});
}

/**
 * Loads the round and checks `action` for the actor; throws NotAllowed (routes: 404). A
 * change calls it in its own transaction, which locks the round until it commits.
 */
export async function authorised(
	sql: Db,
	actor: Actor,
	id: string,
	action: 'view' | 'react' | 'manage-overlegronde',
	now: Date,
	options: { lock?: boolean } = {}
) {
	const found = await facts(sql, actor.organisationId, id, now, options);
	authorize(actor, action, found?.facts);
	return found!;
}

export async function updateDates(
	sql: Sql,
	actor: Actor,
	id: string,
	dates: EndDates,
	now: Date
): Promise<void> {
	const errors = validate(dates, now);
	await sql.begin(async (tx) => {
		const { round } = await authorised(tx, actor, id, 'manage-overlegronde', now, { lock: true });
		if (Object.keys(errors).length > 0) throw new Invalid(errors);
		await tx`
			update overlegronde set einddatum_reacties = ${dates.einddatumReacties},
				einddatum_inzage = ${dates.einddatumInzage}, updated_at = now()
			where organisation_id = ${actor.organisationId} and id = ${id}`;
		await audit.byActor(tx, actor, 'overlegronde.dates-changed', 'overlegronde', id, {
			fromReacties: round.einddatumReacties,
			fromInzage: round.einddatumInzage,
			toReacties: dates.einddatumReacties,
			toInzage: dates.einddatumInzage
		});
		const changed = { ...round, ...dates };
		for (const p of await activeRecipients(tx, actor.organisationId, id)) {
			await mails.datesChanged(tx, changed, p, actor.origin);
		}
	});
}

export async function activeRecipients(sql: Db, organisationId: string, id: string) {
	return sql<mails.Recipient[]>`
		select a.id, a.email, a.display_name from overlegronde_participant p
		join account a on a.id = p.account_id
		where p.organisation_id = ${organisationId} and p.overlegronde_id = ${id}
			and p.removed_at is null and a.deactivated_at is null`;
}

export interface ParticipantRound {
	id: string;
	onderwerp: string;
	hulpvraagId: string;
	hulpvraagTitel: string;
	ownerName: string;
	einddatumReacties: string;
	einddatumInzage: string;
	besloten: boolean;
	live: boolean;
	reactiesOpen: boolean;
}

export async function roundsForParticipant(
	sql: Db,
	actor: Actor,
	now: Date
): Promise<ParticipantRound[]> {
	const rows = await sql<Omit<ParticipantRound, 'live' | 'reactiesOpen'>[]>`
		select o.id, o.onderwerp, o.hulpvraag_id, t.name as hulpvraag_titel, a.display_name as owner_name,
			to_char(o.einddatum_reacties, 'YYYY-MM-DD') as einddatum_reacties,
			to_char(o.einddatum_inzage, 'YYYY-MM-DD') as einddatum_inzage, o.besloten
		from overlegronde_participant p
		join ${from(sql)} on o.id = p.overlegronde_id
		where p.organisation_id = ${actor.organisationId} and o.organisation_id = ${actor.organisationId}
			and p.account_id = ${actor.accountId} and p.removed_at is null
		order by o.einddatum_inzage desc, o.created_at desc`;
	return rows.map((r) => ({
		...r,
		live: isOpen(r.einddatumInzage, now),
		reactiesOpen: isOpen(r.einddatumReacties, now)
	}));
}

/** Rounds the actor manages (started, or responsible for the hulpvraag), newest first. */
export async function managedBy(sql: Db, actor: Actor, now: Date): Promise<Round[]> {
	const rows = await sql<Round[]>`
		select ${columns(sql)} from ${from(sql)}
		where o.organisation_id = ${actor.organisationId} and o.owner_id = ${actor.accountId}
		order by o.created_at desc limit 200`;
	return filterBy(sql, actor, rows, now, 'manage-overlegronde');
}

/** The rows the actor may `action`, decided by the policy on facts loaded for all at once. */
async function filterBy(
	sql: Db,
	actor: Actor,
	rows: Round[],
	now: Date,
	action: 'view' | 'manage-overlegronde'
) {
	const all = await factsOf(sql, actor.organisationId, rows, now);
	return rows.filter((r) => {
		const f = all.get(r.id);
		return !!f && may(actor, action, f.facts).allowed;
	});
}

export async function ofDossier(
	sql: Db,
	actor: Actor,
	dossierId: string,
	now: Date
): Promise<Round[]> {
	const rows = await sql<Round[]>`
		select ${columns(sql)} from ${from(sql)}
		where o.organisation_id = ${actor.organisationId} and h.dossier_id = ${dossierId}
		order by o.created_at desc`;
	return filterBy(sql, actor, rows, now, 'view');
}

/**
 * "Ik log in, maar ik zie niets": a participant whose access ended asks the
 * owner for more time. At most one mail per participant and round per day.
 */
export async function requestExtension(
	sql: Sql,
	actor: Actor,
	id: string,
	now: Date
): Promise<'sent' | 'already-sent'> {
	return sql.begin(async (tx) => {
		const found = await facts(tx, actor.organisationId, id, now, { lock: true });
		if (!found || !found.facts.participantIds.includes(actor.accountId) || found.facts.inzageOpen) {
			throw new NotAllowed('react', 'geen verlopen deelname');
		}
		const { round } = found;
		const [recent] = await tx`
			select 1 from audit_log
			where organisation_id = ${actor.organisationId} and account_id = ${actor.accountId}
				and action = 'overlegronde.extension-requested' and target_id = ${id}
				and occurred_at > ${now}::timestamptz - interval '1 day'`;
		if (recent) return 'already-sent' as const;
		const [owner] = await tx<(mails.Recipient & { active: boolean })[]>`
			select id, email, display_name from account
			where organisation_id = ${actor.organisationId} and id = ${round.ownerId}`;
		const [me] = await tx<{ displayName: string }[]>`
			select display_name from account where id = ${actor.accountId}`;
		if (owner) await mails.extensionRequest(tx, round, owner, actor.origin, me!.displayName);
		await audit.byActor(tx, actor, 'overlegronde.extension-requested', 'overlegronde', id);
		return 'sent' as const;
	});
}

export async function hulpvraagFactsWithViewers(
	sql: Db,
	organisationId: string,
	hulpvraagId: string,
	now: Date
): Promise<HulpvraagFactsWithIds | undefined> {
	const facts = await hulpvraagFacts(sql, organisationId, hulpvraagId);
	if (!facts) return undefined;
	const viewers = await sql<{ accountId: string }[]>`
		select distinct p.account_id from overlegronde o
		join overlegronde_participant p on p.overlegronde_id = o.id
		where o.organisation_id = ${organisationId} and o.hulpvraag_id = ${hulpvraagId}
			and p.removed_at is null and o.einddatum_inzage >= ${amsterdamDate(now)}::date`;
	return { ...facts, overlegrondeViewerIds: viewers.map((v) => v.accountId) };
}
