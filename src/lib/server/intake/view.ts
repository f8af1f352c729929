/**
 * What the hulpvraag page shows of an intake: the type the school chose, its contactpersoon
 * (a private-looking phone number flagged), the parents' inzage as the OSO dossier states
 * it, the documents refused on arrival with the reason, and when it was sent.
 */
import type { Actor } from '../access/actor';
import { hasAny, schoolRoles, swvRoles } from '../access/policy';
import type { Sql, TransactionSql } from '../db';
import type { OsoDossier } from './oso';

export interface IntakeView {
	aanvraagtype: string;
	contactpersoon: {
		naam: string;
		email: string;
		telefoon: string;
		functie: string;
		telefoonPrive: boolean;
	};
	/** The OSO inzage block as the dossier stated it. */
	inzage: OsoDossier['inzage'];
	geweigerd: { bestandsnaam: string; omschrijving: string; reden: string }[];
	pakket: string;
	concept: boolean;
	sends: number;
	receivedAt: Date;
	updatedAt: Date;
	/** The hulpvraag still has the organisation's "titel onbekend". */
	titelOnbekend: boolean;
}

/**
 * The intake of a hulpvraag the actor sees, for staff only (the school, the SWV,
 * beheerders): a parent or a participant of an overlegronde reads none of it.
 */
export async function intakeOf(
	sql: Sql | TransactionSql,
	actor: Actor,
	hulpvraagId: string
): Promise<IntakeView | undefined> {
	if (!hasAny(actor, [...schoolRoles, ...swvRoles, 'beheerder'])) return undefined;
	const [row] = await sql<IntakeView[]>`
		select i.aanvraagtype, i.contactpersoon, i.inzage, i.geweigerd, i.pakket, i.concept, i.sends,
			i.received_at, i.updated_at, t.review as titel_onbekend
		from intake_aanvraag i join hulpvraag h on h.id = i.hulpvraag_id
		join hulpvraag_titel t on t.id = h.titel_id
		where i.hulpvraag_id = ${hulpvraagId} and i.organisation_id = ${actor.organisationId}`;
	return row;
}
