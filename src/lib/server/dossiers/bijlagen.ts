/**
 * Bijlagen of a hulpvraag as users meet them: upload one or several files (each streamed
 * into the blob store, refused past 10 MB or when the content is not an accepted type),
 * the list, and opening or downloading through the access policy with an audit row.
 *
 * Crash safety: the blob is on disk before its row is written (files/index.ts); the row,
 * its audit row and the "status after attachment" automation commit together.
 */
import type { Acting } from '../access/actor';
import { may, type BijlageFacts } from '../access/policy';
import * as audit from '../audit';
import type { Sql } from '../db';
import * as files from '../files';
import { bodyFailure, type BodyFailure } from '../request-body';
import type { HulpvraagFactsWithIds } from './facts';
import { afterAttachment } from './hulpvraag';

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
}

export interface IncomingFile {
	name: string;
	stream: AsyncIterable<Uint8Array>;
	/**
	 * Throws away what the store did not read of a refused file, so a multipart parser
	 * reaches the next file (the stream must not be destroyed for that).
	 */
	discard?: () => void;
}

const knownErrors = (e: unknown): string | undefined => {
	if (e instanceof files.TooLarge) return e.message;
	if (e instanceof files.Refused) return e.message;
	return undefined;
};

/**
 * Takes the files one after another as they arrive (a multipart body is sequential), so
 * at most one chunk of one file is in memory. A refused file does not stop the others.
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
			// Why, for whoever reads the log: too_large, the sniffer's reason (html, …), or
			// what happened to the request body (body_too_large, aborted).
			details: { reason }
		});
	// A body that breaks off (too large for the server, or the client went away) ends the
	// upload: what was stored stays stored, and the answer says which files got through.
	let broken: BodyFailure | undefined;
	const brokenReason = (failure: BodyFailure) =>
		failure.status === 413 ? 'body_too_large' : 'aborted';
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
		try {
			const accepted = await files.accept(file.stream, name);
			const row = await sql.begin(async (tx) => {
				const siblings = await files.siblings(tx, actor.organisationId, hulpvraag.id, accepted);
				const inserted = await files.insert(tx, accepted, {
					organisationId: actor.organisationId,
					hulpvraagId: hulpvraag.id,
					addedBy: actor.accountId,
					versionOf: siblings.sameName?.id ?? null,
					parentVisible: options.parentVisible ?? false
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
				return { inserted, warnings: [...accepted.warnings, ...siblings.warnings] };
			});
			results.push({
				name,
				ok: true,
				id: row.inserted.id,
				displayName: row.inserted.displayName,
				warnings: row.warnings
			});
		} catch (e) {
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
	let statusChanged = false;
	if (results.some((r) => r.ok)) {
		statusChanged = await sql.begin(
			async (tx) => (await afterAttachment(tx, actor, hulpvraag.id)) !== null
		);
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
}

const opensInline = new Set([
	'application/pdf',
	'text/plain',
	'image/png',
	'image/jpeg',
	'image/gif',
	'image/webp'
]);

export async function list(
	sql: Sql,
	actor: Acting,
	hulpvraag: HulpvraagFactsWithIds
): Promise<ListedBijlage[]> {
	const rows = await sql<(Omit<ListedBijlage, 'opens'> & { addedBySchoolId: string | null })[]>`
		select b.id, b.display_name, b.size, b.mime, b.added_at, a.display_name as added_by, b.parent_visible,
			b.added_by_school_id
		from bijlage b join account a on a.id = b.added_by
		where b.organisation_id = ${actor.organisationId} and b.hulpvraag_id = ${hulpvraag.id}
			and b.removed_at is null
		order by b.added_at desc, b.id`;
	return rows
		.filter(
			(r) => may(actor, 'view', bijlageFacts(hulpvraag, r.parentVisible, r.addedBySchoolId)).allowed
		)
		.map(({ addedBySchoolId: _, ...r }) => ({ ...r, opens: opensInline.has(r.mime) }));
}

/** `addedBySchoolId`: the school whose staff added it (bijlage.added_by_school_id). */
export function bijlageFacts(
	hulpvraag: HulpvraagFactsWithIds,
	parentVisible: boolean,
	addedBySchoolId: string | null = null
): BijlageFacts {
	return { type: 'bijlage', hulpvraag, parentVisible, addedBySchoolId };
}

/**
 * Opens a bijlage for the actor after the policy said yes, and writes the audit row
 * (view or download) before a byte leaves. Undefined: it does not exist for this actor;
 * that attempt is audited too (result `denied`).
 */
export async function open(
	sql: Sql,
	actor: Acting,
	hulpvraagFacts: (id: string) => Promise<HulpvraagFactsWithIds | undefined>,
	bijlageId: string,
	mode: 'view' | 'download'
) {
	const entry = {
		organisationId: actor.organisationId,
		accountId: actor.accountId,
		action: mode === 'view' ? 'bijlage.view' : 'bijlage.download',
		targetType: 'bijlage',
		targetId: bijlageId,
		ipHash: actor.ipHash
	};
	const row = await files.get(sql, actor.organisationId, bijlageId);
	const hulpvraag = row && !row.removedAt ? await hulpvraagFacts(row.hulpvraagId) : undefined;
	if (
		!row ||
		!hulpvraag ||
		!may(actor, 'view', bijlageFacts(hulpvraag, row.parentVisible, row.addedBySchoolId)).allowed
	) {
		// Only a bijlage of the actor's own organisation names its hulpvraag.
		await audit.denied(sql, { ...entry, details: row ? { hulpvraag: row.hulpvraagId } : {} });
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
	return { stream: blob.stream, headers };
}
