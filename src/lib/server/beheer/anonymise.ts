/**
 * Anonymising (AVG): a hulpvraag or a whole dossier keeps what the figures need — that it
 * existed, its organisation, school, title, statuses with their dates, the school periods'
 * dates — and loses everything that says who the child is or what happened to it: names,
 * birth day (the year stays, for age figures), sex, addresses, parents and their e-mail
 * addresses, notes, omschrijvingen, reasons given with status changes, form answers and
 * signers, aanpak and TLV texts, overlegronde subjects and reactions, what a school system
 * sent, and the bijlagen (rows deleted, so the store's sweep removes their files after its
 * grace period). It cannot be undone. Beheerders only; audited with counts, never content.
 */
import type { Actor } from '../access/actor';
import { authorizeOrganisation } from '../access/authorize';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { Invalid } from '../dossiers/dossier';
import { isUuid } from '../ids';

export const anonymousName = 'Geanonimiseerd';

export interface AnonymiseReport {
	hulpvragen: number;
	bijlagen: number;
}

/** The hulpvraag-level part, for `ids` of the organisation, inside the caller's transaction. */
async function hulpvragenIn(
	tx: TransactionSql,
	organisationId: string,
	ids: string[]
): Promise<AnonymiseReport> {
	if (ids.length === 0) return { hulpvragen: 0, bijlagen: 0 };
	const list = tx.array(ids);
	await tx`update hulpvraag set omschrijving = '', labels = '{}', updated_at = now(), version = version + 1
		where organisation_id = ${organisationId} and id = any(${list}::uuid[])`;
	await tx`update status_change set reason = '' where hulpvraag_id = any(${list}::uuid[])`;
	await tx`update form_section s set answers = '{}' from form f
		where f.id = s.form_id and f.hulpvraag_id = any(${list}::uuid[])`;
	await tx`update form_approval a set signer_name = ${anonymousName}, void_reason = null from form f
		where f.id = a.form_id and f.hulpvraag_id = any(${list}::uuid[])`;
	await tx`delete from form_sign_request r using form f
		where f.id = r.form_id and f.hulpvraag_id = any(${list}::uuid[])`;
	await tx`update aanpak set behandelaar = '', toelichting = '' where hulpvraag_id = any(${list}::uuid[])`;
	await tx`update tlv set beschikkingsnummer = '', bijlage_id = null where hulpvraag_id = any(${list}::uuid[])`;
	await tx`update overlegronde set onderwerp = ${anonymousName}, omschrijving = ''
		where hulpvraag_id = any(${list}::uuid[])`;
	await tx`update overlegronde_reaction r set body = ${anonymousName} from overlegronde o
		where o.id = r.overlegronde_id and o.hulpvraag_id = any(${list}::uuid[])`;
	await tx`update intake_aanvraag set contactpersoon = '{}', inzage = null, geweigerd = '[]'
		where hulpvraag_id = any(${list}::uuid[])`;
	await tx`update bijlage set version_of = null where hulpvraag_id = any(${list}::uuid[])`;
	const removed =
		await tx`delete from bijlage where hulpvraag_id = any(${list}::uuid[]) returning id`;
	return { hulpvragen: ids.length, bijlagen: removed.count };
}

/** Anonymises one hulpvraag; its dossier stays as it is. */
export async function anonymiseHulpvraag(
	sql: Sql,
	actor: Actor,
	hulpvraagId: string
): Promise<AnonymiseReport> {
	authorizeOrganisation(actor, 'anonymise');
	if (!isUuid(hulpvraagId)) throw new Invalid({ hulpvraag: 'Deze hulpvraag bestaat niet.' });
	return sql.begin(async (tx) => {
		const [h] = await tx`select 1 from hulpvraag
			where id = ${hulpvraagId} and organisation_id = ${actor.organisationId} for update`;
		if (!h) throw new Invalid({ hulpvraag: 'Deze hulpvraag bestaat niet.' });
		const report = await hulpvragenIn(tx, actor.organisationId, [hulpvraagId]);
		await audit.byActor(tx, actor, 'hulpvraag.anonymise', 'hulpvraag', hulpvraagId, {
			bijlagen: report.bijlagen
		});
		return report;
	});
}

/** Anonymises a dossier with all its hulpvragen. */
export async function anonymiseDossier(
	sql: Sql,
	actor: Actor,
	dossierId: string
): Promise<AnonymiseReport> {
	authorizeOrganisation(actor, 'anonymise');
	if (!isUuid(dossierId)) throw new Invalid({ dossier: 'Dit dossier bestaat niet.' });
	return sql.begin(async (tx) => {
		const [d] = await tx<{ anonymisedAt: Date | null }[]>`
			select anonymised_at from dossier
			where id = ${dossierId} and organisation_id = ${actor.organisationId} for update`;
		if (!d) throw new Invalid({ dossier: 'Dit dossier bestaat niet.' });
		const ids = await tx<{ id: string }[]>`
			select id from hulpvraag where dossier_id = ${dossierId} and organisation_id = ${actor.organisationId}
			order by id for update`;
		const report = await hulpvragenIn(
			tx,
			actor.organisationId,
			ids.map((r) => r.id)
		);
		await tx`
			update dossier set roepnaam = ${anonymousName}, tussenvoegsel = '', achternaam = ${anonymousName},
				geboortedatum = date_trunc('year', geboortedatum)::date, geslacht = 'onbekend',
				woonadres = null, postadres = null, adres_opmerking = '', adres_geheim = false,
				oso_ondersteuning = null, anonymised_at = coalesce(anonymised_at, now()),
				updated_at = now(), version = version + 1
			where id = ${dossierId}`;
		await tx`delete from dossier_parent_email where dossier_id = ${dossierId}`;
		await tx`delete from dossier_verzorger where dossier_id = ${dossierId}`;
		await tx`delete from dossier_note where dossier_id = ${dossierId}`;
		await tx`update school_period set aanvrager = '', contactpersoon = '', email = '', phone = ''
			where dossier_id = ${dossierId}`;
		await audit.byActor(tx, actor, 'dossier.anonymise', 'dossier', dossierId, {
			hulpvragen: report.hulpvragen,
			bijlagen: report.bijlagen
		});
		return report;
	});
}
