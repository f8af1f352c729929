/**
 * What every request must be before a form action or a page sees it: text that PostgreSQL
 * can store, within the limits, in a form's content type. Refused in Dutch, naming the field
 * and the limit, never cut short and never a 500.
 *
 * - A form action takes `application/x-www-form-urlencoded` or `multipart/form-data` (what
 *   a browser and `use:enhance` send); anything else is 415.
 * - A form body of a page is at most `maxFormBytes` (files go to the upload endpoint).
 * - No field and no query parameter holds a control character (U+0000–U+001F, U+007F);
 *   tab, line feed and carriage return are text (a textarea sends CRLF).
 * - No field holds more than `maxFieldLength` characters; a domain field with a lower limit
 *   refuses more itself.
 *
 * A refused body is never cancelled: cancelling it destroys the request and resets the
 * connection before the client reads the answer. It is read to its end and thrown away
 * (`discardBody`), so a client that sends its whole body before it reads the answer gets
 * it, and the next request on the same connection is read as a request of its own.
 */

/** Characters no text field may hold: the C0 controls but tab, LF and CR, and DEL. */
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const maxFieldLength = 10_000;
export const maxFormBytes = 1024 * 1024;

export interface Refusal {
	status: 400 | 413 | 415;
	message: string;
	/** The field or query parameter, for the log. */
	field?: string;
}

const number = new Intl.NumberFormat('nl-NL');

/** The first value that is no storable text, or that is too long. */
export function inspectValues(entries: Iterable<[string, unknown]>): Refusal | null {
	for (const [name, value] of entries) {
		if (typeof value !== 'string') continue;
		if (controlCharacter.test(value) || controlCharacter.test(name)) {
			return {
				status: 400,
				field: name,
				message: `Het veld ‘${printable(name)}’ bevat tekens die geen tekst zijn (stuurtekens, bijvoorbeeld uit een gekopieerd document). Typ de tekst opnieuw of plak hem zonder opmaak.`
			};
		}
		if (value.length > maxFieldLength) {
			return {
				status: 400,
				field: name,
				message: `Het veld ‘${printable(name)}’ is te lang: ${number.format(value.length)} tekens, ten hoogste ${number.format(maxFieldLength)}. Er is niets opgeslagen.`
			};
		}
	}
	return null;
}

/** A field name as it may be shown: control characters replaced, at most 40 characters. */
function printable(name: string): string {
	// eslint-disable-next-line no-control-regex
	const clean = name.replace(/[\u0000-\u001F\u007F]/g, '?');
	return clean.length > 40 ? clean.slice(0, 39) + '…' : clean;
}

function mediaType(request: Request): string {
	return (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

const formTypes = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

/** The query of any request: no control characters (a NUL would reach PostgreSQL). */
export function inspectQuery(url: URL): Refusal | null {
	let path: string;
	try {
		path = decodeURIComponent(url.pathname);
	} catch {
		return { status: 400, message: 'Dit adres kon niet worden gelezen.' };
	}
	if (controlCharacter.test(path)) {
		return { status: 400, message: 'Dit adres bevat tekens die geen tekst zijn.' };
	}
	const refusal = inspectValues(url.searchParams);
	if (!refusal) return null;
	return {
		...refusal,
		message: refusal.message
			.replace('Het veld', 'De zoekterm')
			.replace(' Er is niets opgeslagen.', '')
	};
}

/**
 * The body of a form action: its type, size and text. Reads a copy of the body (at most
 * `maxFormBytes`), so the action still reads the original.
 */
export async function inspectForm(request: Request): Promise<Refusal | null> {
	const type = mediaType(request);
	if (!formTypes.has(type)) {
		return {
			status: 415,
			message:
				'Deze pagina neemt alleen een ingevuld formulier aan. Ga terug naar de pagina en probeer het opnieuw.'
		};
	}
	const tooLarge: Refusal = {
		status: 413,
		message: `Wat u verstuurt is te groot voor een formulier (ten hoogste ${number.format(maxFormBytes / 1024)} kB). Bestanden voegt u toe bij Bijlagen.`
	};
	const declared = Number(request.headers.get('content-length') ?? NaN);
	if (declared > maxFormBytes) return tooLarge;
	if (!request.body) return null;
	const copy = request.clone();
	const bytes = await readAtMost(copy, maxFormBytes);
	if (bytes === null) return tooLarge;
	let form: FormData;
	try {
		form = await new Response(bytes, {
			headers: { 'content-type': request.headers.get('content-type')! }
		}).formData();
	} catch {
		return {
			status: 400,
			message:
				'Dit formulier kon niet worden gelezen. Ga terug naar de pagina en probeer het opnieuw.'
		};
	}
	return inspectValues(form);
}

/** The body, or null when it is longer than `limit` (then the copy is cancelled). */
async function readAtMost(
	request: Request,
	limit: number
): Promise<Uint8Array<ArrayBuffer> | null> {
	const reader = request.body!.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			// Not awaited: cancelling one branch of a teed body settles only when the other
			// branch (the original, which Node discards after the answer) is done too.
			reader.cancel().catch(() => undefined);
			return null;
		}
		chunks.push(value);
	}
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.byteLength;
	}
	return out;
}

/**
 * Reads what is left of a body nobody read (a refused one, or one a handler answered
 * without) and throws it away, in the background. Past the server's body limit the stream
 * ends in an error, and Node itself discards the rest. A body that was read is left alone.
 */
export function discardBody(request: Request): void {
	if (!request.body || request.bodyUsed || request.body.locked) return;
	void request.body.pipeTo(new WritableStream()).catch(() => undefined);
}
