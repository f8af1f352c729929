/**
 * The attachments of an OSO dossier: each `document` carries its file as a base64 ZIP that
 * holds exactly that one file. A document that cannot be unpacked is refused on its own; the
 * rest of the dossier stands.
 */
import { crc32 } from 'node:zlib';
import { unzipSync, type UnzipFileInfo } from 'fflate';

/** At most this many bytes unpacked per document. */
export const maxDocumentBytes = 10 * 1024 * 1024;

export type OsoDocumentWeigering =
	'geen_inhoud' | 'geen_base64' | 'geen_zip' | 'niet_een_bestand' | 'te_groot' | 'totaal_te_groot';

export type OsoDocument =
	(DocumentHead & { ok: true; naamInZip: string; inhoud: Uint8Array }) | OsoDocumentRefused;

/** A document refused on its own, with why. */
export type OsoDocumentRefused = DocumentHead & {
	ok: false;
	code: OsoDocumentWeigering;
	weigering: string;
};

const messages: Record<OsoDocumentWeigering, string> = {
	geen_inhoud: 'Het document heeft geen bestandsinhoud.',
	geen_base64: 'De bestandsinhoud is geen geldige base64.',
	geen_zip: 'De bestandsinhoud is geen ZIP-bestand dat zich laat uitpakken.',
	niet_een_bestand: 'Het ZIP-bestand moet precies één bestand bevatten.',
	te_groot: 'Het bestand in de ZIP is uitgepakt groter dan 10 MB.',
	totaal_te_groot: 'De documenten van dit dossier zijn samen uitgepakt te groot.'
};

/**
 * The base64 rule of a bestandsinhoud, fed in pieces with the whitespace already removed: only
 * the base64 alphabet, at most two `=` and only at the end, a multiple of four characters.
 */
export class Base64Rule {
	length = 0;
	/** The `=` at the end. */
	padding = 0;
	private bad = false;

	add(piece: string): void {
		this.length += piece.length;
		if (this.bad) return;
		const pad = this.padding > 0 ? 0 : piece.indexOf('=');
		const body = pad < 0 ? piece : piece.slice(0, pad);
		const tail = pad < 0 ? '' : piece.slice(pad);
		if (!/^[A-Za-z0-9+/]*$/.test(body) || !/^=*$/.test(tail)) this.bad = true;
		this.padding += tail.length;
		if (this.padding > 2) this.bad = true;
	}

	get valid(): boolean {
		return !this.bad && this.length % 4 === 0;
	}
}

/**
 * The CRC-32 the central directory declares for the file `name`, or null. fflate does not
 * check it; comparing it catches a file cut short by a size that was declared too small.
 */
function declaredCrc(zip: Buffer, name: string): number | null {
	const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	if (end < 0 || end + 22 > zip.length) return null;
	const count = zip.readUInt16LE(end + 10);
	let at = zip.readUInt32LE(end + 16);
	for (let i = 0; i < count; i++) {
		if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return null;
		const nameLength = zip.readUInt16LE(at + 28);
		const next = at + 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
		// The name as the unzipper read it: UTF-8 when the entry says so (bit 11), else
		// Latin-1 (Windows zip tools write names in a code page without that flag).
		const encoding = zip.readUInt16LE(at + 8) & 0x800 ? 'utf8' : 'latin1';
		if (zip.toString(encoding, at + 46, at + 46 + nameLength) === name)
			return zip.readUInt32LE(at + 16);
		at = next;
	}
	return null;
}

/** A budget of unpacked bytes shared by all documents of one dossier. */
export type Budget = { remaining: number };

/** Where a document stands and what the sender calls it. */
export type DocumentHead = {
	/** Where in the dossier it stands, e.g. `onderwijsondersteuning/opp`. */
	bron: string;
	bestandsnaam: string | null;
	omschrijving: string | null;
};

export function refuseDocument(head: DocumentHead, code: OsoDocumentWeigering): OsoDocumentRefused {
	return { ...head, ok: false, code, weigering: messages[code] };
}

export function readDocument(
	bron: string,
	bestandsnaam: string | null,
	omschrijving: string | null,
	bestandsinhoud: string | null,
	budget: Budget
): OsoDocument {
	const head = { bron, bestandsnaam, omschrijving };
	const zip = decodeContent(bestandsinhoud);
	return typeof zip === 'string' ? refuseDocument(head, zip) : unpackDocument(head, zip, budget);
}

/** The ZIP of a bestandsinhoud given as text, or why it is refused. */
export function decodeContent(bestandsinhoud: string | null): Buffer | OsoDocumentWeigering {
	if (!bestandsinhoud) return 'geen_inhoud';
	const text = bestandsinhoud.replace(/\s+/g, '');
	if (text.length === 0) return 'geen_inhoud';
	const rule = new Base64Rule();
	rule.add(text);
	if (!rule.valid) return 'geen_base64';
	return Buffer.from(text, 'base64');
}

/** The one file of a document's ZIP (its bestandsinhoud, base64 decoded). */
export function unpackDocument(head: DocumentHead, zip: Buffer, budget: Budget): OsoDocument {
	const refuse = (code: OsoDocumentWeigering) => refuseDocument(head, code);
	// The declared sizes of the central directory are checked before anything is inflated;
	// fflate inflates into a buffer of the declared size, so a file that lies about its size
	// cannot grow past it.
	const entries: UnzipFileInfo[] = [];
	let tooLarge = false;
	let files: Record<string, Uint8Array>;
	try {
		files = unzipSync(zip, {
			filter(file) {
				if (file.name.endsWith('/')) return false;
				entries.push(file);
				if (entries.length > 1) return false;
				if (file.originalSize > maxDocumentBytes || file.originalSize > budget.remaining) {
					tooLarge = true;
					return false;
				}
				return true;
			}
		});
	} catch {
		return refuse('geen_zip');
	}
	const entry = entries[0];
	if (entries.length !== 1 || !entry) return refuse('niet_een_bestand');
	if (tooLarge) {
		return refuse(entry.originalSize > maxDocumentBytes ? 'te_groot' : 'totaal_te_groot');
	}
	const inhoud = files[entry.name];
	if (!inhoud || inhoud.length !== entry.originalSize) return refuse('geen_zip');
	if (declaredCrc(zip, entry.name) !== crc32(inhoud)) return refuse('geen_zip');
	budget.remaining -= inhoud.length;
	return { ...head, ok: true, naamInZip: entry.name, inhoud };
}
