/**
 * The voorschoolse contactpersoon of a Jonge Kind hulpvraag: the JK-specialist
 * links the pre-school's account, which then gets a mail, adds the signed forms as bijlagen
 * and follows the status until "advies afgerond" ends its access. The link row stays after
 * that, so the pre-school can be told why the hulpvraag is gone (`ended`) instead of
 * meeting a bare 404.
 *
 * Who may link is decided by the policy ('link-voorschool'); this module checks that the
 * account is an active voorschool account of the same organisation.
 */
import { formatDate } from '../../format';

import type { Actor } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';
import { enqueue } from '../mail/outbox';
import { compose } from '../mail/templates';
import { Invalid } from './dossier';
import { authorizedHulpvraag } from './facts';

type Db = Sql | TransactionSql;

export { Invalid };

export interface Contact {
	id: string;
	displayName: string;
}

export interface LinkedContact extends Contact {
	addedAt: Date;
}

/** The organisation's active voorschool accounts: who can be linked. */
export async function candidates(sql: Db, organisationId: string): Promise<Contact[]> {
	return sql<Contact[]>`
		select id, display_name from account
		where organisation_id = ${organisationId} and state = 'active' and 'voorschool' = any(roles)
		order by display_name, id`;
}

/** The voorschoolse contactpersonen linked to a hulpvraag. */
export async function linked(
	sql: Db,
	organisationId: string,
	hulpvraagId: string
): Promise<LinkedContact[]> {
	return sql<LinkedContact[]>`
		select a.id, a.display_name, l.added_at from hulpvraag_link l
		join hulpvraag h on h.id = l.hulpvraag_id
		join account a on a.id = l.account_id
		where h.organisation_id = ${organisationId} and l.hulpvraag_id = ${hulpvraagId}
			and l.role = 'voorschool'
		order by l.added_at, a.display_name`;
}

const unknownContact = () =>
	new Invalid({ voorschool: 'Kies een voorschoolse contactpersoon uit de lijst.' });

/**
 * Links `accountId` as voorschoolse contactpersoon and mails them (title and a link, no
 * child's name). Linking twice changes nothing and mails nobody.
 */
export async function add(
	sql: Sql,
	actor: Actor,
	hulpvraagId: string,
	accountId: string
): Promise<boolean> {
	if (!isUuid(accountId)) throw unknownContact();
	return sql.begin(async (tx) => {
		await authorizedHulpvraag(tx, actor, 'link-voorschool', hulpvraagId);
		const [contact] = await tx<{ id: string; email: string; displayName: string }[]>`
			select id, email, display_name from account
			where organisation_id = ${actor.organisationId} and id = ${accountId}
				and state = 'active' and 'voorschool' = any(roles)`;
		if (!contact) throw unknownContact();
		const [h] = await tx<{ titel: string; status: string; ended: boolean }[]>`
			select t.name as titel, s.name as status, h.voorschool_access_ended_at is not null as ended
			from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id
			join process_status s on s.id = h.status_id
			where h.organisation_id = ${actor.organisationId} and h.id = ${hulpvraagId}
			for update of h`;
		if (!h) throw new Invalid({ voorschool: 'Deze hulpvraag bestaat niet.' });
		if (h.ended) {
			throw new Invalid({
				voorschool:
					'Het advies is afgerond: de voorschool heeft geen toegang meer tot deze hulpvraag.'
			});
		}
		const inserted = await tx`
			insert into hulpvraag_link (hulpvraag_id, account_id, role)
			values (${hulpvraagId}, ${contact.id}, 'voorschool')
			on conflict (hulpvraag_id, account_id) do nothing
			returning 1`;
		if (inserted.length === 0) return false;
		await audit.byActor(tx, actor, 'hulpvraag.voorschool.add', 'hulpvraag', hulpvraagId, {
			account: contact.id
		});
		const [org] = await tx<{ name: string; mailClosingText: string }[]>`
			select name, mail_closing_text from organisation where id = ${actor.organisationId}`;
		const [by] = await tx<{ displayName: string }[]>`
			select display_name from account where id = ${actor.accountId}`;
		// No child's name in a mail (the pre-school is told the status and logs in).
		const mail = compose(
			{ name: org!.name, closingText: org!.mailClosingText },
			`Hulpvraag voor u: ${h.titel} — ${h.status}`,
			`Beste ${contact.displayName},`,
			[
				{
					text: `${by?.displayName ?? 'Het samenwerkingsverband'} heeft u als voorschoolse contactpersoon gekoppeld aan een hulpvraag (${h.titel}). De status is ‘${h.status}’.`
				},
				{
					text: 'Voeg het door de ouders getekende formulier ‘Aanvraag onderwijsadvies Jonge Kind’ en andere stukken toe als bijlage. Op uw telefoon kunt u foto’s van de bladzijden maken: Kindkring maakt er één PDF van.',
					link: { label: 'Hulpvraag bekijken', url: `${actor.origin}/hulpvragen/${hulpvraagId}` }
				}
			]
		);
		await enqueue(tx, {
			...mail,
			kind: 'hulpvraag.voorschool',
			organisationId: actor.organisationId,
			accountId: contact.id,
			fromName: org!.name,
			to: contact.email
		});
		return true;
	});
}

/** Unlinks a voorschoolse contactpersoon; returns whether there was a link. */
export async function remove(
	sql: Sql,
	actor: Actor,
	hulpvraagId: string,
	accountId: string
): Promise<boolean> {
	if (!isUuid(accountId)) throw unknownContact();
	return sql.begin(async (tx) => {
		await authorizedHulpvraag(tx, actor, 'link-voorschool', hulpvraagId);
		const removed = await tx`
			delete from hulpvraag_link l using hulpvraag h
			where h.id = l.hulpvraag_id and h.organisation_id = ${actor.organisationId}
				and l.hulpvraag_id = ${hulpvraagId} and l.account_id = ${accountId}
				and l.role = 'voorschool'
			returning 1`;
		if (removed.length === 0) return false;
		await audit.byActor(tx, actor, 'hulpvraag.voorschool.remove', 'hulpvraag', hulpvraagId, {
			account: accountId
		});
		return true;
	});
}

export interface EndedLink {
	hulpvraagId: string;
	titel: string;
	/** The day (Dutch time) the hulpvraag first reached a status that ends voorschool access. */
	endedOn: string;
}

/** What the pre-school reads (410) for a hulpvraag, or one of its bijlagen, after its access ended. */
export function endedNotice(link: EndedLink): { message: string; titel: string } {
	return {
		message: `Uw toegang tot deze aanvraag is beëindigd: het advies is afgerond (${formatDate(link.endedOn)}).`,
		titel: link.titel
	};
}

/**
 * Hulpvragen whose access ended for this voorschool account ("advies afgerond"), newest
 * first: only the title and the date, nothing of the child. Empty for everyone else.
 */
export async function ended(
	sql: Db,
	actor: Actor,
	hulpvraagId?: string,
	limit = 10
): Promise<EndedLink[]> {
	if (!actor.roles.includes('voorschool')) return [];
	if (hulpvraagId !== undefined && !isUuid(hulpvraagId)) return [];
	return sql<EndedLink[]>`
		select * from (
			select h.id as hulpvraag_id, t.name as titel,
				to_char(h.voorschool_access_ended_at at time zone 'Europe/Amsterdam', 'YYYY-MM-DD')
					as ended_on
			from hulpvraag_link l
			join hulpvraag h on h.id = l.hulpvraag_id
			join hulpvraag_titel t on t.id = h.titel_id
			where l.account_id = ${actor.accountId} and l.role = 'voorschool'
				and h.organisation_id = ${actor.organisationId}
				${hulpvraagId !== undefined ? sql`and h.id = ${hulpvraagId}` : sql``}
		) x
		where ended_on is not null
		order by ended_on desc, hulpvraag_id
		limit ${limit}`;
}
