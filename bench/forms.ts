/**
 * Forms: saving one section of a 100-question form, and loading a hulpvraag's pages with
 * three forms attached. Measures the real functions: `fill.saveSection` (its transaction:
 * the form and its facts read again, the policy, the answers checked per type and condition,
 * the update, the approval hash, the audit row), and the `load` of the routes
 * /hulpvragen/[id] and /hulpvragen/[id]/formulieren themselves (facts, the audited view,
 * the hulpvraag, the dossier, `formsPage` with every section's policy decisions). Prints
 * p50/p95/max per scenario.
 *
 * Run: npm run bench:forms [-- --runs=200 --warm-up=20 --fast]
 *
 * Without DATABASE_URL it starts an embedded PostgreSQL of its own in
 * `$KINDKRING_DATA_DIR/bench-forms-postgres` (port 54349 or any free one) and makes the
 * database `kindkring_bench_forms` anew on every run (the demo data plus the bench forms:
 * a few seconds). With fsync on, as in production; `--fast` turns fsync and synchronous
 * commit off (as the tests do) for a server this run starts. With DATABASE_URL, point it at
 * an empty throwaway database.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import type { Definition, Question, Section } from '../src/lib/forms/definition';

const args = new Set(process.argv.slice(2));
const option = (name: string, fallback: number) => {
	const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
	return arg ? Number.parseInt(arg.split('=')[1]!, 10) : fallback;
};
const runs = option('runs', 200);
const warmUp = option('warm-up', 20);
const benchDatabase = 'kindkring_bench_forms';

// Demo processes write encrypted TOTP secrets; a bench database never uses the dev key.
process.env.APP_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');
process.env.LOG_LEVEL ??= 'warn';

let stopEmbedded = async () => {};
if (!process.env.DATABASE_URL) {
	const { startEmbedded } = await import('../src/lib/server/db/embedded');
	const { dataDir } = await import('../src/lib/server/config');
	const server = await startEmbedded({
		dataDir: path.join(dataDir, 'bench-forms-postgres'),
		preferredPort: 54349,
		fast: args.has('--fast')
	});
	const admin = postgres(server.url('postgres'), { max: 1, onnotice: () => undefined });
	await admin.unsafe(`drop database if exists ${benchDatabase} with (force)`);
	await admin.unsafe(`create database ${benchDatabase}`);
	const [settings] = await admin<{ fsync: string; commit: string }[]>`
		select current_setting('fsync') as fsync, current_setting('synchronous_commit') as commit`;
	await admin.end();
	process.env.DATABASE_URL = server.url(benchDatabase);
	stopEmbedded = () => server.stop();
	console.log(
		`Embedded PostgreSQL in ${server.dataDir}, port ${server.port}, ` +
			`fsync ${settings!.fsync}, synchronous_commit ${settings!.commit}`
	);
}

// Imported after DATABASE_URL is set: the application's own client and modules.
const db = await import('../src/lib/server/db');
const { migrate } = await import('../src/lib/server/db/migrate');
const demo = await import('../src/lib/server/demo/seed');
const { actorFor } = await import('../src/lib/server/access/actor');
const dossier = await import('../src/lib/server/dossiers/dossier');
const hulpvraag = await import('../src/lib/server/dossiers/hulpvraag');
const attach = await import('../src/lib/server/forms/attach');
const fill = await import('../src/lib/server/forms/fill');
const templates = await import('../src/lib/server/forms/templates');
const { obAanvraag, obBesluit } = await import('../src/lib/server/demo/form-templates');
const hulpvraagPage = await import('../src/routes/(staff)/hulpvragen/[id=uuid]/+page.server');
const formsRoute =
	await import('../src/routes/(staff)/hulpvragen/[id=uuid]/formulieren/+page.server');
const sql = db.sql;

const started = performance.now();
await migrate(sql);
await demo.seed(sql);

const [rotterdam] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2806'`;
const org = rotterdam!.id;

async function acting(username: string) {
	const [account] = await sql<{ id: string; roles: string[]; email: string }[]>`
		select id, roles, email from account where organisation_id = ${org} and username = ${username}`;
	return actorFor(
		sql,
		{ ...account!, organisationId: org },
		{ ipHash: null, origin: 'https://kindkring.test' }
	);
}
const lotte = await acting('lotte.vandam');
const femke = await acting('beheer.femke');

// --- The forms ----------------------------------------------------------------------------

const kinds: Question['type'][] = [
	'text',
	'textarea',
	'number',
	'date',
	'choice',
	'multi',
	'yesno'
];

/** `count` questions of every type in turn; every tenth shown only when the one before is yes. */
function questions(prefix: string, count: number): Question[] {
	return Array.from({ length: count }, (_, i): Question => {
		const type = kinds[i % kinds.length]!;
		const previous = i > 0 ? kinds[(i - 1) % kinds.length] : undefined;
		return {
			key: `${prefix}${i + 1}`,
			type,
			label: `Vraag ${i + 1} (${type})`,
			help: '',
			required: i % 3 === 0,
			options: type === 'choice' || type === 'multi' ? ['Een', 'Twee', 'Drie', 'Vier'] : [],
			...(i % 10 === 0 && previous === 'yesno'
				? { showWhen: { question: `${prefix}${i}`, equals: 'ja' } }
				: {})
		};
	});
}

function section(key: string, qs: Question[]): Section {
	return {
		key,
		title: `Onderdeel ${key}`,
		help: '',
		writers: { roles: ['ib'], aanvrager: true, coordinator: false },
		readers: { roles: ['scp', 'coordinator'], aanvrager: false, coordinator: true },
		grantable: false,
		shareableWithParents: false,
		questions: qs
	};
}

/** Five sections of twenty questions, or one section of a hundred. */
const fiveSections: Definition = {
	intro: '',
	sections: Array.from({ length: 5 }, (_, s) =>
		section(`deel${s + 1}`, questions(`d${s + 1}v`, 20))
	)
};
const oneSection: Definition = { intro: '', sections: [section('alles', questions('v', 100))] };

async function publish(name: string, definition: Definition): Promise<string> {
	const id = await templates.create(sql, femke, {
		name,
		purpose: 'formulier',
		description: '',
		definition
	});
	await templates.publish(sql, femke, id);
	return id;
}
const fiveId = await publish('Benchmark: 100 vragen in 5 onderdelen', fiveSections);
const oneId = await publish('Benchmark: 100 vragen in 1 onderdeel', oneSection);

/** A form field for question `q`, varied by `round` so that every save changes the answers. */
function field(q: Question, round: number): string | string[] {
	const n = round + q.key.length;
	switch (q.type) {
		case 'text':
			return `Antwoord ${round}`;
		case 'textarea':
			return `Een langer antwoord, ronde ${round}. `.repeat(20);
		case 'number':
			return String(n % 40);
		case 'date':
			return `2026-${String(1 + (n % 12)).padStart(2, '0')}-15`;
		case 'choice':
			return q.options[n % q.options.length]!;
		case 'multi':
			return q.options.filter((_, i) => (i + n) % 2 === 0);
		case 'yesno':
			return 'ja';
		default:
			return '';
	}
}

function fields(s: Section, round: number): Record<string, string | string[]> {
	return Object.fromEntries(s.questions.map((q) => [`q.${q.key}`, field(q, round)]));
}

/** A hulpvraag of De Vuurtoren asked by Lotte, with a parent address, in Aanmelding. */
async function newHulpvraag(): Promise<string> {
	const [ids] = await sql<{ school: string; titel: string; coordinator: string }[]>`
		select s.id as school, t.id as titel, c.id as coordinator
		from school s, hulpvraag_titel t, account c
		where s.organisation_id = ${org} and s.brin_vestiging = '21XA00'
			and t.organisation_id = ${org} and t.name = 'Ambulante Begeleiding'
			and c.organisation_id = ${org} and c.username = 'pieter.verbeek'`;
	const dossierId = await dossier.create(sql, lotte, {
		basis: {
			roepnaam: 'Bench',
			tussenvoegsel: '',
			achternaam: 'Formulieren',
			geboortedatum: '2018-05-01',
			geslacht: 'onbekend',
			woonadres: null,
			postadres: null,
			adresOpmerking: ''
		},
		period: {
			schoolId: ids!.school,
			groep: '5',
			aanvrager: '',
			contactpersoon: '',
			email: '',
			phone: '',
			startDate: null,
			endDate: null
		},
		parentEmails: ['ouder.bench@example.nl']
	});
	return hulpvraag.create(sql, lotte, {
		dossierId,
		schoolId: ids!.school,
		datum: '2026-11-02',
		titelId: ids!.titel,
		omschrijving: 'Voor de benchmark.',
		coordinatorId: ids!.coordinator,
		labels: []
	});
}

const templateIdOf = async (name: string) =>
	(
		await sql<{ id: string }[]>`
			select id from form_template where organisation_id = ${org} and name = ${name}`
	)[0]!.id;

// The save scenarios: a form of their own each, on a hulpvraag of their own.
const saveFive = await attach.attach(sql, lotte, await newHulpvraag(), fiveId);
const saveOne = await attach.attach(sql, lotte, await newHulpvraag(), oneId);

// The page scenarios: one hulpvraag with three forms, every section filled in.
const pageHulpvraag = await newHulpvraag();
const pageForms = [
	await attach.attach(sql, lotte, pageHulpvraag, fiveId),
	await attach.attach(sql, lotte, pageHulpvraag, await templateIdOf(obAanvraag)),
	await attach.attach(sql, lotte, pageHulpvraag, await templateIdOf(obBesluit))
];
for (const s of fiveSections.sections) {
	await fill.saveSection(sql, lotte, {
		formId: pageForms[0]!,
		sectionKey: s.key,
		version: 0,
		fields: fields(s, 0)
	});
}
await fill.saveSection(sql, lotte, {
	formId: pageForms[1]!,
	sectionKey: 'behoeften',
	version: 0,
	fields: { 'q.behoeften': 'Rust en structuur.', 'q.doelen': 'Zelfstandig werken.' }
});
console.log(`Demo data and bench forms: ${((performance.now() - started) / 1000).toFixed(1)} s`);

// --- What is measured -----------------------------------------------------------------------

/** A request's event as the routes read it: the actor, the account, the id, the url. */
function event(id: string, page: string) {
	return {
		locals: { actor: lotte, account: { id: lotte.accountId } },
		params: { id },
		url: new URL(`https://kindkring.test/hulpvragen/${id}${page}`)
	} as never;
}

interface Scenario {
	name: string;
	run: () => Promise<unknown>;
}

let fiveVersion = 0;
let fiveRound = 0;
let oneVersion = 0;
let oneRound = 0;
const third = fiveSections.sections[2]!;
const all = oneSection.sections[0]!;

const scenarios: Scenario[] = [
	{
		name: 'save one section (20 of 100 questions)',
		run: async () => {
			fiveRound++;
			fiveVersion = await fill.saveSection(sql, lotte, {
				formId: saveFive,
				sectionKey: third.key,
				version: fiveVersion,
				fields: fields(third, fiveRound)
			});
		}
	},
	{
		name: 'save one section (all 100 questions)',
		run: async () => {
			oneRound++;
			oneVersion = await fill.saveSection(sql, lotte, {
				formId: saveOne,
				sectionKey: all.key,
				version: oneVersion,
				fields: fields(all, oneRound)
			});
		}
	},
	{
		name: 'hulpvraag page load (3 forms attached)',
		run: async () => hulpvraagPage.load(event(pageHulpvraag, ''))
	},
	{
		name: 'formulieren page load (3 forms attached)',
		run: async () => formsRoute.load(event(pageHulpvraag, '/formulieren'))
	}
];

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The statements one run sends, counted from the client (postgres.js reads `debug` per query). */
async function statements(s: Scenario): Promise<number> {
	const options = sql.options as unknown as { debug?: unknown };
	let n = 0;
	options.debug = () => n++;
	await s.run();
	options.debug = undefined;
	return n;
}

const ms = (n: number) => n.toFixed(1).padStart(7);
const results: { name: string; queries: number; p50: number; p95: number; max: number }[] = [];
for (const s of scenarios) {
	for (let i = 0; i < warmUp - 1; i++) await s.run();
	const queries = await statements(s);
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await s.run();
		times.push(performance.now() - t);
	}
	times.sort((a, b) => a - b);
	results.push({
		name: s.name,
		queries,
		p50: percentile(times, 50),
		p95: percentile(times, 95),
		max: times[times.length - 1]!
	});
}

// Every save landed: the version counts them.
if (fiveVersion !== runs + warmUp || oneVersion !== runs + warmUp) {
	throw new Error(`Saves lost: versions ${fiveVersion} and ${oneVersion}, ${runs + warmUp} saves`);
}

console.log(`\n${runs} runs each after ${warmUp} warm-up runs, sequential, one client (ms):`);
console.log(`${'scenario'.padEnd(46)} queries     p50     p95     max`);
for (const r of results) {
	console.log(
		`${r.name.padEnd(46)} ${String(r.queries).padStart(7)} ${ms(r.p50)} ${ms(r.p95)} ${ms(r.max)}`
	);
}

await db.close();
await stopEmbedded();
