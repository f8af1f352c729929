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
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Zip, ZipDeflate } from 'fflate';
import { readOsoDossierStream } from '../src/lib/server/intake/oso-stream';

const documents = Number(process.env.BENCH_DOCUMENTS ?? 9);
const readers = Number(process.env.BENCH_READERS ?? 3);
const scanBytes = 8 * 1024 * 1024;
const target = 100 * 1024 * 1024;
const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** A scanned PDF of `scanBytes`, in pieces: a header, an image of random bytes, a trailer. */
function* scan(): Generator<Uint8Array> {
	const head = `%PDF-1.4\n1 0 obj\n<< /Type /XObject /Subtype /Image /Filter /DCTDecode /Length ${scanBytes} >>\nstream\n`;
	const tail = '\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n';
	yield Buffer.from(head);
	let left = scanBytes - head.length - tail.length;
	while (left > 0) {
		const piece = randomBytes(Math.min(64 * 1024, left));
		left -= piece.length;
		yield piece;
	}
	yield Buffer.from(tail);
}

/** Writes the dossier, each document zipped and base64 encoded as it is made. */
async function writeDossier(file: string): Promise<void> {
	const out = await fsp.open(file, 'w');
	const text = (s: string) => out.write(s);
	await text(
		'<?xml version="1.0" encoding="UTF-8"?>\n<dossier xmlns="http://www.edustandaard.nl/oso_gegevensset/2019/dossier">\n' +
			'<metadata><overstap>POSWV</overstap></metadata><overdrachtsoort>swv-dossier</overdrachtsoort>\n' +
			'<huidigeschool><naam>Basisschool De Proefbank</naam><brincode>99XX</brincode><leerling>' +
			'<voornaam>Sanne</voornaam><achternaam>Proef</achternaam><onderwijsondersteuning>' +
			'<opp><opp_ingangdatum>2026-09-01</opp_ingangdatum>\n'
	);
	for (let i = 1; i <= documents; i++) {
		await text(
			`<document><bestandsnaam>scan-${i}.pdf</bestandsnaam><omschrijving>Scan ${i}</omschrijving><bestandsinhoud>\n`
		);
		// 57 bytes make one line of 76 base64 characters.
		let carry = Buffer.alloc(0);
		const pending: Buffer[] = [];
		const zip = new Zip((error, data) => {
			if (error) throw error;
			const bytes = Buffer.concat([carry, data]);
			const whole = bytes.length - (bytes.length % 57);
			for (let at = 0; at < whole; at += 57) {
				pending.push(Buffer.from(`${bytes.toString('base64', at, at + 57)}\n`));
			}
			carry = bytes.subarray(whole);
		});
		const entry = new ZipDeflate(`scan-${i}.pdf`);
		zip.add(entry);
		for (const piece of scan()) {
			entry.push(piece);
			if (pending.length) await out.write(Buffer.concat(pending.splice(0)));
		}
		entry.push(new Uint8Array(0), true);
		zip.end();
		pending.push(Buffer.from(`${carry.toString('base64')}\n`));
		await out.write(Buffer.concat(pending.splice(0)));
		await text('</bestandsinhoud></document>\n');
	}
	await text('</opp></onderwijsondersteuning></leerling></huidigeschool></dossier>\n');
	await out.close();
}

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
	await writeDossier(file);
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
