/**
 * The one file of a document's ZIP, read from a file on disk by the rules of `oso-document.ts`
 * without ever holding the ZIP or the unpacked file in memory: a first pass inflates it in
 * pieces of 64 kB to check it and to learn its size and SHA-256, and every read of its content
 * inflates it anew from the ZIP.
 *
 * The ZIP is read as the whole-buffer reader (fflate's `unzipSync`) reads it, step by step, so
 * both take and refuse the same ZIPs, broken ones included: the end of central directory
 * record is the last one within 65558 bytes of the end, whatever follows it; the entries are
 * read from the offset it gives, without checking their signatures; a byte past the end of the
 * ZIP reads as 0. Directory entries do not count and exactly one file must remain; its declared
 * unpacked size must fit within 10 MB and within what is left of the dossier's budget, checked
 * before anything is inflated; the inflated bytes must be exactly that many (inflating stops as
 * soon as they are more) and match the CRC-32 the central directory declares for its name.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import {
	maxDocumentBytes,
	refuseDocument,
	type Budget,
	type DocumentHead,
	type OsoDocumentRefused
} from './oso-document';

/** A document of a dossier read as a stream: its content is read from disk when asked for. */
export type OsoStreamDocument =
	| (DocumentHead & {
			ok: true;
			naamInZip: string;
			/** The unpacked size in bytes. */
			grootte: number;
			/** The SHA-256 of the unpacked bytes, in hex. */
			sha256: string;
			/** The unpacked bytes in pieces of at most 64 kB, inflated anew on each call. */
			inhoud: () => AsyncIterable<Uint8Array>;
	  })
	| OsoDocumentRefused;

/** The size of the pieces read from the ZIP and inflated. */
const pieceSize = 64 * 1024;
/** The end of central directory record is searched for this far from the end of a ZIP. */
const endSearch = 65558;
const endSignature = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

const utf8 = new TextDecoder();

/** The bytes of a ZIP file, read where asked; a byte outside the file reads as 0. */
class ZipBytes {
	private window = Buffer.alloc(0);
	private windowAt = 0;

	constructor(
		private readonly handle: fs.FileHandle,
		readonly size: number
	) {}

	/** `length` bytes from `at` on, zeros outside the file. */
	async bytes(at: number, length: number): Promise<Buffer> {
		if (at >= this.windowAt && at + length <= this.windowAt + this.window.length) {
			return this.window.subarray(at - this.windowAt, at - this.windowAt + length);
		}
		const out = Buffer.alloc(length);
		const from = Math.max(at, 0);
		const to = Math.min(at + length, this.size);
		if (to > from) {
			// Read a window ahead: entries of the central directory follow each other.
			const ahead = Math.min(Math.max(to - from, pieceSize), this.size - from);
			const window = Buffer.alloc(ahead);
			await this.handle.read(window, 0, ahead, from);
			this.window = window;
			this.windowAt = from;
			window.copy(out, from - at, 0, to - from);
		}
		return out;
	}

	async u16(at: number): Promise<number> {
		return (await this.bytes(at, 2)).readUInt16LE(0);
	}

	async u32(at: number): Promise<number> {
		return (await this.bytes(at, 4)).readUInt32LE(0);
	}

	async u64(at: number): Promise<number> {
		return (await this.u32(at)) + (await this.u32(at + 4)) * 4294967296;
	}

	/** The bytes from `start` to `end` that lie within the file, as fflate's subarray takes them. */
	async slice(start: number, end: number): Promise<Buffer> {
		const from = Math.min(start, this.size);
		return this.bytes(from, Math.max(Math.min(end, this.size) - from, 0));
	}
}

class BrokenZip extends Error {}

/** An entry of the central directory, read as fflate reads it. */
type Entry = {
	compression: number;
	compressedSize: number;
	size: number;
	name: string;
	next: number;
	/** Where its data starts, from its local header. */
	data: number;
};

async function readEntry(zip: ZipBytes, at: number, zip64: boolean): Promise<Entry> {
	const nameLength = await zip.u16(at + 28);
	const extraLength = await zip.u16(at + 30);
	const raw = await zip.slice(at + 46, at + 46 + nameLength);
	const name = (await zip.u16(at + 8)) & 0x800 ? utf8.decode(raw) : raw.toString('latin1');
	const extra = at + 46 + nameLength;
	let compressedSize = await zip.u32(at + 20);
	let size = await zip.u32(at + 24);
	let offset = await zip.u32(at + 42);
	const big = (n: number) => n === 0xffffffff;
	if (zip64 && (big(compressedSize) || big(size) || big(offset))) {
		let found = false;
		for (let b = extra; b + 4 < extra + extraLength; b += 4 + (await zip.u16(b + 2))) {
			if ((await zip.u16(b)) !== 1) continue;
			const nsu = big(size) ? 1 : 0;
			const nsc = big(compressedSize) ? 1 : 0;
			if (nsc) compressedSize = await zip.u64(b + 4 + 8 * nsu);
			if (nsu) size = await zip.u64(b + 4);
			if (big(offset)) offset = await zip.u64(b + 4 + 8 * (nsu + nsc));
			found = true;
			break;
		}
		if (!found) throw new BrokenZip();
	}
	return {
		compression: await zip.u16(at + 10),
		compressedSize,
		size,
		name,
		next: extra + extraLength + (await zip.u16(at + 32)),
		data: offset + 30 + (await zip.u16(offset + 26)) + (await zip.u16(offset + 28))
	};
}

/** Where the entries start and how many there are; throws when there is no end record. */
async function readEnd(zip: ZipBytes): Promise<{ count: number; at: number; zip64: boolean }> {
	// The search reads no further back than this; what lies before the file reads as zeros.
	const base = zip.size - endSearch - 1;
	const tail = await zip.bytes(base, endSearch + 1);
	let end = zip.size - 22;
	while (tail.readUInt32LE(end - base) !== 0x06054b50) {
		if (!end || zip.size - end > endSearch) throw new BrokenZip();
		end--;
	}
	let count = await zip.u16(end + 8);
	let at = await zip.u32(end + 16);
	let zip64 = (await zip.u32(end - 20)) === 0x07064b50;
	if (zip64) {
		const record = await zip.u32(end - 12);
		zip64 = (await zip.u32(record)) === 0x06064b50;
		if (zip64) {
			count = await zip.u32(record + 32);
			at = await zip.u32(record + 48);
		}
	}
	return { count, at, zip64 };
}

/**
 * The CRC-32 the central directory declares for the file `name`, or null, found as the
 * whole-buffer reader finds it: from the last end record anywhere in the ZIP.
 */
async function declaredCrc(zip: ZipBytes, name: string): Promise<number | null> {
	let end = -1;
	for (let to = zip.size; to > 0 && end < 0; to -= pieceSize) {
		const from = Math.max(0, to - pieceSize - 3);
		end = (await zip.bytes(from, to - from)).lastIndexOf(endSignature);
		if (end >= 0) end += from;
	}
	if (end < 0 || end + 22 > zip.size) return null;
	const count = await zip.u16(end + 10);
	let at = await zip.u32(end + 16);
	for (let i = 0; i < count; i++) {
		if (at + 46 > zip.size || (await zip.u32(at)) !== 0x02014b50) return null;
		const nameLength = await zip.u16(at + 28);
		const next = at + 46 + nameLength + (await zip.u16(at + 30)) + (await zip.u16(at + 32));
		const raw = await zip.slice(at + 46, at + 46 + nameLength);
		// Decoded as the entry's own name is: UTF-8 with bit 11, else Latin-1.
		const encoding = (await zip.u16(at + 8)) & 0x800 ? 'utf8' : 'latin1';
		if (raw.toString(encoding) === name) return zip.u32(at + 16);
		at = next;
	}
	return null;
}

/**
 * The unpacked bytes of an entry in pieces of at most 64 kB. A deflated entry whose data is
 * empty unpacks to its declared size in zeros, as fflate has it; inflating stops with an
 * error as soon as more bytes come out than `limit`.
 */
async function* unpack(
	file: string,
	size: number,
	entry: Pick<Entry, 'compression' | 'compressedSize' | 'data'>,
	limit: number
): AsyncGenerator<Uint8Array> {
	if (entry.compression !== 0 && entry.compression !== 8) throw new BrokenZip();
	const start = Math.min(entry.data, size);
	const end = Math.min(entry.data + entry.compressedSize, size);
	if (end <= start) {
		if (entry.compression === 8) {
			for (let left = limit; left > 0; left -= pieceSize) {
				yield new Uint8Array(Math.min(pieceSize, left));
			}
		}
		return;
	}
	const source = createReadStream(file, { start, end: end - 1, highWaterMark: pieceSize });
	const stream: Readable =
		entry.compression === 8
			? pipeline(source, createInflateRaw({ chunkSize: pieceSize }), () => undefined)
			: source;
	let length = 0;
	try {
		for await (const chunk of stream as AsyncIterable<Buffer>) {
			length += chunk.length;
			if (length > limit) throw new BrokenZip();
			yield chunk;
		}
	} finally {
		stream.destroy();
		source.destroy();
	}
}

/** What the first pass learns of the one file. */
type Measured = { size: number; crc: number; sha256: string };

async function measure(pieces: AsyncIterable<Uint8Array>): Promise<Measured> {
	const hash = createHash('sha256');
	let crc = 0;
	let size = 0;
	for await (const piece of pieces) {
		size += piece.length;
		crc = crc32(piece, crc);
		hash.update(piece);
	}
	return { size, crc, sha256: hash.digest('hex') };
}

/** The file's content again, checked against the first pass as it passes. */
async function* content(
	file: string,
	size: number,
	entry: Pick<Entry, 'compression' | 'compressedSize' | 'data'>,
	measured: Measured
): AsyncGenerator<Uint8Array> {
	let length = 0;
	let crc = 0;
	for await (const piece of unpack(file, size, entry, measured.size)) {
		length += piece.length;
		crc = crc32(piece, crc);
		yield piece;
	}
	if (length !== measured.size || crc !== measured.crc) {
		throw new Error('set-aside document changed');
	}
}

/** The one file of the document whose ZIP (its bestandsinhoud, decoded) is in `file`. */
export async function unpackDocumentFile(
	head: DocumentHead,
	file: string,
	budget: Budget
): Promise<OsoStreamDocument> {
	const handle = await fs.open(file, 'r');
	try {
		const { size: fileSize } = await handle.stat();
		const zip = new ZipBytes(handle, fileSize);
		let one: Entry | undefined;
		let files = 0;
		let tooLarge = false;
		let measured: Measured | undefined;
		try {
			const end = await readEnd(zip);
			let at = end.at;
			for (let i = 0; i < end.count; i++) {
				// Past the end of the ZIP an entry reads as zeros and can no longer be broken.
				if (files > 1 && at >= fileSize) break;
				const entry = await readEntry(zip, at, end.zip64);
				at = entry.next;
				if (entry.name.endsWith('/')) continue;
				if (++files > 1) continue;
				one = entry;
				if (entry.size > maxDocumentBytes || entry.size > budget.remaining) {
					tooLarge = true;
					continue;
				}
				measured = await measure(unpack(file, fileSize, entry, entry.size));
			}
		} catch {
			return refuseDocument(head, 'geen_zip');
		}
		if (files !== 1 || !one) return refuseDocument(head, 'niet_een_bestand');
		if (tooLarge) {
			return refuseDocument(head, one.size > maxDocumentBytes ? 'te_groot' : 'totaal_te_groot');
		}
		if (!measured || measured.size !== one.size) return refuseDocument(head, 'geen_zip');
		if ((await declaredCrc(zip, one.name)) !== measured.crc) {
			return refuseDocument(head, 'geen_zip');
		}
		budget.remaining -= measured.size;
		const entry = one;
		const found = measured;
		return {
			...head,
			ok: true,
			naamInZip: entry.name,
			grootte: found.size,
			sha256: found.sha256,
			inhoud: () => content(file, fileSize, entry, found)
		};
	} finally {
		await handle.close();
	}
}
