import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';

/**
 * A fresh dossier of De Vuurtoren (Lotte van Dam's school, PPO Rotterdam) with one
 * "Ambulante Begeleiding" in "Aanmelding": submitted, so the SWV sees it and may move it on,
 * and the school may add bijlagen. A caller's uploads and status changes meet nobody else's.
 */
export async function newVuurtorenHulpvraag(
	sql: postgres.Sql,
	child: { roepnaam: string; achternaam?: string; omschrijving: string }
): Promise<string> {
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
	const achternaam = child.achternaam ?? 'Kind-' + randomBytes(3).toString('hex');
	const [dossier] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht, created_by)
		values (${ids!.org}, ${child.roepnaam}, ${achternaam}, '2019-03-14', 'x', ${ids!.lotte})
		returning id`;
	await sql`insert into school_period (dossier_id, school_id, groep, start_date)
		values (${dossier!.id}, ${ids!.school}, '4', '2024-08-26')`;
	const [h] = await sql<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id,
			omschrijving, aanvrager_id)
		values (${ids!.org}, ${dossier!.id}, ${ids!.school}, ${ids!.titel}, ${ids!.status},
			${child.omschrijving}, ${ids!.lotte})
		returning id`;
	return h!.id;
}
