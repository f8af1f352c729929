/**
 * Bijlagen of a hulpvraag as users meet them: the list (searchable by file name), opening
 * or downloading through the access policy with an audit row, and removing one (the
 * policy's 'remove'). Uploading is in `bijlage-upload.ts`, re-exported here.
 *
 * Removal is soft: the row keeps `removed_at` and `removed_by` (and the blob stays while a
 * row references it), so the audit trail can still say what was removed. A removed bijlage
 * is in no list and no count, and is no longer served: whoever could see it is told it was
 * removed (410), everyone else gets 404.
 */
import type { Actor } from '../access/actor';
import { may, type BijlageFacts } from '../access/policy';
import * as audit from '../audit';
import type { Sql } from '../db';
import * as files from '../files';
import type { Readable } from 'node:stream';
import { formatDateTime } from '../../format';
import { isUuid } from '../ids';
import type { HulpvraagFactsWithIds } from './facts';
import * as voorschool from './voorschool';

export {
	keyPattern,
	keyReusedMessage,
	upload,
	type IncomingFile,
	type UploadResult
} from './bijlage-upload';

export interface ListedBijlage {
	id: string;
	displayName: string;
	size: number;
	mime: string;
	addedAt: Date;
	addedBy: string;
	parentVisible: boolean;
	/** PDF, plain text and images open in a new tab; the rest downloads. */
	opens: boolean;
	/** Whether the actor may remove it (the policy's 'remove'). */
	canRemove: boolean;
}

const opensInline = new Set([
	'application/pdf',
	'text/plain',
	'image/png',
	'image/jpeg',
	'image/gif',
	'image/webp'
]);

/**
 * The bijlagen of a hulpvraag the actor may see, newest first. `search` keeps those whose
 * file name contains it (any case); blank means all.
 */
export async function list(
	sql: Sql,
	actor: Actor,
	hulpvraag: HulpvraagFactsWithIds,
	options: { search?: string } = {}
): Promise<ListedBijlage[]> {
	const search = (options.search ?? '').trim().toLocaleLowerCase('nl').slice(0, 200);
	const rows = await sql<
		(Omit<ListedBijlage, 'opens' | 'canRemove'> & {
			addedBySchoolId: string | null;
			addedById: string;
		})[]
	>`
		select b.id, b.display_name, b.size, b.mime, b.added_at, a.display_name as added_by, b.parent_visible,
			b.added_by_school_id, b.added_by as added_by_id
		from bijlage b join account a on a.id = b.added_by
		where b.organisation_id = ${actor.organisationId} and b.hulpvraag_id = ${hulpvraag.id}
			and b.removed_at is null
			${search ? sql`and strpos(lower(b.display_name), ${search}) > 0` : sql``}
		order by b.added_at desc, b.id`;
	return rows
		.map(({ addedBySchoolId, addedById, ...r }) => ({
			row: r,
			facts: bijlageFacts(hulpvraag, r.parentVisible, addedBySchoolId, addedById)
		}))
		.filter(({ facts }) => may(actor, 'view', facts).allowed)
		.map(({ row, facts }) => ({
			...row,
			opens: opensInline.has(row.mime),
			canRemove: may(actor, 'remove', facts).allowed
		}));
}

/**
 * `addedBySchoolId`: the school whose staff added it (bijlage.added_by_school_id);
 * `addedBy`: the account that added it (bijlage.added_by).
 */
export function bijlageFacts(
	hulpvraag: HulpvraagFactsWithIds,
	parentVisible: boolean,
	addedBySchoolId: string | null = null,
	addedBy: string | null = null
): BijlageFacts {
	return { type: 'bijlage', hulpvraag, parentVisible, addedBySchoolId, addedBy };
}

/** What answers a request for a bijlage that cannot be opened, in Dutch, for the 410 page. */
export interface Gone {
	message: string;
	/** The hulpvraag's title, when the actor may know it. */
	titel?: string;
}

export type Opened =
	| { kind: 'file'; stream: Readable; headers: Record<string, string> }
	| { kind: 'gone'; gone: Gone };

/**
 * Opens a bijlage for the actor after the policy said yes, and writes the audit row
 * (view or download) before a byte leaves. Undefined: it does not exist for this actor.
 * `gone`: it was removed and the actor may see its hulpvraag, or the actor is the
 * pre-school whose access ended with "advies afgerond"; both are told why (410) instead
 * of a bare 404. Every attempt that opens nothing is audited (result `denied`).
 */
export async function open(
	sql: Sql,
	actor: Actor,
	hulpvraagFacts: (id: string) => Promise<HulpvraagFactsWithIds | undefined>,
	bijlageId: string,
	mode: 'view' | 'download'
): Promise<Opened | undefined> {
	const entry = {
		organisationId: actor.organisationId,
		accountId: actor.accountId,
		action: mode === 'view' ? 'bijlage.view' : 'bijlage.download',
		targetType: 'bijlage',
		targetId: bijlageId,
		ipHash: actor.ipHash
	};
	const row = await files.get(sql, actor.organisationId, bijlageId);
	const hulpvraag = row ? await hulpvraagFacts(row.hulpvraagId) : undefined;
	const facts =
		row && hulpvraag
			? bijlageFacts(hulpvraag, row.parentVisible, row.addedBySchoolId, row.addedBy)
			: undefined;
	if (!row || !hulpvraag || !facts || row.removedAt || !may(actor, 'view', facts).allowed) {
		// Only a bijlage of the actor's own organisation names its hulpvraag.
		await audit.denied(sql, { ...entry, details: row ? { hulpvraag: row.hulpvraagId } : {} });
		if (!row || !hulpvraag) return undefined;
		if (row.removedAt && may(actor, 'view', facts!).allowed) {
			return {
				kind: 'gone',
				gone: {
					message: `Deze bijlage is verwijderd op ${formatDateTime(row.removedAt)}.`
				}
			};
		}
		const [ended] = await voorschool.ended(sql, actor, row.hulpvraagId);
		if (ended) return { kind: 'gone', gone: voorschool.endedNotice(ended) };
		return undefined;
	}
	const blob = await files.blobs().open(row.sha256);
	await audit.record(sql, { ...entry, targetId: row.id, details: { hulpvraag: row.hulpvraagId } });
	const headers = files.headersFor({
		mime: row.mime,
		inline: mode === 'view',
		name: row.displayName,
		size: blob.size
	});
	return { kind: 'file', stream: blob.stream, headers };
}

/** The bijlage is not (any more) one of this hulpvraag's that the actor may see. */
export class NotFound extends Error {
	constructor() {
		super('Deze bijlage bestaat niet (meer).');
	}
}

/**
 * The actor sees the bijlage but may not remove it (the policy's reason in `reason`): the
 * page says so, since the bijlage's existence is no secret to them.
 */
export class Refused extends Error {
	constructor(public reason: string) {
		super('U kunt deze bijlage niet verwijderen.');
	}
}

/**
 * Removes a bijlage of `hulpvraag` (soft removal; see the header), with its audit row in the
 * same transaction. The policy decides, on the row as it is locked: a second removal, or a
 * bijlage of another hulpvraag or one the actor may not see, is `NotFound`.
 */
export async function remove(
	sql: Sql,
	actor: Actor,
	hulpvraag: HulpvraagFactsWithIds,
	bijlageId: string
): Promise<{ id: string; displayName: string }> {
	if (!isUuid(bijlageId)) throw new NotFound();
	return sql.begin(async (tx) => {
		const [row] = await tx<
			{
				id: string;
				displayName: string;
				parentVisible: boolean;
				addedBySchoolId: string | null;
				addedBy: string;
			}[]
		>`
			select id, display_name, parent_visible, added_by_school_id, added_by from bijlage
			where organisation_id = ${actor.organisationId} and hulpvraag_id = ${hulpvraag.id}
				and id = ${bijlageId} and removed_at is null
			for update`;
		const facts = row
			? bijlageFacts(hulpvraag, row.parentVisible, row.addedBySchoolId, row.addedBy)
			: undefined;
		if (!row || !facts || !may(actor, 'view', facts).allowed) throw new NotFound();
		const decision = may(actor, 'remove', facts);
		if (!decision.allowed) throw new Refused(decision.reason);
		await tx`
			update bijlage set removed_at = now(), removed_by = ${actor.accountId}
			where id = ${row.id} and organisation_id = ${actor.organisationId}`;
		await audit.byActor(tx, actor, 'bijlage.remove', 'bijlage', row.id, {
			hulpvraag: hulpvraag.id,
			addedBy: row.addedBy
		});
		return { id: row.id, displayName: row.displayName };
	});
}
