/**
 * Reading a request body as a Node stream without letting the body take the process down.
 *
 * adapter-node turns a body past BODY_SIZE_LIMIT (counted while it arrives, so also for a
 * chunked body without Content-Length) and a client that breaks off into an error of the
 * body stream. A Node stream that emits 'error' with no listener ends the process, and a
 * consumer that stopped reading early (a refused file is discarded, not destroyed) is no
 * longer listening. So every body stream gets a listener for its whole life, and readers
 * turn the error into a `BodyFailure`: 413 or 400 with a Dutch message, never a 500.
 */
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { parseBytes } from './config';

export class BodyFailure extends Error {
	constructor(
		readonly status: 400 | 413,
		message: string
	) {
		super(message);
		this.name = 'BodyFailure';
	}
}

function limitText(): string {
	const bytes = parseBytes(process.env.BODY_SIZE_LIMIT ?? '512K');
	if (!Number.isFinite(bytes)) return '';
	return ` (${Math.floor(bytes / (1024 * 1024))} MB)`;
}

/** What went wrong with reading the body, for the user; undefined for any other error. */
export function bodyFailure(e: unknown): BodyFailure | undefined {
	if (e instanceof BodyFailure) return e;
	if (!e || typeof e !== 'object') return undefined;
	const error = e as { status?: unknown; code?: unknown; message?: unknown; name?: unknown };
	if (error.status === 413) {
		return new BodyFailure(
			413,
			`Wat u verstuurt is groter dan de server in één keer aanneemt${limitText()}. Stuur grote bestanden één voor één; elk bestand mag ten hoogste 10 MB zijn.`
		);
	}
	const aborted =
		error.code === 'ECONNRESET' ||
		error.code === 'ERR_STREAM_PREMATURE_CLOSE' ||
		error.name === 'AbortError' ||
		(typeof error.message === 'string' && /aborted|Unexpected end of form/i.test(error.message));
	if (aborted) {
		return new BodyFailure(
			400,
			'De verbinding werd verbroken voordat alles binnen was. Wat hieronder als opgeslagen staat, is bewaard; probeer de rest opnieuw.'
		);
	}
	return undefined;
}

/**
 * The request body as a Node stream that can never raise an unhandled 'error'. Reading it
 * still fails with the body's error; `bodyFailure()` says what to answer.
 */
export function nodeStream(request: Request): Readable {
	if (!request.body) throw new BodyFailure(400, 'Er is niets ontvangen.');
	const stream = Readable.fromWeb(request.body as unknown as NodeReadableStream<Uint8Array>);
	stream.on('error', () => undefined);
	return stream;
}
