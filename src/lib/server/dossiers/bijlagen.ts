/**
 * Bijlagen of a hulpvraag as users meet them: upload one or several files (each streamed
 * into the blob store, refused past 10 MB or when the content is not an accepted type),
 * the list (searchable by file name), opening or downloading through the access policy
 * with an audit row, and removing one (the policy's 'remove').
 *
 * Removal is soft: the row keeps `removed_at` and `removed_by` (and the blob stays while a
 * row references it), so the audit trail can still say what was removed. A removed bijlage
 * is in no list and no count, and is no longer served: whoever could see it is told it was
 * removed (410), everyone else gets 404.
 *
 * Crash safety: the blob is on disk before its row is written (files/index.ts); the row,
 * its audit row and the "status after attachment" automation (with its mails) commit
 * together, and a client key per file makes a retry after a lost answer harmless.
 */
import type { Acting } from '../access/actor';
import * as access from '../access/authorize';
import { may, type BijlageFacts } from '../access/policy';
import * as audit from '../audit';
import type { Sql } from '../db';
import * as files from '../files';
import type { Readable } from 'node:stream';
import { formatDateTime } from '../../format';
import { isUuid } from '../ids';
import { bodyFailure, type BodyFailure } from '../request-body';
import { hulpvraagFacts, type HulpvraagFactsWithIds } from './facts';
import { afterAttachment } from './hulpvraag';
import * as voorschool from './voorschool';

export interface UploadResult {
	name: string;
	ok: boolean;
	id?: string;
	displayName?: string;
	/** Refused: why, in Dutch. */
	error?: string;
	/** Accepted, but look again (vague name, second version, same file twice). */
	warnings: string[];
	/** Refused because it is over the size limit. */
	tooLarge?: boolean;
	/** Refused: its key was used before for another file (409). */
	conflict?: boolean;
	/** The key was used before for this same file: the first upload's answer, nothing new. */
	replayed?: boolean;
}

export interface IncomingFile {
	name: string;
	stream: AsyncIterable<Uint8Array>;
	/**
	 * Throws away what the store did not read of a refused file, so a multipart parser
	 * reaches the next file (the stream must not be destroyed for that).
	 */
	discard?: () => void;
	/**
	 * The client's key for this one file (Idempotency-Key): a retry with the same key by the
	 * same account on the same hulpvraag gets the first answer instead of a second bijlage.
	 */
	key?: string;
}

/** An Idempotency-Key the server accepts: a UUID, for a multipart form followed by `.n`. */
export const keyPattern =
	/^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(\.\d{1,2})?$/;

const closedMessage =
	'Dit bestand is niet toegevoegd: bij deze hulpvraag kunt u nu geen bijlagen toevoegen (de status is intussen gewijzigd, of uw toegang).';

export const keyReusedMessage =
	'Dit bestand is niet toegevoegd: de uploadsleutel is al gebruikt voor een ander bestand. Laad de pagina opnieuw en kies het bestand nog eens.';

const knownErrors = (e: unknown): string | undefined => {
	if (e instanceof files.TooLarge) return e.message;
	if (e instanceof files.Refused) return e.message;
	return undefined;
};

/** What a retry with a used key is answered: the first answer, or 409 for other content. */
function again(name: string, earlier: files.Bijlage, sha256: string): UploadResult {
	if (earlier.sha256 !== sha256) {
		return { name, ok: false, error: keyReusedMessage, warnings: [], conflict: true };
	}
	return {
		name,
		ok: true,
		id: earlier.id,
		displayName: earlier.displayName,
		warnings: earlier.uploadWarnings,
		replayed: true
	};
}

/**
 * Takes the files one after another as they arrive (a multipart body is sequential), so
 * at most one chunk of one file is in memory. A refused file does not stop the others.
 *
 * Each file is one transaction: its row, its audit row and, for the first file the
 * request adds, the "status after attachment" automation with its status change, history,
 * audit and mails. A failure anywhere in it (a database that goes away) leaves none of
 * them; the blob, already stored, is then unreferenced and the sweep removes it after the
 * grace period. A file with a key that this account already used on this hulpvraag is
 * hashed without being stored: the same content gets the first answer, other content is
 * refused (409). The hulpvraag row is locked first, so two retries at once end with one
 * bijlage.
 */
export async function upload(
	sql: Sql,
	actor: Acting,
	hulpvraag: HulpvraagFactsWithIds,
	incoming: AsyncIterable<IncomingFile>,
	options: { parentVisible?: boolean } = {}
): Promise<{
	results: UploadResult[];
	statusChanged: boolean;
	/** The request body broke off: the status to answer with, and why in Dutch. */
	broken?: { status: 400 | 413; message: string };
}> {
	const results: UploadResult[] = [];
	const refused = (reason: string) =>
		audit.record(sql, {
			organisationId: actor.organisationId,
			accountId: actor.accountId,
			action: 'bijlage.refused',
			targetType: 'hulpvraag',
			targetId: hulpvraag.id,
			ipHash: actor.ipHash,
			// Why, for whoever reads the log: too_large, the sniffer's reason (html, …),
			// what happened to the request body (body_too_large, aborted), or key_reused.
			details: { reason }
		});
	// A body that breaks off (too large for the server, or the client went away) ends the
	// upload: what was stored stays stored, and the answer says which files got through.
	let broken: BodyFailure | undefined;
	const brokenReason = (failure: BodyFailure) =>
		failure.status === 413 ? 'body_too_large' : 'aborted';
	access.authorize(actor, 'add-attachment', hulpvraag);
	let statusChanged = false;
	// The automation runs once per request, with the first file it adds.
	let automated = false;
	const files_ = incoming[Symbol.asyncIterator]();
	for (;;) {
		let next: IteratorResult<IncomingFile>;
		try {
			next = await files_.next();
		} catch (e) {
			broken = bodyFailure(e);
			if (!broken) throw e;
			await refused(brokenReason(broken));
			break;
		}
		if (next.done) break;
		const file = next.value;
		const name = file.name || 'bestand';
		const key = file.key
			? {
					organisationId: actor.organisationId,
					hulpvraagId: hulpvraag.id,
					addedBy: actor.accountId,
					idempotencyKey: file.key
				}
			: undefined;
		try {
			const earlier = key ? await files.byKey(sql, key) : undefined;
			if (earlier) {
				const result = again(name, earlier, (await files.digest(file.stream)).sha256);
				if (result.conflict) await refused('key_reused');
				results.push(result);
				continue;
			}
			const accepted = await files.accept(file.stream, name);
			const outcome = await sql.begin(async (tx) => {
				// First the hulpvraag, then the rest: the automation locks it too, and a
				// concurrent upload must wait here rather than deadlock on the row's key lock.
				await tx`select 1 from hulpvraag
					where id = ${hulpvraag.id} and organisation_id = ${actor.organisationId} for update`;
				// Checked again now that the file is read: its status or the actor's access may
				// have changed while it streamed.
				access.authorize(
					actor,
					'add-attachment',
					await hulpvraagFacts(tx, actor.organisationId, hulpvraag.id)
				);
				const raced = key ? await files.byKey(tx, key) : undefined;
				if (raced) return { result: again(name, raced, accepted.sha256), moved: false };
				const siblings = await files.siblings(tx, actor.organisationId, hulpvraag.id, accepted);
				const warnings = [...accepted.warnings, ...siblings.warnings];
				const inserted = await files.insert(tx, accepted, {
					organisationId: actor.organisationId,
					hulpvraagId: hulpvraag.id,
					addedBy: actor.accountId,
					versionOf: siblings.sameName?.id ?? null,
					parentVisible: options.parentVisible ?? false,
					idempotencyKey: key?.idempotencyKey ?? null,
					uploadWarnings: warnings
				});
				await audit.record(tx, {
					organisationId: actor.organisationId,
					accountId: actor.accountId,
					action: 'bijlage.add',
					targetType: 'bijlage',
					targetId: inserted.id,
					ipHash: actor.ipHash,
					details: { hulpvraag: hulpvraag.id, size: accepted.size, mime: accepted.mime }
				});
				const moved = automated ? false : (await afterAttachment(tx, actor, hulpvraag.id)) !== null;
				const result: UploadResult = {
					name,
					ok: true,
					id: inserted.id,
					displayName: inserted.displayName,
					warnings
				};
				return { result, moved };
			});
			if (outcome.result.ok && !outcome.result.replayed) automated = true;
			if (outcome.moved) statusChanged = true;
			if (outcome.result.conflict) await refused('key_reused');
			results.push(outcome.result);
		} catch (e) {
			if (e instanceof access.NotAllowed) {
				await refused('not_allowed');
				results.push({ name, ok: false, error: closedMessage, warnings: [] });
				break;
			}
			broken = bodyFailure(e);
			if (broken) {
				await refused(brokenReason(broken));
				results.push({
					name,
					ok: false,
					error: broken.message,
					warnings: [],
					...(broken.status === 413 ? { tooLarge: true } : {})
				});
				break;
			}
			const message = knownErrors(e);
			if (!message) throw e;
			file.discard?.();
			await refused(e instanceof files.Refused ? e.reason : 'too_large');
			results.push({
				name,
				ok: false,
				error: message,
				warnings: [],
				...(e instanceof files.TooLarge ? { tooLarge: true } : {})
			});
		}
	}
	return {
		results,
		statusChanged,
		...(broken ? { broken: { status: broken.status, message: broken.message } } : {})
	};
}

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
	actor: Acting,
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
	actor: Acting,
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

/** The actor may see the bijlage but not remove it (the policy's reason in `reason`). */
export class NotAllowed extends Error {
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
	actor: Acting,
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
		if (!decision.allowed) throw new NotAllowed(decision.reason);
		await tx`
			update bijlage set removed_at = now(), removed_by = ${actor.accountId}
			where id = ${row.id} and organisation_id = ${actor.organisationId}`;
		await audit.record(tx, {
			organisationId: actor.organisationId,
			accountId: actor.accountId,
			action: 'bijlage.remove',
			targetType: 'bijlage',
			targetId: row.id,
			ipHash: actor.ipHash,
			details: { hulpvraag: hulpvraag.id, addedBy: row.addedBy }
		});
		return { id: row.id, displayName: row.displayName };
	});
}
