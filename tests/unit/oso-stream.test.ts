import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { zipSync, type Zippable, type ZipOptions } from 'fflate';
import { readOsoDossier, type OsoDocument, type OsoResult } from '../../src/lib/server/intake/oso';
import {
	readOsoDossierStream,
	type OsoStreamDocument,
	type OsoStreamResult
} from '../../src/lib/server/intake/oso-stream';
import {
	bombZipBase64,
	filledOsoFixture,
	osoFixture,
	osoFixtureNames,
	smallPdf,
	zipBase64
} from '../support/oso-fixtures';

const encode = (text: string) => new TextEncoder().encode(text);

/** The bytes in chunks of the given sizes, the last size repeated to the end. */
async function* chunked(bytes: Uint8Array, sizes: number[] = [64 * 1024]) {
	let at = 0;
	for (let i = 0; at < bytes.length; i++) {
		const size = sizes[Math.min(i, sizes.length - 1)] ?? 1;
		yield bytes.slice(at, at + size);
		at += size;
	}
}

/** The bytes of a stream, every piece at most 64 kB. */
async function bytesOf(pieces: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
	const all: Uint8Array[] = [];
	for await (const piece of pieces) {
		expect(piece.length).toBeLessThanOrEqual(64 * 1024);
		all.push(piece);
	}
	return Buffer.concat(all);
}

/** A streamed document in the shape of readOsoDossier's; its size and hash must hold. */
async function whole(doc: OsoStreamDocument): Promise<OsoDocument> {
	if (!doc.ok) return doc;
	const { grootte, sha256, inhoud, ...rest } = doc;
	const bytes = await bytesOf(inhoud());
	expect(bytes.length).toBe(grootte);
	expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
	// Read again, the content is the same.
	expect(Buffer.from(await bytesOf(inhoud())).equals(bytes)).toBe(true);
	return { ...rest, inhoud: new Uint8Array(bytes) };
}

/** The stream's result in the shape of readOsoDossier's, every document collected. */
async function collected(result: OsoStreamResult): Promise<OsoResult> {
	if (!result.ok) return result;
	try {
		const { documenten: iterate, aantalDocumenten, ...rest } = result.dossier;
		const documenten: OsoDocument[] = [];
		for await (const doc of iterate()) documenten.push(await whole(doc));
		expect(documenten).toHaveLength(aantalDocumenten);
		return { ok: true, dossier: { ...rest, documenten } };
	} finally {
		await result.dispose();
	}
}

async function streamed(bytes: Uint8Array, sizes?: number[], options = {}): Promise<OsoResult> {
	return collected(await readOsoDossierStream(chunked(bytes, sizes), options));
}

/** A minimal dossier with `document` as the inner XML of the OPP's one document. */
function metDocument(document: string): string {
	return `<?xml version="1.0" encoding="UTF-8"?><dossier xmlns="http://www.edustandaard.nl/oso_gegevensset/2019/dossier"><metadata><overstap>POSWV</overstap></metadata><overdrachtsoort>swv-dossier</overdrachtsoort><huidigeschool><naam>S</naam><brincode>99XX</brincode><leerling><achternaam>P</achternaam><onderwijsondersteuning><opp><opp_ingangdatum>2026-09-01</opp_ingangdatum><document><bestandsnaam>opp.pdf</bestandsnaam>${document}</document></opp></onderwijsondersteuning></leerling></huidigeschool></dossier>`;
}

const pdf = smallPdf();
const zip = zipBase64({ 'opp.pdf': pdf });
const flat = zip.replace(/\s+/g, '');

let tmp: string;
let previousTmp: string | undefined;

beforeEach(() => {
	// A temporary folder of this test's own, so what the reader leaves behind shows.
	previousTmp = process.env.TMPDIR;
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oso-stream-test-'));
	process.env.TMPDIR = tmp;
});

afterEach(() => {
	if (previousTmp === undefined) delete process.env.TMPDIR;
	else process.env.TMPDIR = previousTmp;
	fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the same result as reading the whole dossier', () => {
	it.each(osoFixtureNames())('%s', async (name) => {
		const bytes = encode(filledOsoFixture(name));
		expect(await streamed(bytes)).toEqual(readOsoDossier(bytes));
		expect(fs.readdirSync(tmp)).toEqual([]);
	});

	it('whatever the chunk boundaries: one byte at a time, or seven from any offset', async () => {
		const bytes = encode(filledOsoFixture('po-volledig.xml'));
		const whole = readOsoDossier(bytes);
		expect(whole.ok).toBe(true);
		expect(await streamed(bytes, [1])).toEqual(whole);
		for (let first = 1; first <= 7; first++) {
			expect(await streamed(bytes, [first, 7])).toEqual(whole);
		}
	});

	it('every document, at any chunk boundary, with every kind of refusal', async () => {
		const bytes = encode(filledOsoFixture('documenten-kapot.xml'));
		for (const size of [1, 3, 7, 4096]) {
			expect(await streamed(bytes, [size])).toEqual(readOsoDossier(bytes));
		}
	});

	it.each([
		['a byte order mark', [0xef, 0xbb, 0xbf]],
		['two byte order marks', [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]]
	])('%s', async (_, bom) => {
		const bytes = new Uint8Array([...bom, ...encode(filledOsoFixture('po-volledig.xml'))]);
		expect(await streamed(bytes, [2])).toEqual(readOsoDossier(bytes));
	});

	it('bytes that are not UTF-8, also when a character is cut by a chunk boundary', async () => {
		const good = encode(metDocument('<omschrijving>Één</omschrijving>'));
		const cut = good.slice(0, -3);
		const bad = new Uint8Array([...good.slice(0, 40), 0xff, ...good.slice(40)]);
		for (const bytes of [good, cut, bad]) {
			expect(await streamed(bytes, [1])).toEqual(readOsoDossier(bytes));
		}
		expect(await streamed(bad)).toMatchObject({ ok: false, code: 'geen_utf8' });
	});

	it.each([
		['wrapped base64', `<bestandsinhoud>\n  ${zip}\n</bestandsinhoud>`],
		['base64 in a CDATA section', `<bestandsinhoud><![CDATA[${zip}]]></bestandsinhoud>`],
		[
			'base64 split over text and CDATA',
			`<bestandsinhoud> ${flat.slice(0, 10)} <![CDATA[${flat.slice(10, 30)}]]>${flat.slice(30)}</bestandsinhoud>`
		],
		['an attribute on bestandsinhoud', `<bestandsinhoud soort="zip">${zip}</bestandsinhoud>`],
		['a prefix on bestandsinhoud', `<x:bestandsinhoud xmlns:x="urn:x">${zip}</x:bestandsinhoud>`],
		[
			'an entity in the base64',
			`<bestandsinhoud>&#${flat.charCodeAt(0)};${flat.slice(1)}</bestandsinhoud>`
		],
		[
			'a comment in the base64',
			`<bestandsinhoud>${flat.slice(0, 8)}<!-- x -->${flat.slice(8)}</bestandsinhoud>`
		],
		['a child element', `<bestandsinhoud>${flat}<x>y</x></bestandsinhoud>`],
		['a processing instruction', `<bestandsinhoud>${flat}<?x y?></bestandsinhoud>`],
		['a CDATA section with other text', `<bestandsinhoud><![CDATA[${flat}]]]>]]></bestandsinhoud>`],
		['a CDATA section with a bracket', `<bestandsinhoud><![CDATA[${flat}]x]]></bestandsinhoud>`],
		[
			'a control character',
			`<bestandsinhoud>${flat.slice(0, 4)}\u0001${flat.slice(4)}</bestandsinhoud>`
		],
		[
			'a non-breaking space',
			`<bestandsinhoud>${flat.slice(0, 4)}\u00a0${flat.slice(4)}</bestandsinhoud>`
		],
		['whitespace only', '<bestandsinhoud>  \n </bestandsinhoud>'],
		['an empty CDATA section', '<bestandsinhoud><![CDATA[ ]]></bestandsinhoud>'],
		['nothing', '<bestandsinhoud/>'],
		['base64 with padding in the middle', '<bestandsinhoud>QQ==QUFB</bestandsinhoud>'],
		['base64 cut short', `<bestandsinhoud>${flat.slice(0, -1)}</bestandsinhoud>`],
		['a lone =', '<bestandsinhoud>=</bestandsinhoud>'],
		[
			'two bestandsinhoud in one document',
			`<bestandsinhoud>${flat}</bestandsinhoud><bestandsinhoud>${flat}</bestandsinhoud>`
		],
		['a bestandsinhoud never closed', `<bestandsinhoud>${flat}`],
		['a DOCTYPE after the content', `<bestandsinhoud>${flat}</bestandsinhoud><!DOCTYPE x>`],
		['an end tag of another name', `<bestandsinhoud>${flat}</bestandsinhoudx>`]
	])('a document with %s', async (_, document) => {
		const bytes = encode(metDocument(document));
		const whole = readOsoDossier(bytes);
		expect(await streamed(bytes)).toEqual(whole);
		expect(await streamed(bytes, [5])).toEqual(whole);
	});

	it('whatever the content of a bestandsinhoud is made of, in chunks of any size', async () => {
		const piece = fc.oneof(
			fc.constantFrom(' ', '\n', '\r\n', '\t'),
			fc.integer({ min: 0, max: flat.length }).map((n) => flat.slice(n, n + 12)),
			fc.constantFrom('<![CDATA[', ']]>', ']', '<!--c-->', '&amp;', '&#65;', '=', '<b/>', '<'),
			fc.constant(flat)
		);
		await fc.assert(
			fc.asyncProperty(
				fc.array(piece, { maxLength: 8 }),
				fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 }),
				async (pieces, sizes) => {
					const bytes = encode(metDocument(`<bestandsinhoud>${pieces.join('')}</bestandsinhoud>`));
					expect(await streamed(bytes, sizes)).toEqual(readOsoDossier(bytes));
				}
			),
			{ numRuns: 300 }
		);
	});

	it('the inline cases of the whole-dossier reader', async () => {
		const cases = [
			'',
			'<dossier><naam></dossier>',
			'<dossier><overdrachtsoort>x</overdrachtsoort></dossier>',
			`<?xml version="1.0" encoding="ISO-8859-1"?>${metDocument('')}`,
			metDocument('<omschrijving>S\u001b</omschrijving>'),
			metDocument('<__proto__><omschrijving>X</omschrijving></__proto__>'),
			metDocument(`<omschrijving>a &amp; b</omschrijving><bestandsinhoud>${zip}</bestandsinhoud>`),
			metDocument('').replace('<achternaam>P</achternaam>', '<achternaam> </achternaam>')
		];
		for (const xml of cases) {
			const bytes = encode(xml);
			expect(await streamed(bytes, [3])).toEqual(readOsoDossier(bytes));
		}
	});
});

describe('ZIPs that are broken or unusual, as the whole-dossier reader reads them', () => {
	const zipOf = (files: Zippable, options?: ZipOptions) => Buffer.from(zipSync(files, options));
	const good = zipOf({ 'opp.pdf': pdf });
	/** A copy of `zip` changed at the central directory entry of its first file. */
	function edited(zip: Buffer, change: (zip: Buffer, central: number) => void): Buffer {
		const copy = Buffer.from(zip);
		change(copy, copy.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
		return copy;
	}
	const bomb = Buffer.from(bombZipBase64().replace(/\s+/g, ''), 'base64');
	const withComment = edited(Buffer.concat([good, Buffer.from('een opmerking')]), (zip) =>
		zip.writeUInt16LE(13, zip.length - 13 - 2)
	);
	const latin1 = edited(zipOf({ 'één.pdf': pdf }), (zip, central) => {
		zip.writeUInt16LE(zip.readUInt16LE(6) & ~0x800, 6);
		zip.writeUInt16LE(zip.readUInt16LE(central + 8) & ~0x800, central + 8);
	});
	const middle = good.indexOf(Buffer.from('opp.pdf')) + 7 + 40;

	it.each<[string, Buffer, string | null]>([
		['a ZIP of one file', good, 'ok'],
		['a ZIP cut short', good.subarray(0, good.length - 30), 'geen_zip'],
		['a ZIP cut in half', good.subarray(0, good.length / 2), 'geen_zip'],
		['only the end of a ZIP', good.subarray(-22), 'geen_zip'],
		['not a ZIP', randomBytes(3000), 'geen_zip'],
		['a ZIP shorter than its end record', good.subarray(-10), 'geen_zip'],
		['two files', zipOf({ 'a.pdf': pdf, 'b.pdf': pdf }), 'niet_een_bestand'],
		['a directory and a file', zipOf({ 'map/': new Uint8Array(0), 'map/opp.pdf': pdf }), 'ok'],
		['a directory only', zipOf({ 'map/': new Uint8Array(0) }), 'niet_een_bestand'],
		['no entries', zipOf({}), 'niet_een_bestand'],
		['an empty file', zipOf({ 'leeg.pdf': new Uint8Array(0) }), 'ok'],
		['a stored file', zipOf({ 'opp.pdf': pdf }, { level: 0 }), 'ok'],
		['a ZIP bomb', bomb, 'te_groot'],
		[
			'a ZIP bomb that declares a small size',
			edited(bomb, (zip, central) => zip.writeUInt32LE(1024, central + 24)),
			'geen_zip'
		],
		[
			'a declared size one byte too large',
			edited(good, (zip, central) => zip.writeUInt32LE(pdf.length + 1, central + 24)),
			'geen_zip'
		],
		[
			'a stored file that declares a size too small',
			edited(zipOf({ 'opp.pdf': pdf }, { level: 0 }), (zip, central) =>
				zip.writeUInt32LE(100, central + 24)
			),
			'geen_zip'
		],
		[
			'a wrong CRC-32',
			edited(good, (zip, central) =>
				zip.writeUInt32LE(zip.readUInt32LE(central + 16) ^ 1, central + 16)
			),
			'geen_zip'
		],
		['damaged deflated data', edited(good, (zip) => zip.fill(0xff, middle, middle + 8)), null],
		[
			'an unknown compression method',
			edited(good, (zip, central) => zip.writeUInt16LE(12, central + 10)),
			'geen_zip'
		],
		['bytes after the ZIP', Buffer.concat([good, Buffer.from('rommel na de zip')]), 'ok'],
		['bytes before the ZIP', Buffer.concat([Buffer.from('rommel'), good]), null],
		['a comment', withComment, 'ok'],
		['a name in Latin-1, not flagged as UTF-8', latin1, 'ok']
	])('%s', async (_, zip, code) => {
		const bytes = encode(metDocument(`<bestandsinhoud>${zip.toString('base64')}</bestandsinhoud>`));
		const whole = readOsoDossier(bytes);
		expect(await streamed(bytes)).toEqual(whole);
		if (!whole.ok) throw new Error(whole.code);
		const [doc] = whole.dossier.documenten;
		if (code) expect(doc?.ok ? 'ok' : doc?.code).toBe(code);
	});

	it('two documents within the budget exactly, a third over it', async () => {
		const doc = `<bestandsinhoud>${zip}</bestandsinhoud></document><document><bestandsinhoud>${zip}</bestandsinhoud>`;
		const bytes = encode(
			metDocument(`${doc}</document><document><bestandsinhoud>${zip}</bestandsinhoud>`)
		);
		const options = { maxDocumentsBytes: 2 * pdf.length };
		expect(await streamed(bytes, undefined, options)).toEqual(readOsoDossier(bytes, options));
	});
});

describe('a dossier over the size limit', () => {
	it('is refused as the whole-dossier reader refuses it, after its input is read to the end', async () => {
		const bytes = encode(filledOsoFixture('vo-volledig.xml'));
		let read = 0;
		let ended = false;
		async function* input() {
			for await (const chunk of chunked(bytes, [100])) {
				read += chunk.length;
				yield chunk;
			}
			ended = true;
		}
		const result = await readOsoDossierStream(input(), { maxBytes: 2048 });
		expect(result).toEqual(readOsoDossier(bytes, { maxBytes: 2048 }));
		expect(result).toEqual({
			ok: false,
			code: 'te_groot',
			fout: 'Het dossier is groter dan 2 kB en is niet ingelezen.'
		});
		expect(ended).toBe(true);
		expect(read).toBe(bytes.length);
		expect(fs.readdirSync(tmp)).toEqual([]);
	});

	it('counts bytes, not characters, and says the limit in MB', async () => {
		const bytes = encode(`${metDocument('')}<!--${'é'.repeat(600 * 1024)}-->`);
		expect(bytes.length).toBeGreaterThan(1024 * 1024);
		const options = { maxBytes: 1024 * 1024 };
		expect(await streamed(bytes, undefined, options)).toEqual(readOsoDossier(bytes, options));
		expect(await streamed(bytes, undefined, options)).toMatchObject({
			fout: 'Het dossier is groter dan 1 MB en is niet ingelezen.'
		});
	});
});

describe('the temporary files', () => {
	it('stay in a folder only the server can read, until dispose removes it', async () => {
		const result = await readOsoDossierStream(
			chunked(encode(filledOsoFixture('vo-volledig.xml')), [1000])
		);
		if (!result.ok) throw new Error(result.code);
		const [folder, ...others] = fs.readdirSync(tmp);
		expect(others).toEqual([]);
		if (!folder) throw new Error('geen tijdelijke map');
		const dir = path.join(tmp, folder);
		expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
		const files = fs.readdirSync(dir);
		expect(files).toHaveLength(4);
		for (const file of files) expect(fs.statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);

		const names: (string | null)[] = [];
		for await (const doc of result.dossier.documenten()) names.push(doc.bestandsnaam);
		expect(names).toEqual([
			'groeidocument.pdf',
			'opp-joris.pdf',
			'tlv-2025.pdf',
			'arrangement.pdf'
		]);

		await result.dispose();
		expect(fs.readdirSync(tmp)).toEqual([]);
		await result.dispose();
	});

	it('are gone when the dossier is refused, or when its input fails', async () => {
		const zonderBrin = metDocument(`<bestandsinhoud>${zip}</bestandsinhoud>`).replace(
			'<brincode>99XX</brincode>',
			''
		);
		expect(await readOsoDossierStream(chunked(encode(zonderBrin)))).toMatchObject({
			ok: false,
			code: 'verplicht_ontbreekt'
		});
		expect(fs.readdirSync(tmp)).toEqual([]);

		async function* failing() {
			yield encode(metDocument(`<bestandsinhoud>${zip}`)).slice(0, -20);
			throw new Error('verbinding verbroken');
		}
		await expect(readOsoDossierStream(failing())).rejects.toThrow('verbinding verbroken');
		expect(fs.readdirSync(tmp)).toEqual([]);
	});
});

describe('documents handed out one at a time', () => {
	it('a large scanned document comes out byte for byte', async () => {
		const scan = new Uint8Array(4 * 1024 * 1024);
		for (let at = 0; at < scan.length; at += 65536) scan.set(randomBytes(65536), at);
		const bytes = encode(
			metDocument(`<bestandsinhoud>${zipBase64({ 'scan.pdf': scan })}</bestandsinhoud>`)
		);
		const result = await readOsoDossierStream(chunked(bytes));
		if (!result.ok) throw new Error(result.code);
		try {
			const docs: OsoDocument[] = [];
			for await (const doc of result.dossier.documenten()) docs.push(await whole(doc));
			const [doc] = docs;
			if (!doc?.ok) throw new Error('document geweigerd');
			expect(doc.naamInZip).toBe('scan.pdf');
			expect(Buffer.from(doc.inhoud).equals(Buffer.from(scan))).toBe(true);
		} finally {
			await result.dispose();
		}
	});

	it('a document that cannot be unpacked is refused on its own, the others are read', async () => {
		const twee = zipBase64({ 'a.pdf': pdf, 'b.pdf': pdf });
		const xml = osoFixture('documenten-kapot.xml', { BOM_ZIP: bombZipBase64(), TWEE_ZIP: twee });
		const result = await readOsoDossierStream(chunked(encode(xml), [4096]));
		if (!result.ok) throw new Error(result.code);
		const codes: string[] = [];
		for await (const doc of result.dossier.documenten()) codes.push(doc.ok ? 'ok' : doc.code);
		expect(codes).toEqual([
			'geen_zip',
			'te_groot',
			'niet_een_bestand',
			'geen_base64',
			'geen_inhoud'
		]);
		await result.dispose();
	});

	it('all documents together stay within the dossier budget, counted anew each time', async () => {
		const doc = `<bestandsinhoud>${zip}</bestandsinhoud></document><document><bestandsinhoud>${zip}</bestandsinhoud>`;
		const result = await readOsoDossierStream(chunked(encode(metDocument(doc))), {
			maxDocumentsBytes: pdf.length + 1
		});
		if (!result.ok) throw new Error(result.code);
		for (let round = 0; round < 2; round++) {
			const codes: string[] = [];
			for await (const d of result.dossier.documenten()) codes.push(d.ok ? 'ok' : d.code);
			expect(codes).toEqual(['ok', 'totaal_te_groot']);
		}
		await result.dispose();
	});
});
