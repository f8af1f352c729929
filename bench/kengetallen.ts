/**
 * The Kengetallen page at scale: its domain queries (`kengetallen.figures`, which also reads
 * the filter options) over the 1,000,000 hulpvragen of bench/hulpvragen.ts, for a beheerder,
 * an SWV user and a directeur, without and with filters. Prints p50/p95/max per scenario
 * and, unless --no-explain, EXPLAIN (ANALYZE, BUFFERS) of each query. Target: p95 < 200 ms.
 *
 * Run `npm run bench:hulpvragen` once first (it generates the data and keeps it), then:
 * npm run bench:kengetallen [-- --runs=50 --warm-up=5 --no-explain --only=directeur --vacuum]
 *
 * The first run adds what the kengetallen count beyond that data and keeps it: TLVs on
 * hulpvragen in "TLV afgegeven", and an intake (the school system sent it) for one in five.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { actorFor } from '../src/lib/server/access/actor';
import type { Actor } from '../src/lib/server/access/policy';

const args = new Set(process.argv.slice(2));
const option = (name: string, fallback: number) => {
	const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
	return arg ? Number.parseInt(arg.split('=')[1]!, 10) : fallback;
};
const explain = !args.has('--no-explain');
const runs = option('runs', 50);
const warmUp = option('warm-up', 5);
const targetMs = 200;

process.env.APP_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
process.env.LOG_LEVEL ??= 'warn';
process.env.DATABASE_STATEMENT_TIMEOUT_MS ??= '0';

let stopEmbedded = async () => {};
if (!process.env.DATABASE_URL) {
	const { ensureDatabase, startEmbedded } = await import('../src/lib/server/db/embedded');
	const { dataDir } = await import('../src/lib/server/config');
	const server = await startEmbedded({
		dataDir: path.join(dataDir, 'bench-postgres'),
		preferredPort: 54339,
		fast: true
	});
	await ensureDatabase(server, 'kindkring_bench');
	process.env.DATABASE_URL = server.url('kindkring_bench');
	stopEmbedded = () => server.stop();
}

const db = await import('../src/lib/server/db');
const { migrate } = await import('../src/lib/server/db/migrate');
const kengetallen = await import('../src/lib/server/kengetallen');
const { emptyFilters } = await import('../src/lib/server/kengetallen/input');
const { amsterdamDate } = await import('../src/lib/server/overlegronde/dates');
const { schoolYearEnd } = await import('../src/lib/arrangements');
const sql = db.sql;

const migrated = await migrate(sql);
if (migrated.applied.length) console.log(`Migrations applied: ${migrated.applied.join(', ')}`);
if (migrated.applied.length || args.has('--vacuum')) {
	// A migration that rewrote rows leaves the visibility map cleared: index-only scans
	// would read the table until autovacuum came by.
	const started = performance.now();
	await sql`vacuum analyze`;
	console.log(`VACUUM ANALYZE: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const [{ n: hulpvragen } = { n: 0 }] = await sql<{ n: number }[]>`
	select count(*)::int as n from hulpvraag`;
if (hulpvragen < 1_000_000) {
	throw new Error(`${hulpvragen} hulpvragen: run npm run bench:hulpvragen first.`);
}

const [rotterdam] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2806'`;
const org = rotterdam!.id;

const [{ n: tlvs } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from tlv`;
if (tlvs === 0) {
	const started = performance.now();
	await sql`
		insert into tlv (organisation_id, hulpvraag_id, dossier_id, swv_number, category, so_type,
			ingangsdatum, einddatum)
		select h.organisation_id, h.id, h.dossier_id, 'B-' || left(h.id::text, 8),
			(array['laag', 'midden', 'hoog'])[1 + floor(random() * 3)::int],
			(array['sbo', 'so'])[1 + floor(random() * 2)::int], h.datum, h.datum + 365 * (1 + floor(random() * 3)::int)
		from hulpvraag h join process_status s on s.id = h.status_id
		where s.name = 'TLV afgegeven'`;
	await sql`
		insert into intake_aanvraag (organisation_id, school_id, kenmerk, hulpvraag_id, aanvraagtype,
			contactpersoon, pakket, received_at)
		select h.organisation_id, h.school_id, 'bench-' || h.id, h.id, 'Hulpvraag',
			'{"naam": "IB''er"}'::jsonb, 'ParnasSys', h.created_at
		from hulpvraag h where h.school_id is not null and random() < 0.2`;
	await sql`vacuum analyze tlv, intake_aanvraag`;
	console.log(`TLVs and intakes added in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function actor(where: postgres.PendingQuery<postgres.Row[]>): Promise<Actor> {
	const [account] = await sql<{ id: string; roles: string[]; email: string }[]>`
		select id, roles, email from account where organisation_id = ${org} and ${where} limit 1`;
	if (!account) throw new Error('No account for the bench actor');
	return actorFor(sql, { ...account, organisationId: org });
}

const beheerder = await actor(sql`roles = array['beheerder']`);
const coordinator = await actor(sql`username like 'bench.swv.%' and roles = array['coordinator']`);
const [biggest] = await sql<{ schoolId: string; n: number }[]>`
	select school_id, count(*)::int as n from hulpvraag where organisation_id = ${org} and school_id is not null
	group by school_id order by n desc limit 1`;
const directeur =
	await actor(sql`id in (select a.id from account a join account_school s on s.account_id = a.id
	where s.school_id = ${biggest!.schoolId} and a.roles = array['directeur'])`);
const [titel] = await sql<{ id: string }[]>`
	select titel_id as id from hulpvraag where organisation_id = ${org}
	group by titel_id order by count(*) desc limit 1`;
const today = amsterdamDate(new Date());
const schoolYear = {
	...emptyFilters,
	van: `${Number(schoolYearEnd(today).slice(0, 4)) - 1}-08-01`
};

const [size] = await sql<{ n: number; visible: number; changes: number }[]>`
	select count(*)::int as n, count(*) filter (where not s.voorlopig)::int as visible,
		(select count(*)::int from status_change where organisation_id = ${org}) as changes
	from hulpvraag h join process_status s on s.id = h.status_id where h.organisation_id = ${org}`;
console.log(
	`\nPO2806: ${size!.n} hulpvragen (${size!.visible} not voorlopig), ${size!.changes} status changes; ` +
		`the directeur's school has ${biggest!.n}`
);

interface Scenario {
	name: string;
	run: () => Promise<unknown>;
}
const allScenarios: Scenario[] = [
	{ name: 'beheerder, everything', run: () => kengetallen.figures(sql, beheerder, emptyFilters) },
	{ name: 'SWV user, everything', run: () => kengetallen.figures(sql, coordinator, emptyFilters) },
	{
		name: 'SWV user, this school year',
		run: () => kengetallen.figures(sql, coordinator, schoolYear)
	},
	{
		name: 'SWV user, the commonest title, this school year',
		run: () => kengetallen.figures(sql, coordinator, { ...schoolYear, titelId: titel!.id })
	},
	{
		name: 'SWV user, the biggest school',
		run: () =>
			kengetallen.figures(sql, coordinator, { ...emptyFilters, schoolId: biggest!.schoolId })
	},
	{
		name: 'directeur, own school, everything',
		run: () => kengetallen.figures(sql, directeur, emptyFilters)
	}
];
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const scenarios = allScenarios.filter((s) => !only || s.name.includes(only));

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const results: { name: string; p50: number; p95: number; max: number }[] = [];
for (const s of scenarios) {
	for (let i = 0; i < warmUp; i++) await s.run();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await s.run();
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	results.push({
		name: s.name,
		p50: percentile(times, 50),
		p95: percentile(times, 95),
		max: times.at(-1)!
	});
}

const ms = (n: number) => n.toFixed(1).padStart(8);
console.log(`\n${runs} runs each after ${warmUp} warm-up runs, sequential, one client (ms):`);
console.log(`${'scenario'.padEnd(52)}      p50      p95      max`);
for (const r of results) {
	const flag = r.p95 < targetMs ? '' : `  > ${targetMs} ms`;
	console.log(`${r.name.padEnd(52)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.max)}${flag}`);
}
if (explain) {
	const options = sql.options as unknown as { debug?: unknown };
	for (const s of scenarios) {
		const captured: { query: string; parameters: unknown[] }[] = [];
		options.debug = (_: number, query: string, parameters: unknown[]) =>
			captured.push({ query, parameters });
		await s.run();
		options.debug = undefined;
		console.log(`\n=== ${s.name}: ${captured.length} queries`);
		// Only the queries themselves, not the transaction around a percentile's work_mem.
		for (const c of captured.filter((q) => /^\s*select/i.test(q.query))) {
			const plan = await sql.unsafe<Record<string, string>[]>(
				`explain (analyze, buffers, costs off) ${c.query}`,
				c.parameters as postgres.ParameterOrJSON<never>[]
			);
			console.log(`\n${c.query.replace(/\s+/g, ' ').trim().slice(0, 200)}`);
			console.log(plan.map((p) => '  ' + Object.values(p)[0]).join('\n'));
		}
	}
}

if (results.some((r) => r.p95 >= targetMs)) process.exitCode = 1;

await db.close();
await stopEmbedded();
