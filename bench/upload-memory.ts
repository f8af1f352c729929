/**
 * Streams 20 uploads of 10 MB at once through BlobStore.put() and prints how much the
 * resident set grew: the store must hold one chunk per upload, never a whole file.
 * Run: npx tsx bench/upload-memory.ts (target: growth < 100 MB).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BlobStore, maxUploadBytes } from '../src/lib/server/files/store';

const uploads = 20;
const chunkSize = 64 * 1024;
const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);

/** A 10 MB upload arriving in 64 KB chunks, each file different (no dedup shortcut). */
function upload(seed: number): Readable {
	let sent = 0;
	return new Readable({
		highWaterMark: chunkSize,
		read() {
			if (sent >= maxUploadBytes) return void this.push(null);
			const size = Math.min(chunkSize, maxUploadBytes - sent);
			const chunk = Buffer.alloc(size, (seed + sent / chunkSize) % 256);
			sent += size;
			this.push(chunk);
		}
	});
}

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindkring-bench-'));
const store = new BlobStore(dir);
global.gc?.();
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => {
	peak = Math.max(peak, process.memoryUsage().rss);
}, 10);
const started = performance.now();
const stored = await Promise.all(Array.from({ length: uploads }, (_, i) => store.put(upload(i))));
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
await fs.rm(dir, { recursive: true, force: true });

const total = stored.reduce((sum, s) => sum + s.size, 0);
const growth = peak - before;
console.log(
	`${uploads} parallel uploads, ${mb(total)} MB in ${seconds.toFixed(1)} s; RSS before ${mb(before)} MB, peak ${mb(peak)} MB, growth ${mb(growth)} MB (target < 100 MB)`
);
if (growth >= 100 * 1024 * 1024) process.exitCode = 1;
