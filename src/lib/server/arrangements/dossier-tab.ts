/**
 * What the Aanpak and TLV tabs of a dossier list: the dossier's hulpvragen the actor may
 * view, each with whether the actor may record an aanpak or TLV on it (for showing forms;
 * the domain functions check again).
 */
import { may, type Actor } from '../access/policy';
import type { Sql } from '../db';
import { hulpvraagFactsFor } from '../dossiers/facts';
import * as hulpvragen from '../dossiers/hulpvraag';

export interface TabHulpvraag {
	id: string;
	titel: string;
	status: string;
	datum: string;
	mayRecord: boolean;
}

export async function hulpvragenOf(
	sql: Sql,
	actor: Actor,
	dossierId: string
): Promise<TabHulpvraag[]> {
	const list = await hulpvragen.ofDossier(sql, actor.organisationId, dossierId);
	const facts = await hulpvraagFactsFor(
		sql,
		actor.organisationId,
		list.map((h) => h.id)
	);
	return list.flatMap((h) => {
		const f = facts.get(h.id);
		if (!f || !may(actor, 'view', f).allowed) return [];
		return [
			{
				id: h.id,
				titel: h.titel,
				status: h.status,
				datum: h.datum,
				mayRecord: may(actor, 'record-arrangement', f).allowed
			}
		];
	});
}
