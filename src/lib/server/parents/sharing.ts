/**
 * Sharing a bijlage with parents ("Zichtbaar voor ouders"). The
 * organisation decides what parents see (AVG: they may always ask for more); whoever may
 * edit the hulpvraag may share or unshare its bijlagen (decided in the change's transaction;
 * anyone else meets `NotAllowed`, answered as 404). The change and its audit row commit together.
 */
import type { Actor } from '../access/actor';
import type { Sql } from '../db';
import { type HulpvraagFactsWithIds, authorizedHulpvraag } from '../dossiers/facts';
import { isUuid } from '../ids';
import * as audit from '../audit';

/**
 * Sets whether parents see the bijlage. Returns false when the bijlage is not one of this
 * hulpvraag's (or removed); nothing changes then. Setting the value it already has writes
 * no audit row. Only the hulpvraag's id is taken from the caller: the facts the policy
 * decides on are read again in the change's transaction.
 */
export async function setParentVisible(
	sql: Sql,
	actor: Actor,
	hulpvraag: Pick<HulpvraagFactsWithIds, 'id'>,
	bijlageId: string,
	visible: boolean
): Promise<boolean> {
	return sql.begin(async (tx) => {
		await authorizedHulpvraag(tx, actor, 'edit', hulpvraag.id);
		if (!isUuid(bijlageId)) return false;
		const [row] = await tx<{ id: string; parentVisible: boolean }[]>`
			select id, parent_visible from bijlage
			where organisation_id = ${actor.organisationId} and hulpvraag_id = ${hulpvraag.id}
				and id = ${bijlageId} and removed_at is null
			for update`;
		if (!row) return false;
		if (row.parentVisible === visible) return true;
		await tx`update bijlage set parent_visible = ${visible} where id = ${row.id}`;
		await audit.byActor(tx, actor, 'bijlage.parent_visible', 'bijlage', row.id, {
			hulpvraag: hulpvraag.id,
			visible
		});
		return true;
	});
}
