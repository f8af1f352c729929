/**
 * The intake's memory target through the real server: the production build (`node build`)
 * on an embedded PostgreSQL of its own with the demo data, and three school systems that
 * each send an OSO dossier of about 100 MB (nine 8 MB scans) to `POST /api/v1/intake` at
 * the same moment, with the demo koppeling of Het Kompas. Each request streams its dossier
 * from disk; the server reads it as a stream, sets every document aside in a temp file and
 * stores them one by one as bijlagen. The server's resident set (VmRSS) is sampled before,
 * during and after.
 *
 * Target: the server grows by less than 100 MB. Run: `npm run build && npm run bench:intake-http`
 * (Linux, /proc needed). Environment: BENCH_DOCUMENTS (default 9), BENCH_SENDERS (default 3).
 * Exit code 1 when the target is missed or an intake is not accepted with all its bijlagen.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { writeDossier } from './support/oso-dossier';
import { benchWorld, dummySmtp, mb, requireBuild, rssOf, startNode } from './support/server';

const documents = Number(process.env.BENCH_DOCUMENTS ?? 9);
const senders = Number(process.env.BENCH_SENDERS ?? 3);
const targetBytes = 100 * 1024 * 1024;
const code = '21XC00-demo-koppeling-2026';

requireBuild();

/** One intake, the dossier streamed from `file` inside a hand-made multipart body. */
function send(
	url: string,
	file: string,
	kenmerk: string
): Promise<{ status: number; body: string }> {
	const boundary = `kindkring-bench-${kenmerk}`;
	const aanvraag = JSON.stringify({
		brin: '21XC',
		vestiging: '00',
		samenwerkingsverband: 'PO2806',
		aanvraagtype: 'Ambulante Begeleiding',
		omschrijving: 'Geheugenmeting van de intake.',
		contactpersoon: { naam: 'Rachid El Amrani', email: 'r.elamrani@hetkompas.example.nl' },
		kenmerk
	});
	const head = Buffer.from(
		`--${boundary}\r\nContent-Disposition: form-data; name="aanvraag"\r\n` +
			`Content-Type: application/json\r\n\r\n${aanvraag}\r\n` +
			`--${boundary}\r\nContent-Disposition: form-data; name="dossier"; filename="dossier.xml"\r\n` +
			`Content-Type: application/xml\r\n\r\n`
	);
	const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
	const length = head.length + fs.statSync(file).size + tail.length;
	return new Promise((resolve, reject) => {
		const request = http.request(url, {
			method: 'POST',
			agent: false,
			headers: {
				authorization: `Bearer ${code}`,
				'content-type': `multipart/form-data; boundary=${boundary}`,
				'content-length': String(length)
			}
		});
		request.on('response', (res) => {
			let body = '';
			res.on('data', (c) => (body += c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
		});
		request.on('error', reject);
		request.write(head);
		const input = fs.createReadStream(file, { highWaterMark: 64 * 1024 });
		input.on('error', reject);
		input.on('end', () => request.end(tail));
		input.pipe(request, { end: false });
	});
}

const world = await benchWorld('kindkring_bench_intake');
const smtp = await dummySmtp();
let app: Awaited<ReturnType<typeof startNode>> | undefined;

try {
	// A dossier per sender (another child each), and a small one to warm up with.
	const files: string[] = [];
	const written = performance.now();
	for (let i = 0; i < senders; i++) {
		const file = path.join(world.work, `dossier-${i}.xml`);
		await writeDossier(file, {
			documents,
			brincode: '21XC',
			vestigingscode: '00',
			achternaam: `Meting${i}`
		});
		files.push(file);
	}
	const warmFile = path.join(world.work, 'warm.xml');
	await writeDossier(warmFile, {
		documents: 1,
		brincode: '21XC',
		vestigingscode: '00',
		achternaam: 'Opwarmen'
	});
	const size = fs.statSync(files[0]!).size;
	console.log(
		`${senders} dossiers of ${mb(size)} MB (${documents} scans each) written in ${((performance.now() - written) / 1000).toFixed(1)} s`
	);

	app = await startNode({ world, smtp, env: { BODY_SIZE_LIMIT: '210M' } });
	const pid = app.pid;
	const url = `${app.origin.replace('localhost', '127.0.0.1')}/api/v1/intake`;

	// Warm-up: the intake path once, so baseline and peak compare a server that has run it.
	const warm = await send(url, warmFile, 'bench-warm');
	if (warm.status !== 201) throw new Error(`warm-up intake failed: ${warm.status} ${warm.body}`);
	await new Promise((r) => setTimeout(r, 1_000));

	const baselineSamples: number[] = [];
	for (let i = 0; i < 10; i++) {
		baselineSamples.push(rssOf(pid));
		await new Promise((r) => setTimeout(r, 50));
	}
	const baseline = Math.max(...baselineSamples);
	let peak = baseline;
	const sampler = setInterval(() => {
		peak = Math.max(peak, rssOf(pid));
	}, 10);
	const started = performance.now();
	const results = await Promise.all(files.map((f, i) => send(url, f, `bench-${i}`)));
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sampler);
	peak = Math.max(peak, rssOf(pid));
	await new Promise((r) => setTimeout(r, 2_000));
	const after = rssOf(pid);

	const failed = results.filter((r) => {
		if (r.status !== 201) return true;
		const body = JSON.parse(r.body) as { bijlagen: { toegevoegd: number } };
		return body.bijlagen.toegevoegd !== documents;
	});
	const growth = peak - baseline;
	console.log(
		`${senders} intakes at once through node build in ${seconds.toFixed(1)} s (${failed.length} failed)\n` +
			`server RSS: baseline ${mb(baseline)} MB, peak ${mb(peak)} MB, after ${mb(after)} MB; ` +
			`growth ${mb(growth)} MB — ${growth < targetBytes ? 'under' : 'OVER'} the 100 MB target`
	);
	for (const f of failed.slice(0, 3)) console.error(`failed: ${f.status} ${f.body.slice(0, 300)}`);
	if (failed.length > 0 || growth >= targetBytes) process.exitCode = 1;
} finally {
	await app?.stop();
	await smtp.close();
	await world.close();
}
