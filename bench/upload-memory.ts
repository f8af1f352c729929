/**
 * Streams 20 uploads of 10 MB at once through the store's put(), then reads the 20 back at
 * once through open(), and prints how much the resident set grew each way: the store must
 * hold one chunk per upload or download, never a whole file.
 * Run: npx tsx bench/upload-memory.ts (the disk store) or
 * npx tsx bench/upload-memory.ts --store=s3 (the S3 store against s3rver, started in a
 * process of its own so that its memory is not counted). Target: growth < 100 MB.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { S3Store } from '../src/lib/server/files/s3-store';
import { BlobStore, maxUploadBytes, type FileStore } from '../src/lib/server/files/store';

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
const kind = process.argv.includes('--store=s3') ? 's3' : 'disk';

/** s3rver in a child process on a free port, with one bucket. */
async function startS3rver(): Promise<{ endpoint: string; stop: () => void }> {
	const script = `
		const S3rver = require('s3rver');
		new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: process.argv[1],
			configureBuckets: [{ name: 'bench', configs: [] }] })
			.run().then((a) => console.log(a.port));`;
	const child = spawn(process.execPath, ['-e', script, path.join(dir, 's3rver')], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const port = await new Promise<string>((resolve) =>
		child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()))
	);
	return { endpoint: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

const s3rver = kind === 's3' ? await startS3rver() : undefined;
const store: FileStore = s3rver
	? new S3Store({
			endpoint: s3rver.endpoint,
			region: 'us-east-1',
			bucket: 'bench',
			accessKeyId: 'S3RVER',
			secretAccessKey: 'S3RVER',
			forcePathStyle: true,
			prefix: 'bench/',
			spoolDir: path.join(dir, 'spool')
		})
	: new BlobStore(dir);

async function measure<T>(work: () => Promise<T>) {
	global.gc?.();
	const before = process.memoryUsage().rss;
	let peak = before;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 10);
	const started = performance.now();
	const result = await work();
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().rss);
	return { result, before, peak, growth: peak - before, seconds };
}

const up = await measure(() =>
	Promise.all(Array.from({ length: uploads }, (_, i) => store.put(upload(i))))
);
const down = await measure(() =>
	Promise.all(
		up.result.map(async (s) => {
			const { stream } = await store.open(s.sha256);
			let size = 0;
			for await (const chunk of stream) size += (chunk as Buffer).length;
			return size;
		})
	)
);
s3rver?.stop();
await fs.rm(dir, { recursive: true, force: true });

const total = up.result.reduce((sum, s) => sum + s.size, 0);
const read = down.result.reduce((sum, n) => sum + n, 0);
console.log(
	`${kind}: ${uploads} parallel uploads, ${mb(total)} MB in ${up.seconds.toFixed(1)} s; RSS before ${mb(up.before)} MB, peak ${mb(up.peak)} MB, growth ${mb(up.growth)} MB (target < 100 MB)`
);
console.log(
	`${kind}: ${uploads} parallel downloads, ${mb(read)} MB in ${down.seconds.toFixed(1)} s; RSS before ${mb(down.before)} MB, peak ${mb(down.peak)} MB, growth ${mb(down.growth)} MB (target < 100 MB)`
);
if (read !== total || up.growth >= 100 * 1024 * 1024 || down.growth >= 100 * 1024 * 1024) {
	process.exitCode = 1;
}
