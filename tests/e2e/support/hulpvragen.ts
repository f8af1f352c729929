import { randomBytes } from 'node:crypto';
import { db } from './db';

/**
 * A fresh dossier of De Vuurtoren (Lotte's school) with one "Ambulante Begeleiding" in
 * "Aanmelding", so a test's uploads and status changes meet nobody else's.
 */
export async function newVuurtorenHulpvraag(
	roepnaam: string,
	omschrijving: string
): Promise<string> {
	const sql = db();
	const [ids] = await sql<
		{ org: string; school: string; lotte: string; titel: string; status: string }[]
	>`
		select o.id as org, s.id as school, a.id as lotte, t.id as titel, p.id as status
		from organisation o
		join school s on s.organisation_id = o.id and s.brin_vestiging = '21XA00'
		join account a on a.organisation_id = o.id and a.username = 'lotte.vandam'
		join hulpvraag_titel t on t.organisation_id = o.id and t.name = 'Ambulante Begeleiding'
		join process_status p on p.organisation_id = o.id and p.name = 'Aanmelding'
		where o.code = 'PO2806'`;
	const [dossier] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht, created_by)
		values (${ids!.org}, ${roepnaam}, ${'Kind-' + randomBytes(3).toString('hex')}, '2019-03-14',
			'x', ${ids!.lotte})
		returning id`;
	await sql`insert into school_period (dossier_id, school_id, groep, start_date)
		values (${dossier!.id}, ${ids!.school}, '4', '2024-08-26')`;
	const [h] = await sql<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id,
			omschrijving, aanvrager_id)
		values (${ids!.org}, ${dossier!.id}, ${ids!.school}, ${ids!.titel}, ${ids!.status},
			${omschrijving}, ${ids!.lotte})
		returning id`;
	return h!.id;
}
