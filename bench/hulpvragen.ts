/**
 * The Hulpvragen overview and the dossier and hulpvraag pages at scale: 1,000,000 hulpvragen
 * over 200,000 dossiers and 300 schools in the two demo organisations. Measures the real
 * functions (overview.list, dossier.get, dossierFacts, hulpvraag.ofDossier/get/history,
 * hulpvraagFacts), prints p50/p95/max per scenario and EXPLAIN (ANALYZE, BUFFERS) of the SQL
 * they send. Target on a 2-core machine: p95 < 50 ms for each.
 *
 * Run: npm run bench:hulpvragen [-- --regenerate --runs=200 --warm-up=20 --no-explain --only=search]
 *
 * Without DATABASE_URL it starts an embedded PostgreSQL of its own in
 * `$KINDKRING_DATA_DIR/bench-postgres` (port 54339 or any free one), database
 * `kindkring_bench`, never the dev database. The generated data is kept: a rerun applies
 * new migrations, analyses and measures again; `--regenerate` drops and generates anew.
 * With DATABASE_URL, point it at an empty throwaway database (it is filled when empty).
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
const regenerate = args.has('--regenerate');
const explain = !args.has('--no-explain');
const runs = option('runs', 200);
const warmUp = option('warm-up', 20);
const target = { hulpvragen: 1_000_000, dossiers: 200_000, schoolsPerOrganisation: 150 };
const benchDatabase = 'kindkring_bench';

// Demo processes write encrypted TOTP secrets; a bench database never uses the dev key.
process.env.APP_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
process.env.LOG_LEVEL ??= 'warn';
// Generating a million rows takes minutes per statement: no statement timeout here.
process.env.DATABASE_STATEMENT_TIMEOUT_MS ??= '0';

let stopEmbedded = async () => {};
if (process.env.DATABASE_URL && regenerate) {
	throw new Error('--regenerate only drops the embedded bench database; empty your own yourself.');
}
if (!process.env.DATABASE_URL) {
	const { ensureDatabase, startEmbedded } = await import('../src/lib/server/db/embedded');
	const { dataDir } = await import('../src/lib/server/config');
	const server = await startEmbedded({
		dataDir: path.join(dataDir, 'bench-postgres'),
		preferredPort: 54339,
		fast: true
	});
	if (regenerate) {
		const admin = postgres(server.url('postgres'), { max: 1, onnotice: () => undefined });
		await admin.unsafe(`drop database if exists ${benchDatabase} with (force)`);
		await admin.end();
	}
	await ensureDatabase(server, benchDatabase);
	process.env.DATABASE_URL = server.url(benchDatabase);
	stopEmbedded = () => server.stop();
	console.log(`Embedded PostgreSQL in ${server.dataDir}, port ${server.port}`);
}

// Imported after DATABASE_URL is set: the application's own client and modules.
const db = await import('../src/lib/server/db');
const { migrate } = await import('../src/lib/server/db/migrate');
const demo = await import('../src/lib/server/demo/seed');
const overview = await import('../src/lib/server/dossiers/overview');
const dossier = await import('../src/lib/server/dossiers/dossier');
const hulpvraag = await import('../src/lib/server/dossiers/hulpvraag');
const facts = await import('../src/lib/server/dossiers/facts');
const sql = db.sql;

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

async function count(table: string): Promise<number> {
	const [row] = await sql.unsafe<{ n: number }[]>(`select count(*)::int as n from ${table}`);
	return row!.n;
}

const migrated = await migrate(sql);
if (migrated.applied.length) console.log(`Migrations applied: ${migrated.applied.join(', ')}`);

const existing = await count('hulpvraag');
if (existing === 0) {
	await generate();
} else if (existing < target.hulpvragen) {
	throw new Error(`The database holds ${existing} hulpvragen, not a bench set; use --regenerate.`);
} else {
	console.log('Reusing the generated data (--regenerate to generate anew).');
	const started = performance.now();
	await sql`vacuum analyze`;
	console.log(`VACUUM ANALYZE: ${seconds(started)} s`);
}

/**
 * Set-based generation: one statement per table, `generate_series` and random choices from
 * per-organisation arrays. Skew: 60/40 over the organisations, big and small schools,
 * common and rare surnames and titles, updated_at spread over six years with most change
 * recent, ~10% voorlopig, old hulpvragen mostly in a final status.
 */
async function generate(): Promise<void> {
	const started = performance.now();
	await demo.seed(sql);
	await sql.begin(async (tx) => {
		await tx`
			create temp table bench_org on commit drop as
			select o.id, o.code, row_number() over (order by o.code desc)::int as nr,
				case o.code when 'PO2806' then array['IJsselmonde','Noord','Centrum','Zuid']
					else array['Oost','West','Midden'] end as regions
			from organisation o where o.code in ('PO2806', 'PO2507')`;

		// 150 schools per organisation (the demo's few come on top).
		await tx`
			insert into school (organisation_id, brin_vestiging, name, region, bestuur, city)
			select o.id, lpad((i / 26)::text, 2, '0') || 'Q' || chr(65 + i % 26) || '0' || o.nr,
				(array['OBS','CBS','RKBS','SBO','IKC','Daltonschool'])[1 + i % 6] || ' '
					|| (array['De Regenboog','Het Kompas','De Vlinder','De Wilgen','Het Anker','De Horizon',
						'De Klimop','Het Palet','De Sterrenwacht','De Notenkraker'])[1 + (i / 6) % 10] || ' ' || i,
				o.regions[1 + i % cardinality(o.regions)], 'Bestuur ' || (1 + i % 12), 'Plaats ' || (1 + i % 20)
			from bench_org o cross join generate_series(1, ${target.schoolsPerOrganisation}) i`;
		await tx`
			create temp table bench_school on commit drop as
			select s.id, s.organisation_id,
				row_number() over (partition by s.organisation_id order by s.brin_vestiging)::int as nr
			from school s where s.brin_vestiging ~ '^[0-9]{2}Q'`;

		// School staff: an IB'er and a directeur per school, and 50 IB'ers with three schools.
		await tx`
			insert into account (organisation_id, username, email, display_name, roles, state)
			select s.organisation_id, 'bench.' || r.role || '.' || s.nr, 'bench.' || r.role || '.' || s.nr || '@school.example.nl',
				initcap(r.role) || ' ' || s.nr, array[r.role], 'active'
			from bench_school s cross join (values ('ib'), ('directeur')) r (role)`;
		await tx`
			insert into account_school (account_id, school_id)
			select a.id, s.id from bench_school s
			join account a on a.organisation_id = s.organisation_id
				and a.username in ('bench.ib.' || s.nr, 'bench.directeur.' || s.nr)`;
		await tx`
			insert into account (organisation_id, username, email, display_name, roles, state)
			select o.id, 'bench.ib3.' || i, 'bench.ib3.' || i || '@school.example.nl', 'IB meerdere scholen ' || i,
				array['ib'], 'active'
			from bench_org o cross join generate_series(1, 25) i`;
		await tx`
			insert into account_school (account_id, school_id)
			select a.id, s.id from account a
			join bench_school s on s.organisation_id = a.organisation_id
				and s.nr in (split_part(a.username, '.', 3)::int * 3, split_part(a.username, '.', 3)::int * 3 + 1,
					split_part(a.username, '.', 3)::int * 3 + 2)
			where a.username like 'bench.ib3.%'`;
		// SWV staff: 40 per organisation, a quarter of them coördinatoren.
		await tx`
			insert into account (organisation_id, username, email, display_name, roles, state)
			select o.id, 'bench.swv.' || i, 'bench.swv.' || i || '@swv.example.nl',
				(array['Anna','Bas','Carla','Dirk','Eva','Frank','Gerda','Hans'])[1 + i % 8] || ' Medewerker ' || i,
				array[(array['scp','coordinator','tlv_admin','jk_specialist'])[1 + i % 4]], 'active'
			from bench_org o cross join generate_series(1, 40) i`;

		await tx`
			create temp table bench_pick on commit drop as
			select o.id as organisation_id,
				array(select id from bench_school s where s.organisation_id = o.id order by nr) as schools,
				array(select id from process_status p where p.organisation_id = o.id and p.voorlopig
					order by position) as voorlopig,
				array(select id from process_status p where p.organisation_id = o.id and p.final
					order by position) as final,
				array(select id from process_status p where p.organisation_id = o.id and not p.voorlopig
					and not p.final order by position) as open,
				array(select id from hulpvraag_titel t where t.organisation_id = o.id order by position) as titels,
				array(select id from account a where a.organisation_id = o.id and a.roles && array['coordinator']
					order by username) as coordinators,
				array(select id from account a where a.organisation_id = o.id
					and a.roles && array['scp','coordinator','tlv_admin','jk_specialist'] order by username) as swv,
				array(select id from account a where a.organisation_id = o.id and a.roles && array['ib','directeur']
					order by username) as school_staff
			from bench_org o`;

		// Dossiers: 60% Rotterdam, 40% Stromenland; surnames skewed like the real ones.
		await tx`
			create temp table bench_dossier on commit drop as
			select i as nr, gen_random_uuid() as id,
				case when i % 5 < 3 then (select id from bench_org where code = 'PO2806')
					else (select id from bench_org where code = 'PO2507') end as organisation_id,
				random() as r1, random() as r2, random() as r3, random() as r4
			from generate_series(1, ${target.dossiers}) i`;
		await tx`alter table bench_dossier add primary key (nr)`;
		await tx`
			insert into dossier (id, organisation_id, roepnaam, tussenvoegsel, achternaam, geboortedatum, geslacht,
				woonadres, created_at, updated_at)
			select d.id, d.organisation_id,
				(array['Emma','Noah','Julia','Liam','Mila','Luca','Sophie','Lucas','Tess','Sem','Nora','Finn',
					'Yara','Levi','Saar','Daan','Zoë','Milan','Fenna','Adam','Lotte','Mohammed','Evi','Bram',
					'Amira','Ryan','Lieke','Sven','Aya','Jesse','Iris','Thijs','Fleur','Mees','Noor','Ravi',
					'Hiba','Kai','Elif','Youssef'])[1 + floor(d.r1 * 40)::int],
				(array['','','','','','van','de','van der','van den','van de'])[1 + floor(d.r2 * 10)::int],
				-- Surnames: 12% from the common Dutch ones (de Jong ~0.7%, Bakker ~0.4%: as in the
				-- population), the rest a long tail of ~900 composed names (~0.1% each).
				case when d.r3 < 0.12 then
					(array['Jong','Jansen','Vries','Bakker','Berg','Dijk','Janssen','Visser','Smit','Meijer',
						'Boer','Mulder','Groot','Bos','Vos','Peters','Hendriks','Leeuwen','Dekker','Brouwer',
						'Yilmaz','El Amrani','Kaya','Öztürk','Nguyen','Pinas','Kok','Willems','Verbeek','Doğan',
						'Schouten','Huisman','Postma','Kuipers','Ouali','Bouzid','Çelik','Ramdin','Zijlstra','IJzerman'
					])[1 + floor(power(d.r3 / 0.12, 1.3) * 40)::int]
				else
					(array['Hoog','Brink','Kamp','Ter','Wester','Ooster','Molen','Stam','Vlie','Ruis','Blok',
						'Kool','Haver','Riet','Zand','Eik','Linde','Vel','Dorre','Goud','Steen','Water','Broek',
						'Hage','Korte','Lange','Nieuwen','Oude','Spaan','Wijn'])[1 + floor(d.r1 * 997)::int % 30]
					|| (array['man','stra','ink','ing','huis','veld','berg','dijk','horst','sma','ema','land',
						'hout','kamp','boom','gaard','wijk','hof','laar','beek','meer','rode','voort','zaal',
						'baan','brug','kerk','schot','weg','loo'])[1 + floor(d.r3 * 991)::int % 30]
				end,
				date '2008-01-01' + floor(d.r4 * 5400)::int,
				(array['m','v','m','v','x','onbekend'])[1 + (d.nr % 6)],
				jsonb_build_object('straat', 'Straat ' || d.nr % 500, 'huisnummer', (d.nr % 120)::text,
					'postcode', '3' || lpad((d.nr % 1000)::text, 3, '0') || ' AB', 'plaats', 'Rotterdam'),
				now() - interval '1 day' * (2200 * d.r2), now() - interval '1 day' * (400 * d.r2)
			from bench_dossier d`;
		// Each dossier at a school of its organisation (big and small schools); 25% moved.
		await tx`
			create temp table bench_ds on commit drop as
			select d.nr, d.id, d.organisation_id,
				p.schools[1 + floor(power(random(), 1.2) * cardinality(p.schools))::int] as school_id,
				p.schools[1 + floor(random() * cardinality(p.schools))::int] as previous_school_id
			from bench_dossier d join bench_pick p on p.organisation_id = d.organisation_id`;
		await tx`alter table bench_ds add primary key (nr)`;
		await tx`
			insert into school_period (dossier_id, school_id, groep, aanvrager, contactpersoon, email, start_date)
			select id, school_id, 'groep ' || (1 + nr % 8), 'IB''er', 'Contact ' || nr % 300,
				'ib' || nr % 300 || '@school.example.nl', date '2015-08-15' + (nr % 3000)
			from bench_ds`;
		await tx`
			insert into school_period (dossier_id, school_id, groep, start_date, end_date)
			select id, previous_school_id, 'groep ' || (1 + nr % 4), date '2012-08-15' + (nr % 1000),
				date '2015-08-14' + (nr % 3000)
			from bench_ds where nr % 4 = 0`;
		await tx`
			insert into dossier_parent_email (dossier_id, email)
			select id, 'ouder' || nr || '@example.nl' from bench_ds where nr % 10 < 7
			union all
			select id, 'ouder2.' || nr || '@example.nl' from bench_ds where nr % 10 < 2`;

		// Hulpvragen: every dossier one, the rest skewed over dossiers (some have many).
		await tx`
			create temp table bench_h on commit drop as
			select gen_random_uuid() as id, d.id as dossier_id, d.organisation_id,
				case when random() < 0.03 then null else d.school_id end as school_id,
				x.age_days, x.r_status, x.r_final, x.r_pick, x.r_hist
			from (
				select i, case when i <= ${target.dossiers} then i
					else 1 + floor(power(random(), 1.3) * ${target.dossiers})::int end as nr,
					power(random(), 2) * 2190 as age_days, random() as r_status, random() as r_final,
					random() as r_pick, random() as r_hist
				from generate_series(1, ${target.hulpvragen}) i
			) x join bench_ds d on d.nr = x.nr`;
		await tx`
			insert into hulpvraag (id, organisation_id, dossier_id, school_id, titel_id, status_id, datum,
				omschrijving, coordinator_id, aanvrager_id, created_at, updated_at)
			select h.id, h.organisation_id, h.dossier_id, h.school_id,
				p.titels[1 + floor(power(random(), 1.8) * cardinality(p.titels))::int],
				case
					when h.r_status < 0.10 then p.voorlopig[1 + floor(h.r_pick * cardinality(p.voorlopig))::int]
					when h.r_final < case when h.age_days > 180 then 0.9 else 0.3 end
						then p.final[1 + floor(power(h.r_pick, 1.5) * cardinality(p.final))::int]
					else p.open[1 + floor(power(h.r_pick, 1.4) * cardinality(p.open))::int]
				end,
				(now() - interval '1 day' * (h.age_days + 30 * random()))::date,
				'Ondersteuningsvraag, gegenereerd voor de benchmark.',
				case when random() < 0.75 then p.coordinators[1 + floor(random() * cardinality(p.coordinators))::int] end,
				p.school_staff[1 + floor(random() * cardinality(p.school_staff))::int],
				now() - interval '1 day' * (h.age_days + 30 * random()),
				now() - interval '1 day' * h.age_days
			from bench_h h join bench_pick p on p.organisation_id = h.organisation_id`;

		// Status history: one row per voorlopig hulpvraag, two to four otherwise, ending in the
		// current status.
		await tx`
			insert into status_change (organisation_id, hulpvraag_id, from_status_id, to_status_id, changed_by,
				changed_at, reason, automatic)
			select organisation_id, hulpvraag_id,
				lag(to_status_id) over (partition by hulpvraag_id order by k), to_status_id, changed_by,
				changed_at, '', k = 1
			from (
				select h.organisation_id, h.id as hulpvraag_id, k.k,
					case when k.k = n.n then h.status_id
						else p.open[1 + floor(random() * cardinality(p.open))::int] end as to_status_id,
					p.swv[1 + floor(random() * cardinality(p.swv))::int] as changed_by,
					h.created_at + (h.updated_at - h.created_at) * (k.k::float / n.n) as changed_at
				from hulpvraag h
				join bench_h b on b.id = h.id
				join process_status s on s.id = h.status_id
				join bench_pick p on p.organisation_id = h.organisation_id
				cross join lateral (select case when s.voorlopig then 1 else 2 + floor(b.r_hist * 3)::int end as n) n
				cross join lateral generate_series(1, n.n) k (k)
			) c`;

		// Bijlagen: about one per two hulpvragen, 5% removed.
		await tx`
			insert into bijlage (organisation_id, hulpvraag_id, sha256, size, mime, original_name, display_name,
				added_by, added_at, removed_at, removed_by)
			select h.organisation_id, h.id, encode(sha256(convert_to(h.id::text, 'UTF8')), 'hex'),
				10000 + floor(random() * 5000000)::int, 'application/pdf', 'verslag.pdf', 'verslag.pdf',
				p.school_staff[1 + floor(random() * cardinality(p.school_staff))::int], h.updated_at,
				case when b.r_hist < 0.025 then h.updated_at end,
				case when b.r_hist < 0.025 then p.school_staff[1] end
			from bench_h b join hulpvraag h on h.id = b.id
			join bench_pick p on p.organisation_id = h.organisation_id
			where b.r_hist < 0.5`;
	});
	console.log(`Generated in ${seconds(started)} s`);
	const analysed = performance.now();
	await sql`vacuum analyze`;
	console.log(`VACUUM ANALYZE: ${seconds(analysed)} s`);
}

// --- What is measured -------------------------------------------------------------------

interface Scenario {
	name: string;
	/** A stress case outside the target (p95 < 50 ms), reported all the same. */
	stress?: boolean;
	run: () => Promise<unknown>;
}

const [rotterdam] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2806'`;
const org = rotterdam!.id;

async function actor(where: postgres.PendingQuery<postgres.Row[]>): Promise<Actor> {
	const [account] = await sql<{ id: string; roles: string[]; email: string }[]>`
		select id, roles, email from account where organisation_id = ${org} and ${where} limit 1`;
	if (!account) throw new Error('No account for the bench actor');
	return actorFor(sql, { ...account, organisationId: org });
}

// The IB'er of the school with the most hulpvragen: the worst case for a school user.
const [biggest] = await sql<{ schoolId: string; n: number }[]>`
	select school_id, count(*)::int as n from hulpvraag where organisation_id = ${org} and school_id is not null
	group by school_id order by n desc limit 1`;
const ib =
	await actor(sql`id in (select a.id from account a join account_school s on s.account_id = a.id
	where s.school_id = ${biggest!.schoolId} and a.roles = array['ib'] and a.username like 'bench.ib.%')`);
const coordinator = await actor(sql`username like 'bench.swv.%' and roles = array['coordinator']`);
const threeStatuses = (
	await sql<{ id: string }[]>`
		select id from process_status where organisation_id = ${org}
			and name in ('Aanmelding', 'Dossier compleet', 'In behandeling')`
).map((s) => s.id);

// A dossier with an average number of hulpvragen (5) and one with many, and their newest hulpvraag.
const [dossierRow] = await sql<{ dossierId: string; hulpvraagId: string }[]>`
	select dossier_id, (array_agg(id order by updated_at desc))[1] as hulpvraag_id
	from hulpvraag where organisation_id = ${org} group by dossier_id having count(*) = 5 limit 1`;
const [busyRow] = await sql<{ dossierId: string; n: number }[]>`
	select dossier_id, count(*)::int as n from hulpvraag where organisation_id = ${org}
	group by dossier_id order by n desc limit 1`;

const size = await sql<{ organisation: string; hulpvragen: number; visibleToSwv: number }[]>`
	select o.code as organisation, count(*)::int as hulpvragen, count(*) filter (where not s.voorlopig)::int as visible_to_swv
	from hulpvraag h join organisation o on o.id = h.organisation_id join process_status s on s.id = h.status_id
	group by o.code order by o.code desc`;
console.log(
	`\nData: ${await count('hulpvraag')} hulpvragen, ${await count('dossier')} dossiers, ${await count('school')} schools, ` +
		`${await count('status_change')} status changes, ${await count('bijlage')} bijlagen, ${await count('account')} accounts`
);
for (const s of size) {
	console.log(
		`  ${s.organisation}: ${s.hulpvragen} hulpvragen, ${s.visibleToSwv} visible to SWV staff`
	);
}
console.log(
	`  School user: ${ib.schoolIds.length} school(s), ${biggest!.n} hulpvragen (the biggest school); ` +
		`busiest dossier: ${busyRow!.n} hulpvragen`
);
const [server] = await sql<{ dbSize: string; sharedBuffers: string }[]>`
	select pg_size_pretty(pg_database_size(current_database())) as db_size,
		current_setting('shared_buffers') as shared_buffers`;
const { dbSize, sharedBuffers } = server!;
console.log(`  Database size ${dbSize}, shared_buffers ${sharedBuffers}`);

const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const allScenarios: Scenario[] = [
	{
		name: 'overview: school user, first page',
		run: () => overview.list(sql, ib, overview.emptyFilters, 1)
	},
	{
		name: 'overview: SWV user, 3 statuses, first page',
		run: () =>
			overview.list(sql, coordinator, { ...overview.emptyFilters, statuses: threeStatuses }, 1)
	},
	{
		name: "overview: SWV user, name search 'bakker'",
		run: () => overview.list(sql, coordinator, { ...overview.emptyFilters, q: 'bakker' }, 1)
	},
	{
		name: "overview: SWV user, name search 'ijzerm' (rare)",
		run: () => overview.list(sql, coordinator, { ...overview.emptyFilters, q: 'ijzerm' }, 1)
	},
	{
		name: "overview: SWV user, search 'berg' (broad)",
		stress: true,
		run: () => overview.list(sql, coordinator, { ...overview.emptyFilters, q: 'berg' }, 1)
	},
	{
		name: 'overview: SWV user, no filter, page 40',
		run: () => overview.list(sql, coordinator, overview.emptyFilters, 40)
	},
	{
		name: 'dossier page (get + dossierFacts + ofDossier)',
		run: () =>
			Promise.all([
				dossier.get(sql, org, dossierRow!.dossierId),
				facts.dossierFacts(sql, org, dossierRow!.dossierId),
				hulpvraag.ofDossier(sql, org, dossierRow!.dossierId)
			])
	},
	{
		name: `dossier page, busiest dossier (${busyRow!.n} hulpvragen)`,
		run: () =>
			Promise.all([
				dossier.get(sql, org, busyRow!.dossierId),
				facts.dossierFacts(sql, org, busyRow!.dossierId),
				hulpvraag.ofDossier(sql, org, busyRow!.dossierId)
			])
	},
	{
		name: 'hulpvraag page (get + history + hulpvraagFacts)',
		run: () =>
			Promise.all([
				hulpvraag.get(sql, org, dossierRow!.hulpvraagId),
				hulpvraag.history(sql, org, dossierRow!.hulpvraagId),
				facts.hulpvraagFacts(sql, org, dossierRow!.hulpvraagId)
			])
	}
];

const scenarios = allScenarios.filter((s) => !only || s.name.includes(only));

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number) => n.toFixed(1).padStart(7);
const results: { name: string; stress?: boolean; p50: number; p95: number; max: number }[] = [];
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
		stress: s.stress,
		p50: percentile(times, 50),
		p95: percentile(times, 95),
		max: times[times.length - 1]!
	});
}

if (explain) {
	// The SQL each scenario sends, captured from the client (postgres.js reads its `debug`
	// option per query), then explained with the same parameters.
	const options = sql.options as unknown as { debug?: unknown };
	for (const s of scenarios) {
		const captured: { query: string; parameters: unknown[] }[] = [];
		options.debug = (_: number, query: string, parameters: unknown[]) =>
			captured.push({ query, parameters });
		await s.run();
		options.debug = undefined;
		console.log(`\n=== ${s.name}: ${captured.length} queries`);
		for (const c of captured) {
			const plan = await sql.unsafe<Record<string, string>[]>(
				`explain (analyze, buffers, costs off) ${c.query}`,
				c.parameters as postgres.ParameterOrJSON<never>[]
			);
			console.log(`\n${c.query.replace(/\s+/g, ' ').trim().slice(0, 300)}`);
			console.log(plan.map((p) => '  ' + Object.values(p)[0]).join('\n'));
		}
	}
}

console.log(`\n${runs} runs each after ${warmUp} warm-up runs, sequential, one client (ms):`);
console.log(`${'scenario'.padEnd(56)}     p50     p95     max`);
for (const r of results) {
	const flag = r.p95 < 50 ? '' : r.stress ? '  > 50 ms (stress case, no target)' : '  > 50 ms';
	console.log(`${r.name.padEnd(56)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.max)}${flag}`);
}
if (results.some((r) => !r.stress && r.p95 >= 50)) process.exitCode = 1;

await db.close();
await stopEmbedded();
