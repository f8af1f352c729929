/**
 * Reactions in an overlegronde. Each one mails the other participants and the owner, never
 * its author ("de andere deelnemers krijgen daar een automatisch bericht van").
 * In a besloten round participants do not see each other's names: a reaction by another
 * participant reads "Een deelnemer"; the owner's name stays visible (they invited everyone).
 *
 * - `reactions(sql, organisationId, roundId, viewerId)` — oldest first, names as the viewer
 *   may see them. The caller checks 'view' first.
 * - `addReaction(sql, actor, roundId, body, now)` — checks 'react' itself; throws
 *   `Invalid` (empty or too long) or `NotAllowed`.
 * - `hasReacted(sql, organisationId, roundId, accountId)`.
 */
import type { Actor } from '../access/actor';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { parse, text, v } from '../input';
import * as mails from './mails';
import { authorised, Invalid } from './round';

type Db = Sql | TransactionSql;

export interface Reaction {
	id: string;
	body: string;
	createdAt: Date;
	/** The name the viewer may see. */
	author: string;
	own: boolean;
	byOwner: boolean;
}

export const anonymousAuthor = 'Een deelnemer';

export async function reactions(
	sql: Db,
	organisationId: string,
	roundId: string,
	viewerId: string
): Promise<Reaction[]> {
	const rows = await sql<
		{
			id: string;
			body: string;
			createdAt: Date;
			authorId: string;
			authorName: string;
			ownerId: string;
			besloten: boolean;
			specialism: string | null;
		}[]
	>`
		select r.id, r.body, r.created_at, r.author_id, a.display_name as author_name,
			o.owner_id, o.besloten, p.specialism
		from overlegronde_reaction r
		join overlegronde o on o.id = r.overlegronde_id and o.organisation_id = r.organisation_id
		join account a on a.id = r.author_id
		left join overlegronde_participant p on p.overlegronde_id = o.id and p.account_id = r.author_id
		where r.organisation_id = ${organisationId} and r.overlegronde_id = ${roundId}
		order by r.created_at, r.id`;
	return rows.map((r) => {
		const own = r.authorId === viewerId;
		const byOwner = r.authorId === r.ownerId;
		const viewerIsOwner = viewerId === r.ownerId;
		const hidden = r.besloten && !own && !byOwner && !viewerIsOwner;
		const name = r.specialism ? `${r.authorName} (${r.specialism})` : r.authorName;
		return {
			id: r.id,
			body: r.body,
			createdAt: r.createdAt,
			author: hidden ? anonymousAuthor : name,
			own,
			byOwner
		};
	});
}

export async function hasReacted(
	sql: Db,
	organisationId: string,
	roundId: string,
	accountId: string
): Promise<boolean> {
	const [row] = await sql`
		select 1 from overlegronde_reaction
		where organisation_id = ${organisationId} and overlegronde_id = ${roundId} and author_id = ${accountId}`;
	return row !== undefined;
}

const reactionSchema = v.object({
	reactie: text(8000, {
		required: 'Schrijf eerst uw reactie.',
		tooLong: 'Gebruik hoogstens 8000 tekens.'
	})
});

export async function addReaction(
	sql: Sql,
	actor: Actor,
	roundId: string,
	body: string,
	now: Date
): Promise<string> {
	return sql.begin(async (tx) => {
		const { round } = await authorised(tx, actor, roundId, 'react', now, { lock: true });
		const parsed = parse(reactionSchema, { reactie: body });
		if (!parsed.success) throw new Invalid(parsed.errors);
		const reaction = parsed.output.reactie;
		const [row] = await tx<{ id: string }[]>`
			insert into overlegronde_reaction (organisation_id, overlegronde_id, author_id, body)
			values (${actor.organisationId}, ${roundId}, ${actor.accountId}, ${reaction})
			returning id`;
		const [author] = await tx<{ displayName: string }[]>`
			select display_name from account where id = ${actor.accountId}`;
		const recipients = await tx<(mails.Recipient & { isOwner: boolean })[]>`
			select a.id, a.email, a.display_name, a.id = ${round.ownerId} as is_owner from account a
			where a.organisation_id = ${actor.organisationId} and a.deactivated_at is null
				and a.id <> ${actor.accountId}
				and (a.id = ${round.ownerId} or a.id in (select account_id from overlegronde_participant
					where overlegronde_id = ${roundId} and removed_at is null))`;
		const authorIsOwner = actor.accountId === round.ownerId;
		for (const to of recipients) {
			// Besloten: only the owner learns who the other participants are.
			const name =
				round.besloten && !to.isOwner && !authorIsOwner ? anonymousAuthor : author!.displayName;
			await mails.reaction(tx, round, to, actor.origin, name);
		}
		await audit.byActor(tx, actor, 'overlegronde.reaction', 'overlegronde', roundId, {
			reaction: row!.id
		});
		return row!.id;
	});
}
