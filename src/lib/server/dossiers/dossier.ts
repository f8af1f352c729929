/**
 * Dossiers: one per child per organisation. Basisgegevens (name, birth date, sex,
 * addresses, parents' e-mail addresses) and school periods; every change is checked
 * against the access policy in its own transaction, and every query filters on the
 * organisation. Reading the forms is in `dossier-input.ts`, the author's private notes in
 * `notes.ts`; both are re-exported here.
 */
import { authorize } from '../access/authorize';
import { schoolOnly, seesSecretAddress, swvRoles, type Actor } from '../access/policy';
import type { OsoOndersteuning, Verzorger } from './dossier-view';
import { isUuid } from '../ids';
import { record } from '../audit';
import type { Sql, TransactionSql } from '../db';
import { authorizedDossier } from './facts';

type Db = Sql | TransactionSql;

import { Invalid, type Geslacht } from './dossier-input';

export {
	geslachten,
	Invalid,
	parseBasis,
	parseEmails,
	parseSchoolPeriod,
	type Errors,
	type Geslacht
} from './dossier-input';
export { addNote, deleteNote, notes, type Note } from './notes';
export { forViewer, type OsoOndersteuning, type Verzorger } from './dossier-view';
export {
	findDuplicates,
	searchSchools,
	type DuplicateCandidate,
	type SchoolOption
} from './lookup';

export interface Adres {
	straat: string;
	huisnummer: string;
	postcode: string;
	plaats: string;
}

export interface Basisgegevens {
	roepnaam: string;
	tussenvoegsel: string;
	achternaam: string;
	geboortedatum: string;
	geslacht: Geslacht;
	woonadres: Adres | null;
	postadres: Adres | null;
	adresOpmerking: string;
}

export interface SchoolPeriodInput {
	schoolId: string;
	groep: string;
	aanvrager: string;
	contactpersoon: string;
	email: string;
	phone: string;
	startDate: string | null;
	endDate: string | null;
}

export interface Dossier extends Basisgegevens {
	id: string;
	organisationId: string;
	createdAt: Date;
	updatedAt: Date;
	version: number;
	parentEmails: string[];
	periods: SchoolPeriod[];
	/** The child's address is secret: see `forViewer`. */
	adresGeheim: boolean;
	/** Anonymised (beheer/anonymise.ts): names and story gone, figures kept. */
	anonymisedAt: Date | null;
	verzorgers: Verzorger[];
	/** OPP, TLV and arrangementen as the school's system last sent them; null if never. */
	osoOndersteuning: OsoOndersteuning | null;
}

export interface SchoolPeriod extends SchoolPeriodInput {
	id: string;
	schoolName: string;
	brinVestiging: string;
	region: string;
}

export async function get(
	sql: Db,
	organisationId: string,
	id: string
): Promise<Dossier | undefined> {
	const [row] = await sql<Omit<Dossier, 'parentEmails' | 'periods' | 'verzorgers'>[]>`
		select id, organisation_id, roepnaam, tussenvoegsel, achternaam,
			to_char(geboortedatum, 'YYYY-MM-DD') as geboortedatum, geslacht, woonadres, postadres,
			adres_opmerking, created_at, updated_at, version, adres_geheim, oso_ondersteuning, anonymised_at
		from dossier where organisation_id = ${organisationId} and id = ${id}`;
	if (!row) return undefined;
	const emails = await sql<{ email: string }[]>`
		select email from dossier_parent_email where dossier_id = ${id} order by added_at, email`;
	const verzorgers = await sql<Verzorger[]>`
		select naam, relatie, wettig_vertegenwoordiger, telefoon, adres, adres_geheim
		from dossier_verzorger where dossier_id = ${id} order by position, naam`;
	return {
		...row,
		parentEmails: emails.map((e) => e.email),
		periods: await periods(sql, organisationId, id),
		verzorgers
	};
}

export async function periods(
	sql: Db,
	organisationId: string,
	dossierId: string
): Promise<SchoolPeriod[]> {
	return sql<SchoolPeriod[]>`
		select p.id, p.school_id, s.name as school_name, s.brin_vestiging, s.region, p.groep,
			p.aanvrager, p.contactpersoon, p.email, p.phone,
			to_char(p.start_date, 'YYYY-MM-DD') as start_date, to_char(p.end_date, 'YYYY-MM-DD') as end_date
		from school_period p join school s on s.id = p.school_id
		join dossier d on d.id = p.dossier_id
		where p.dossier_id = ${dossierId} and d.organisation_id = ${organisationId}
		order by p.start_date desc nulls first, s.name`;
}

async function schoolOfOrganisation(
	sql: Db,
	organisationId: string,
	schoolId: string
): Promise<boolean> {
	const [row] =
		await sql`select 1 from school where id = ${schoolId} and organisation_id = ${organisationId}`;
	return !!row;
}

/** A school user creates dossiers only for their own school(s). */
export function mayUseSchool(actor: Actor, schoolId: string): boolean {
	return !schoolOnly(actor) || actor.schoolIds.includes(schoolId);
}

/**
 * SWV staff (and beheerders) may start without a school: a Jonge Kind child of three has
 * none yet (the school of preference comes later). School users always ask for
 * one of their own schools.
 */
export function mayGoWithoutSchool(actor: Actor): boolean {
	return actor.roles.some((r) => r === 'beheerder' || swvRoles.includes(r));
}

export interface NewDossier {
	basis: Basisgegevens;
	period: SchoolPeriodInput | null;
	parentEmails: string[];
}

export async function create(
	sql: Sql,
	actor: Actor,
	input: NewDossier,
	ipHash: string | null = null
): Promise<string> {
	return sql.begin((tx) => createIn(tx, actor, input, ipHash));
}

/** `create` inside the caller's transaction (the intake makes dossier and hulpvraag at once). */
export async function createIn(
	tx: TransactionSql,
	actor: Actor,
	input: NewDossier,
	ipHash: string | null = null
): Promise<string> {
	authorize(actor, 'create-dossier', {
		type: 'organisation',
		organisationId: actor.organisationId
	});
	if (input.period === null) {
		if (!mayGoWithoutSchool(actor))
			throw new Invalid({ school_id: 'Kies een school uit de lijst.' });
	} else if (
		!isUuid(input.period.schoolId) ||
		!mayUseSchool(actor, input.period.schoolId) ||
		!(await schoolOfOrganisation(tx, actor.organisationId, input.period.schoolId))
	) {
		throw new Invalid({ school_id: 'Kies een school uit de lijst.' });
	}
	const b = input.basis;
	const [row] = await tx<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, tussenvoegsel, achternaam, geboortedatum,
			geslacht, woonadres, postadres, adres_opmerking, created_by)
		values (${actor.organisationId}, ${b.roepnaam}, ${b.tussenvoegsel}, ${b.achternaam},
			${b.geboortedatum}, ${b.geslacht}, ${b.woonadres ? tx.json({ ...b.woonadres }) : null},
			${b.postadres ? tx.json({ ...b.postadres }) : null}, ${b.adresOpmerking}, ${actor.accountId})
		returning id`;
	const id = row!.id;
	if (input.period) await insertPeriod(tx, actor.organisationId, id, input.period);
	for (const email of input.parentEmails) {
		await tx`insert into dossier_parent_email (dossier_id, email, added_by)
			values (${id}, ${email}, ${actor.accountId}) on conflict do nothing`;
	}
	await record(tx, {
		organisationId: actor.organisationId,
		accountId: actor.accountId,
		action: 'dossier.create',
		targetType: 'dossier',
		targetId: id,
		ipHash
	});
	return id;
}

/** Only into a dossier of the organisation; undefined when there is none. */
export async function insertPeriod(
	tx: Db,
	organisationId: string,
	dossierId: string,
	p: SchoolPeriodInput
): Promise<string | undefined> {
	const [row] = await tx<{ id: string }[]>`
		insert into school_period (dossier_id, school_id, groep, aanvrager, contactpersoon, email, phone, start_date, end_date)
		select d.id, ${p.schoolId}, ${p.groep}, ${p.aanvrager}, ${p.contactpersoon}, ${p.email},
			${p.phone}, ${p.startDate}, ${p.endDate}
		from dossier d where d.id = ${dossierId} and d.organisation_id = ${organisationId}
		returning id`;
	return row?.id;
}

export class Conflict extends Error {
	constructor() {
		super(
			'Iemand anders heeft dit dossier intussen gewijzigd. Uw wijziging is niet opgeslagen; bekijk de nieuwe gegevens en probeer het opnieuw.'
		);
	}
}

/** Saves basisgegevens and parents' addresses; `version` is what the form showed. */
export async function updateBasis(
	sql: Sql,
	actor: Actor,
	id: string,
	version: number,
	basis: Basisgegevens,
	parentEmails: string[],
	ipHash: string | null = null
): Promise<void> {
	// A tampered or missing version is a stale form, not a database error.
	if (!Number.isInteger(version)) throw new Conflict();
	await sql.begin(async (tx) => {
		await authorizedDossier(tx, actor, 'edit', id);
		const b = basis;
		// Whoever does not see a secret address cannot change it: the form showed it blank.
		const keep = !seesSecretAddress(actor);
		const updated = await tx`
			update dossier set roepnaam = ${b.roepnaam}, tussenvoegsel = ${b.tussenvoegsel},
				achternaam = ${b.achternaam}, geboortedatum = ${b.geboortedatum}, geslacht = ${b.geslacht},
				woonadres = case when adres_geheim and ${keep} then woonadres
					else ${b.woonadres ? tx.json({ ...b.woonadres }) : null}::jsonb end,
				postadres = case when adres_geheim and ${keep} then postadres
					else ${b.postadres ? tx.json({ ...b.postadres }) : null}::jsonb end,
				adres_opmerking = case when adres_geheim and ${keep} then adres_opmerking
					else ${b.adresOpmerking} end,
				updated_at = now(), version = version + 1
			where organisation_id = ${actor.organisationId} and id = ${id} and version = ${version}`;
		if (updated.count === 0) throw new Conflict();
		await tx`delete from dossier_parent_email where dossier_id = ${id}
			and not (lower(email) = any(${tx.array(parentEmails)}::text[]))`;
		for (const email of parentEmails) {
			await tx`insert into dossier_parent_email (dossier_id, email, added_by)
				values (${id}, ${email}, ${actor.accountId}) on conflict do nothing`;
		}
		await record(tx, {
			organisationId: actor.organisationId,
			accountId: actor.accountId,
			action: 'dossier.update',
			targetType: 'dossier',
			targetId: id,
			ipHash
		});
	});
}

export async function addPeriod(
	sql: Sql,
	actor: Actor,
	dossierId: string,
	period: SchoolPeriodInput,
	ipHash: string | null = null
): Promise<string> {
	if (
		!isUuid(period.schoolId) ||
		!(await schoolOfOrganisation(sql, actor.organisationId, period.schoolId))
	) {
		throw new Invalid({ school_id: 'Kies een school uit de lijst.' });
	}
	return sql.begin(async (tx) => {
		await authorizedDossier(tx, actor, 'edit', dossierId);
		const id = await insertPeriod(tx, actor.organisationId, dossierId, period);
		if (!id) throw new Invalid({ periode: 'Dit dossier bestaat niet.' });
		await record(tx, {
			organisationId: actor.organisationId,
			accountId: actor.accountId,
			action: 'dossier.school_period.add',
			targetType: 'dossier',
			targetId: dossierId,
			ipHash,
			details: { period: id }
		});
		return id;
	});
}

export async function updatePeriod(
	sql: Sql,
	actor: Actor,
	dossierId: string,
	periodId: string,
	period: SchoolPeriodInput,
	ipHash: string | null = null
): Promise<void> {
	await sql.begin(async (tx) => {
		await authorizedDossier(tx, actor, 'edit', dossierId);
		const updated = await tx`
			update school_period p set groep = ${period.groep}, aanvrager = ${period.aanvrager},
				contactpersoon = ${period.contactpersoon}, email = ${period.email}, phone = ${period.phone},
				start_date = ${period.startDate}, end_date = ${period.endDate}
			from dossier d
			where p.id = ${periodId} and p.dossier_id = ${dossierId} and d.id = p.dossier_id
				and d.organisation_id = ${actor.organisationId}`;
		if (updated.count === 0)
			throw new Invalid({ periode: 'Deze schoolperiode bestaat niet (meer).' });
		await record(tx, {
			organisationId: actor.organisationId,
			accountId: actor.accountId,
			action: 'dossier.school_period.update',
			targetType: 'dossier',
			targetId: dossierId,
			ipHash,
			details: { period: periodId }
		});
	});
}
