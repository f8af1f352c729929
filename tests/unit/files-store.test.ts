import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobMissing, BlobStore, TooLarge, maxUploadBytes } from '../../src/lib/server/files/store';
import { generator } from '../support/files';

let dir: string;
let store: BlobStore;

beforeEach(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindkring-files-'));
	store = new BlobStore(dir);
});
afterEach(async () => {
	await fs.rm(dir, { recursive: true, force: true });
});

async function tempFiles(): Promise<string[]> {
	return fs.readdir(store.tempDir).catch(() => []);
}

async function read(hash: string): Promise<Buffer> {
	const { stream } = await store.open(hash);
	const parts: Buffer[] = [];
	for await (const part of stream) parts.push(part as Buffer);
	return Buffer.concat(parts);
}

describe('the 10 MB limit is enforced while streaming', () => {
	it('accepts exactly 10 485 760 bytes', async () => {
		const { source } = generator(maxUploadBytes);
		const stored = await store.put(source);
		expect(maxUploadBytes).toBe(10_485_760);
		expect(stored.size).toBe(10_485_760);
		const stat = await fs.stat(store.pathOf(stored.sha256));
		expect(stat.size).toBe(10_485_760);
	});

	it('refuses 10 485 761 bytes with a message that suggests a 300 dpi PDF', async () => {
		const { source } = generator(maxUploadBytes + 1);
		const error = await store.put(source).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(TooLarge);
		expect((error as Error).message).toMatch(/300 dpi/);
		expect((error as Error).message).toMatch(/PDF/);
		expect(await tempFiles()).toEqual([]);
		expect(await store.list()).toEqual([]);
	});

	it('stops reading a 50 MB upload soon after 10 MB and leaves no temp file', async () => {
		const { source, state } = generator(50 * 1024 * 1024);
		await expect(store.put(source)).rejects.toBeInstanceOf(TooLarge);
		expect(state.consumed).toBeLessThan(11 * 1024 * 1024);
		expect(await tempFiles()).toEqual([]);
	});

	it('destroys a Node stream source when it refuses', async () => {
		const { source, state } = generator(50 * 1024 * 1024);
		const stream = Readable.from(source);
		await expect(store.put(stream)).rejects.toBeInstanceOf(TooLarge);
		expect(stream.destroyed).toBe(true);
		expect(state.consumed).toBeLessThan(11 * 1024 * 1024);
	});
});

describe('content addressing', () => {
	it('stores identical content once, under <aa>/<bb>/<sha256>', async () => {
		const bytes = randomBytes(100_000);
		const a = await store.put(Readable.from([bytes]));
		const b = await store.put(Readable.from([bytes.subarray(0, 50_000), bytes.subarray(50_000)]));
		expect(a.sha256).toBe(b.sha256);
		expect(await store.list()).toEqual([a.sha256]);
		expect(store.pathOf(a.sha256)).toBe(
			path.join(dir, a.sha256.slice(0, 2), a.sha256.slice(2, 4), a.sha256)
		);
		expect((await read(a.sha256)).equals(bytes)).toBe(true);
		expect(await tempFiles()).toEqual([]);
	});

	it('refuses a hash that is not 64 hex digits (it becomes a path)', () => {
		expect(() => store.pathOf('../../etc/passwd')).toThrow();
	});

	it('an inspect() refusal removes the temp file and stores nothing', async () => {
		const error = new Error('nee');
		await expect(
			store.put(Readable.from([Buffer.from('x')]), {
				inspect: async () => {
					throw error;
				}
			})
		).rejects.toBe(error);
		expect(await tempFiles()).toEqual([]);
		expect(await store.list()).toEqual([]);
	});

	it('open() of a missing blob is a typed error, not a crash', async () => {
		const stored = await store.put(Readable.from([Buffer.from('weg')]));
		await fs.unlink(store.pathOf(stored.sha256));
		await expect(store.open(stored.sha256)).rejects.toBeInstanceOf(BlobMissing);
	});

	it('remove() keeps a referenced blob and removes an unreferenced one', async () => {
		const stored = await store.put(Readable.from([Buffer.from('blob')]));
		expect(await store.remove(stored.sha256, async () => true)).toBe(false);
		expect(await store.exists(stored.sha256)).toBe(true);
		expect(await store.remove(stored.sha256, async () => false)).toBe(true);
		expect(await store.exists(stored.sha256)).toBe(false);
	});
});

describe('sweep()', () => {
	const day = 24 * 60 * 60 * 1000;

	async function age(file: string, ms: number) {
		const when = new Date(Date.now() - ms);
		await fs.utimes(file, when, when);
	}

	it('removes old unreferenced blobs and stale temp files, keeps referenced and young ones', async () => {
		const referenced = await store.put(Readable.from([Buffer.from('referenced')]));
		const orphan = await store.put(Readable.from([Buffer.from('orphan')]));
		const young = await store.put(Readable.from([Buffer.from('young orphan')]));
		await age(store.pathOf(referenced.sha256), 2 * day);
		await age(store.pathOf(orphan.sha256), 2 * day);
		await fs.mkdir(store.tempDir, { recursive: true });
		const stale = path.join(store.tempDir, 'crashed.part');
		await fs.writeFile(stale, 'half');
		await age(stale, 2 * day);

		const report = await store.sweep({
			referenced: async (hashes) => new Set(hashes.filter((h) => h === referenced.sha256))
		});
		expect(report.removed).toEqual([orphan.sha256]);
		expect(report.tempRemoved).toBe(1);
		expect(report.kept).toBe(2);
		expect(await store.exists(referenced.sha256)).toBe(true);
		expect(await store.exists(young.sha256)).toBe(true);
		expect(await store.exists(orphan.sha256)).toBe(false);
		expect(await tempFiles()).toEqual([]);
	});

	it('a re-upload of the same content during the sweep keeps the blob', async () => {
		const bytes = Buffer.from('uploaded again');
		const old = await store.put(Readable.from([bytes]));
		await age(store.pathOf(old.sha256), 2 * day);
		const report = await store.sweep({
			// The second check happens after the candidate moved to the trash: by then a
			// put() of identical content has landed and its row is written.
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
