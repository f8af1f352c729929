/**
 * The aanvrager of a hulpvraag: the account of the school that asked, who gets the status
 * mails (hulpvraag.ts). When an IB'er leaves or is replaced (a personeelswissel), the
 * hulpvraag is handed over to a colleague: one at a time by whoever may edit it, or all
 * open hulpvragen of a school from one aanvrager to another at once by the school's
 * directeur or a beheerder. The new aanvrager is an active IB'er or directeur of the
 * hulpvraag's school. Each hulpvraag handed over gets an audit row; the new aanvrager a
 * mail with what they now follow (titles and links, never the child's name).
 */

import { authorize, NotAllowed } from '../access/authorize';
import { may, schoolRoles, type Actor } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';
import { enqueue } from '../mail/outbox';
import { compose } from '../mail/templates';
import { Invalid } from './dossier';
import { hulpvraagFacts } from './facts';

type Db = Sql | TransactionSql;

export { Invalid };

export interface Person {
	id: string;
	displayName: string;
	roles: string[];
}

/** Who may become the aanvrager of a hulpvraag of `schoolId`: its active IB'ers and directeuren. */
export async function candidates(
	sql: Db,
	organisationId: string,
	schoolId: string
): Promise<Person[]> {
	return sql<Person[]>`
		select a.id, a.display_name, a.roles from account a
		join account_school x on x.account_id = a.id
		join school s on s.id = x.school_id and s.organisation_id = ${organisationId}
		where a.organisation_id = ${organisationId} and x.school_id = ${schoolId}
			and a.state = 'active' and a.roles && ${sql.array([...schoolRoles])}::text[]
		order by a.display_name, a.id`;
}

async function isCandidate(tx: Db, organisationId: string, schoolId: string, accountId: string) {
	if (!isUuid(accountId)) return false;
	return (await candidates(tx, organisationId, schoolId)).some((c) => c.id === accountId);
}

interface Handed {
	id: string;
	titel: string;
	status: string;
}

/** The mail to the new aanvrager: what they now follow, as titles with links. */
async function mailNewAanvrager(
	tx: Db,
	actor: Actor,
	toAccountId: string,
	schoolName: string,
	hulpvragen: Handed[]
): Promise<void> {
	const [to] = await tx<{ email: string; displayName: string }[]>`
		select email, display_name from account
		where organisation_id = ${actor.organisationId} and id = ${toAccountId} and state = 'active'`;
	if (!to) return;
	const [org] = await tx<{ name: string; mailClosingText: string }[]>`
		select name, mail_closing_text from organisation where id = ${actor.organisationId}`;
	const [by] = await tx<{ displayName: string }[]>`
		select display_name from account where id = ${actor.accountId}`;
	const who = by?.displayName ?? 'Kindkring';
	const link = (id: string) => `${actor.origin}/hulpvragen/${id}`;
	const one = hulpvragen.length === 1 ? hulpvragen[0]! : undefined;
	const shown = hulpvragen.slice(0, 50);
	const mail = compose(
		{ name: org!.name, closingText: org!.mailClosingText },
		one
			? `U bent aanvrager van een hulpvraag: ${one.titel}`
			: `U bent aanvrager van ${hulpvragen.length} hulpvragen van ${schoolName}`,
		`Beste ${to.displayName},`,
		[
			{
				text: one
					? `${who} heeft u aanvrager gemaakt van een hulpvraag van ${schoolName} (${one.titel}, status ‘${one.status}’). U krijgt voortaan de e-mails over de status.`
					: `${who} heeft ${hulpvragen.length} open hulpvragen van ${schoolName} aan u overgedragen. U bent nu de aanvrager en krijgt voortaan de e-mails over hun status.`,
				...(one ? { link: { label: 'Hulpvraag bekijken', url: link(one.id) } } : {})
			},
			...(one
				? []
				: [
						{
							text: [
								...shown.map((h) => `- ${h.titel} (${h.status}): ${link(h.id)}`),
								...(hulpvragen.length > shown.length
									? [`en nog ${hulpvragen.length - shown.length} andere, onder Hulpvragen.`]
									: [])
							].join('\n')
						}
					]),
			{
				text: 'Wilt u de e-mails over de status niet ontvangen? Zet ze uit onder Mijn account.'
			}
		]
	);
	await enqueue(tx, {
		...mail,
		kind: 'hulpvraag.aanvrager',
		organisationId: actor.organisationId,
		accountId: toAccountId,
		fromName: org!.name,
		to: to.email
	});
}

/**
 * Makes `toAccountId` the aanvrager of one hulpvraag. Allowed to whoever may edit the
 * hulpvraag (else 404); the new aanvrager must be an active IB'er or directeur of its
 * school (else `Invalid`).
 */
export async function change(
	sql: Sql,
	actor: Actor,
	hulpvraagId: string,
	toAccountId: string
): Promise<void> {
	await sql.begin(async (tx) => {
		const facts = isUuid(hulpvraagId)
			? await hulpvraagFacts(tx, actor.organisationId, hulpvraagId)
			: undefined;
		authorize(actor, 'edit', facts);
		const [h] = await tx<
			(Handed & {
				aanvragerId: string | null;
				schoolId: string | null;
				schoolName: string | null;
			})[]
		>`
			select h.id, h.aanvrager_id, h.school_id, sc.name as school_name, t.name as titel, s.name as status
			from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id
			join process_status s on s.id = h.status_id left join school sc on sc.id = h.school_id
			where h.organisation_id = ${actor.organisationId} and h.id = ${hulpvraagId}
			for update of h`;
		if (!h) throw new NotAllowed('edit', 'bestaat niet');
		if (!h.schoolId) {
			throw new Invalid({
				aanvrager:
					'Deze hulpvraag heeft geen school, dus ook geen aanvrager van een school. Voeg eerst de school toe.'
			});
		}
		if (!(await isCandidate(tx, actor.organisationId, h.schoolId, toAccountId))) {
			throw new Invalid({
				aanvrager: `Kies een IB'er of directeur van ${h.schoolName} uit de lijst.`
			});
		}
		if (h.aanvragerId === toAccountId) return;
		await tx`update hulpvraag set aanvrager_id = ${toAccountId} where id = ${h.id}`;
		await audit.byActor(tx, actor, 'hulpvraag.aanvrager.change', 'hulpvraag', h.id, {
			from: h.aanvragerId,
			to: toAccountId
		});
		await mailNewAanvrager(tx, actor, toAccountId, h.schoolName ?? '', [h]);
	});
}

export interface School {
	id: string;
	name: string;
	brinVestiging: string;
}

/** Schools whose hulpvragen the actor may hand over: all for a beheerder, their own for a directeur. */
export async function handoverSchools(sql: Db, actor: Actor): Promise<School[]> {
	const schools = await sql<School[]>`
		select id, name, brin_vestiging from school where organisation_id = ${actor.organisationId}
		order by name, brin_vestiging`;
	return schools.filter(
		(s) =>
			may(actor, 'handover-aanvragers', {
				type: 'school',
				organisationId: actor.organisationId,
				schoolId: s.id
			}).allowed
	);
}

export interface Aanvrager {
	id: string;
	displayName: string;
	state: string;
	/** Open (not final) hulpvragen of the school with this aanvrager. */
	open: number;
}

/** The aanvragers of the school's open hulpvragen, also deactivated ones (who left). */
export async function aanvragersOf(
	sql: Db,
	organisationId: string,
	schoolId: string
): Promise<Aanvrager[]> {
	return sql<Aanvrager[]>`
		select a.id, a.display_name, a.state, count(*)::int as open
		from hulpvraag h join process_status s on s.id = h.status_id
		join account a on a.id = h.aanvrager_id
		where h.organisation_id = ${organisationId} and h.school_id = ${schoolId} and not s.final
		group by a.id, a.display_name, a.state
		order by a.display_name, a.id`;
}

export interface HandoverInput {
	schoolId: string;
	fromAccountId: string;
	toAccountId: string;
}

/**
 * Hands every open (not final) hulpvraag of the school whose aanvrager is `fromAccountId`
 * over to `toAccountId`, in one transaction: an audit row per hulpvraag and one mail to
 * the new aanvrager. Only the school's directeur and beheerders (else 404).
 */
export async function handover(
	sql: Sql,
	actor: Actor,
	input: HandoverInput
): Promise<{ moved: number; to: string }> {
	if (!isUuid(input.schoolId)) throw new NotAllowed('handover-aanvragers', 'geen school');
	return sql.begin(async (tx) => {
		const [school] = await tx<{ name: string }[]>`
			select name from school where organisation_id = ${actor.organisationId} and id = ${input.schoolId}`;
		const facts = {
			type: 'school' as const,
			organisationId: actor.organisationId,
			schoolId: input.schoolId
		};
		authorize(actor, 'handover-aanvragers', school ? facts : undefined);
		const { name: schoolName } = school!;
		if (!isUuid(input.fromAccountId)) {
			throw new Invalid({ van: 'Kies de huidige aanvrager uit de lijst.' });
		}
		if (!(await isCandidate(tx, actor.organisationId, input.schoolId, input.toAccountId))) {
			throw new Invalid({ naar: `Kies een IB'er of directeur van ${schoolName} uit de lijst.` });
		}
		if (input.fromAccountId === input.toAccountId) {
			throw new Invalid({ naar: 'Kies iemand anders dan de huidige aanvrager.' });
		}
		const rows = await tx<Handed[]>`
			select h.id, t.name as titel, s.name as status
			from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id
			join process_status s on s.id = h.status_id
			where h.organisation_id = ${actor.organisationId} and h.school_id = ${input.schoolId}
				and h.aanvrager_id = ${input.fromAccountId} and not s.final
			order by h.datum, h.created_at, h.id
			for update of h`;
		if (rows.length === 0) {
			throw new Invalid({
				van: `Deze persoon is van geen enkele open hulpvraag van ${schoolName} de aanvrager. Kies iemand uit de lijst.`
			});
		}
		await tx`
			update hulpvraag set aanvrager_id = ${input.toAccountId}
			where id = any(${tx.array(rows.map((r) => r.id))}::uuid[])`;
		for (const r of rows) {
			await audit.byActor(tx, actor, 'hulpvraag.aanvrager.handover', 'hulpvraag', r.id, {
				from: input.fromAccountId,
				to: input.toAccountId,
				school: input.schoolId
			});
		}
		await mailNewAanvrager(tx, actor, input.toAccountId, schoolName, rows);
		const [to] = await tx<{ displayName: string }[]>`
			select display_name from account where id = ${input.toAccountId}`;
		return { moved: rows.length, to: to!.displayName };
	});
}

/** Per school, how many open hulpvragen have this account as aanvrager (for Beheer → Accounts). */
export async function openPerSchool(
	sql: Db,
	organisationId: string,
	accountId: string
): Promise<{ schoolId: string; schoolName: string; open: number }[]> {
	return sql<{ schoolId: string; schoolName: string; open: number }[]>`
		select sc.id as school_id, sc.name as school_name, count(*)::int as open
		from hulpvraag h join process_status s on s.id = h.status_id
		join school sc on sc.id = h.school_id
		where h.organisation_id = ${organisationId} and h.aanvrager_id = ${accountId} and not s.final
		group by sc.id, sc.name order by sc.name, sc.id`;
}
