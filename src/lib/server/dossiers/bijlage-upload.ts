/**
 * Uploading bijlagen to a hulpvraag: one or several files, each streamed into the blob
 * store, refused past 10 MB or when the content is not an accepted type. Access is checked
 * before the first byte is read and again once each file is read, on the hulpvraag as it is
 * then.
 *
 * Crash safety: the blob is stored before its row is written (files/index.ts); the row,
 * its audit row and the "status after attachment" automation (with its mails) commit
 * together, and a client key per file makes a retry after a lost answer harmless.
 */
import type { Actor } from '../access/actor';
import * as access from '../access/authorize';
import * as audit from '../audit';
import type { Sql } from '../db';
import * as files from '../files';
import { bodyFailure, type BodyFailure } from '../request-body';
import { type HulpvraagFactsWithIds, authorizedHulpvraag } from './facts';
import { afterAttachment } from './status-change';

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
	actor: Actor,
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
				await authorizedHulpvraag(tx, actor, 'add-attachment', hulpvraag.id);
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
				await audit.byActor(tx, actor, 'bijlage.add', 'bijlage', inserted.id, {
					hulpvraag: hulpvraag.id,
					size: accepted.size,
					mime: accepted.mime
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
