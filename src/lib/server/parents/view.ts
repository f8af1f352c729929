/**
 * "Mijn kind": what a parent sees of their children. A parent sees the
 * dossiers listing their e-mail address, and of those only the hulpvragen in a
 * parent-visible status (never a voorlopig one) and the bijlagen shared with parents
 * (policy.ts). The lists are SQL for speed; `parentSees` is the policy's parent rule as a
 * condition, and tests/integration/parents.test.ts keeps the two equal.
 *
 * Every query filters on the organisation and on the parent's address, every read writes a
 * `dossier.view` audit row (architecture.md: every read of a dossier is in the audit log).
 *
 * The parent view is the parent's view, whatever else the account may be: an IB'er who is
 * also a parent sees here only what any parent sees (`asParent`); their staff pages stay
 * where they were.
 */
import { tlvInPlainWords, type SoType } from '../../arrangements';
import { roundsForParticipant } from '../overlegronde/round';

import { may, type Actor } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { bijlageFacts } from '../dossiers/bijlagen';
import { hulpvraagFacts } from '../dossiers/facts';
import { accepted } from '../files/sniff';
import { isUuid } from '../ids';
import { contactOf, type Contact, type ContactFacts } from './contact';

type Db = Sql | TransactionSql;

/** The actor with only its parent role: what the parent view may show. */
export function asParent<T extends Actor>(actor: T): T {
	return { ...actor, roles: actor.roles.filter((r) => r === 'ouder'), schoolIds: [] };
}

/** How addresses are compared: the policy trims and lower-cases; stored ones are trimmed. */
function addressOf(actor: Actor): string {
	return actor.email.trim().toLowerCase();
}

/**
 * The hulpvragen (alias `h`, status alias `s`) a parent may view, as a SQL condition: the
 * policy's parent rule (`isParentOf` and `status.parentVisible`) and the tenancy check.
 */
export function parentSees(sql: Db, actor: Actor) {
	if (!actor.roles.includes('ouder')) return sql`false`;
	return sql`(h.organisation_id = ${actor.organisationId} and s.parent_visible
		and exists (select 1 from dossier_parent_email p
			where p.dossier_id = h.dossier_id and lower(p.email) = ${addressOf(actor)}))`;
}

export interface ParentHulpvraag {
	id: string;
	dossierId: string;
	titel: string;
	/**
	 * The status in plain words (process_status.parent_text). Parents never see the status's
	 * own name (a code such as "TLV_2_aanvraag indienen"); a status without a text gets a
	 * general one.
	 */
	statusText: string;
	/** What happens next (process_status.next_step_text); may be empty. */
	nextStep: string;
	final: boolean;
	datum: string;
	/** The last status change: the current status, which the parent sees. */
	lastChange: Date;
	schoolName: string | null;
	contact: Contact | null;
	sharedBijlagen: number;
	/** The hulpvraag's TLVs that are not archived, in plain words. */
	tlvs: string[];
}

/** What a parent reads for a status the organisation gave no parent text. */
export function plainStatus(parentText: string | null, final: boolean): string {
	if (parentText?.trim()) return parentText.trim();
	return final ? 'Deze vraag is afgerond.' : 'Er wordt aan deze vraag gewerkt.';
}

interface HulpvraagRow
	extends Omit<ParentHulpvraag, 'contact' | 'statusText' | 'tlvs'>, ContactFacts {
	statusText: string | null;
}

function toHulpvraag(row: HulpvraagRow): ParentHulpvraag {
	return {
		id: row.id,
		dossierId: row.dossierId,
		titel: row.titel,
		statusText: plainStatus(row.statusText, row.final),
		nextStep: row.nextStep,
		final: row.final,
		datum: row.datum,
		lastChange: row.lastChange,
		schoolName: row.schoolName,
		contact: contactOf(row),
		sharedBijlagen: row.sharedBijlagen,
		tlvs: []
	};
}

function hulpvragenQuery(sql: Db, actor: Actor, where: ReturnType<typeof parentSees>) {
	return sql<HulpvraagRow[]>`
		select h.id, h.dossier_id, t.name as titel, s.parent_text as status_text,
			s.next_step_text as next_step, s.final, to_char(h.datum, 'YYYY-MM-DD') as datum,
			coalesce((select max(c.changed_at) from status_change c
				join process_status cs on cs.id = c.to_status_id
				where c.hulpvraag_id = h.id and cs.parent_visible), h.created_at) as last_change,
			sc.name as school_name, aa.display_name as aanvrager_name,
			aa.function_title as aanvrager_function, aa.email as aanvrager_email,
			sp.aanvrager as period_aanvrager, sp.email as period_email, sp.phone as school_phone,
			co.display_name as coordinator, co.function_title as coordinator_function,
			co.email as coordinator_email, o.name as organisation_name,
			(select count(*)::int from bijlage b where b.organisation_id = h.organisation_id
				and b.hulpvraag_id = h.id and b.removed_at is null and b.parent_visible) as shared_bijlagen
		from hulpvraag h
		join process_status s on s.id = h.status_id
		join hulpvraag_titel t on t.id = h.titel_id
		join organisation o on o.id = h.organisation_id
		left join school sc on sc.id = h.school_id and sc.organisation_id = h.organisation_id
		left join lateral (
			select p.aanvrager, p.email, p.phone from school_period p
			where p.dossier_id = h.dossier_id and p.school_id = h.school_id
			order by p.end_date desc nulls first, p.start_date desc nulls first
			limit 1
		) sp on true
		-- Only an active account is someone to ask (a deactivated one reads no mail).
		left join account aa on aa.id = h.aanvrager_id and aa.organisation_id = h.organisation_id
			and aa.state = 'active'
		left join account co on co.id = h.coordinator_id and co.organisation_id = h.organisation_id
			and co.state = 'active'
		where ${parentSees(sql, actor)} and ${where}
		order by h.datum desc, h.created_at desc`;
}

export interface ParentChild {
	id: string;
	roepnaam: string;
	tussenvoegsel: string;
	achternaam: string;
	geboortedatum: string;
	/** The current school, if the child has one (a toddler in the Jonge Kind process has none). */
	schoolName: string | null;
	hulpvragen: ParentHulpvraag[];
}

async function childrenWhere(sql: Db, actor: Actor, dossierId: string | null) {
	const parent = asParent(actor);
	const hulpvragen = (
		await hulpvragenQuery(sql, parent, dossierId ? sql`h.dossier_id = ${dossierId}` : sql`true`)
	).map(toHulpvraag);
	const ids = [...new Set(hulpvragen.map((h) => h.dossierId))];
	if (ids.length === 0) return [];
	// Only of the hulpvragen above: those the parent sees, in a parent-visible status.
	const tlvs = await sql<
		{ hulpvraagId: string; soType: SoType; ingangsdatum: string; einddatum: string }[]
	>`
		select hulpvraag_id, so_type, to_char(ingangsdatum, 'YYYY-MM-DD') as ingangsdatum,
			to_char(einddatum, 'YYYY-MM-DD') as einddatum
		from tlv where organisation_id = ${parent.organisationId} and archived_at is null
			and hulpvraag_id = any(${sql.array(hulpvragen.map((h) => h.id))}::uuid[])
		order by ingangsdatum desc, created_at desc`;
	for (const t of tlvs)
		hulpvragen.find((h) => h.id === t.hulpvraagId)?.tlvs.push(tlvInPlainWords(t));
	const rows = await sql<Omit<ParentChild, 'hulpvragen'>[]>`
		select d.id, d.roepnaam, d.tussenvoegsel, d.achternaam,
			to_char(d.geboortedatum, 'YYYY-MM-DD') as geboortedatum,
			(select s.name from school_period p join school s on s.id = p.school_id
				where p.dossier_id = d.id and (p.end_date is null or p.end_date >= current_date)
				order by p.start_date desc nulls last limit 1) as school_name
		from dossier d
		where d.organisation_id = ${parent.organisationId} and d.id = any(${sql.array(ids)}::uuid[])
			and exists (select 1 from dossier_parent_email p
				where p.dossier_id = d.id and lower(p.email) = ${addressOf(parent)})
		order by d.geboortedatum, d.roepnaam`;
	return rows.map((d) => ({ ...d, hulpvragen: hulpvragen.filter((h) => h.dossierId === d.id) }));
}

/** Every child the parent may see, each with its visible hulpvragen, newest first. */
export async function children(sql: Db, actor: Actor): Promise<ParentChild[]> {
	return childrenWhere(sql, actor, null);
}

/** One child, or undefined (then: 404) when the parent may not see it. */
export async function child(
	sql: Db,
	actor: Actor,
	dossierId: string
): Promise<ParentChild | undefined> {
	if (!isUuid(dossierId)) return undefined;
	const [one] = await childrenWhere(sql, actor, dossierId);
	return one;
}

export interface TimelineEntry {
	id: string;
	changedAt: Date;
	/** The status in plain words, never its own name (see ParentHulpvraag.statusText). */
	statusText: string;
	/** Only when the status it moved to is parent-visible; empty otherwise. */
	reason: string;
}

interface RawStatus {
	statusText: string | null;
	final: boolean;
}

export interface SharedBijlage {
	id: string;
	displayName: string;
	size: number;
	mime: string;
	addedAt: Date;
	/** PDF, plain text and images open in the browser; the rest downloads. */
	opens: boolean;
}

/** An overlegronde the parent takes part in (overlegronde_participant, not removed). */
export interface ParentOverlegronde {
	id: string;
	onderwerp: string;
	reactiesTot: string;
	inzageTot: string;
	live: boolean;
	reactiesOpen: boolean;
}

export interface ParentHulpvraagDetail extends ParentHulpvraag {
	child: Omit<ParentChild, 'hulpvragen'>;
	timeline: TimelineEntry[];
	bijlagen: SharedBijlage[];
	overlegrondes: ParentOverlegronde[];
}

/** One hulpvraag of one child, with its history and shared bijlagen; undefined means 404. */
export async function hulpvraag(
	sql: Db,
	actor: Actor,
	dossierId: string,
	hulpvraagId: string
): Promise<ParentHulpvraagDetail | undefined> {
	if (!isUuid(dossierId) || !isUuid(hulpvraagId)) return undefined;
	const parent = asParent(actor);
	const facts = await hulpvraagFacts(sql, parent.organisationId, hulpvraagId);
	if (!facts || facts.dossierId !== dossierId || !may(parent, 'view', facts).allowed) {
		return undefined;
	}
	const [kid] = await childrenWhere(sql, parent, dossierId);
	const h = kid?.hulpvragen.find((x) => x.id === hulpvraagId);
	if (!kid || !h) return undefined;
	// A change shows only when it moved to a status parents see; its reason likewise
	// (the condition is repeated in the select, so a later change of the filter cannot
	// leak a reason).
	const changes = await sql<(Omit<TimelineEntry, 'statusText'> & RawStatus)[]>`
		select c.id::text, c.changed_at, t.parent_text as status_text, t.final,
			case when t.parent_visible then c.reason else '' end as reason
		from status_change c join process_status t on t.id = c.to_status_id
		where c.organisation_id = ${parent.organisationId} and c.hulpvraag_id = ${hulpvraagId}
			and t.parent_visible
		order by c.changed_at desc, c.id desc`;
	const timeline: TimelineEntry[] = changes.map(({ statusText, final, ...c }) => ({
		...c,
		statusText: plainStatus(statusText, final)
	}));
	const rows = await sql<(Omit<SharedBijlage, 'opens'> & { parentVisible: boolean })[]>`
		select b.id, b.display_name, b.size, b.mime, b.added_at, b.parent_visible
		from bijlage b
		where b.organisation_id = ${parent.organisationId} and b.hulpvraag_id = ${hulpvraagId}
			and b.removed_at is null and b.parent_visible
		order by b.added_at desc, b.id`;
	const bijlagen = rows
		.filter((b) => may(parent, 'view', bijlageFacts(facts, b.parentVisible)).allowed)
		.map(({ parentVisible: _, ...b }) => ({ ...b, opens: accepted.get(b.mime)?.inline ?? false }));
	const { hulpvragen: _, ...childOnly } = kid;
	// Rounds on this hulpvraag the parent takes part in, also ended ones (so "ik zie niets"
	// never happens silently: the round page says access ended and offers the extension).
	const overlegrondes: ParentOverlegronde[] = (await roundsForParticipant(sql, actor, new Date()))
		.filter((r) => r.hulpvraagId === hulpvraagId)
		.map((r) => ({
			id: r.id,
			onderwerp: r.onderwerp,
			reactiesTot: r.einddatumReacties,
			inzageTot: r.einddatumInzage,
			live: r.live,
			reactiesOpen: r.reactiesOpen
		}));
	return { ...h, child: childOnly, timeline, bijlagen, overlegrondes };
}

export interface OpenOverlegronde extends ParentOverlegronde {
	hulpvraagTitel: string;
}

/**
 * The overlegrondes the parent takes part in whose einddatum inzage has not passed, for the
 * "Mijn kind" page: each links to the round itself (the round page checks access again).
 * Ended rounds are listed on the hulpvraag they belong to.
 */
export async function openOverlegrondes(
	sql: Db,
	actor: Actor,
	now: Date
): Promise<OpenOverlegronde[]> {
	return (await roundsForParticipant(sql, actor, now))
		.filter((r) => r.live)
		.map((r) => ({
			id: r.id,
			onderwerp: r.onderwerp,
			hulpvraagTitel: r.hulpvraagTitel,
			reactiesTot: r.einddatumReacties,
			inzageTot: r.einddatumInzage,
			live: r.live,
			reactiesOpen: r.reactiesOpen
		}));
}

export interface OrganisationContact {
	name: string;
	helpdeskText: string;
}

/** The organisation (SWV) and how to reach it, for "meer opvragen" (AVG right of access). */
export async function organisation(sql: Db, actor: Actor): Promise<OrganisationContact> {
	const [row] = await sql<OrganisationContact[]>`
		select name, helpdesk_text from organisation where id = ${actor.organisationId}`;
	return row ?? { name: '', helpdeskText: '' };
}

/** The audit rows of a parent's read: one `dossier.view` per child shown. */
export async function recordView(
	sql: Db,
	actor: Actor,
	dossierIds: readonly string[],
	details: Record<string, string>
): Promise<void> {
	for (const id of dossierIds) {
		await audit.byActor(sql, actor, 'dossier.view', 'dossier', id, { ...details, view: 'ouder' });
	}
}

/** The audit row of a parent's denied attempt to read a child (not theirs, or no such child). */
export async function recordDenied(
	sql: Sql,
	actor: Actor,
	dossierId: string,
	details: Record<string, string>
): Promise<void> {
	// An id that is no uuid names nothing and is not logged.
	if (!isUuid(dossierId)) return;
	await audit.denied(sql, {
		organisationId: actor.organisationId,
		accountId: actor.accountId,
		action: 'dossier.view',
		targetType: 'dossier',
		targetId: dossierId,
		ipHash: actor.ipHash,
		details: { ...details, view: 'ouder' }
	});
}
