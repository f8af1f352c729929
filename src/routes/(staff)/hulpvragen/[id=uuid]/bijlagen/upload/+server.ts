/**
 * Uploading bijlagen. Two ways in, one path:
 * - the page's script sends each file on its own as `application/octet-stream` (name in
 *   `X-Bestandsnaam`), showing progress per file; a declared size over 10 MB is refused
 *   before a byte is read;
 * - without JavaScript the form posts multipart/form-data with one or several files; the
 *   answer is a redirect back to the list with the outcome.
 * Both stream into the blob store (never a whole file in memory). Each file may carry a key
 * of the client (`Idempotency-Key` header, a UUID made in the browser per chosen file; the
 * form without JavaScript has a hidden `uploadsleutel` per page view, file n gets `<key>.n`):
 * a retry with the same key gets the first answer (200, same bijlage id), the same key with
 * other content 409. SvelteKit's CSRF check
 * covers the multipart form; a raw octet-stream POST cannot be sent cross-site without CORS.
 */
import { error, json, redirect } from '@sveltejs/kit';
import type { Readable } from 'node:stream';
import { requireActor } from '$lib/server/access/actor';
import { record } from '$lib/server/audit';
import { sql } from '$lib/server/db';
import * as bijlagen from '$lib/server/dossiers/bijlagen';
import { hulpvraagFor } from '$lib/server/dossiers/guard';
import { maxUploadBytes, TooLarge } from '$lib/server/files';
import { BadUpload, files } from '$lib/server/multipart';
import { nodeStream } from '$lib/server/request-body';
import type { RequestHandler } from './$types';

const maxFilesPerPost = 20;

function decodeName(value: string | null): string {
	if (!value) return '';
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

export const POST: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const hulpvraag = await hulpvraagFor(sql, actor, event.params.id, 'add-attachment');
	const type = (event.request.headers.get('content-type') ?? '').toLowerCase();

	if (type.startsWith('application/octet-stream')) {
		const name = decodeName(event.request.headers.get('x-bestandsnaam'));
		const key = event.request.headers.get('idempotency-key') ?? undefined;
		if (key !== undefined && !bijlagen.keyPattern.test(key)) {
			// Read (and drop) the body first, so the connection stays usable for the next request.
			await event.request.body?.pipeTo(new WritableStream()).catch(() => undefined);
			error(400, invalidKey);
		}
		const declared = Number(event.request.headers.get('content-length') ?? 'NaN');
		if (declared > maxUploadBytes) {
			// Refused unread, but refused all the same: the audit log shows every refusal.
			await record(sql, {
				organisationId: actor.organisationId,
				accountId: actor.accountId,
				action: 'bijlage.refused',
				targetType: 'hulpvraag',
				targetId: hulpvraag.id,
				ipHash: actor.ipHash,
				details: { reason: 'too_large', declared }
			});
			return json(
				{
					results: [{ name, ok: false, error: new TooLarge(maxUploadBytes).message, warnings: [] }]
				},
				{ status: 413 }
			);
		}
		if (!event.request.body) error(400, 'Geen bestand ontvangen.');
		const stream = nodeStream(event.request);
		const outcome = await bijlagen.upload(sql, actor, hulpvraag, single({ name, stream, key }));
		return json(outcome, { status: singleStatus(outcome) });
	}

	let outcome;
	try {
		outcome = await bijlagen.upload(
			sql,
			actor,
			hulpvraag,
			files(event.request, 'bestanden', {
				files: maxFilesPerPost,
				fileSize: maxUploadBytes + 1,
				keyField: 'uploadsleutel',
				validKey: (key) => bijlagen.keyPattern.test(key),
				invalidKey
			})
		);
	} catch (e) {
		if (e instanceof BadUpload) error(400, e.message);
		throw e;
	}
	if ((event.request.headers.get('accept') ?? '').includes('application/json')) {
		return json(outcome, { status: outcome.broken?.status ?? 200 });
	}
	// Without JavaScript: back to the list, which shows what happened to each file.
	const encoded = encodeOutcome(outcome.results);
	redirect(303, `/hulpvragen/${hulpvraag.id}/bijlagen?resultaat=${encoded}`);
};

const invalidKey =
	'De uploadsleutel (Idempotency-Key) is ongeldig: verwacht wordt een UUID, zoals de browser die maakt.';

/**
 * One file sent on its own: 413 when it (or the request) was too large, 409 when its key was
 * used for another file, 422 when refused.
 */
function singleStatus(outcome: Awaited<ReturnType<typeof bijlagen.upload>>): number {
	if (outcome.broken) return outcome.broken.status;
	const [result] = outcome.results;
	if (result?.ok) return 200;
	if (result?.conflict) return 409;
	return result?.tooLarge ? 413 : 422;
}

async function* single(file: {
	name: string;
	stream: Readable;
	key: string | undefined;
}): AsyncGenerator<bijlagen.IncomingFile> {
	yield {
		name: file.name,
		key: file.key,
		stream: file.stream.iterator({ destroyOnReturn: false }),
		discard: () => file.stream.resume()
	};
}

/**
 * The outcome for the redirect URL. It must stay whole (a cut-off one shows nothing): names
 * are shortened and, when still too long, warnings dropped before errors or names.
 */
function encodeOutcome(results: bijlagen.UploadResult[]): string {
	const short = (text: string, max: number) =>
		text.length > max ? text.slice(0, max - 1) + '…' : text;
	const summary = results.slice(0, 20).map((r) => ({
		n: short(r.displayName ?? r.name, 80),
		e: r.error,
		w: r.warnings
	}));
	const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	let encoded = encode(summary);
	if (encoded.length > 6000) encoded = encode(summary.map((s) => ({ ...s, w: s.w.slice(0, 1) })));
	if (encoded.length > 6000) encoded = encode(summary.map((s) => ({ n: s.n, e: s.e, w: [] })));
	return encoded;
}
