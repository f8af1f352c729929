/**
 * The real type of an upload, from its bytes only: never from the name or the browser's
 * claim. An allow-list: what is not recognised here is refused.
 *
 * Rules, in order:
 * 1. Executables and scripts (MZ, ELF, Mach-O, Java class, WebAssembly, `#!`) are refused.
 * 2. No accepted file may carry HTML/SVG/script markers in its first 1024 bytes. That is
 *    the window in which browsers sniff HTML (WHATWG MIME Sniffing § 7.1 looks at 512
 *    bytes) and in which PDF readers look for `%PDF-` — so a PDF/HTML polyglot, a file
 *    one program reads as a PDF and another as a web page, is refused here.
 * 3. PDF must start with `%PDF-` at byte 0 (readers accept junk before it; we do not).
 * 4. Office zips are judged by their central directory only (no inflating but the tiny
 *    `[Content_Types].xml` or `mimetype`): too many entries, more than 100 MB unpacked or
 *    an absurd compression ratio is a zip bomb; macros and encryption are refused.
 * 5. Text must be valid UTF-8 without NULs or control characters, must not start like
 *    HTML and must not contain script markers anywhere.
 */
import fs from 'node:fs/promises';
import yauzl from 'yauzl';

export interface Sniffed {
	mime: string;
	extension: string;
	/** Opens in the browser (PDF, plain text, raster images); everything else downloads. */
	inline: boolean;
}

export type RefusalReason =
	| 'empty'
	| 'executable'
	| 'html'
	| 'script'
	| 'polyglot'
	| 'archive'
	| 'zip_bomb'
	| 'macros'
	| 'encrypted'
	| 'unknown';

/** The upload is not accepted; `message` is Dutch and meant for the user. */
export class Refused extends Error {
	readonly code = 'refused';
	constructor(
		readonly reason: RefusalReason,
		message: string
	) {
		super(message);
		this.name = 'Refused';
	}
}

export const limits = {
	head: 64 * 1024,
	markerWindow: 1024,
	zipEntries: 5_000,
	zipUnpackedBytes: 100 * 1024 * 1024,
	/** Unpacked/packed for the whole archive; real Office files stay far below 100. */
	zipRatio: 100,
	zipSmallEntry: 64 * 1024
};

const pdfHint = 'Sla het document op als PDF en voeg het opnieuw toe.';

const types = {
	pdf: { mime: 'application/pdf', extension: 'pdf', inline: true },
	png: { mime: 'image/png', extension: 'png', inline: true },
	jpeg: { mime: 'image/jpeg', extension: 'jpg', inline: true },
	gif: { mime: 'image/gif', extension: 'gif', inline: true },
	webp: { mime: 'image/webp', extension: 'webp', inline: true },
	// Chromium cannot show HEIC (iPhone photos), so it downloads.
	heic: { mime: 'image/heic', extension: 'heic', inline: false },
	text: { mime: 'text/plain', extension: 'txt', inline: true },
	docx: {
		mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		extension: 'docx',
		inline: false
	},
	xlsx: {
		mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		extension: 'xlsx',
		inline: false
	},
	pptx: {
		mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
		extension: 'pptx',
		inline: false
	},
	odt: { mime: 'application/vnd.oasis.opendocument.text', extension: 'odt', inline: false },
	ods: {
		mime: 'application/vnd.oasis.opendocument.spreadsheet',
		extension: 'ods',
		inline: false
	}
} satisfies Record<string, Sniffed>;

/** Every type this module can return, by MIME type (serve.ts trusts nothing else). */
export const accepted: ReadonlyMap<string, Sniffed> = new Map(
	Object.values(types).map((t) => [t.mime, t])
);

function startsWith(head: Uint8Array, bytes: number[] | string, offset = 0): boolean {
	const want = typeof bytes === 'string' ? [...bytes].map((c) => c.charCodeAt(0)) : bytes;
	if (head.length < offset + want.length) return false;
	return want.every((b, i) => head[offset + i] === b);
}

function latin1(bytes: Uint8Array): string {
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

// Markers that make a browser, or a user who opens the file, treat it as a web page or
// script. NULs are dropped first so UTF-16 (`<\0h\0t\0m\0l\0`) does not slip through.
const strongMarkers =
	/<\s*(!doctype\s+html|html|head|body|script|iframe|frame|frameset|svg|object|embed|applet|x:script|!entity)\b/i;
// In text, also the tags that only make sense in a web page or an XML document. Not in the
// binary window: XMP metadata in a JPEG header legitimately looks like XML.
const textMarkers = /<\s*(meta|link|base|form|math|xml|\?xml)\b/i;
// WHATWG's "text/html" sniffing patterns, at the start after whitespace.
const htmlStart =
	/^[\s\ufeff]*<\s*(!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|!--)(\s|>|\/)/i;
// Script that some program would run, anywhere in a text file.
const scriptMarkers =
	/<\s*script\b|<\s*\?php|<%|javascript\s*:|vbscript\s*:|\bon(load|error|click|mouseover)\s*=|^#!/im;

function hasStrongMarker(head: Uint8Array): boolean {
	const window = latin1(head.subarray(0, limits.markerWindow)).replace(/\0/g, '');
	return strongMarkers.test(window);
}

function refuseExecutable(head: Uint8Array): void {
	const executable =
		startsWith(head, 'MZ') ||
		startsWith(head, [0x7f, 0x45, 0x4c, 0x46]) ||
		startsWith(head, [0xfe, 0xed, 0xfa, 0xce]) ||
		startsWith(head, [0xfe, 0xed, 0xfa, 0xcf]) ||
		startsWith(head, [0xce, 0xfa, 0xed, 0xfe]) ||
		startsWith(head, [0xcf, 0xfa, 0xed, 0xfe]) ||
		startsWith(head, [0xca, 0xfe, 0xba, 0xbe]) ||
		startsWith(head, [0x00, 0x61, 0x73, 0x6d]) ||
		startsWith(head, '#!');
	if (executable) {
		throw new Refused(
			'executable',
			'Dit bestand is een programma of script en kan niet worden toegevoegd. ' + pdfHint
		);
	}
}

function refuseArchive(head: Uint8Array): void {
	const archive =
		startsWith(head, 'Rar!') ||
		startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) ||
		startsWith(head, [0x1f, 0x8b]) ||
		startsWith(head, 'BZh') ||
		startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]) ||
		startsWith(head, 'MSCF') ||
		startsWith(head, [0x50, 0x4b, 0x05, 0x06]);
	if (archive) throw refusedArchive();
}

function refusedArchive(): Refused {
	return new Refused(
		'archive',
		'Archieven (zip, rar, 7z) kunnen niet worden toegevoegd. Voeg de documenten los toe, bij voorkeur als PDF.'
	);
}

function isHeic(head: Uint8Array): boolean {
	if (!startsWith(head, 'ftyp', 4)) return false;
	const brand = latin1(head.subarray(8, 12));
	return ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].includes(brand);
}

async function readHead(file: string, size: number): Promise<Uint8Array> {
	const handle = await fs.open(file, 'r');
	try {
		const buffer = Buffer.alloc(Math.min(size, limits.head));
		const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
		return buffer.subarray(0, bytesRead);
	} finally {
		await handle.close();
	}
}

/** The type of the file at `file` (`size` bytes), or `Refused`. */
export async function sniff(file: string, size: number): Promise<Sniffed> {
	if (size === 0) throw new Refused('empty', 'Het bestand is leeg.');
	const head = await readHead(file, size);

	refuseExecutable(head);
	if (hasStrongMarker(head)) {
		if (startsWith(head, '%PDF-')) {
			throw new Refused(
				'polyglot',
				'Dit PDF-bestand bevat ook webpagina-code en wordt daarom geweigerd. Maak de PDF opnieuw, bijvoorbeeld met "Afdrukken als PDF".'
			);
		}
		throw new Refused(
			'html',
			'Webpagina’s, SVG- en XML-bestanden kunnen niet worden toegevoegd. ' + pdfHint
		);
	}
	refuseArchive(head);

	if (startsWith(head, '%PDF-')) return types.pdf;
	if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return types.png;
	if (startsWith(head, [0xff, 0xd8, 0xff])) return types.jpeg;
	if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return types.gif;
	if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) return types.webp;
	if (isHeic(head)) return types.heic;
	if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return office(file, size);
	if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
		// Legacy .doc/.xls (OLE2): telling Word from Excel and finding macros means
		// parsing the compound file; until that is done safely, ask for a modern format.
		throw new Refused(
			'unknown',
			'Oude Word- en Excel-bestanden (.doc, .xls) kunnen niet worden toegevoegd. Sla het op als PDF of als .docx/.xlsx.'
		);
	}
	if (startsWith(head, '{\\rtf')) {
		// RTF can embed OLE objects, a long-standing exploit route.
		throw new Refused('unknown', 'RTF-bestanden kunnen niet worden toegevoegd. ' + pdfHint);
	}
	await text(file);
	return types.text;
}

async function text(file: string): Promise<void> {
	const notText = new Refused(
		'unknown',
		'Dit bestandstype wordt niet herkend. Voeg een PDF, afbeelding, tekstbestand of Office-document toe.'
	);
	const decoder = new TextDecoder('utf-8', { fatal: true });
	const handle = await fs.open(file, 'r');
	let first = true;
	// Script markers may straddle a chunk boundary: keep a short tail of the previous chunk.
	let tail = '';
	try {
		for await (const chunk of handle.createReadStream({ highWaterMark: 64 * 1024 })) {
			let decoded: string;
			try {
				decoded = decoder.decode(chunk as Buffer, { stream: true });
			} catch {
				throw notText;
			}
			// Tab, LF, FF and CR are text; other C0 controls, NUL and DEL are not.
			// eslint-disable-next-line no-control-regex
			if (/[\0-\x08\x0b\x0e-\x1f\x7f]/.test(decoded)) throw notText;
			if (first && htmlStart.test(decoded)) {
				throw new Refused('html', 'Webpagina’s kunnen niet worden toegevoegd. ' + pdfHint);
			}
			first = false;
			const scan = tail + decoded;
			if (scriptMarkers.test(scan) || strongMarkers.test(scan) || textMarkers.test(scan)) {
				throw new Refused(
					'script',
					'Dit tekstbestand bevat programmacode of webpagina-code en wordt daarom geweigerd. ' +
						pdfHint
				);
			}
			tail = scan.slice(-32);
		}
		try {
			decoder.decode();
		} catch {
			throw notText;
		}
	} finally {
		await handle.close();
	}
}

const officeMain: Record<string, Sniffed> = {
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml': types.docx,
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml': types.xlsx,
	'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml': types.pptx
};

function openZip(file: string): Promise<yauzl.ZipFile> {
	return new Promise((resolve, reject) =>
		// yauzl reads the central directory only and rejects `..`/absolute entry names.
		yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) =>
			err || !zip ? reject(err) : resolve(zip)
		)
	);
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, max: number): Promise<string> {
	return new Promise((resolve, reject) => {
		if (entry.uncompressedSize > max) return reject(new Error('entry too large'));
		zip.openReadStream(entry, (err, stream) => {
			if (err || !stream) return reject(err);
			const parts: Buffer[] = [];
			let length = 0;
			stream.on('data', (part: Buffer) => {
				length += part.length;
				// validateEntrySizes stops a lying header too; this is belt and braces.
				if (length > max) stream.destroy(new Error('entry too large'));
				else parts.push(part);
			});
			stream.on('error', reject);
			stream.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
		});
	});
}

async function office(file: string, size: number): Promise<Sniffed> {
	let zip: yauzl.ZipFile;
	try {
		zip = await openZip(file);
	} catch {
		throw refusedArchive();
	}
	try {
		if (zip.entryCount > limits.zipEntries) throw zipBomb();
		const wanted = new Map<string, yauzl.Entry>();
		let unpacked = 0;
		let macros = false;
		let encrypted = false;
		await new Promise<void>((resolve, reject) => {
			zip.on('entry', (entry: yauzl.Entry) => {
				unpacked += entry.uncompressedSize;
				if (unpacked > limits.zipUnpackedBytes) return reject(zipBomb());
				if (entry.isEncrypted()) encrypted = true;
				const name = entry.fileName;
				if (/(^|\/)vbaProject\.bin$/i.test(name) || /^Basic\//.test(name)) macros = true;
				if (name === '[Content_Types].xml' || name === 'mimetype') wanted.set(name, entry);
				zip.readEntry();
			});
			zip.on('end', resolve);
			zip.on('error', reject);
			zip.readEntry();
		}).catch((e: unknown) => {
			throw e instanceof Refused ? e : refusedArchive();
		});
		if (unpacked > limits.zipSmallEntry && unpacked / size > limits.zipRatio) throw zipBomb();
		if (encrypted) {
			throw new Refused(
				'encrypted',
				'Het document is met een wachtwoord beveiligd. Haal de beveiliging weg of sla het op als PDF.'
			);
		}
		if (macros) {
			throw new Refused(
				'macros',
				'Documenten met macro’s kunnen niet worden toegevoegd. Sla het op als PDF of als .docx/.xlsx zonder macro’s.'
			);
		}
		const mimetype = wanted.get('mimetype');
		if (mimetype) {
			const value = (await readEntry(zip, mimetype, 200).catch(() => '')).trim();
			if (value === types.odt.mime) return types.odt;
			if (value === types.ods.mime) return types.ods;
		}
		const contentTypes = wanted.get('[Content_Types].xml');
		if (contentTypes) {
			const xml = await readEntry(zip, contentTypes, 1024 * 1024).catch(() => '');
			if (/macroEnabled/i.test(xml)) {
				throw new Refused(
					'macros',
					'Documenten met macro’s kunnen niet worden toegevoegd. Sla het op als PDF of als .docx/.xlsx zonder macro’s.'
				);
			}
			const found = [...xml.matchAll(/ContentType="([^"]+)"/g)]
				.map((m) => officeMain[m[1]!])
				.filter((t): t is Sniffed => t !== undefined);
			if (found.length === 1) return found[0]!;
		}
		throw refusedArchive();
	} finally {
		zip.close();
	}
}

function zipBomb(): Refused {
	return new Refused(
		'zip_bomb',
		'Dit document pakt uit tot een onredelijk grote omvang en wordt daarom geweigerd. ' + pdfHint
	);
}
