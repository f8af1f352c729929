/**
 * Participants of an overlegronde: existing accounts of the organisation found by search,
 * or new people invited by name, e-mail and specialism, who get an account (extern or
 * ouder) and the welcome mail with its activation link. Only whoever may
 * 'manage-overlegronde' adds or removes, at any time.
 *
 * - `list(sql, organisationId, roundId)` — participants not removed.
 * - `takesPart(sql, organisationId, accountId)` — whether the account is in any round.
 * - `candidates(sql, actor, roundId, query, now)` — accounts to add.
 * - `addExisting`, `invite`, `remove` — each with its audit row and mail in one transaction.
 */
import * as account from '../account';

import { swvRoles, type Actor, type Role } from '../access/policy';
import * as audit from '../audit';
import { isUuid } from '../ids';
import type { Sql, TransactionSql } from '../db';
import * as mails from './mails';
import { authorised, Invalid, type Round } from './round';
import { anyText, isEmail, readForm, v } from '../input';

type Db = Sql | TransactionSql;

export interface Participant {
	accountId: string;
	displayName: string;
	specialism: string;
	roles: string[];
	pending: boolean;
	addedAt: Date;
}

export async function list(sql: Db, organisationId: string, roundId: string) {
	return sql<Participant[]>`
		select p.account_id, a.display_name, p.specialism, a.roles, a.state = 'pending' as pending, p.added_at
		from overlegronde_participant p join account a on a.id = p.account_id
		where p.organisation_id = ${organisationId} and p.overlegronde_id = ${roundId}
			and p.removed_at is null
		order by a.display_name`;
}

/** Whether the account takes part in any overlegronde of its organisation (not removed). */
export async function takesPart(sql: Db, organisationId: string, accountId: string) {
	const [row] = await sql<{ exists: boolean }[]>`
		select exists (select 1 from overlegronde_participant
			where organisation_id = ${organisationId} and account_id = ${accountId}
				and removed_at is null) as exists`;
	return row?.exists ?? false;
}

export interface Candidate {
	id: string;
	displayName: string;
	username: string;
	email: string;
	functionTitle: string;
	roles: string[];
}

/**
 * Accounts of the organisation matching `query` that are not yet taking part. On a
 * voorlopig hulpvraag SWV staff are not offered: such a round is the school's, without
 * the SWV.
 */
export async function candidates(
	sql: Sql,
	actor: Actor,
	roundId: string,
	query: string,
	now: Date
): Promise<Candidate[]> {
	const { round, facts } = await authorised(sql, actor, roundId, 'manage-overlegronde', now);
	const q = query.trim().toLowerCase();
	if (q.length < 2) return [];
	const like = '%' + q.replaceAll('\\', '\\\\').replaceAll('%', '\\%').replaceAll('_', '\\_') + '%';
	const keepSwvOut = facts.hulpvraag.status.voorlopig;
	return sql<Candidate[]>`
		select a.id, a.display_name, a.username, a.email, a.function_title, a.roles
		from account a
		where a.organisation_id = ${actor.organisationId} and a.state in ('active', 'pending')
			and a.deactivated_at is null and a.id <> ${round.ownerId}
			and (lower(a.display_name) like ${like} or lower(a.username) like ${like}
				or lower(a.email) like ${like} or lower(a.function_title) like ${like})
			and not exists (select 1 from overlegronde_participant p where p.overlegronde_id = ${roundId}
				and p.account_id = a.id and p.removed_at is null)
			${keepSwvOut ? sql`and not (a.roles && ${sql.array([...swvRoles])}::text[])` : sql``}
		order by a.display_name limit 20`;
}

async function addRow(
	tx: TransactionSql,
	actor: Actor,
	round: Round,
	accountId: string,
	specialism: string,
	newAccount: boolean
) {
	await tx`
		insert into overlegronde_participant (organisation_id, overlegronde_id, account_id, specialism, added_by)
		values (${actor.organisationId}, ${round.id}, ${accountId}, ${specialism}, ${actor.accountId})
		on conflict (overlegronde_id, account_id) do update
			set removed_at = null, specialism = excluded.specialism, added_by = excluded.added_by, added_at = now()`;
	const [to] = await tx<mails.Recipient[]>`
		select id, email, display_name from account where id = ${accountId}`;
	const [by] = await tx<{ displayName: string }[]>`
		select display_name from account where id = ${actor.accountId}`;
	await mails.invitation(tx, round, to!, actor.origin, { newAccount, by: by!.displayName });
	await audit.byActor(tx, actor, 'overlegronde.participant-added', 'overlegronde', round.id, {
		account: accountId,
		newAccount
	});
}

export async function addExisting(
	sql: Sql,
	actor: Actor,
	roundId: string,
	accountId: string,
	now: Date
): Promise<void> {
	await sql.begin(async (tx) => {
		const lock = { lock: true };
		const { round, facts } = await authorised(tx, actor, roundId, 'manage-overlegronde', now, lock);
		if (!isUuid(accountId)) throw new Invalid({ deelnemer: 'Kies een account.' });
		const [target] = await tx<{ functionTitle: string; roles: Role[] }[]>`
			select function_title, roles from account
			where organisation_id = ${actor.organisationId} and id = ${accountId}
				and state in ('active', 'pending') and deactivated_at is null`;
		if (!target || accountId === round.ownerId)
			throw new Invalid({ deelnemer: 'Kies een account.' });
		if (facts.participantIds.includes(accountId)) {
			throw new Invalid({ deelnemer: 'Deze persoon neemt al deel.' });
		}
		if (facts.hulpvraag.status.voorlopig && target.roles.some((r) => swvRoles.includes(r))) {
			throw new Invalid({
				deelnemer:
					'Deze hulpvraag is voorlopig en niet zichtbaar voor het samenwerkingsverband; medewerkers van het samenwerkingsverband kunnen niet deelnemen.'
			});
		}
		await addRow(tx, actor, round, accountId, target.functionTitle, false);
	});
}

export interface Invitee {
	name: string;
	email: string;
	specialism: string;
	role: 'extern' | 'ouder';
}

// The fields as typed; `invite` holds the rules.
const invitee = v.object({
	naam: anyText(),
	email: anyText(),
	specialisme: anyText(),
	rol: anyText()
});

export function parseInvitee(form: FormData): Invitee {
	const { output } = readForm(invitee, form);
	return {
		name: output.naam,
		email: output.email,
		specialism: output.specialisme,
		role: output.rol === 'ouder' ? 'ouder' : 'extern'
	};
}

/** Invites a new person: a pending account with the welcome mail, plus the invitation. */
export async function invite(
	sql: Sql,
	actor: Actor,
	roundId: string,
	input: Invitee,
	now: Date
): Promise<string> {
	const errors: Record<string, string> = {};
	if (!input.name) errors.naam = 'Vul de naam in.';
	else if (input.name.length > 200) errors.naam = 'Gebruik hoogstens 200 tekens.';
	if (!isEmail(input.email, 100))
		errors.email = 'Vul een geldig e-mailadres in, bijvoorbeeld naam@praktijk.nl.';
	if (input.specialism.length > 100) errors.specialisme = 'Gebruik hoogstens 100 tekens.';
	return sql.begin(async (tx) => {
		const lock = { lock: true };
		const { round } = await authorised(tx, actor, roundId, 'manage-overlegronde', now, lock);
		if (Object.keys(errors).length > 0) throw new Invalid(errors);
		const [existing] = await tx`
			select 1 from account where organisation_id = ${actor.organisationId}
				and (lower(email) = ${input.email.toLowerCase()} or lower(username) = ${input.email.toLowerCase()})`;
		if (existing) {
			throw new Invalid({
				email:
					'Er is al een account met dit e-mailadres. Zoek het op onder ‘Bestaand account toevoegen’.'
			});
		}
		// The e-mail address is the username: the one thing a newcomer surely remembers.
		const { id } = await account.create(
			tx,
			{
				organisationId: actor.organisationId,
				username: input.email.toLowerCase(),
				email: input.email,
				displayName: input.name,
				roles: [input.role],
				functionTitle: input.specialism
			},
			{ origin: actor.origin, actorId: actor.accountId, ipHash: actor.ipHash }
		);
		await addRow(tx, actor, round, id, input.specialism, true);
		return id;
	});
}

export async function remove(
	sql: Sql,
	actor: Actor,
	roundId: string,
	accountId: string,
	now: Date
): Promise<void> {
	await sql.begin(async (tx) => {
		await authorised(tx, actor, roundId, 'manage-overlegronde', now, { lock: true });
		if (!isUuid(accountId)) return;
		const removed = await tx`
			update overlegronde_participant set removed_at = now()
			where organisation_id = ${actor.organisationId} and overlegronde_id = ${roundId}
				and account_id = ${accountId} and removed_at is null`;
		if (removed.count === 0) return;
		await audit.byActor(tx, actor, 'overlegronde.participant-removed', 'overlegronde', roundId, {
			account: accountId
		});
	});
}
