/**
 * Reads an OSO dossier from a stream (the `dossier` part of an intake request). The result
 * is what `readOsoDossier` gives for the same bytes, except that the documents are handed
 * out one at a time and a document's content is a stream, read from disk when asked for.
 *
 * Memory stays small whatever the size of the documents: the content of each `bestandsinhoud`
 * goes to a file of its own in a private temporary folder as it arrives (see
 * `oso-skeleton.ts`), and the rest of the XML, small in any real dossier, is checked and read
 * by the same code as a whole dossier. A document is decoded, into a ZIP file in the same
 * folder, and checked only when it is asked for (see `oso-document-file.ts`); neither its ZIP
 * nor its unpacked bytes are ever held whole. `dispose()` removes the folder; a refused
 * dossier leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
	maxDocumentsTotalBytes,
	maxDossierBytes,
	mapOsoDossier,
	type OsoDossier,
	type OsoOptions
} from './oso';
import { Base64Rule, decodeContent, refuseDocument } from './oso-document';
import { unpackDocumentFile, type OsoStreamDocument } from './oso-document-file';
import { ContentDecoder, ContentText } from './oso-content';
import { SkeletonLexer, type SkeletonPiece } from './oso-skeleton';
import { notUtf8, parseOsoText, tooLarge, type XmlRefusal } from './oso-xml';

export type { OsoStreamDocument } from './oso-document-file';

export type OsoStreamDossier = Omit<OsoDossier, 'documenten'> & {
	/** The number of `document` elements in the dossier, refused ones included. */
	aantalDocumenten: number;
	/**
	 * The documents in the order of the dossier, each checked or refused on its own. Their
	 * content can be read until `dispose()`.
	 */
	documenten: () => AsyncIterable<OsoStreamDocument>;
};

export type OsoStreamResult =
	| { ok: true; dossier: OsoStreamDossier; dispose: () => Promise<void> }
	| { ok: false; fout: string; code: string; veld?: string };

/** How much of a set-aside content is read back at a time. */
const readSize = 64 * 1024;

/**
 * A `bestandsinhoud` content set aside in a file, with what its base64 characters are, and
 * the file its ZIP is decoded into once it is first asked for.
 */
type Spooled = { file: string; rule: Base64Rule; zip?: Promise<string> };

/** The private folder of one dossier's set-aside contents, made when the first one comes. */
class Spool {
	private dir: string | undefined;
	private count = 0;
	/** Stand-ins are base64 characters, unguessable, so no sent text can pose as one. */
	private readonly nonce = `kkoso${randomBytes(12).toString('hex')}n`;
	readonly entries = new Map<string, Spooled>();
	private open: { handle: fs.FileHandle; entry: Spooled; text: ContentText } | undefined;

	/** The ZIPs of contents that stayed in the skeleton, by their text. */
	private readonly inline = new Map<string, Promise<string>>();

	/** A new file name in the folder, made when needed. */
	private async name(extension: string): Promise<string> {
		if (!this.dir) {
			this.dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindkring-oso-'));
			await fs.chmod(this.dir, 0o700);
		}
		return path.join(this.dir, `${++this.count}.${extension}`);
	}

	async begin(): Promise<void> {
		const file = await this.name('b64');
		const handle = await fs.open(file, 'wx', 0o600);
		this.open = { handle, entry: { file, rule: new Base64Rule() }, text: new ContentText() };
	}

	/** The file of a set-aside content's ZIP; its base64 must be valid. */
	zipOf(entry: Spooled): Promise<string> {
		entry.zip ??= this.name('zip').then(async (file) => {
			await decodeSpooled(entry, file);
			return file;
		});
		return entry.zip;
	}

	/** The file of a ZIP decoded from a content that stayed in the skeleton. */
	zipOfText(text: string, zip: Buffer): Promise<string> {
		let file = this.inline.get(text);
		if (!file) {
			file = this.name('zip').then(async (name) => {
				await fs.writeFile(name, zip, { flag: 'wx', mode: 0o600 });
				return name;
			});
			this.inline.set(text, file);
		}
		return file;
	}

	async write(raw: string): Promise<void> {
		if (!this.open) throw new Error('no content begun');
		this.open.entry.rule.add(this.open.text.base64(raw));
		await this.open.handle.write(Buffer.from(raw, 'latin1'));
	}

	/** Ends the content; a stand-in for it, or its text when it holds no base64 character. */
	async end(keep: boolean): Promise<{ standIn: string } | { text: Buffer }> {
		if (!this.open) throw new Error('no content begun');
		const { handle, entry } = this.open;
		this.open = undefined;
		await handle.close();
		if (keep && entry.rule.length > 0) {
			const standIn = `${this.nonce}${this.count}`;
			this.entries.set(standIn, entry);
			return { standIn };
		}
		const text = await fs.readFile(entry.file);
		await fs.rm(entry.file);
		return { text };
	}

	async dispose(): Promise<void> {
		await this.open?.handle.close().catch(() => undefined);
		this.open = undefined;
		this.entries.clear();
		this.inline.clear();
		if (this.dir) await fs.rm(this.dir, { recursive: true, force: true });
		this.dir = undefined;
	}
}

/** Decodes a set-aside content whose base64 is valid into the file `zip`, piece by piece. */
async function decodeSpooled(entry: Spooled, zip: string): Promise<void> {
	const size = (entry.rule.length / 4) * 3 - entry.rule.padding;
	const input = await fs.open(entry.file, 'r');
	try {
		const output = await fs.open(zip, 'wx', 0o600);
		try {
			const decoder = new ContentDecoder();
			const chunk = Buffer.alloc(readSize);
			// Four characters make three bytes; at most three are carried from the piece before.
			const out = Buffer.alloc(((readSize + 3) / 4) * 3);
			let written = 0;
			for (;;) {
				const { bytesRead } = await input.read(chunk, 0, readSize, null);
				if (bytesRead === 0) break;
				const length = decoder.decode(chunk.subarray(0, bytesRead), out, 0);
				await output.write(out, 0, length);
				written += length;
			}
			const length = decoder.end(out, 0);
			await output.write(out, 0, length);
			if (written + length !== size) throw new Error('set-aside content changed');
		} finally {
			await output.close();
		}
	} finally {
		await input.close();
	}
}

/** Reads the input to its end: the skeleton of the XML, or why the dossier is refused. */
async function readSkeleton(
	input: AsyncIterable<Uint8Array>,
	limit: number,
	spool: Spool
): Promise<{ ok: true; skeleton: string } | XmlRefusal> {
	const decoder = new TextDecoder('utf-8', { fatal: true });
	const lexer = new SkeletonLexer();
	// Copies, not slices of the arriving text: a slice would keep each whole chunk alive.
	const skeleton: Buffer[] = [];
	const apply = async (pieces: SkeletonPiece[]) => {
		for (const piece of pieces) {
			if (piece.kind === 'xml') skeleton.push(Buffer.from(piece.text, 'utf8'));
			else if (piece.kind === 'open') await spool.begin();
			else if (piece.kind === 'content') await spool.write(piece.text);
			else {
				const ended = await spool.end(piece.kind === 'close');
				skeleton.push('standIn' in ended ? Buffer.from(ended.standIn, 'latin1') : ended.text);
			}
		}
	};

	let size = 0;
	let refusal: XmlRefusal | undefined;
	// Read to the end all the same, refused or not: the caller's body must be consumed.
	for await (const chunk of input) {
		size += chunk.byteLength;
		if (refusal && size <= limit) continue;
		if (size > limit) {
			if (refusal?.code !== 'te_groot') {
				refusal = tooLarge(limit);
				skeleton.length = 0;
				await spool.dispose();
			}
			continue;
		}
		let text: string;
		try {
			text = decoder.decode(chunk, { stream: true });
		} catch {
			refusal = notUtf8();
			skeleton.length = 0;
			await spool.dispose();
			continue;
		}
		await apply(lexer.feed(text));
	}
	if (refusal) return refusal;
	try {
		await apply(lexer.feed(decoder.decode()));
	} catch {
		return notUtf8();
	}
	await apply(lexer.end());
	return { ok: true, skeleton: Buffer.concat(skeleton).toString('utf8') };
}

export async function readOsoDossierStream(
	input: AsyncIterable<Uint8Array>,
	options: OsoOptions = {}
): Promise<OsoStreamResult> {
	const spool = new Spool();
	try {
		const read = await readSkeleton(input, options.maxBytes ?? maxDossierBytes, spool);
		const tree = read.ok ? parseOsoText(read.skeleton) : read;
		const mapped = tree.ok ? mapOsoDossier(tree) : tree;
		if (!mapped.ok) {
			await spool.dispose();
			return mapped;
		}
		const bronnen = mapped.documenten;
		return {
			ok: true,
			dossier: {
				...mapped.dossier,
				aantalDocumenten: bronnen.length,
				documenten: async function* () {
					const budget = { remaining: options.maxDocumentsBytes ?? maxDocumentsTotalBytes };
					for (const { bestandsinhoud, ...head } of bronnen) {
						const entry = bestandsinhoud === null ? undefined : spool.entries.get(bestandsinhoud);
						if (entry) {
							yield entry.rule.valid
								? await unpackDocumentFile(head, await spool.zipOf(entry), budget)
								: refuseDocument(head, 'geen_base64');
							continue;
						}
						// A content that stayed in the skeleton, read by the rules of a whole dossier.
						const zip = decodeContent(bestandsinhoud);
						if (typeof zip === 'string') yield refuseDocument(head, zip);
						else {
							const file = await spool.zipOfText(bestandsinhoud ?? '', zip);
							yield await unpackDocumentFile(head, file, budget);
						}
					}
				}
			},
			dispose: () => spool.dispose()
		};
	} catch (error) {
		await spool.dispose();
		throw error;
	}
}
