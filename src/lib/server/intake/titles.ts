/**
 * The title of a hulpvraag a school system sends: the school chose it in its own system
 * (`aanvraagtype`), spelled as that system spells it. It matches a title of the
 * organisation (available for the school's region) or an alias the organisation keeps,
 * regardless of case, spaces, dashes and brackets. A type that matches nothing gets the
 * organisation's "Titel onbekend": such hulpvragen are a review queue where SWV staff
 * choose the real title, which then runs that title's automations, instead of a wrong
 * title running the wrong ones.
 */
import type { Actor } from '../access/actor';
import { may } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { Invalid } from '../dossiers/dossier';
import { authorizedHulpvraag, hulpvraagFactsFor } from '../dossiers/facts';
import { moveAutomatically } from '../dossiers/status-change';
import { attachByAutomation } from '../forms/attach';
import { isUuid } from '../ids';
import { initialStatus, titlesFor } from '../workflow/process';

type Db = Sql | TransactionSql;

export const reviewTitleName = 'Titel onbekend';

/** "Ambulante  begeleiding (AB)" and "ambulante-begeleiding AB" are the same type. */
export function normaliseType(type: string): string {
	return type
		.normalize('NFC')
		.toLowerCase()
		.replace(/[-–—_/()[\]{}.,:;]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

export type TitleMatch = { titelId: string; review: false } | { titelId: string; review: true };

/** The title for `type` at a school of `region`, or the review title. */
export async function matchTitle(
	tx: Db,
	organisationId: string,
	region: string,
	type: string
): Promise<TitleMatch> {
	const wanted = normaliseType(type);
	const titles = await titlesFor(tx, organisationId, region);
	const byName = titles.find((t) => normaliseType(t.name) === wanted);
	if (byName) return { titelId: byName.id, review: false };
	const [alias] = await tx<{ titelId: string }[]>`
		select titel_id from hulpvraag_titel_alias
		where organisation_id = ${organisationId} and alias = ${wanted}`;
	if (alias && titles.some((t) => t.id === alias.titelId)) {
		return { titelId: alias.titelId, review: false };
	}
	return { titelId: await reviewTitle(tx, organisationId), review: true };
}

/** The organisation's "Titel onbekend", made the first time it is needed; never chosen by hand. */
export async function reviewTitle(tx: Db, organisationId: string): Promise<string> {
	const [existing] = await tx<{ id: string }[]>`
		select id from hulpvraag_titel where organisation_id = ${organisationId} and review`;
	if (existing) return existing.id;
	const [made] = await tx<{ id: string }[]>`
		insert into hulpvraag_titel (organisation_id, name, active, review, position)
		values (${organisationId}, ${reviewTitleName}, false, true, 10000)
		on conflict do nothing returning id`;
	if (made) return made.id;
	// Made by a concurrent intake in the meantime.
	const [again] = await tx<{ id: string }[]>`
		select id from hulpvraag_titel where organisation_id = ${organisationId} and review`;
	return again!.id;
}

export interface ReviewItem {
	hulpvraagId: string;
	dossierId: string;
	aanvraagtype: string;
	schoolName: string | null;
	receivedAt: Date;
}

/** Hulpvragen waiting for their title, oldest first; only those the actor may give one. */
export async function reviewQueue(sql: Db, actor: Actor): Promise<ReviewItem[]> {
	const rows = await sql<ReviewItem[]>`
		select h.id as hulpvraag_id, h.dossier_id, i.aanvraagtype, s.name as school_name, i.received_at
		from hulpvraag h
		join hulpvraag_titel t on t.id = h.titel_id and t.review
		join intake_aanvraag i on i.hulpvraag_id = h.id
		left join school s on s.id = h.school_id
		where h.organisation_id = ${actor.organisationId}
		order by i.received_at`;
	const facts = await hulpvraagFactsFor(
		sql,
		actor.organisationId,
		rows.map((r) => r.hulpvraagId)
	);
	return rows.filter((r) => {
		const f = facts.get(r.hulpvraagId);
		return f !== undefined && may(actor, 'choose-title', f).allowed;
	});
}

/**
 * Gives a hulpvraag from the review queue its real title. When it is still in the status it
 * arrived in, it moves to that title's initial status; the title's automations run as for a
 * hulpvraag made with it. `rememberAlias`: the type the school sent maps to this title from
 * now on.
 */
export async function chooseTitle(
	sql: Sql,
	actor: Actor,
	input: { hulpvraagId: string; titelId: string; rememberAlias: boolean }
): Promise<void> {
	if (!isUuid(input.hulpvraagId)) throw new Invalid({ titel_id: 'Deze hulpvraag bestaat niet.' });
	if (!isUuid(input.titelId)) throw new Invalid({ titel_id: 'Kies een titel uit de lijst.' });
	await sql.begin(async (tx) => {
		await authorizedHulpvraag(tx, actor, 'choose-title', input.hulpvraagId);
		const [h] = await tx<
			{
				statusId: string;
				review: boolean;
				region: string;
				aanvraagtype: string | null;
				arrived: string;
			}[]
		>`
			select h.status_id, t.review, coalesce(s.region, '') as region, i.aanvraagtype,
				(select c.to_status_id from status_change c where c.hulpvraag_id = h.id
					order by c.changed_at, c.id limit 1) as arrived
			from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id
			left join school s on s.id = h.school_id
			left join intake_aanvraag i on i.hulpvraag_id = h.id
			where h.id = ${input.hulpvraagId} and h.organisation_id = ${actor.organisationId}
			for update of h`;
		if (!h?.review) {
			throw new Invalid({ titel_id: 'Deze hulpvraag heeft al een titel.' });
		}
		const titles = await titlesFor(tx, actor.organisationId, h.region);
		if (!titles.some((t) => t.id === input.titelId)) {
			throw new Invalid({ titel_id: 'Kies een titel uit de lijst.' });
		}
		await tx`update hulpvraag set titel_id = ${input.titelId}, version = version + 1, updated_at = now()
			where id = ${input.hulpvraagId}`;
		if (input.rememberAlias && h.aanvraagtype) {
			const alias = normaliseType(h.aanvraagtype);
			if (alias) {
				await tx`
					insert into hulpvraag_titel_alias (organisation_id, titel_id, alias)
					values (${actor.organisationId}, ${input.titelId}, ${alias})
					on conflict (organisation_id, alias) do update set titel_id = excluded.titel_id`;
			}
		}
		await audit.byActor(tx, actor, 'hulpvraag.titel.choose', 'hulpvraag', input.hulpvraagId, {
			titel: input.titelId,
			alias: input.rememberAlias
		});
		await attachByAutomation(tx, actor, input.hulpvraagId, { titelId: input.titelId });
		if (h.statusId === h.arrived) {
			const target = await initialStatus(tx, actor.organisationId, input.titelId);
			await moveAutomatically(tx, actor, input.hulpvraagId, target, 'Titel gekozen');
		}
	});
}
