/**
 * Receiving a hulpvraag from a school system: the envelope (`aanvraag`) and the child's OSO
 * dossier become a dossier (an existing one when the child is known), a school period at
 * the sending school, a hulpvraag with the title the school chose and its documents as
 * bijlagen, so the school never types the child in twice.
 *
 * The rules:
 * - the code (koppeling) belongs to one school; the envelope and the dossier must name that
 *   school, and the envelope the organisation of the code;
 * - the intake acts as the contactpersoon's own account (an active IB'er or directeur of
 *   that school, found by e-mail address): the hulpvraag is theirs as if they made it by
 *   hand, with the same policy, initial status and automations, and its status mails go to
 *   them. A contactpersoon without an account is refused with what to do about it;
 * - the child is the dossier of the organisation with the same roepnaam, tussenvoegsel,
 *   achternaam and birth date, else a new dossier; basisgegevens the SWV may have corrected
 *   are not overwritten, only missing addresses filled in;
 * - the parents (verzorgers) are replaced by those sent; their e-mail addresses give them
 *   access as parents, except those marked secret, which OSO never sends;
 * - a secret address marks the dossier `adres_geheim`: it is shown only to SWV staff and
 *   beheerders, never to the school, the parents or third parties;
 * - one request of the sending system (its `kenmerk`) is one hulpvraag: the same kenmerk
 *   again (after "dossier incompleet") updates that hulpvraag and adds only documents it
 *   does not have yet. Concurrent sends of one kenmerk wait for each other;
 * - `verzenden: false` is a draft: it starts in a voorlopig status, and the send that
 *   follows with `verzenden: true` moves it to the title's initial status;
 * - each document goes through the same checks as an upload (content sniffing, 10 MB); a
 *   refused one is listed on the hulpvraag with the reason;
 * - every intake, accepted or refused, is audited with the school, the kenmerk and the
 *   result, never the content.
 */
import type { Actor } from '../access/actor';
import { actorFor } from '../access/actor';
import { authorize } from '../access/authorize';
import { schoolRoles } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import * as dossiers from '../dossiers/dossier';
import { createIn as createHulpvraag } from '../dossiers/hulpvraag';
import { moveAutomatically } from '../dossiers/status-change';
import { amsterdamDate } from '../overlegronde/dates';
import { initialStatus } from '../workflow/process';
import { looksPrivate, type Aanvraag, type Refusal } from './aanvraag';
import { basisOf, findDossier, updateChild } from './child';
import { storeDocuments, type Geweigerd } from './documents';
import type { Caller } from './koppelingen';
import type { OsoStreamDossier } from './oso-stream';
import { matchTitle } from './titles';

export interface Received {
	ok: true;
	status: 200 | 201;
	hulpvraagId: string;
	statusName: string;
	/** Bijlagen added by this send; documents the hulpvraag had already; refused ones. */
	toegevoegd: number;
	alAanwezig: number;
	geweigerd: Geweigerd[];
	/** What the school should know: an unknown title, a private-looking phone number. */
	waarschuwingen: string[];
}

type Outcome = Received | (Refusal & { status: 403 | 422 });

const refuse = (status: 403 | 422, code: string, fout: string, veld?: string) => ({
	ok: false as const,
	status,
	code,
	fout,
	...(veld ? { veld } : {})
});

/** The contactpersoon's account: active, a school role, linked to the sending school. */
async function contactAccount(sql: Sql, caller: Caller, email: string) {
	const [account] = await sql<
		{ id: string; organisationId: string; email: string; roles: string[] }[]
	>`
		select a.id, a.organisation_id, a.email, a.roles from account a
		join account_school x on x.account_id = a.id and x.school_id = ${caller.schoolId}
		where a.organisation_id = ${caller.organisationId} and lower(a.email) = ${email.toLowerCase()}
			and a.state = 'active' and a.roles && ${sql.array([...schoolRoles])}::text[]
		order by a.created_at limit 1`;
	return account;
}

/** The status a draft starts in: the title's own when it is voorlopig, else the first voorlopig one. */
async function draftStatus(tx: TransactionSql, organisationId: string, titelId: string) {
	const initial = await initialStatus(tx, organisationId, titelId);
	const [row] = await tx<{ id: string }[]>`
		select id from process_status
		where organisation_id = ${organisationId} and (id = ${initial} or (voorlopig and active))
		order by (id = ${initial} and voorlopig) desc, position, name limit 1`;
	return row?.id ?? initial;
}

/**
 * Receives one intake. `caller` is who the code belongs to; `where` is the request's
 * address hash and origin (for the audit rows and the links in mails).
 */
export async function receive(
	sql: Sql,
	caller: Caller,
	aanvraag: Aanvraag,
	dossier: OsoStreamDossier,
	where: Pick<Actor, 'ipHash' | 'origin'>
): Promise<Outcome> {
	const outcome = await decide(sql, caller, aanvraag, dossier, where);
	await audit.record(sql, {
		organisationId: caller.organisationId,
		accountId: outcome.ok ? outcome.actorId : null,
		action: 'intake.receive',
		targetType: outcome.ok ? 'hulpvraag' : 'school',
		targetId: outcome.ok ? outcome.hulpvraagId : caller.schoolId,
		ipHash: where.ipHash,
		details: {
			school: caller.brinVestiging,
			kenmerk: aanvraag.kenmerk,
			result: outcome.ok ? (outcome.status === 201 ? 'nieuw' : 'opnieuw') : outcome.code,
			koppeling: caller.koppelingId
		}
	});
	if (!outcome.ok) return outcome;
	const { actorId: _actorId, ...received } = outcome;
	return received;
}

async function decide(
	sql: Sql,
	caller: Caller,
	aanvraag: Aanvraag,
	dossier: OsoStreamDossier,
	where: Pick<Actor, 'ipHash' | 'origin'>
): Promise<(Received & { actorId: string }) | (Refusal & { status: 403 | 422 })> {
	const envelopeSchool = `${aanvraag.brin}${aanvraag.vestiging}`;
	if (envelopeSchool !== caller.brinVestiging) {
		return refuse(
			403,
			'andere_school',
			`Deze verificatiecode hoort bij een andere school dan ${envelopeSchool}. Gebruik de code van deze school.`,
			'aanvraag.brin'
		);
	}
	if (aanvraag.samenwerkingsverband !== caller.organisationCode) {
		return refuse(
			422,
			'ander_samenwerkingsverband',
			`De school is aangesloten bij ${caller.organisationCode}, niet bij ${aanvraag.samenwerkingsverband}.`,
			'aanvraag.samenwerkingsverband'
		);
	}
	const dossierSchool = `${dossier.school.brincode}${dossier.school.vestigingscode ?? '00'}`;
	if (dossierSchool.toUpperCase() !== caller.brinVestiging) {
		return refuse(
			422,
			'dossier_andere_school',
			`Het dossier komt van school ${dossierSchool}, de aanvraag van ${caller.brinVestiging}. Stuur het dossier van een leerling van deze school.`,
			'dossier/huidigeschool/brincode'
		);
	}
	const leerling = dossier.leerling;
	if (!leerling.geboortedatum) {
		return refuse(
			422,
			'verplicht_ontbreekt',
			'De geboortedatum van de leerling ontbreekt in het dossier; zonder geboortedatum is het kind niet te herkennen.',
			'dossier/huidigeschool/leerling/geboortedatum'
		);
	}
	if (!basisOf(leerling).roepnaam.trim()) {
		return refuse(
			422,
			'verplicht_ontbreekt',
			'De leerling heeft in het dossier geen roepnaam en geen voornaam; zonder naam is het kind niet te herkennen.',
			'dossier/huidigeschool/leerling/roepnaam'
		);
	}
	const account = await contactAccount(sql, caller, aanvraag.contactpersoon.email);
	if (!account) {
		return refuse(
			422,
			'contactpersoon_onbekend',
			`${aanvraag.contactpersoon.email} heeft geen actief account als IB'er of directeur van ${caller.schoolName} in Kindkring. Vul als contactpersoon het e-mailadres van uw Kindkring-account in, of vraag de beheerder van het samenwerkingsverband om een account.`,
			'aanvraag.contactpersoon.email'
		);
	}
	const actor = await actorFor(sql, account, where);
	authorize(actor, 'receive-intake', {
		type: 'school',
		organisationId: caller.organisationId,
		schoolId: caller.schoolId
	});
	const contact = {
		...aanvraag.contactpersoon,
		telefoonPrive: looksPrivate(aanvraag.contactpersoon.telefoon)
	};
	const today = amsterdamDate(new Date());
	const inzage = dossier.inzage ? sql.json({ ...dossier.inzage }) : null;

	const saved = await sql.begin(async (tx) => {
		// One kenmerk of one school at a time: a second send waits here and then finds the first.
		await tx`select pg_advisory_xact_lock(hashtextextended(${`intake:${caller.organisationId}:${caller.schoolId}:${aanvraag.kenmerk}`}, 0))`;
		const [earlier] = await tx<{ id: string; hulpvraagId: string; concept: boolean }[]>`
			select id, hulpvraag_id, concept from intake_aanvraag
			where organisation_id = ${caller.organisationId} and school_id = ${caller.schoolId}
				and kenmerk = ${aanvraag.kenmerk}`;
		if (earlier) {
			const [h] = await tx<{ dossierId: string; titelId: string }[]>`
				update hulpvraag set omschrijving = ${aanvraag.omschrijving}, version = version + 1, updated_at = now()
				where id = ${earlier.hulpvraagId} and organisation_id = ${caller.organisationId}
				returning dossier_id, titel_id`;
			await updateChild(tx, actor, h!.dossierId, dossier);
			await tx`
				update intake_aanvraag set contactpersoon = ${tx.json(contact)}, inzage = ${inzage},
					aanvraagtype = ${aanvraag.aanvraagtype}, pakket = ${dossier.pakketnaam ?? ''},
					koppeling_id = ${caller.koppelingId}, sends = sends + 1, updated_at = now(),
					concept = concept and not ${aanvraag.verzenden}
				where id = ${earlier.id}`;
			if (earlier.concept && aanvraag.verzenden) {
				const target = await initialStatus(tx, caller.organisationId, h!.titelId);
				await moveAutomatically(
					tx,
					actor,
					earlier.hulpvraagId,
					target,
					'Verzonden vanuit het schoolsysteem'
				);
			}
			return { hulpvraagId: earlier.hulpvraagId, created: false, review: false };
		}

		let dossierId = await findDossier(tx, caller.organisationId, leerling);
		const period: dossiers.SchoolPeriodInput = {
			schoolId: caller.schoolId,
			groep: '',
			aanvrager: aanvraag.contactpersoon.naam,
			contactpersoon: aanvraag.contactpersoon.naam,
			email: aanvraag.contactpersoon.email,
			phone: aanvraag.contactpersoon.telefoon,
			startDate: null,
			endDate: null
		};
		if (!dossierId) {
			dossierId = await dossiers.createIn(
				tx,
				actor,
				{ basis: basisOf(leerling), period, parentEmails: [] },
				where.ipHash
			);
		} else {
			const [open] = await tx`
				select 1 from school_period where dossier_id = ${dossierId} and school_id = ${caller.schoolId}
					and (end_date is null or end_date >= ${today})`;
			if (!open) {
				const periodId = await dossiers.insertPeriod(tx, caller.organisationId, dossierId, period);
				await audit.byActor(tx, actor, 'dossier.school_period.add', 'dossier', dossierId, {
					period: periodId ?? null,
					intake: true
				});
			}
		}
		await updateChild(tx, actor, dossierId, dossier);

		const title = await matchTitle(
			tx,
			caller.organisationId,
			caller.schoolRegion,
			aanvraag.aanvraagtype
		);
		const hulpvraagId = await createHulpvraag(
			tx,
			actor,
			{
				dossierId,
				schoolId: caller.schoolId,
				datum: aanvraag.datum ?? today,
				titelId: title.titelId,
				omschrijving: aanvraag.omschrijving,
				coordinatorId: null,
				labels: []
			},
			{
				reviewTitle: title.review,
				reason: 'Ontvangen uit het schoolsysteem',
				...(aanvraag.verzenden
					? {}
					: { statusId: await draftStatus(tx, caller.organisationId, title.titelId) })
			}
		);
		await tx`
			insert into intake_aanvraag (organisation_id, school_id, koppeling_id, kenmerk, hulpvraag_id,
				aanvraagtype, contactpersoon, inzage, pakket, concept)
			values (${caller.organisationId}, ${caller.schoolId}, ${caller.koppelingId}, ${aanvraag.kenmerk},
				${hulpvraagId}, ${aanvraag.aanvraagtype}, ${tx.json(contact)}, ${inzage},
				${dossier.pakketnaam ?? ''}, ${!aanvraag.verzenden})`;
		return { hulpvraagId, created: true, review: title.review };
	});

	const stored = await storeDocuments(sql, actor, saved.hulpvraagId, dossier.documenten());
	await sql`update intake_aanvraag set geweigerd = ${sql.json(stored.geweigerd.map((g) => ({ ...g })))}
		where organisation_id = ${caller.organisationId} and school_id = ${caller.schoolId}
			and kenmerk = ${aanvraag.kenmerk}`;
	const [status] = await sql<{ name: string }[]>`
		select s.name from hulpvraag h join process_status s on s.id = h.status_id
		where h.organisation_id = ${caller.organisationId} and h.id = ${saved.hulpvraagId}`;
	const waarschuwingen: string[] = [];
	if (saved.review) {
		waarschuwingen.push(
			`Het aanvraagtype ‘${aanvraag.aanvraagtype}’ kent het samenwerkingsverband niet; een medewerker kiest de juiste titel.`
		);
	}
	if (contact.telefoonPrive) {
		waarschuwingen.push(
			'Het telefoonnummer van de contactpersoon lijkt een privénummer (06). Geef bij voorkeur het nummer van de school op.'
		);
	}
	return {
		ok: true,
		status: saved.created ? 201 : 200,
		hulpvraagId: saved.hulpvraagId,
		statusName: status!.name,
		...stored,
		waarschuwingen,
		actorId: actor.accountId
	};
}
