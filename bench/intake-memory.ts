/**
 * Reads three OSO dossiers of about 100 MB each at once through the stream reader, as three
 * schools sending at the same moment would, and prints how much the server's memory grew: the
 * reader must set each document's content aside as it arrives and hand out one unpacked
 * document at a time, never hold a dossier whole.
 *
 * The dossier is written to a temporary folder first: DOCUMENTS scanned PDFs of 8 MB (random
 * bytes, which do not compress, like the JPEG inside a scan), each zipped with fflate and
 * base64 encoded in 76-column lines, as senders do. The three reads come from the disk
 * (fs.createReadStream), every document's content is streamed into a sink that discards it,
 * and memory is sampled every 20 ms: the resident set, and heapUsed + external (external
 * counts the ArrayBuffers too).
 *
 * Run: npm run bench:intake. Environment: BENCH_DOCUMENTS (default 9, about 100 MB),
 * BENCH_READERS (default 3).
 * Target: growth < 100 MB; exit code 1 when either measure grows by that much or a document
 * does not come out whole.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { readOsoDossierStream } from '../src/lib/server/intake/oso-stream';
import { scanBytes, writeDossier } from './support/oso-dossier';

const documents = Number(process.env.BENCH_DOCUMENTS ?? 9);
const readers = Number(process.env.BENCH_READERS ?? 3);
const target = 100 * 1024 * 1024;
const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Reads the dossier from disk; every document into a sink that discards it. */
async function readDossier(file: string): Promise<{ documents: number; bytes: number }> {
	const input = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
	const result = await readOsoDossierStream(input as AsyncIterable<Uint8Array>, {
		maxBytes: 200 * 1024 * 1024
	});
	if (!result.ok) throw new Error(`dossier refused: ${result.code} ${result.fout}`);
	const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
	let count = 0;
	let bytes = 0;
	try {
		for await (const doc of result.dossier.documenten()) {
			if (!doc.ok) throw new Error(`document refused: ${doc.code}`);
			let length = 0;
			for await (const piece of doc.inhoud()) {
				await new Promise<void>((resolve, reject) =>
					sink.write(piece, (error) => (error ? reject(error) : resolve()))
				);
				length += piece.length;
			}
			if (length !== doc.grootte) throw new Error('document not whole');
			count++;
			bytes += length;
		}
	} finally {
		await result.dispose();
	}
	return { documents: count, bytes };
}

const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'kindkring-bench-intake-'));
const file = path.join(dir, 'dossier.xml');
try {
	const written = performance.now();
	await writeDossier(file, { documents });
	const size = (await fsp.stat(file)).size;
	console.log(
		`dossier: ${documents} scanned PDFs of ${mb(scanBytes)} MB, ${mb(size)} MB of XML, written in ${((performance.now() - written) / 1000).toFixed(1)} s`
	);

	gc();
	await new Promise((resolve) => setTimeout(resolve, 200));
	gc();
	const heapOf = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external;
	const before = process.memoryUsage();
	let peakRss = before.rss;
	let peakHeap = heapOf(before);
	const sample = () => {
		const m = process.memoryUsage();
		peakRss = Math.max(peakRss, m.rss);
		peakHeap = Math.max(peakHeap, heapOf(m));
	};
	const sampler = setInterval(sample, 20);
	const started = performance.now();
	const results = await Promise.all(Array.from({ length: readers }, () => readDossier(file)));
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sampler);
	sample();

	const rssGrowth = peakRss - before.rss;
	const heapGrowth = peakHeap - heapOf(before);
	const read = results.reduce((sum, r) => sum + r.bytes, 0);
	console.log(
		`${readers} dossiers at once, ${mb(readers * size)} MB of XML, ${mb(read)} MB of documents out in ${seconds.toFixed(1)} s`
	);
	console.log(
		`RSS: baseline ${mb(before.rss)} MB, peak ${mb(peakRss)} MB, growth ${mb(rssGrowth)} MB (target < 100 MB)`
	);
	console.log(
		`heapUsed + external: baseline ${mb(heapOf(before))} MB, peak ${mb(peakHeap)} MB, growth ${mb(heapGrowth)} MB (target < 100 MB)`
	);
	const whole = results.every(
		(r) => r.documents === documents && r.bytes === documents * scanBytes
	);
	if (!whole) console.log('a dossier did not come out whole');
	if (!whole || rssGrowth >= target || heapGrowth >= target) process.exitCode = 1;
} finally {
	await fsp.rm(dir, { recursive: true, force: true });
}
