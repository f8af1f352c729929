/**
 * The contract every bijlagen store keeps, run the same on both: the disk store in a temp
 * directory and the S3 store against s3rver (a real S3 endpoint on a free local port).
 *
 * - content addressing: the SHA-256 and size are computed while streaming, identical
 *   content is stored once, a read gives back the bytes exactly;
 * - the 10 MB limit while streaming: exactly 10 MB passes, one byte more is refused and
 *   the source is not read much further; nothing refused is stored, no temp file stays;
 * - `inspect` sees the whole upload before it is stored and can refuse it;
 * - `open()` streams, and a missing blob is a typed error;
 * - `remove()` and `sweep()` keep what a row references; the sweep removes unreferenced
 *   blobs and stale temp files older than the grace period, keeps younger ones, and a
 *   re-upload of the same content during the sweep keeps the blob.
 *
 * Ageing is done by moving the sweep's clock forward (an S3 server sets Last-Modified
 * itself), so both stores are aged the same way.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S3Store } from '../../src/lib/server/files/s3-store';
import {
	BlobMissing,
	BlobStore,
	TooLarge,
	maxUploadBytes,
	type FileStore
} from '../../src/lib/server/files/store';
import { generator } from '../support/files';
import { startS3, type TestS3 } from '../support/s3';

const day = 24 * 60 * 60 * 1000;
const later = (ms: number) => new Date(Date.now() + ms);

let s3: TestS3;
let tmp: string;
let made = 0;

beforeAll(async () => {
	s3 = await startS3();
	tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'kindkring-contract-'));
});
afterAll(async () => {
	await s3?.stop();
	await fs.rm(tmp, { recursive: true, force: true });
});

const kinds: { name: string; make: () => Promise<FileStore> }[] = [
	{
		name: 'disk',
		make: async () => new BlobStore(path.join(tmp, `disk-${++made}`))
	},
	{
		// A prefix of its own per test on the one bucket: the store sees only its own.
		name: 's3',
		make: async () => new S3Store(await s3.settings(`contract-${++made}/`))
	}
];

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each(kinds)('the $name store', ({ name, make }) => {
	let store: FileStore;
	beforeEach(async () => {
		store = await make();
	});

	const tempFiles = () => fs.readdir(store.tempDir).catch(() => [] as string[]);

	async function read(hash: string): Promise<Buffer> {
		const { stream } = await store.open(hash);
		const parts: Buffer[] = [];
		for await (const part of stream) parts.push(part as Buffer);
		return Buffer.concat(parts);
	}

	it('stores content under its SHA-256 and gives back the same bytes, as a stream', async () => {
		const bytes = Buffer.from('Verslag van het gesprek met de ouders.\n');
		const stored = await store.put(Readable.from([bytes.subarray(0, 10), bytes.subarray(10)]));
		expect(stored).toEqual({ sha256: sha(bytes), size: bytes.length });
		expect(await store.exists(stored.sha256)).toBe(true);
		const opened = await store.open(stored.sha256);
		expect(opened.size).toBe(bytes.length);
		expect(opened.stream).toBeInstanceOf(Readable);
		opened.stream.destroy();
		expect((await read(stored.sha256)).equals(bytes)).toBe(true);
		expect(await store.list()).toEqual([stored.sha256]);
		expect(await tempFiles()).toEqual([]);
	});

	it('stores identical content once', async () => {
		const bytes = Buffer.from('tweemaal hetzelfde');
		const a = await store.put(Readable.from([bytes]));
		const b = await store.put(Readable.from([bytes]));
		expect(a).toEqual(b);
		expect(await store.list()).toEqual([a.sha256]);
	});

	it('accepts exactly 10 485 760 bytes, streamed in chunks', async () => {
		const { source } = generator(maxUploadBytes);
		const stored = await store.put(source);
		expect(stored.size).toBe(maxUploadBytes);
		const hash = createHash('sha256');
		let size = 0;
		for await (const chunk of (await store.open(stored.sha256)).stream) {
			hash.update(chunk as Buffer);
			size += (chunk as Buffer).length;
		}
		expect({ size, sha256: hash.digest('hex') }).toEqual(stored);
	});

	it('refuses 10 485 761 bytes, stops reading soon after, and stores nothing', async () => {
		const { source, state } = generator(50 * 1024 * 1024);
		await expect(store.put(source)).rejects.toBeInstanceOf(TooLarge);
		expect(state.consumed).toBeLessThan(maxUploadBytes + 256 * 1024);
		expect(await store.list()).toEqual([]);
		expect(await tempFiles()).toEqual([]);
	});

	it('lets inspect() see the complete upload and refuse it: nothing is stored', async () => {
		const bytes = Buffer.from('<html><script>alert(1)</script></html>');
		let seen: Buffer | undefined;
		await expect(
			store.put(Readable.from([bytes]), {
				inspect: async (file, size) => {
					seen = await fs.readFile(file);
					expect(size).toBe(bytes.length);
					throw new Error('refused');
				}
			})
		).rejects.toThrow('refused');
		expect(seen?.equals(bytes)).toBe(true);
		expect(await store.list()).toEqual([]);
		expect(await store.exists(sha(bytes))).toBe(false);
		expect(await tempFiles()).toEqual([]);
	});

	it('open() of a missing blob is a typed error', async () => {
		await expect(store.open('0'.repeat(64))).rejects.toBeInstanceOf(BlobMissing);
		await expect(store.open('../../etc/passwd')).rejects.toThrow(/SHA-256/);
	});

	it('remove() keeps a referenced blob and removes an unreferenced one', async () => {
		const a = await store.put(Readable.from([Buffer.from('a')]));
		expect(await store.remove(a.sha256, async () => true)).toBe(false);
		expect(await store.exists(a.sha256)).toBe(true);
		expect(await store.remove(a.sha256, async () => false)).toBe(true);
		expect(await store.exists(a.sha256)).toBe(false);
	});

	it('sweep() removes old unreferenced blobs and stale temp files, keeps referenced and young ones', async () => {
		const referenced = await store.put(Readable.from([Buffer.from(`referenced ${name}`)]));
		const orphan = await store.put(Readable.from([Buffer.from(`orphan ${name}`)]));
		await fs.mkdir(store.tempDir, { recursive: true });
		await fs.writeFile(path.join(store.tempDir, 'crashed.part'), 'half');
		const isReferenced = async (hashes: string[]) =>
			new Set(hashes.filter((h) => h === referenced.sha256));

		// Within the grace period everything stays.
		const early = await store.sweep({ referenced: isReferenced });
		expect(early).toEqual({ removed: [], tempRemoved: 0, kept: 2 });

		const report = await store.sweep({ referenced: isReferenced, now: later(2 * day) });
		expect(report.removed).toEqual([orphan.sha256]);
		expect(report.tempRemoved).toBe(1);
		expect(report.kept).toBe(1);
		expect(await store.exists(referenced.sha256)).toBe(true);
		expect(await store.exists(orphan.sha256)).toBe(false);
		expect(await tempFiles()).toEqual([]);
	});

	it('sweep(): a re-upload of the same content during the sweep keeps the blob', async () => {
		const bytes = Buffer.from(`uploaded again ${name}`);
		const old = await store.put(Readable.from([bytes]));
		const report = await store.sweep({
			now: later(2 * day),
			// The second look happens right before removal: by then a put() of identical
			// content has landed and its row is written.
			referenced: async (hashes) => {
				if (hashes.length === 1) {
					await store.put(Readable.from([bytes]));
					return new Set(hashes);
				}
				return new Set();
			}
		});
		expect(report.removed).toEqual([]);
		expect((await read(old.sha256)).equals(bytes)).toBe(true);
	});
});

describe('the S3 store checks its bucket', () => {
	it('says why a bucket does not answer, and nothing for one that does', async () => {
		expect(await new S3Store(await s3.settings()).unreachable()).toBeNull();
		const missing = new S3Store({ ...(await s3.settings()), bucket: 'bestaat-niet' });
		expect(await missing.unreachable()).toMatch(/404|NotFound/);
	});
});

describe('the S3 store lists only its prefix', () => {
	it('leaves objects under another prefix of the bucket alone', async () => {
		const ours = new S3Store(await s3.settings('ours/'));
		const theirs = new S3Store(await s3.settings('theirs/'));
		const mine = await ours.put(Readable.from([Buffer.from('van ons')]));
		const other = await theirs.put(Readable.from([Buffer.from('van een ander')]));
		expect(await ours.list()).toEqual([mine.sha256]);
		const report = await ours.sweep({ referenced: async () => new Set(), now: later(2 * day) });
		expect(report.removed).toEqual([mine.sha256]);
		expect(await theirs.exists(other.sha256)).toBe(true);
	});
});
