/**
 * Sharing a bijlage with parents ("Zichtbaar voor ouders"). The
 * organisation decides what parents see (AVG: they may always ask for more); whoever may
 * edit the hulpvraag may share or unshare its bijlagen. The change and its audit row
 * commit together.
 */
import type { Acting } from '../access/actor';
import { may } from '../access/policy';
import { record } from '../audit';
import type { Sql } from '../db';
import type { HulpvraagFactsWithIds } from '../dossiers/facts';
import { isUuid } from '../ids';

export class NotAllowed extends Error {
	constructor() {
		super('Not allowed to share bijlagen of this hulpvraag');
	}
}

/**
 * Sets whether parents see the bijlage. Returns false when the bijlage is not one of this
 * hulpvraag's (or removed); nothing changes then. Setting the value it already has writes
 * no audit row.
 */
export async function setParentVisible(
	sql: Sql,
	actor: Acting,
	hulpvraag: HulpvraagFactsWithIds,
	bijlageId: string,
	visible: boolean
): Promise<boolean> {
	if (!may(actor, 'edit', hulpvraag).allowed) throw new NotAllowed();
	if (!isUuid(bijlageId)) return false;
	return sql.begin(async (tx) => {
		const [row] = await tx<{ id: string; parentVisible: boolean }[]>`
			select id, parent_visible from bijlage
			where organisation_id = ${actor.organisationId} and hulpvraag_id = ${hulpvraag.id}
				and id = ${bijlageId} and removed_at is null
			for update`;
		if (!row) return false;
		if (row.parentVisible === visible) return true;
		await tx`update bijlage set parent_visible = ${visible} where id = ${row.id}`;
		await record(tx, {
			organisationId: actor.organisationId,
			accountId: actor.accountId,
			action: 'bijlage.parent_visible',
			targetType: 'bijlage',
			targetId: row.id,
			ipHash: actor.ipHash,
			details: { hulpvraag: hulpvraag.id, visible }
		});
		return true;
	});
}
