/**
 * Does a node's memory level off under load? The production build (`node build`) on the
 * demo data, on an embedded PostgreSQL of its own, gets a steady mix of what its users do
 * for BENCH_MINUTES (default 15) from BENCH_CLIENTS (default 6) clients at once, each
 * sending its next request when the last one is answered:
 *
 * - the coordinator: the Hulpvragen overview with searches, filters, sorts and pages, a
 *   hulpvraag, its bijlagen, and status changes (each one mails the aanvrager);
 * - the IB'er: uploads of 256 kB (the page's way: octet-stream, name in X-Bestandsnaam, an
 *   Idempotency-Key) and downloads of what she uploaded;
 * - the parent: Mijn kind;
 * - anyone: the login page, /healthz and /readyz.
 *
 * Logged-in sessions are reused, as a browser does. The server's resident set is read every
 * 10 s; heap snapshots at the start (after a minute of warm-up), the middle and the end count
 * what is still reachable and what grew most. Snapshots inflate the resident set for a while,
 * so its slope is computed per half, leaving out the minute after a snapshot.
 *
 * Run: `npm run build && npm run bench:memory` (Linux, /proc needed). Environment:
 * BENCH_MINUTES, BENCH_CLIENTS, BENCH_MALLOC_ARENA_MAX (passed to the server as
 * MALLOC_ARENA_MAX), BENCH_SNAPSHOTS=0 (no snapshots: the resident set undisturbed). Exit code 1 when the reachable heap grows by 10 MB or more from the
 * middle to the end (it keeps something it should let go), or when a request gets a 5xx.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type postgres from 'postgres';
import type { Sql } from '../src/lib/server/db';
import { nextStatuses } from '../src/lib/server/workflow/process';
import { newVuurtorenHulpvraag } from '../tests/support/vuurtoren';
import { growth, summarise, takeSnapshot, type HeapSummary } from './support/heap';
import { benchWorld, dummySmtp, login, mb, requireBuild, rssOf, startNode } from './support/server';

const minutes = Number(process.env.BENCH_MINUTES ?? 15);
const clients = Number(process.env.BENCH_CLIENTS ?? 6);
const arenaMax = process.env.BENCH_MALLOC_ARENA_MAX;
const snapshots = process.env.BENCH_SNAPSHOTS !== '0';
const warmUpMs = Math.min(60_000, (minutes * 60_000) / 10);
const heapTarget = 10 * 1024 * 1024;
const uploadBytes = 256 * 1024;

requireBuild();

// A database per run, so two runs (say with and without MALLOC_ARENA_MAX) can go at once.
const world = await benchWorld(`kindkring_bench_memory_${process.pid}`);
const smtp = await dummySmtp();
let node: Awaited<ReturnType<typeof startNode>> | undefined;
let running = true;
let load: Promise<unknown> | undefined;

/** PPO Rotterdam and the roles of its coördinator, whose status changes the bench makes. */
async function idsOf(sql: Sql): Promise<{ org: string; coordinatorRoles: string[] }> {
	const [row] = await sql<{ org: string; roles: string[] }[]>`
		select o.id as org, a.roles from account a join organisation o on o.id = a.organisation_id
		where o.code = 'PO2806' and a.username = 'pieter.verbeek'`;
	return { org: row!.org, coordinatorRoles: row!.roles };
}

let made = 0;
/** A fresh hulpvraag at De Vuurtoren in Aanmelding: the SWV sees it and can move it on. */
const freshHulpvraag = (sql: Sql) =>
	newVuurtorenHulpvraag(sql as unknown as postgres.Sql, {
		roepnaam: 'Bench',
		achternaam: `Geheugenkind ${made++}`,
		omschrijving: 'Lezen en rekenen blijven achter; de leerkracht vraagt om begeleiding.'
	});

/** Counts per request kind: answers by status class, and failures without an answer. */
const tally = new Map<string, Map<string, number>>();
function count(kind: string, outcome: string) {
	const row = tally.get(kind) ?? new Map<string, number>();
	row.set(outcome, (row.get(outcome) ?? 0) + 1);
	tally.set(kind, row);
}
let requests = 0;
let serverErrors = 0;

async function request(
	kind: string,
	url: string,
	init: RequestInit = {}
): Promise<Response | null> {
	try {
		const response = await fetch(url, { redirect: 'manual', ...init });
		requests++;
		if (response.status >= 500) serverErrors++;
		count(kind, String(response.status));
		return response;
	} catch (e) {
		requests++;
		serverErrors++;
		count(kind, (e as Error).cause ? String((e as { cause: Error }).cause) : String(e));
		return null;
	}
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

try {
	const { sql } = world;
	const ids = await idsOf(sql);
	const statusIds = (
		await sql<{ id: string }[]>`select id from process_status where organisation_id = ${ids.org}`
	).map((r) => r.id);
	const schoolIds = (
		await sql<{ id: string }[]>`select id from school where organisation_id = ${ids.org}`
	).map((r) => r.id);
	const statusPool: string[] = [];
	for (let i = 0; i < 20; i++) statusPool.push(await freshHulpvraag(sql));
	const uploadTargets = [await freshHulpvraag(sql), await freshHulpvraag(sql)];
	const visible = (
		await sql<{ id: string }[]>`
			select h.id from hulpvraag h join process_status s on s.id = h.status_id
			where h.organisation_id = ${ids.org} and not s.voorlopig`
	).map((r) => r.id);

	const server = await startNode({
		world,
		smtp,
		nodeArgs: ['--heapsnapshot-signal=SIGUSR2'],
		cwd: world.work,
		env: {
			LOGIN_LIMIT_PER_ADDRESS: '100000',
			...(arenaMax ? { MALLOC_ARENA_MAX: arenaMax } : {})
		}
	});
	node = server;
	const { origin, pid } = server;
	const coordinator = await login(origin, 'PO2806', 'pieter.verbeek');
	const ib = await login(origin, 'PO2806', 'lotte.vandam');
	const parent = await login(origin, 'PO2806', 'sanne.bakker');
	const uploaded: string[] = [];
	const words = ['de', 'Jansen', 'Bakker', 'lezen', 'Vuurtoren', 'gedrag', 'xyz', 'Noah'];
	const sorts = ['gewijzigd', 'naam', 'status'];

	const actions: { weight: number; run(): Promise<unknown> }[] = [
		{
			weight: 20,
			run: () => {
				const query = new URLSearchParams({
					filter: '1',
					pagina: String(1 + Math.floor(Math.random() * 3))
				});
				if (Math.random() < 0.5) query.set('q', pick(words));
				if (Math.random() < 0.3) query.append('status', pick(statusIds));
				if (Math.random() < 0.3) query.set('school', pick(schoolIds));
				query.set('sortering', pick(sorts));
				return request('overzicht', `${origin}/hulpvragen?${query}`, {
					headers: { cookie: coordinator }
				});
			}
		},
		{
			weight: 20,
			run: () =>
				request('hulpvraag', `${origin}/hulpvragen/${pick(visible)}`, {
					headers: { cookie: coordinator }
				})
		},
		{
			weight: 10,
			run: () =>
				request('bijlagen', `${origin}/hulpvragen/${pick(visible)}/bijlagen`, {
					headers: { cookie: coordinator }
				})
		},
		{
			weight: 8,
			run: async () => {
				const index = Math.floor(Math.random() * statusPool.length);
				const id = statusPool[index]!;
				const [h] = await sql<{ statusId: string; version: number }[]>`
					select status_id, version from hulpvraag where id = ${id}`;
				const options = await nextStatuses(sql, ids.org, h!.statusId, ids.coordinatorRoles);
				if (options.length === 0) {
					// At the end of its process: the coordinator gets a new one instead.
					statusPool[index] = await freshHulpvraag(sql);
					return;
				}
				await request('status', `${origin}/hulpvragen/${id}?/status`, {
					method: 'POST',
					headers: {
						cookie: coordinator,
						origin,
						'content-type': 'application/x-www-form-urlencoded'
					},
					body: new URLSearchParams({
						status: pick(options).id,
						reden: 'Besproken in het MDO; zie het verslag.',
						version: String(h!.version)
					})
				});
			}
		},
		{
			weight: 4,
			run: async () => {
				const body = Buffer.alloc(uploadBytes, 0x20);
				body.write(`%PDF-1.4\n% bench ${randomUUID()}\n`, 'latin1');
				const response = await request(
					'upload',
					`${origin}/hulpvragen/${pick(uploadTargets)}/bijlagen/upload`,
					{
						method: 'POST',
						headers: {
							cookie: ib,
							origin,
							accept: 'application/json',
							'content-type': 'application/octet-stream',
							'x-bestandsnaam': encodeURIComponent(`Verslag begeleiding ${made}.pdf`),
							'idempotency-key': randomUUID()
						},
						body
					}
				);
				if (response?.ok) {
					const outcome = (await response.json()) as { results: { id?: string }[] };
					const id = outcome.results[0]?.id;
					if (id) uploaded.push(id);
				} else await response?.arrayBuffer();
			}
		},
		{
			weight: 6,
			run: async () => {
				if (uploaded.length === 0) return;
				const response = await request('download', `${origin}/bijlagen/${pick(uploaded)}`, {
					headers: { cookie: ib }
				});
				await response?.arrayBuffer();
			}
		},
		{
			weight: 10,
			run: () => request('mijn-kind', `${origin}/mijn-kind`, { headers: { cookie: parent } })
		},
		{ weight: 6, run: () => request('inloggen', `${origin}/inloggen`) },
		{ weight: 8, run: () => request('healthz', `${origin}/healthz`) },
		{ weight: 8, run: () => request('readyz', `${origin}/readyz`) }
	];
	const totalWeight = actions.reduce((sum, a) => sum + a.weight, 0);
	const choose = () => {
		let at = Math.random() * totalWeight;
		for (const action of actions) if ((at -= action.weight) < 0) return action;
		return actions[actions.length - 1]!;
	};

	const started = Date.now();
	const end = started + warmUpMs + minutes * 60_000;
	const client = async () => {
		while (running && Date.now() < end) {
			const response = await choose().run();
			// Every answer is read to its end, so a connection is free for the next request.
			if (response instanceof Response && !response.bodyUsed) await response.arrayBuffer();
		}
	};
	const samples: { at: number; rss: number }[] = [];
	const sample = () => {
		const at = (Date.now() - started) / 60_000;
		samples.push({ at, rss: rssOf(pid) });
		const last = samples[samples.length - 1]!;
		if (samples.length % 6 === 1) {
			console.log(
				`${at.toFixed(1).padStart(5)} min  RSS ${mb(last.rss).padStart(6)} MB  ` +
					`${requests} requests, ${serverErrors} 5xx or unanswered, ${smtp.received} mails`
			);
		}
	};
	const sampler = setInterval(sample, 10_000);
	load = Promise.all(Array.from({ length: clients }, client));

	const marks: number[] = [];
	const snapshot = async (label: string): Promise<HeapSummary | null> => {
		marks.push((Date.now() - started) / 60_000);
		if (!snapshots) return null;
		const file = await takeSnapshot(pid, world.work, origin);
		const summary = await summarise(file);
		await fs.rm(file);
		console.log(`heap snapshot (${label}): ${mb(summary.total)} MB reachable`);
		return summary;
	};
	await new Promise((r) => setTimeout(r, warmUpMs));
	sample();
	const first = await snapshot('start');
	await new Promise((r) => setTimeout(r, (end - Date.now()) / 2));
	const middle = await snapshot('middle');
	await load;
	running = false;
	clearInterval(sampler);
	sample();
	const last = await snapshot('end');

	/** Least-squares slope of RSS in MB per minute over samples in [from, to). */
	const slope = (from: number, to: number) => {
		const points = samples.filter((s) => s.at >= from && s.at < to);
		if (points.length < 3) return NaN;
		const mx = points.reduce((s, p) => s + p.at, 0) / points.length;
		const my = points.reduce((s, p) => s + p.rss, 0) / points.length;
		const num = points.reduce((s, p) => s + (p.at - mx) * (p.rss - my), 0);
		const den = points.reduce((s, p) => s + (p.at - mx) ** 2, 0);
		return num / den / (1024 * 1024);
	};
	const [startAt, middleAt, endAt] = marks as [number, number, number];
	// After a snapshot the resident set is inflated for a while: leave that minute out.
	const settle = snapshots ? 1 : 0;
	const rss = samples.map((s) => s.rss);
	const perMinute = samples.filter((_, i) => i % 6 === 0).map((s) => mb(s.rss));
	console.log(
		`\n${minutes} min of load from ${clients} clients (after ${(warmUpMs / 60_000).toFixed(1)} min warm-up)` +
			`${arenaMax ? `, MALLOC_ARENA_MAX=${arenaMax}` : ''}${snapshots ? '' : ', no snapshots'}: ` +
			`${requests} requests (${(requests / ((Date.now() - started) / 1000)).toFixed(0)}/s), ` +
			`${serverErrors} 5xx or unanswered, ${uploaded.length} uploads, ${smtp.received} mails`
	);
	for (const [kind, outcomes] of tally) {
		console.log(`  ${kind.padEnd(10)} ${[...outcomes].map(([o, n]) => `${o}: ${n}`).join(', ')}`);
	}
	console.log(
		`server RSS (MB) per minute: ${perMinute.join(' ')}\n` +
			`server RSS: after warm-up ${mb(samples.find((s) => s.at >= startAt)?.rss ?? rss[0]!)} MB, ` +
			`highest ${mb(Math.max(...rss))} MB, at the end ${mb(rss[rss.length - 1]!)} MB\n` +
			`RSS slope: first half ${slope(startAt + settle, middleAt).toFixed(2)} MB/min, ` +
			`second half ${slope(middleAt + settle, endAt).toFixed(2)} MB/min`
	);
	let heapGrowth = 0;
	if (first && middle && last) {
		heapGrowth = last.total - middle.total;
		console.log(
			`reachable heap: start ${mb(first.total)} MB, middle ${mb(middle.total)} MB, end ${mb(last.total)} MB; ` +
				`middle to end ${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)} MB — ` +
				`${heapGrowth < heapTarget ? 'under' : 'OVER'} the 10 MB limit`
		);
		console.log('grew most from start to end (bytes, count):');
		for (const g of growth(first, last)) {
			console.log(
				`  ${(g.size / 1024).toFixed(0).padStart(8)} kB  ${String(g.count).padStart(7)}  ${g.kind}`
			);
		}
	}
	if (heapGrowth >= heapTarget || serverErrors > 0) process.exitCode = 1;
} catch (error) {
	console.error(error);
	process.exitCode = 1;
} finally {
	// The clients stop before the database they use goes away.
	running = false;
	await load?.catch(() => undefined);
	await node?.stop();
	await smtp.close();
	await world.close();
}
