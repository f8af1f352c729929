/**
 * A streaming multipart/form-data reader (busboy): yields the files of one field one by
 * one as they arrive, never buffering a whole upload (20 uploads of 10 MB at once must not
 * grow the server's memory by more than 100 MB; bench/upload-memory.ts measures it).
 */
import busboy from 'busboy';
import type { IncomingFile } from './dossiers/bijlagen';
import { nodeStream } from './request-body';

export class BadUpload extends Error {}

/**
 * `keyField`: a form field before the files holding the client's key for this post; file
 * n (from 0) of `field` then carries the key `<key>.n` (see dossiers/bijlagen.ts).
 */
export async function* files(
	request: Request,
	field: string,
	limits: {
		files: number;
		fileSize: number;
		keyField?: string;
		validKey?: (key: string) => boolean;
		invalidKey?: string;
	}
): AsyncGenerator<IncomingFile> {
	const contentType = request.headers.get('content-type') ?? '';
	if (!request.body || !contentType.toLowerCase().startsWith('multipart/form-data')) {
		throw new BadUpload('Geen bestanden ontvangen.');
	}
	const parser = busboy({
		headers: { 'content-type': contentType },
		defParamCharset: 'utf8',
		limits: { files: limits.files, fileSize: limits.fileSize, fields: 20, fieldSize: 10_000 }
	});
	const queue: IncomingFile[] = [];
	let done = false;
	let failure: unknown;
	let wake: (() => void) | undefined;
	const signal = () => {
		wake?.();
		wake = undefined;
	};
	let key: string | undefined;
	let badKey = false;
	let fileIndex = 0;
	parser.on('field', (name, value) => {
		if (!limits.keyField || name !== limits.keyField || !value) return;
		// Refused only once the whole body is read: an answer before that would leave the
		// rest of the body on a connection the client may reuse.
		if (limits.validKey && !limits.validKey(value)) badKey = true;
		else key = value;
	});
	parser.on('file', (name, stream, info) => {
		if (name !== field || badKey) {
			stream.resume();
			return;
		}
		const index = fileIndex++;
		// The parser ends a file stream with an error when the body breaks off; the reader
		// may have stopped listening (a refused file is only discarded). The error reaches
		// the reader through the parser.
		stream.on('error', () => undefined);
		queue.push({
			name: info.filename ?? '',
			// destroyOnReturn: false — a refused file is discarded, not destroyed, so
			// the parser goes on to the next file.
			stream: stream.iterator({ destroyOnReturn: false }),
			discard: () => stream.resume(),
			...(key ? { key: `${key}.${index}` } : {})
		});
		signal();
	});
	parser.on('close', () => {
		if (badKey) failure ??= new BadUpload(limits.invalidKey ?? 'Ongeldige uploadsleutel.');
		done = true;
		signal();
	});
	parser.on('error', (e) => {
		failure = e;
		signal();
	});
	const body = nodeStream(request);
	body.on('error', (e) => {
		failure = e;
		// `pipe` does not pass the error on: without this the file being read would wait
		// for bytes that never come.
		parser.destroy(e);
		signal();
	});
	body.pipe(parser);
	while (true) {
		if (failure) throw failure;
		const next = queue.shift();
		if (next) {
			yield next;
			continue;
		}
		if (done) return;
		await new Promise<void>((resolve) => (wake = resolve));
	}
}
