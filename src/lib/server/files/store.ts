/**
 * The bijlagen store: one interface (`FileStore`) with two implementations, this file's
 * `BlobStore` on a local (or shared) file system, the default, and `S3Store`
 * (s3-store.ts) in an S3-compatible bucket that every node reaches. Both are
 * content-addressed (the key is the SHA-256, computed while streaming), write the blob
 * before the caller writes its row, never hold a whole file in memory, and find orphans
 * with `sweep()`. tests/unit/files-store-contract.test.ts runs the same tests on both.
 *
 * The disk store: one file per SHA-256 at `<aa>/<bb>/<sha256>`.
 *
 * Crash safety: a blob is written to a temp file in the same directory
 * tree, fsynced and renamed into place; only then may the caller write its database row.
 * A crash before the rename leaves a temp file, a crash between rename and row leaves an
 * unreferenced blob: `sweep()` finds both after a grace period, removes them and reports.
 * A row therefore never points at a half-written file; a row pointing at a missing file
 * (disk lost, restored backup out of step) is caught on `open()` and by `sweep()`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { log } from '../log';

export const maxUploadBytes = 10 * 1024 * 1024;

export const hashPattern = /^[0-9a-f]{64}$/;

/** Refused because the upload passed `maxBytes`; the message is for the user. */
export class TooLarge extends Error {
	readonly code = 'too_large';
	constructor(readonly maxBytes: number) {
		const mb = Math.round(maxBytes / (1024 * 1024));
		super(
			`Het bestand is groter dan ${mb} MB. Scan het document op 300 dpi als PDF (zwart-wit of grijstinten); dan blijft het ruim onder de ${mb} MB.`
		);
		this.name = 'TooLarge';
	}
}

/** A row names a blob that is not on disk: never the user's fault, always logged. */
export class BlobMissing extends Error {
	readonly code = 'blob_missing';
	constructor(readonly sha256: string) {
		super('Het bestand is niet gevonden. De beheerder is gewaarschuwd.');
		this.name = 'BlobMissing';
	}
}

export interface Stored {
	sha256: string;
	size: number;
}

export interface PutOptions {
	maxBytes?: number;
	/**
	 * Looks at the complete temp file before it becomes a blob (type sniffing); throwing
	 * refuses the upload and the temp file is removed, so refused content never lands.
	 */
	inspect?: (tempPath: string, size: number) => Promise<void>;
}

export interface SweepReport {
	/** Unreferenced blobs older than the grace period, now removed. */
	removed: string[];
	/** Temp files left by an interrupted upload, now removed. */
	tempRemoved: number;
	/** Blobs on disk that were kept (referenced, or younger than the grace period). */
	kept: number;
}

export interface SweepOptions {
	/** Which of these hashes a metadata row still references. */
	referenced: (hashes: string[]) => Promise<Set<string>>;
	/** How old an unreferenced blob must be before it goes; default one day. */
	graceMs?: number;
	now?: Date;
}

/** What every bijlagen store does; the callers (files/index.ts) know no more than this. */
export interface FileStore {
	/** `disk` or `s3`, for logs and the start-up line. */
	readonly kind: 'disk' | 's3';
	/** Where an upload is spooled (and hashed, and sniffed) before it becomes a blob. */
	readonly tempDir: string;
	/**
	 * Streams `source` into the store while hashing and counting; refused past `maxBytes`
	 * (`TooLarge`) or by `inspect`, and then nothing is stored. Resolves once the blob is
	 * durable, so the caller may write its row.
	 */
	put(source: AsyncIterable<Uint8Array>, options?: PutOptions): Promise<Stored>;
	exists(sha256: string): Promise<boolean>;
	/** A stream of the blob and its size; `BlobMissing` (and an error log line) when gone. */
	open(sha256: string): Promise<{ stream: Readable; size: number }>;
	/** Removes a blob unless a row references it. True when it was removed. */
	remove(sha256: string, isReferenced: (sha256: string) => Promise<boolean>): Promise<boolean>;
	/** Every blob hash in the store. */
	list(): Promise<string[]>;
	/** Removes unreferenced blobs and stale temp files older than the grace period. */
	sweep(options: SweepOptions): Promise<SweepReport>;
}

export interface Spooled extends Stored {
	tempPath: string;
}

/**
 * Writes `source` to a new temp file in `dir` while hashing and counting, stopping at the
 * first byte past `maxBytes` (the source is destroyed: a for-await `break`/throw does that
 * for Node streams, web streams and generators alike; the temp file removed; `TooLarge`).
 * Only one chunk is in memory at a time. `inspect` sees the complete file; throwing
 * refuses it and removes the file. The caller owns the returned temp file.
 */
export async function spool(
	dir: string,
	source: AsyncIterable<Uint8Array>,
	options: PutOptions & { durable?: boolean } = {}
): Promise<Spooled> {
	const maxBytes = options.maxBytes ?? maxUploadBytes;
	await fs.mkdir(dir, { recursive: true });
	const tempPath = path.join(dir, `${randomBytes(16).toString('hex')}.part`);
	const handle = await fs.open(tempPath, 'wx', 0o600);
	const hash = createHash('sha256');
	let size = 0;
	let closed = false;
	try {
		for await (const chunk of source) {
			size += chunk.byteLength;
			if (size > maxBytes) throw new TooLarge(maxBytes);
			hash.update(chunk);
			await handle.write(chunk);
		}
		if (options.durable) await handle.sync();
		await handle.close();
		closed = true;
		if (options.inspect) await options.inspect(tempPath, size);
		return { sha256: hash.digest('hex'), size, tempPath };
	} catch (e) {
		if (!closed) await handle.close().catch(() => undefined);
		await unlinkQuietly(tempPath);
		throw e;
	}
}

/** Removes files in `dir` last changed before `cutoff`; how many. */
export async function removeStale(dir: string, cutoff: number): Promise<number> {
	let removed = 0;
	for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
		const file = path.join(dir, name);
		const stat = await fs.stat(file).catch(() => undefined);
		if (stat?.isFile() && stat.mtimeMs < cutoff) {
			await unlinkQuietly(file);
			removed++;
		}
	}
	return removed;
}

async function fsyncDir(dir: string): Promise<void> {
	// Makes the rename itself durable; some file systems refuse fsync on a directory.
	const handle = await fs.open(dir, constants.O_RDONLY).catch(() => undefined);
	if (!handle) return;
	await handle.sync().catch(() => undefined);
	await handle.close();
}

export async function unlinkQuietly(file: string): Promise<void> {
	await fs.unlink(file).catch((e: NodeJS.ErrnoException) => {
		if (e.code !== 'ENOENT') throw e;
	});
}

/**
 * The SHA-256 and size of `source` without storing it, with the same limit as `put()`
 * (`TooLarge` at the first byte past `maxBytes`, the source destroyed). For a retried
 * upload whose first copy is already stored: its hash is compared, no second copy written.
 */
export async function digest(
	source: AsyncIterable<Uint8Array>,
	maxBytes = maxUploadBytes
): Promise<Stored> {
	const hash = createHash('sha256');
	let size = 0;
	for await (const chunk of source) {
		size += chunk.byteLength;
		if (size > maxBytes) throw new TooLarge(maxBytes);
		hash.update(chunk);
	}
	return { sha256: hash.digest('hex'), size };
}

export class BlobStore implements FileStore {
	readonly kind = 'disk' as const;
	readonly tempDir: string;
	private readonly trashDir: string;

	constructor(readonly dir: string) {
		// Temp and trash live inside the store so a rename never crosses a file system.
		this.tempDir = path.join(dir, '.tmp');
		this.trashDir = path.join(dir, '.trash');
	}

	pathOf(sha256: string): string {
		// The hash becomes a path: accept nothing but 64 lowercase hex digits.
		if (!hashPattern.test(sha256)) throw new Error('not a SHA-256 hex digest');
		return path.join(this.dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
	}

	/**
	 * Streams `source` to a temp file (see `spool`), fsyncs it and renames it into place.
	 */
	async put(source: AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<Stored> {
		const { sha256, size, tempPath } = await spool(this.tempDir, source, {
			...options,
			durable: true
		});
		try {
			const target = this.pathOf(sha256);
			await fs.mkdir(path.dirname(target), { recursive: true });
			// Always rename, even when the blob exists: identical content stays one file,
			// and the fresh mtime tells a concurrent sweep() this blob is wanted again.
			await fs.rename(tempPath, target);
			await fsyncDir(path.dirname(target));
			return { sha256, size };
		} catch (e) {
			await unlinkQuietly(tempPath);
			throw e;
		}
	}

	async exists(sha256: string): Promise<boolean> {
		return fs.stat(this.pathOf(sha256)).then(
			() => true,
			() => false
		);
	}

	/** A read stream of the blob; `BlobMissing` (and an error log line) when it is gone. */
	async open(sha256: string): Promise<{ stream: Readable; size: number }> {
		let handle: fs.FileHandle;
		try {
			handle = await fs.open(this.pathOf(sha256), 'r');
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
				log.error({ sha256 }, 'files: a referenced blob is missing on disk');
				throw new BlobMissing(sha256);
			}
			throw e;
		}
		const { size } = await handle.stat();
		return { stream: handle.createReadStream(), size };
	}

	/** Removes a blob unless a row references it. True when it was removed. */
	async remove(
		sha256: string,
		isReferenced: (sha256: string) => Promise<boolean>
	): Promise<boolean> {
		if (await isReferenced(sha256)) return false;
		await unlinkQuietly(this.pathOf(sha256));
		return true;
	}

	/** Every blob hash on disk. */
	async list(): Promise<string[]> {
		const found: string[] = [];
		const level = async (dir: string) =>
			(await fs.readdir(dir, { withFileTypes: true }).catch(() => [])).filter(
				(d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name)
			);
		for (const a of await level(this.dir)) {
			for (const b of await level(path.join(this.dir, a.name))) {
				const names = await fs.readdir(path.join(this.dir, a.name, b.name));
				found.push(...names.filter((n) => hashPattern.test(n)));
			}
		}
		return found;
	}

	/**
	 * Removes unreferenced blobs and stale temp files older than the grace period.
	 *
	 * A candidate is first renamed into `.trash` and checked again: if a `put()` of the
	 * same content renamed a fresh copy into place meanwhile (new mtime), or a row now
	 * references it, it goes back. This closes the race with an upload of identical
	 * content that would otherwise lose its blob right after `put()` returned.
	 */
	async sweep(options: SweepOptions): Promise<SweepReport> {
		const graceMs = options.graceMs ?? 24 * 60 * 60 * 1000;
		const cutoff = (options.now ?? new Date()).getTime() - graceMs;
		const report: SweepReport = { removed: [], tempRemoved: 0, kept: 0 };

		report.tempRemoved = await removeStale(this.tempDir, cutoff);

		const old: string[] = [];
		for (const sha256 of await this.list()) {
			const stat = await fs.stat(this.pathOf(sha256)).catch(() => undefined);
			if (stat && stat.mtimeMs < cutoff) old.push(sha256);
			else report.kept++;
		}
		const referenced = old.length > 0 ? await options.referenced(old) : new Set<string>();
		await fs.mkdir(this.trashDir, { recursive: true });
		for (const sha256 of old) {
			if (referenced.has(sha256)) {
				report.kept++;
				continue;
			}
			const target = this.pathOf(sha256);
			const trash = path.join(this.trashDir, `${sha256}.${randomBytes(4).toString('hex')}`);
			try {
				await fs.rename(target, trash);
			} catch {
				continue;
			}
			const stat = await fs.stat(trash);
			const wanted = stat.mtimeMs >= cutoff || (await options.referenced([sha256])).has(sha256);
			if (wanted) {
				const back = await fs.stat(target).then(
					() => false,
					() => true
				);
				if (back) await fs.rename(trash, target);
				else await unlinkQuietly(trash);
				report.kept++;
			} else {
				await unlinkQuietly(trash);
				report.removed.push(sha256);
			}
		}
		if (report.removed.length > 0 || report.tempRemoved > 0) {
			log.warn(
				{ removed: report.removed.length, tempRemoved: report.tempRemoved },
				'files: sweep removed unreferenced blobs (uploads interrupted between disk and database)'
			);
		}
		return report;
	}
}
