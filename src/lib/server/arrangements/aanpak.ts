/**
 * The aanpak of a hulpvraag: the arrangement that follows the SWV's decision (who does
 * what, from when to when, when it is evaluated, for what budget). SWV staff record and edit
 * it once the hulpvraag is not voorlopig, and beheerders (policy: 'record-arrangement');
 * whoever sees the hulpvraag reads it. Each change checks the policy in its own
 * transaction, is audited, and may move the hulpvraag on (automation `status_after_aanpak`).
 */
import { may, type Actor } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { authorizedHulpvraag, hulpvraagFactsFor } from '../dossiers/facts';
import { afterEvent } from '../dossiers/status-change';
import { isUuid } from '../ids';
import { aanpakSchema, Invalid, parseOrThrow, type AanpakInput } from './input';

type Db = Sql | TransactionSql;

export interface Aanpak {
	id: string;
	hulpvraagId: string;
	type: string;
	behandelaar: string;
	startDate: string;
	endDate: string | null;
	evaluationDate: string | null;
	budgetCents: number | null;
	toelichting: string;
	createdByName: string | null;
	createdAt: Date;
	updatedAt: Date;
	version: number;
}

const columns = (sql: Db) => sql`
	a.id, a.hulpvraag_id, a.type, a.behandelaar,
	to_char(a.start_date, 'YYYY-MM-DD') as start_date,
	to_char(a.end_date, 'YYYY-MM-DD') as end_date,
	to_char(a.evaluation_date, 'YYYY-MM-DD') as evaluation_date,
	a.budget_cents, a.toelichting, c.display_name as created_by_name,
	a.created_at, a.updated_at, a.version`;

/**
 * The aanpakken of these hulpvragen that the actor may view (the policy's 'view' of the
 * hulpvraag), newest start first.
 */
export async function ofHulpvragen(
	sql: Db,
	actor: Actor,
	hulpvraagIds: readonly string[]
): Promise<Aanpak[]> {
	const facts = await hulpvraagFactsFor(sql, actor.organisationId, hulpvraagIds);
	const visible = [...facts.values()].filter((f) => may(actor, 'view', f).allowed).map((f) => f.id);
	if (visible.length === 0) return [];
	return sql<Aanpak[]>`
		select ${columns(sql)}
		from aanpak a left join account c on c.id = a.created_by
		where a.organisation_id = ${actor.organisationId}
			and a.hulpvraag_id = any(${sql.array(visible)}::uuid[])
		order by a.start_date desc, a.created_at desc`;
}

/** The input, or `Invalid` with a Dutch message per field. */
export function check(input: unknown): AanpakInput {
	return parseOrThrow(aanpakSchema, input);
}

export interface Added {
	id: string;
	/** The status the automation moved the hulpvraag to, or null. */
	newStatusId: string | null;
}

/** Records an aanpak on the hulpvraag; throws `Invalid` or `NotAllowed`. */
export async function add(
	sql: Sql,
	actor: Actor,
	hulpvraagId: string,
	input: unknown
): Promise<Added> {
	const a = check(input);
	return sql.begin(async (tx) => {
		const facts = await authorizedHulpvraag(tx, actor, 'record-arrangement', hulpvraagId);
		const [row] = await tx<{ id: string }[]>`
			insert into aanpak (organisation_id, hulpvraag_id, type, behandelaar, start_date, end_date,
				evaluation_date, budget_cents, toelichting, created_by)
			values (${actor.organisationId}, ${facts.id}, ${a.type}, ${a.behandelaar}, ${a.startdatum},
				${a.einddatum}, ${a.evaluatiedatum}, ${a.budget}, ${a.toelichting}, ${actor.accountId})
			returning id`;
		await audit.byActor(tx, actor, 'aanpak.create', 'aanpak', row!.id, {
			hulpvraag: facts.id,
			type: a.type
		});
		const newStatusId = await afterEvent(
			tx,
			actor,
			facts.id,
			'status_after_aanpak',
			`Aanpak vastgelegd: ${a.type}`
		);
		return { id: row!.id, newStatusId };
	});
}

/**
 * Changes an aanpak; `version` is the one the form showed, so the second of two people
 * editing it is refused instead of overwriting. A changed evaluation date earns a new
 * reminder.
 */
export async function update(
	sql: Sql,
	actor: Actor,
	aanpakId: string,
	version: number,
	input: unknown
): Promise<void> {
	const a = check(input);
	await sql.begin(async (tx) => {
		const [current] = isUuid(aanpakId)
			? await tx<{ hulpvraagId: string; version: number }[]>`
				select hulpvraag_id, version from aanpak
				where organisation_id = ${actor.organisationId} and id = ${aanpakId}
				for update`
			: [];
		await authorizedHulpvraag(tx, actor, 'record-arrangement', current?.hulpvraagId ?? '');
		if (current!.version !== version) {
			throw new Invalid({
				aanpak:
					'Iemand anders heeft deze aanpak intussen gewijzigd. Uw wijziging is niet opgeslagen. Bekijk de aanpak opnieuw en pas hem dan aan.'
			});
		}
		await tx`
			update aanpak set type = ${a.type}, behandelaar = ${a.behandelaar},
				start_date = ${a.startdatum}, end_date = ${a.einddatum},
				evaluation_reminded_at = case when evaluation_date is not distinct from ${a.evaluatiedatum}::date
					then evaluation_reminded_at end,
				evaluation_date = ${a.evaluatiedatum}, budget_cents = ${a.budget},
				toelichting = ${a.toelichting}, version = version + 1, updated_at = now()
			where id = ${aanpakId}`;
		await audit.byActor(tx, actor, 'aanpak.update', 'aanpak', aanpakId, {
			hulpvraag: current!.hulpvraagId
		});
	});
}
