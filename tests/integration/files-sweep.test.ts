import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sql } from '../../src/lib/server/db';
import * as files from '../../src/lib/server/files';
import type { BlobStore } from '../../src/lib/server/files/store';
import { sweepFiles } from '../../src/lib/server/jobs/definitions';

describe('the scheduled sweep of the bijlagen store', () => {
	it('removes an old unreferenced blob, and runs on one node at a time', async () => {
		// The tests' store is the default one on disk (FILES_DIR).
		const store = files.blobs() as BlobStore;
		const orphan = await store.put(Readable.from([Buffer.from('niemand verwijst hiernaar')]));
		const old = new Date(Date.now() - 3 * 24 * 3600_000);
		await fs.utimes(store.pathOf(orphan.sha256), old, old);

		// Another node holds the sweep's lock: this one leaves the work to it.
		await sql.begin(async (tx) => {
			await tx`select pg_advisory_xact_lock(72061)`;
			expect(await sweepFiles(sql)).toBeNull();
		});
		expect(await store.exists(orphan.sha256)).toBe(true);

		const report = await sweepFiles(sql);
		expect(report!.removed).toContain(orphan.sha256);
		expect(await store.exists(orphan.sha256)).toBe(false);
	});
});
