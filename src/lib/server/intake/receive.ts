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
import { createHash } from 'node:crypto';
import type { Actor } from '../access/actor';
import { actorFor } from '../access/actor';
import { authorize, NotAllowed } from '../access/authorize';
import { schoolRoles } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import * as dossiers from '../dossiers/dossier';
import type { Adres, Basisgegevens, Geslacht } from '../dossiers/dossier';
import { upload, type IncomingFile } from '../dossiers/bijlage-upload';
import { hulpvraagFacts } from '../dossiers/facts';
import { createIn as createHulpvraag } from '../dossiers/hulpvraag';
import { moveAutomatically } from '../dossiers/status-change';
import { amsterdamDate } from '../overlegronde/dates';
import { initialStatus } from '../workflow/process';
import { looksPrivate, type Aanvraag, type Refusal } from './aanvraag';
import type { Caller } from './koppelingen';
import type { OsoAdres, OsoPersoon } from './oso';
import type { OsoStreamDocument, OsoStreamDossier } from './oso-stream';
import { matchTitle } from './titles';

export interface Geweigerd {
	bestandsnaam: string;
	omschrijving: string;
	reden: string;
}

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

const geslachtOf = (g: OsoPersoon['geslacht']): Geslacht =>
	g === 'vrouw' ? 'v' : g === 'man' ? 'm' : 'onbekend';

function adresOf(a: OsoAdres): Adres {
	return {
		straat: a.straat ?? '',
		huisnummer: [a.huisnummer, a.toevoeging].filter(Boolean).join(' '),
		postcode: a.postcode ?? '',
		plaats: a.plaats ?? ''
	};
}

/** The child's addresses: a postal address apart, the first other one as the home address. */
function addressesOf(p: OsoPersoon): { woonadres: Adres | null; postadres: Adres | null } {
	const post = p.adressen.find((a) => /post/i.test(a.soort ?? ''));
	const home = p.adressen.find((a) => a !== post);
	return { woonadres: home ? adresOf(home) : null, postadres: post ? adresOf(post) : null };
}

const fullName = (p: OsoPersoon) =>
	[p.roepnaam ?? p.voornamen[0] ?? '', p.tussenvoegsel ?? '', p.achternaam]
		.filter(Boolean)
		.join(' ');

/** E-mail addresses the sender did not mark secret (a secret one carries no value). */
const emailsOf = (p: OsoPersoon) =>
	p.communicatie
		.filter((c) => /mail/i.test(c.soort ?? '') && !c.geheim && c.waarde)
		.map((c) => c.waarde!.trim().toLowerCase())
		.filter((e) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e) && e.length <= 254);

const phoneOf = (p: OsoPersoon) =>
	p.communicatie.find((c) => /telefoon|mobiel/i.test(c.soort ?? '') && !c.geheim && c.waarde)
		?.waarde ?? '';

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

async function findDossier(tx: TransactionSql, organisationId: string, leerling: OsoPersoon) {
	const roepnaam = (leerling.roepnaam ?? leerling.voornamen[0] ?? '').trim().toLowerCase();
	const [row] = await tx<{ id: string }[]>`
		select id from dossier
		where organisation_id = ${organisationId} and anonymised_at is null
			and geboortedatum = ${leerling.geboortedatum} and lower(roepnaam) = ${roepnaam}
			and lower(achternaam) = ${leerling.achternaam.trim().toLowerCase()}
			and lower(tussenvoegsel) = ${(leerling.tussenvoegsel ?? '').trim().toLowerCase()}
		order by created_at limit 1`;
	return row?.id;
}

/** The parents and the OPP/TLV data as the school system last sent them. */
async function updateChild(
	tx: TransactionSql,
	actor: Actor,
	dossierId: string,
	dossier: OsoStreamDossier
): Promise<void> {
	const { woonadres, postadres } = addressesOf(dossier.leerling);
	await tx`
		update dossier set
			adres_geheim = adres_geheim or ${dossier.leerling.adresgeheim},
			woonadres = coalesce(woonadres, ${woonadres ? tx.json({ ...woonadres }) : null}),
			postadres = coalesce(postadres, ${postadres ? tx.json({ ...postadres }) : null}),
			oso_ondersteuning = ${tx.json({
				...dossier.onderwijsondersteuning,
				ontvangenOp: amsterdamDate(new Date())
			})},
			updated_at = now(), version = version + 1
		where id = ${dossierId} and organisation_id = ${actor.organisationId}`;
	await tx`delete from dossier_verzorger where dossier_id = ${dossierId}`;
	let position = 0;
	for (const v of dossier.verzorgers) {
		const adres = v.adressen[0];
		await tx`
			insert into dossier_verzorger (dossier_id, naam, relatie, wettig_vertegenwoordiger, telefoon, adres, adres_geheim, position)
			values (${dossierId}, ${fullName(v).slice(0, 200) || 'Onbekend'}, ${v.relatie ?? ''},
				${v.wettigVertegenwoordiger}, ${phoneOf(v).slice(0, 40)},
				${adres ? tx.json({ ...adresOf(adres) }) : null}, ${v.adresgeheim}, ${position++})`;
		for (const email of emailsOf(v)) {
			await tx`insert into dossier_parent_email (dossier_id, email, added_by)
				values (${dossierId}, ${email}, ${actor.accountId}) on conflict do nothing`;
		}
	}
}

/** A key per document content and hulpvraag: a retried send replays instead of adding it twice. */
function documentKey(hulpvraagId: string, sha256: string): string {
	const h = createHash('sha256').update(`${hulpvraagId}:${sha256}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

async function* one<T>(item: T): AsyncGenerator<T> {
	yield item;
}

/** Stores the documents one by one, each through the upload's checks. */
async function storeDocuments(
	sql: Sql,
	actor: Actor,
	hulpvraagId: string,
	documents: AsyncIterable<OsoStreamDocument>
): Promise<{ toegevoegd: number; alAanwezig: number; geweigerd: Geweigerd[] }> {
	const geweigerd: Geweigerd[] = [];
	let toegevoegd = 0;
	let alAanwezig = 0;
	const present = new Set(
		(
			await sql<{ sha256: string }[]>`
				select sha256 from bijlage where hulpvraag_id = ${hulpvraagId} and removed_at is null`
		).map((r) => r.sha256)
	);
	const describe = (d: OsoStreamDocument) => ({
		bestandsnaam: d.bestandsnaam ?? (d.ok ? d.naamInZip : '') ?? '',
		omschrijving: d.omschrijving ?? ''
	});
	const facts = await hulpvraagFacts(sql, actor.organisationId, hulpvraagId);
	for await (const d of documents) {
		if (!d.ok) {
			geweigerd.push({ ...describe(d), reden: d.weigering });
			continue;
		}
		const sha = d.sha256;
		if (present.has(sha)) {
			alAanwezig++;
			continue;
		}
		const name = describe(d).bestandsnaam || d.naamInZip;
		const file: IncomingFile = { name, stream: d.inhoud(), key: documentKey(hulpvraagId, sha) };
		try {
			const { results } = await upload(sql, actor, facts!, one(file));
			const result = results[0]!;
			if (!result.ok) geweigerd.push({ ...describe(d), reden: result.error ?? 'Geweigerd.' });
			else if (result.replayed) alAanwezig++;
			else toegevoegd++;
			present.add(sha);
		} catch (e) {
			if (!(e instanceof NotAllowed)) throw e;
			geweigerd.push({
				...describe(d),
				reden:
					'Bij deze hulpvraag kunnen nu geen bijlagen worden toegevoegd (de status sluit bijlagen af).'
			});
		}
	}
	return { toegevoegd, alAanwezig, geweigerd };
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
			const basis: Basisgegevens = {
				roepnaam: (leerling.roepnaam ?? leerling.voornamen[0] ?? '').slice(0, 100),
				tussenvoegsel: leerling.tussenvoegsel ?? '',
				achternaam: leerling.achternaam.slice(0, 150),
				geboortedatum: leerling.geboortedatum!,
				geslacht: geslachtOf(leerling.geslacht),
				...addressesOf(leerling),
				adresOpmerking: ''
			};
			dossierId = await dossiers.createIn(
				tx,
				actor,
				{ basis, period, parentEmails: [] },
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
		where hulpvraag_id = ${saved.hulpvraagId} and kenmerk = ${aanvraag.kenmerk}`;
	const [status] = await sql<{ name: string }[]>`
		select s.name from hulpvraag h join process_status s on s.id = h.status_id
		where h.id = ${saved.hulpvraagId}`;
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

export interface IntakeStatus {
	hulpvraag: string;
	kenmerk: string;
	titel: string;
	status: string;
	betekenis: string;
	gewijzigd: string;
	geschiedenis: { status: string; datum: string; reden: string }[];
}

/** The status of a hulpvraag the school sent, for its own system; undefined when not its own. */
export async function statusOf(
	sql: Sql,
	caller: Caller,
	hulpvraagId: string
): Promise<IntakeStatus | undefined> {
	const [row] = await sql<
		{ kenmerk: string; titel: string; status: string; betekenis: string; gewijzigd: Date }[]
	>`
		select i.kenmerk, t.name as titel, s.name as status,
			coalesce(nullif(s.parent_text, ''), s.instruction) as betekenis,
			coalesce((select max(c.changed_at) from status_change c where c.hulpvraag_id = h.id), h.created_at) as gewijzigd
		from intake_aanvraag i join hulpvraag h on h.id = i.hulpvraag_id
		join hulpvraag_titel t on t.id = h.titel_id
		join process_status s on s.id = h.status_id
		where i.hulpvraag_id = ${hulpvraagId} and i.organisation_id = ${caller.organisationId}
			and i.school_id = ${caller.schoolId}`;
	if (!row) return undefined;
	const history = await sql<{ status: string; datum: Date; reden: string }[]>`
		select s.name as status, c.changed_at as datum, c.reason as reden
		from status_change c join process_status s on s.id = c.to_status_id
		where c.hulpvraag_id = ${hulpvraagId} and c.organisation_id = ${caller.organisationId}
		order by c.changed_at desc, c.id desc`;
	return {
		hulpvraag: hulpvraagId,
		kenmerk: row.kenmerk,
		titel: row.titel,
		status: row.status,
		betekenis: row.betekenis,
		gewijzigd: row.gewijzigd.toISOString(),
		geschiedenis: history.map((h) => ({
			status: h.status,
			datum: h.datum.toISOString(),
			reden: h.reden
		}))
	};
}
