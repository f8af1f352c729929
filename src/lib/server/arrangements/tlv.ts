/**
 * The toelaatbaarheidsverklaring (TLV) of a hulpvraag: the SWV's decision that a child may
 * go to special education (SBO or SO), in a category, from its ingangsdatum up to and
 * including its einddatum. Recorded by SWV staff once the hulpvraag is not voorlopig and by
 * beheerders (policy: 'record-arrangement'); read by whoever sees the hulpvraag. The TLV
 * document is a bijlage of the same hulpvraag. An ended or replaced TLV is archived: it
 * leaves the list of active TLVs and stays in the dossier.
 */
import { schoolYearEnd, type SoType, type TlvCategory } from '../../arrangements';
import { may, type Actor } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { authorizedHulpvraag, hulpvraagFactsFor } from '../dossiers/facts';
import { afterEvent } from '../dossiers/status-change';
import { isUuid } from '../ids';
import { amsterdamDate } from '../overlegronde/dates';
import { Invalid, parseOrThrow, tlvSchema, type TlvInput } from './input';

type Db = Sql | TransactionSql;

export interface Tlv {
	id: string;
	hulpvraagId: string;
	dossierId: string;
	hulpvraagTitel: string;
	swvNumber: string;
	category: TlvCategory;
	soType: SoType;
	ingangsdatum: string;
	einddatum: string;
	beschikkingsnummer: string;
	bijlageId: string | null;
	bijlageName: string | null;
	createdByName: string | null;
	createdAt: Date;
	archivedAt: Date | null;
	archivedByName: string | null;
}

const columns = (sql: Db) => sql`
	x.id, x.hulpvraag_id, x.dossier_id, t.name as hulpvraag_titel, x.swv_number, x.category,
	x.so_type, to_char(x.ingangsdatum, 'YYYY-MM-DD') as ingangsdatum,
	to_char(x.einddatum, 'YYYY-MM-DD') as einddatum, x.beschikkingsnummer, x.bijlage_id,
	b.display_name as bijlage_name, c.display_name as created_by_name, x.created_at,
	x.archived_at, r.display_name as archived_by_name`;

const from = (sql: Db) => sql`
	tlv x
	join hulpvraag h on h.id = x.hulpvraag_id and h.organisation_id = x.organisation_id
	join hulpvraag_titel t on t.id = h.titel_id
	left join bijlage b on b.id = x.bijlage_id and b.removed_at is null
	left join account c on c.id = x.created_by
	left join account r on r.id = x.archived_by`;

/** The ids of these hulpvragen the actor may view. */
async function visible(sql: Db, actor: Actor, hulpvraagIds: readonly string[]): Promise<string[]> {
	const facts = await hulpvraagFactsFor(sql, actor.organisationId, hulpvraagIds);
	return [...facts.values()].filter((f) => may(actor, 'view', f).allowed).map((f) => f.id);
}

/** The TLVs of these hulpvragen the actor may view, archived ones too, newest first. */
export async function ofHulpvragen(
	sql: Db,
	actor: Actor,
	hulpvraagIds: readonly string[]
): Promise<Tlv[]> {
	const ids = await visible(sql, actor, hulpvraagIds);
	if (ids.length === 0) return [];
	return sql<Tlv[]>`
		select ${columns(sql)} from ${from(sql)}
		where x.organisation_id = ${actor.organisationId}
			and x.hulpvraag_id = any(${sql.array(ids)}::uuid[])
		order by x.archived_at is not null, x.ingangsdatum desc, x.created_at desc`;
}

export interface ActiveTlv extends Tlv {
	/** The einddatum has passed: time to archive it. */
	ended: boolean;
	/** It ends within the current school year (on or before 31 July): a new one may be due. */
	endsThisSchoolYear: boolean;
	/** Whether the actor may archive it (the policy's 'record-arrangement'). */
	mayArchive: boolean;
}

/**
 * The organisation's TLVs that are not archived, on hulpvragen the actor may view, those
 * ending first at the top; each marked when it has ended or ends within the school year.
 */
export async function active(sql: Db, actor: Actor, now: Date): Promise<ActiveTlv[]> {
	const rows = await sql<Tlv[]>`
		select ${columns(sql)} from ${from(sql)}
		where x.organisation_id = ${actor.organisationId} and x.archived_at is null
		order by x.einddatum, x.created_at`;
	const facts = await hulpvraagFactsFor(sql, actor.organisationId, [
		...new Set(rows.map((r) => r.hulpvraagId))
	]);
	const today = amsterdamDate(now);
	const yearEnd = schoolYearEnd(today);
	return rows.flatMap((r) => {
		const f = facts.get(r.hulpvraagId);
		if (!f || !may(actor, 'view', f).allowed) return [];
		return [
			{
				...r,
				ended: r.einddatum < today,
				endsThisSchoolYear: r.einddatum >= today && r.einddatum <= yearEnd,
				mayArchive: may(actor, 'record-arrangement', f).allowed
			}
		];
	});
}

/** The input, or `Invalid` with a Dutch message per field. */
export function check(input: unknown): TlvInput {
	return parseOrThrow(tlvSchema, input);
}

export interface Added {
	id: string;
	/** The status the automation moved the hulpvraag to, or null. */
	newStatusId: string | null;
}

/** Records a TLV on the hulpvraag; throws `Invalid` or `NotAllowed`. */
export async function add(
	sql: Sql,
	actor: Actor,
	hulpvraagId: string,
	input: unknown
): Promise<Added> {
	const t = check(input);
	return sql.begin(async (tx) => {
		const facts = await authorizedHulpvraag(tx, actor, 'record-arrangement', hulpvraagId);
		if (t.bijlage_id) {
			const [own] = await tx`
				select 1 from bijlage
				where organisation_id = ${actor.organisationId} and id = ${t.bijlage_id}
					and hulpvraag_id = ${facts.id} and removed_at is null`;
			if (!own) throw new Invalid({ bijlage_id: 'Kies een bijlage van deze hulpvraag.' });
		}
		const [row] = await tx<{ id: string }[]>`
			insert into tlv (organisation_id, hulpvraag_id, dossier_id, swv_number, category, so_type,
				ingangsdatum, einddatum, beschikkingsnummer, bijlage_id, created_by)
			values (${actor.organisationId}, ${facts.id}, ${facts.dossierId}, ${t.swv_nummer},
				${t.categorie}, ${t.soort}, ${t.ingangsdatum}, ${t.einddatum}, ${t.beschikkingsnummer},
				${t.bijlage_id}, ${actor.accountId})
			returning id`;
		await audit.byActor(tx, actor, 'tlv.create', 'tlv', row!.id, {
			hulpvraag: facts.id,
			category: t.categorie,
			soType: t.soort
		});
		const newStatusId = await afterEvent(
			tx,
			actor,
			facts.id,
			'status_after_tlv',
			`TLV vastgelegd: ${t.swv_nummer}`
		);
		return { id: row!.id, newStatusId };
	});
}

/** Takes a TLV off the list of active TLVs; false when it was archived already. */
export async function archive(sql: Sql, actor: Actor, tlvId: string): Promise<boolean> {
	return sql.begin(async (tx) => {
		const [current] = isUuid(tlvId)
			? await tx<{ hulpvraagId: string; archived: boolean }[]>`
				select hulpvraag_id, archived_at is not null as archived from tlv
				where organisation_id = ${actor.organisationId} and id = ${tlvId}
				for update`
			: [];
		await authorizedHulpvraag(tx, actor, 'record-arrangement', current?.hulpvraagId ?? '');
		if (current!.archived) return false;
		await tx`
			update tlv set archived_at = now(), archived_by = ${actor.accountId} where id = ${tlvId}`;
		await audit.byActor(tx, actor, 'tlv.archive', 'tlv', tlvId, {
			hulpvraag: current!.hulpvraagId
		});
		return true;
	});
}
