/**
 * Reads an intake request's multipart body as it arrives: the `aanvraag` part (JSON, small)
 * and the `dossier` part, which goes straight into the streaming OSO reader, so a dossier of
 * 100 MB is never held whole. Parts may come in either order; unknown parts are skipped.
 */
import busboy from 'busboy';
import { nodeStream } from '../request-body';
import { readOsoDossierStream, type OsoStreamResult } from './oso-stream';
import type { OsoOptions } from './oso';

export const maxAanvraagBytes = 100_000;
/**
 * The largest dossier the API takes: read as a stream, its documents go to temp files, so
 * this is disk, not memory (several scanned documents make 100 MB of XML quickly).
 */
export const maxIntakeDossierBytes = 200 * 1024 * 1024;

export interface IntakeBody {
	aanvraag?: string;
	/** The `aanvraag` part was longer than `maxAanvraagBytes`. */
	aanvraagTooLong: boolean;
	dossier?: OsoStreamResult;
}

export function isMultipart(request: Request): boolean {
	return (request.headers.get('content-type') ?? '')
		.toLowerCase()
		.startsWith('multipart/form-data');
}

/** Rejects with the body's error (too large for the server, aborted): see `bodyFailure`. */
export function readIntakeBody(
	request: Request,
	options: OsoOptions = { maxBytes: maxIntakeDossierBytes }
): Promise<IntakeBody> {
	return new Promise((resolve, reject) => {
		const parser = busboy({
			headers: { 'content-type': request.headers.get('content-type') ?? '' },
			defParamCharset: 'utf8',
			limits: { fields: 10, files: 2, fieldSize: maxAanvraagBytes, parts: 12 }
		});
		const result: IntakeBody = { aanvraagTooLong: false };
		let reading: Promise<void> = Promise.resolve();
		let failed = false;
		const fail = (e: unknown) => {
			if (failed) return;
			failed = true;
			reject(e);
		};
		parser.on('field', (name, value, info) => {
			if (name !== 'aanvraag') return;
			if (info.valueTruncated) result.aanvraagTooLong = true;
			else result.aanvraag = value;
		});
		parser.on('file', (name, stream) => {
			stream.on('error', () => undefined);
			if (name === 'aanvraag') {
				// Sent as a file part (curl -F aanvraag=@aanvraag.json): read it the same.
				const chunks: Buffer[] = [];
				let size = 0;
				stream.on('data', (c: Buffer) => {
					size += c.length;
					if (size <= maxAanvraagBytes) chunks.push(c);
				});
				stream.on('end', () => {
					if (size > maxAanvraagBytes) result.aanvraagTooLong = true;
					else result.aanvraag = Buffer.concat(chunks).toString('utf8');
				});
				return;
			}
			if (name !== 'dossier' || result.dossier) {
				stream.resume();
				return;
			}
			reading = readOsoDossierStream(stream, options).then((d) => {
				result.dossier = d;
			}, fail);
		});
		parser.on('close', () => {
			void reading.then(() => {
				if (!failed) resolve(result);
			});
		});
		parser.on('error', fail);
		const body = nodeStream(request);
		body.on('error', (e) => {
			parser.destroy(e);
			fail(e);
		});
		body.pipe(parser);
	});
}
