/**
 * Finding before typing: schools of the organisation by name, BRIN or city, and "staat de
 * leerling al in het systeem?" — dossiers with the same birth date and a similar name, of
 * which only those the actor may see show their details.
 */
import { may, schoolOnly, type Actor } from '../access/policy';
import type { Sql, TransactionSql } from '../db';
import { dossierFactsFor } from './facts';

type Db = Sql | TransactionSql;

export interface SchoolOption {
	id: string;
	name: string;
	brinVestiging: string;
	region: string;
	city: string;
}

/** Schools of the organisation by name, BRIN or city; school users only get their own. */
export async function searchSchools(sql: Db, actor: Actor, query: string): Promise<SchoolOption[]> {
	const q = `%${query
		.trim()
		.toLowerCase()
		.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
	const own = schoolOnly(actor);
	return sql<SchoolOption[]>`
		select id, name, brin_vestiging, region, city from school
		where organisation_id = ${actor.organisationId}
			and (lower(name) like ${q} or lower(brin_vestiging) like ${q} or lower(city) like ${q})
			and (${!own} or id = any(${sql.array([...actor.schoolIds])}::uuid[]))
		order by name limit 20`;
}

export interface DuplicateCandidate {
	id: string;
	roepnaam: string;
	tussenvoegsel: string;
	achternaam: string;
	geboortedatum: string;
	schools: string[];
}

/**
 * "Staat de leerling al in het systeem?": dossiers of the actor's organisation with the same
 * birth date and a similar name. Details only of dossiers the actor may see; of the others
 * only that they exist (`visible: false`, every detail blank), so nobody types a child in
 * twice and nobody learns about a child that is not theirs.
 */
export async function findDuplicates(
	sql: Db,
	actor: Actor,
	name: { roepnaam: string; achternaam: string },
	geboortedatum: string
): Promise<(DuplicateCandidate & { visible: boolean })[]> {
	const found = await similarDossiers(sql, actor.organisationId, name, geboortedatum);
	const facts = await dossierFactsFor(
		sql,
		actor.organisationId,
		found.map((c) => c.id)
	);
	return found.map((c) => {
		const f = facts.get(c.id);
		return f && may(actor, 'view', f).allowed
			? { ...c, visible: true }
			: {
					...c,
					id: '',
					roepnaam: '',
					tussenvoegsel: '',
					achternaam: '',
					schools: [],
					visible: false
				};
	});
}

async function similarDossiers(
	sql: Db,
	organisationId: string,
	name: { roepnaam: string; achternaam: string },
	geboortedatum: string
): Promise<DuplicateCandidate[]> {
	const achternaam = name.achternaam.trim().toLowerCase();
	const roepnaam = name.roepnaam.trim().toLowerCase();
	return sql<DuplicateCandidate[]>`
		select d.id, d.roepnaam, d.tussenvoegsel, d.achternaam, to_char(d.geboortedatum, 'YYYY-MM-DD') as geboortedatum,
			array(select s.name from school_period p join school s on s.id = p.school_id
				where p.dossier_id = d.id order by p.start_date nulls last) as schools
		from dossier d
		where d.organisation_id = ${organisationId} and d.anonymised_at is null
			and d.geboortedatum = ${geboortedatum}
			and (similarity(lower(d.achternaam), ${achternaam}) > 0.4
				or d.search_name like ${'%' + achternaam.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}
				or (${roepnaam} <> '' and lower(d.roepnaam) = ${roepnaam}))
		order by d.achternaam, d.roepnaam limit 10`;
}
