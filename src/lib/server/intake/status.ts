/**
 * The status of a hulpvraag a school sent, for the school's own system: the status, its plain
 * meaning, when it changed and the history. Only for a hulpvraag this school sent through a
 * koppeling.
 */
import type { Sql } from '../db';
import type { Caller } from './koppelingen';

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
