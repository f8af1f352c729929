/**
 * The overview "Hulpvragen" and the visibility rule behind it. The key test: for every
 * demo account, the overview lists exactly the hulpvragen the access policy lets it view.
 */
import { beforeAll, describe, expect, it } from 'vitest';

import { actorFor } from '../../src/lib/server/access/actor';
import { may, type Actor } from '../../src/lib/server/access/policy';
import { sql } from '../../src/lib/server/db';
import { accounts as demoAccounts } from '../../src/lib/server/demo/data';
import { hulpvraagFacts } from '../../src/lib/server/dossiers/facts';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import * as overview from '../../src/lib/server/dossiers/overview';
import * as preferences from '../../src/lib/server/preferences';
import { makeDossier, seedWorld, type OrgCode, type World } from '../support/demo-world';

let w: World;
const made = new Map<string, string>(); // label → hulpvraag id

function codeOf(actor: Actor): OrgCode {
	return actor.organisationId === w.org.PO2806 ? 'PO2806' : 'PO2507';
}

let day = 0;

async function make(
	label: string,
	username: string,
	brin: string,
	titel: string,
	path: [string, string][] = [],
	options: {
		child?: Parameters<typeof makeDossier>[3];
		parents?: string[];
		coordinator?: string;
		voorschool?: string;
	} = {}
): Promise<string> {
	const actor = await w.acting(username);
	const code = codeOf(actor);
	const dossierId = await makeDossier(sql, actor, w.school(brin), options.child, options.parents);
	day++;
	const id = await hulpvraag.create(sql, actor, {
		dossierId,
		schoolId: w.school(brin),
		datum: new Date(Date.UTC(2025, 8, 1 + ((day * 7) % 60))).toISOString().slice(0, 10),
		titelId: w.titel(code, titel),
		omschrijving: '',
		coordinatorId: options.coordinator ? w.account(options.coordinator).id : null,
		labels: []
	});
	if (options.voorschool) {
		await sql`insert into hulpvraag_link (hulpvraag_id, account_id, role)
			values (${id}, ${w.account(options.voorschool).id}, 'voorschool')`;
	}
	for (const [by, to] of path) {
		const mover = await w.acting(by);
		const h = (await hulpvraag.get(sql, mover.organisationId, id))!;
		await hulpvraag.changeStatus(sql, mover, {
			hulpvraagId: id,
			toStatusId: w.status(code, to),
			reason: 'Reden voor de test',
			version: h.version
		});
	}
	made.set(label, id);
	return id;
}

async function everything(actor: Actor, f = overview.emptyFilters) {
	const rows: overview.Row[] = [];
	let page = 1;
	for (;;) {
		const r = await overview.list(sql, actor, f, page);
		expect(r.page).toBe(page);
		rows.push(...r.rows);
		if (page >= r.pages) {
			expect(rows).toHaveLength(r.total);
			return rows;
		}
		expect(r.rows).toHaveLength(overview.pageSize);
		page++;
	}
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
const labelled = (...labels: string[]) => labels.map((l) => made.get(l)!).sort();
/** Labels instead of ids, so a failure says which hulpvraag differs. */
const labelsOf = (list: string[]) =>
	list.map((id) => [...made].find(([, v]) => v === id)?.[0] ?? id).sort();

const jk = 'Jonge kind (3,2 - 4 jr) advisering';

beforeAll(async () => {
	w = await seedWorld(sql);
	// This file builds its own hulpvragen and compares exact lists, so the demo dossiers go;
	// the same visibility check over the demo dossiers is in demo-dossiers.test.ts.
	await sql`delete from tlv`;
	await sql`delete from aanpak`;
	await sql`delete from bijlage`;
	await sql`delete from hulpvraag_link`;
	await sql`delete from status_change`;
	await sql`delete from hulpvraag`;
	await sql`delete from dossier`;
	// The hulpvragen below walk the process by hand, without filling the forms a status requires.
	await sql`delete from status_form_requirement`;
	// PPO Rotterdam. Vuurtoren (21XA00) is Lotte's and Henk's, Kompas (21XC00) and Regenboog
	// (21XD00) Rachid's; nobody works for De Akker (21XB00) or De Linde (21XE01). A hulpvraag
	// starts in Aanmelding; a school (or a beheerder) takes it back to Voorlopige aanmelding.
	await make(
		'vuurtoren voorlopig',
		'lotte.vandam',
		'21XA00',
		'KANS',
		[['lotte.vandam', 'Voorlopige aanmelding']],
		{ child: { roepnaam: 'Zoë', tussenvoegsel: 'van', achternaam: 'Oranje' } }
	);
	await make('vuurtoren aanmelding', 'lotte.vandam', '21XA00', 'Herstart junior');
	await make(
		'vuurtoren ob incompleet',
		'lotte.vandam',
		'21XA00',
		'Ondersteuningsbudget',
		[
			['lotte.vandam', 'OB aanvraag indienen'],
			['nora.yilmaz', 'Dossier incompleet OB']
		],
		{ coordinator: 'pieter.verbeek' }
	);
	await make('vuurtoren tlv voorlopig', 'henk.degroot', '21XA00', 'TLV-aanvraag (IJsselmonde)');
	await make('kompas voorlopig', 'rachid.elamrani', '21XC00', 'KANS', [
		['rachid.elamrani', 'Voorlopige aanmelding']
	]);
	await make(
		'regenboog compleet',
		'rachid.elamrani',
		'21XD00',
		'TLV -Nieuw',
		[['anouk.smit', 'TLV_3_in behandeling']],
		{ coordinator: 'anouk.smit', child: { roepnaam: 'Bas', achternaam: 'Aalbers' } }
	);
	await make('regenboog ouder', 'rachid.elamrani', '21XD00', 'Thuiszitter', [], {
		parents: ['sanne.bakker@example.com']
	});
	await make('akker voorlopig door scp', 'nora.yilmaz', '21XB00', 'KANS', [
		['beheer.femke', 'Voorlopige aanmelding']
	]);
	await make('linde afgerond', 'beheer.femke', '21XE01', 'Preventie SCP', [
		['nora.yilmaz', 'Dossier compleet'],
		['nora.yilmaz', 'Toegekend'],
		['nora.yilmaz', 'Afgerond']
	]);
	// A child that moved from De Vuurtoren to Het Kompas in 2024: Lotte and Henk keep reading
	// the hulpvraag their school asked (read-only), Rachid has the dossier and asks anew.
	const moved = await make(
		'vuurtoren, kind vertrokken',
		'lotte.vandam',
		'21XA00',
		'Psychodiagnostisch onderzoek',
		[['nora.yilmaz', 'Doorzetten SCP']]
	);
	const [movedRow] = await sql<{ dossierId: string }[]>`
		select dossier_id from hulpvraag where id = ${moved}`;
	const movedDossier = movedRow!.dossierId;
	await sql`update school_period set start_date = '2020-09-01', end_date = '2024-07-12'
		where dossier_id = ${movedDossier}`;
	await sql`insert into school_period (dossier_id, school_id, groep, start_date)
		values (${movedDossier}, ${w.school('21XC00')}, '5', '2024-08-26')`;
	const rachid = await w.acting('rachid.elamrani');
	made.set(
		'kompas, na verhuizing',
		await hulpvraag.create(sql, rachid, {
			dossierId: movedDossier,
			schoolId: w.school('21XC00'),
			datum: '2026-09-14',
			titelId: w.titel('PO2806', 'KANS'),
			omschrijving: '',
			coordinatorId: null,
			labels: []
		})
	);
	// Stromenland. De Stroming (27YA00) is Karin's and Willem's.
	await make('stroming jk', 'karin.dekker', '27YA00', jk, [], { voorschool: 'fatima.ouali' });
	await make(
		'stroming jk advies afgerond',
		'karin.dekker',
		'27YA00',
		jk,
		[
			['fatima.ouali', 'JK bijlagen toegevoegd'],
			['esther.bos', 'JK Onderwijsadvies'],
			['esther.bos', 'JK aanmelden school'],
			['esther.bos', 'JK advies afgerond'],
			['esther.bos', 'advies afgerond']
		],
		{ voorschool: 'fatima.ouali', coordinator: 'esther.bos' }
	);
	await make('wilgenhoek jk zonder voorschool', 'esther.bos', '27YB00', jk);
	await make(
		'anker voorlopig met voorschool',
		'yara.peters',
		'27YC00',
		'Ambulante Begeleiding',
		[['beheer.joost', 'Voorlopige aanmelding']],
		{
			voorschool: 'fatima.ouali'
		}
	);
	await make(
		'stroming thuiszitter voorlopig',
		'karin.dekker',
		'27YA00',
		'Thuiszitter',
		[['karin.dekker', 'Voorlopige aanmelding']],
		{ parents: ['tom.vanleeuwen@example.com'] }
	);
	await make('stroming ob aanmelding', 'willem.hendriks', '27YA00', 'Ondersteuningsbudget', [], {
		parents: ['tom.vanleeuwen@example.com'],
		coordinator: 'bram.kok'
	});
	// Enough for several pages for a beheerder and SWV staff of Rotterdam.
	const schools = ['21XA00', '21XB00', '21XC00', '21XD00', '21XE01'];
	for (let i = 0; i < 40; i++) {
		const path: [string, string][] = i % 3 === 0 ? [['beheer.femke', 'Voorlopige aanmelding']] : [];
		if (i % 5 === 4 && i % 3 !== 0) path.push(['nora.yilmaz', 'Doorzetten SCP']);
		await make(
			`extra ${i}`,
			'beheer.femke',
			schools[i % 5]!,
			i % 2 ? 'KANS' : 'Terugplaatsing',
			path,
			{
				coordinator: i % 4 === 0 ? 'pieter.verbeek' : undefined
			}
		);
	}
}, 120_000);

describe('visibility: the overview lists exactly what the policy lets each account view', () => {
	const staff = demoAccounts.filter(
		(a) => !a.roles.includes('ouder') && !a.roles.includes('extern')
	);

	it.each(staff.map((a) => [a.username, a.roles.join(',')]))('%s (%s)', async (username) => {
		const account = w.account(username);
		const actor = await actorFor(sql, account);
		const listed = ids(await everything(actor));
		const allowed: string[] = [];
		for (const id of made.values()) {
			for (const org of [w.org.PO2806, w.org.PO2507]) {
				const facts = await hulpvraagFacts(sql, org, id);
				if (facts && may(actor, 'view', facts).allowed) allowed.push(id);
			}
		}
		expect(labelsOf(listed)).toEqual(labelsOf(allowed));
	});

	it.each(staff.map((a) => a.username))(
		'offers %s a status filter with every status of what it lists',
		async (username) => {
			const actor = await actorFor(sql, w.account(username));
			const offered = new Set((await overview.statusOptions(sql, actor)).map((s) => s.id));
			for (const row of await everything(actor)) {
				expect(offered.has(row.statusId), `${username}: ${row.status}`).toBe(true);
			}
		}
	);

	it('is not trivially equal: what some accounts see, by hand', async () => {
		const seen = async (username: string) =>
			ids(await everything(await actorFor(sql, w.account(username))));
		const lotte = await seen('lotte.vandam');
		expect(lotte).toEqual(
			expect.arrayContaining(
				labelled(
					'vuurtoren voorlopig',
					'vuurtoren aanmelding',
					'vuurtoren ob incompleet',
					'vuurtoren tlv voorlopig'
				)
			)
		);
		expect(lotte).not.toContain(made.get('kompas voorlopig'));
		// The school the child left lists the hulpvraag it asked, not the new school's.
		expect(lotte).toContain(made.get('vuurtoren, kind vertrokken'));
		expect(lotte).not.toContain(made.get('kompas, na verhuizing'));
		const rachid = await seen('rachid.elamrani');
		expect(rachid).toContain(made.get('kompas, na verhuizing'));
		expect(rachid).not.toContain(made.get('vuurtoren, kind vertrokken'));
		// Listed because the policy lets Lotte view it, read-only: she may change nothing.
		const facts = (await hulpvraagFacts(
			sql,
			w.org.PO2806,
			made.get('vuurtoren, kind vertrokken')!
		))!;
		const lotteActor = await actorFor(sql, w.account('lotte.vandam'));
		expect(may(lotteActor, 'view', facts).allowed).toBe(true);
		for (const action of ['edit', 'change-status', 'add-attachment'] as const) {
			expect(may(lotteActor, action, facts).allowed, action).toBe(false);
		}
		expect(lotte).not.toContain(made.get('regenboog compleet'));
		const nora = await seen('nora.yilmaz');
		expect(nora).toEqual(
			expect.arrayContaining(
				labelled('vuurtoren aanmelding', 'regenboog compleet', 'linde afgerond')
			)
		);
		for (const hidden of ['vuurtoren voorlopig', 'akker voorlopig door scp', 'stroming jk'])
			expect(nora).not.toContain(made.get(hidden));
		expect(await seen('fatima.ouali')).toEqual(
			labelled('stroming jk', 'anker voorlopig met voorschool')
		);
		const karin = await seen('karin.dekker');
		expect(karin).toEqual(
			labelled(
				'stroming jk',
				'stroming jk advies afgerond',
				'stroming thuiszitter voorlopig',
				'stroming ob aanmelding'
			)
		);
		const joost = await seen('beheer.joost');
		expect(joost).toHaveLength(6);
		const femke = await seen('beheer.femke');
		expect(femke).toHaveLength(made.size - 6);
	});

	it.each(
		demoAccounts
			.filter((a) => a.roles.includes('ouder') || a.roles.includes('extern'))
			.map((a) => a.username)
	)('gives %s an empty overview (parents get their own view)', async (username) => {
		const actor = await actorFor(sql, w.account(username));
		const r = await overview.list(sql, actor, overview.emptyFilters, 1);
		expect(r).toMatchObject({ rows: [], total: 0, page: 1, pages: 1, statusCounts: [] });
	});
});

describe('visibility for accounts with two roles (Beheer allows several roles per account)', () => {
	const staffRoles = [
		'ib',
		'directeur',
		'scp',
		'coordinator',
		'tlv_admin',
		'jk_specialist',
		'voorschool',
		'beheerder'
	];
	const pairs = staffRoles.flatMap((a, i) => staffRoles.slice(i + 1).map((b) => [a, b] as const));

	it.each(pairs)('%s + %s', async (a, b) => {
		const org = w.org.PO2507;
		const username = `test.${a}.${b}`;
		const [account] = await sql<
			{ id: string; organisationId: string; roles: string[]; email: string }[]
		>`
			insert into account (organisation_id, username, email, display_name, roles, state)
			values (${org}, ${username}, ${username + '@stromenland.example.nl'}, ${username}, ${[a, b]}, 'active')
			returning id, organisation_id, roles, email`;
		await sql`insert into account_school (account_id, school_id) values (${account!.id}, ${w.school('27YA00')})`;
		// Linked as pre-school wherever Fatima is: JK, voorlopig, and past "advies afgerond".
		await sql`insert into hulpvraag_link (hulpvraag_id, account_id, role)
			select hulpvraag_id, ${account!.id}, 'voorschool' from hulpvraag_link where account_id = ${w.account('fatima.ouali').id}`;
		const actor = await actorFor(sql, account!);
		const listed = ids(await everything(actor));
		const allowed: string[] = [];
		for (const id of made.values()) {
			const facts = await hulpvraagFacts(sql, org, id);
			if (facts && may(actor, 'view', facts).allowed) allowed.push(id);
		}
		expect(labelsOf(listed)).toEqual(labelsOf(allowed));
	});
});

describe('filters', () => {
	let femke: Actor;
	let all: overview.Row[];

	beforeAll(async () => {
		femke = await w.acting('beheer.femke');
		all = await everything(femke);
	});

	const search = (q: string, actor = femke) => everything(actor, { ...overview.emptyFilters, q });

	it('searches the child’s name: partial, any case, with the tussenvoegsel', async () => {
		const zoe = labelled('vuurtoren voorlopig');
		for (const q of ['oranje', 'ORAN', 'van oranje', 'Zoë van Oranje', 'zoë']) {
			expect(ids(await search(q))).toEqual(zoe);
		}
		expect(await search('oranje zoë')).toEqual([]);
	});

	it('searches the title, the school name and BRIN, and the coördinator', async () => {
		expect(ids(await search('herstart'))).toEqual(labelled('vuurtoren aanmelding'));
		const regenboog = all.filter((r) => r.school === 'OBS De Regenboog');
		expect(regenboog.length).toBeGreaterThan(2);
		expect(ids(await search('regenboog'))).toEqual(ids(regenboog));
		expect(ids(await search('21xd00'))).toEqual(ids(regenboog));
		expect(ids(await search('Smit'))).toEqual(labelled('regenboog compleet'));
		const verbeek = all.filter((r) => r.coordinator === 'Pieter Verbeek');
		expect(verbeek.length).toBeGreaterThan(5);
		expect(ids(await search('verbeek'))).toEqual(ids(verbeek));
	});

	it('treats % and _ in the search as plain characters', async () => {
		expect(await search('%')).toEqual([]);
		expect(await search('_')).toEqual([]);
	});

	it('searches only what the actor may see', async () => {
		const nora = await w.acting('nora.yilmaz');
		expect(await search('oranje', nora)).toEqual([]);
		expect(await search('oranje', await w.acting('beheer.joost'))).toEqual([]);
	});

	it('filters on several statuses at once, and on school, title and coördinator', async () => {
		const statuses = [w.status('PO2806', 'Aanmelding'), w.status('PO2806', 'Doorzetten SCP')];
		const byStatus = await everything(femke, { ...overview.emptyFilters, statuses });
		expect(ids(byStatus)).toEqual(ids(all.filter((r) => statuses.includes(r.statusId))));
		expect(new Set(byStatus.map((r) => r.status))).toEqual(
			new Set(['Aanmelding', 'Doorzetten SCP'])
		);

		const akker = w.school('21XB00');
		const bySchool = await everything(femke, { ...overview.emptyFilters, schoolId: akker });
		expect(bySchool.length).toBeGreaterThan(2);
		expect(ids(bySchool)).toEqual(ids(all.filter((r) => r.school === 'CBS De Akker')));

		const titelId = w.titel('PO2806', 'Terugplaatsing');
		const byTitel = await everything(femke, { ...overview.emptyFilters, titelId });
		expect(byTitel).toHaveLength(20);
		expect(byTitel.every((r) => r.titel === 'Terugplaatsing')).toBe(true);

		const coordinatorId = w.account('pieter.verbeek').id;
		const byCoordinator = await everything(femke, { ...overview.emptyFilters, coordinatorId });
		expect(ids(byCoordinator)).toEqual(ids(all.filter((r) => r.coordinator === 'Pieter Verbeek')));

		const combined = await everything(femke, {
			...overview.emptyFilters,
			statuses,
			titelId,
			q: 'akker'
		});
		expect(ids(combined)).toEqual(
			ids(
				all.filter(
					(r) =>
						statuses.includes(r.statusId) &&
						r.titel === 'Terugplaatsing' &&
						r.school === 'CBS De Akker'
				)
			)
		);
	});

	it('sorts by last change, date, name and status', async () => {
		const positions = new Map(
			(await sql<{ id: string; position: number }[]>`select id, position from process_status`).map(
				(s) => [s.id, s.position]
			)
		);
		const pairs = <T>(rows: T[]) => rows.slice(1).map((r, i) => [rows[i]!, r] as const);
		const gewijzigd = await everything(femke, { ...overview.emptyFilters, sort: 'gewijzigd' });
		expect(ids(gewijzigd)).toEqual(ids(all));
		for (const [a, b] of pairs(gewijzigd)) expect(a.updatedAt >= b.updatedAt).toBe(true);
		const datum = await everything(femke, { ...overview.emptyFilters, sort: 'datum' });
		for (const [a, b] of pairs(datum)) expect(a.datum >= b.datum).toBe(true);
		const naam = await everything(femke, { ...overview.emptyFilters, sort: 'naam' });
		// Dutch convention: by achternaam without the tussenvoegsel.
		expect(naam[0]!.achternaam).toBe('Aalbers');
		for (const [a, b] of pairs(naam)) expect(a.achternaam <= b.achternaam).toBe(true);
		const status = await everything(femke, { ...overview.emptyFilters, sort: 'status' });
		for (const [a, b] of pairs(status))
			expect(positions.get(a.statusId)! <= positions.get(b.statusId)!).toBe(true);
		for (const sorted of [datum, naam, status]) expect(ids(sorted)).toEqual(ids(all));
	});

	it('pages: 25 a page, a page beyond the last shows the last', async () => {
		const first = await overview.list(sql, femke, overview.emptyFilters, 1);
		expect(first.total).toBe(all.length);
		expect(first.pages).toBe(Math.ceil(all.length / overview.pageSize));
		expect(first.rows).toHaveLength(overview.pageSize);
		const last = await overview.list(sql, femke, overview.emptyFilters, first.pages);
		for (const page of [first.pages + 1, 999]) {
			const beyond = await overview.list(sql, femke, overview.emptyFilters, page);
			expect(beyond.page).toBe(first.pages);
			expect(ids(beyond.rows)).toEqual(ids(last.rows));
		}
		for (const page of [0, -3, Number.NaN]) {
			const r = await overview.list(sql, femke, overview.emptyFilters, page);
			expect(r.page).toBe(1);
			expect(ids(r.rows)).toEqual(ids(first.rows));
		}
		const none = await overview.list(
			sql,
			femke,
			{ ...overview.emptyFilters, q: 'bestaat niet' },
			3
		);
		expect(none).toMatchObject({ rows: [], total: 0, page: 1, pages: 1 });
	});

	it('counts per status over the other filters, not over the status filter', async () => {
		const r = await overview.list(sql, femke, overview.emptyFilters, 1);
		const expected = new Map<string, number>();
		for (const row of all) expected.set(row.statusId, (expected.get(row.statusId) ?? 0) + 1);
		expect(new Map(r.statusCounts.map((c) => [c.id, c.count]))).toEqual(expected);
		expect(r.statusCounts.reduce((n, c) => n + c.count, 0)).toBe(r.total);
		expect(r.statusCounts.find((c) => c.id === w.status('PO2806', 'Aanmelding'))!.name).toBe(
			'Aanmelding'
		);

		const aanmelding = w.status('PO2806', 'Aanmelding');
		const filtered = await overview.list(
			sql,
			femke,
			{ ...overview.emptyFilters, statuses: [aanmelding] },
			1
		);
		expect(filtered.statusCounts).toEqual(r.statusCounts);
		expect(filtered.total).toBe(expected.get(aanmelding));

		const nora = await w.acting('nora.yilmaz');
		const forNora = await overview.list(sql, nora, overview.emptyFilters, 1);
		expect(forNora.statusCounts.map((c) => c.name)).not.toContain('Voorlopige aanmelding');
	});

	it('offers filter choices of the own organisation; school users only their own schools', async () => {
		const rachid = await w.acting('rachid.elamrani');
		const options = await overview.filterOptions(sql, rachid);
		expect(options.schools.map((s) => s.brinVestiging)).toEqual(['21XC00', '21XD00']);
		expect(options.coordinators.map((c) => c.displayName)).toEqual([
			'Anouk Smit',
			'Nora Yilmaz',
			'Pieter Verbeek'
		]);
		expect(options.titels.map((t) => t.name)).toContain('TLV-aanvraag (IJsselmonde)');
		const nora = await overview.filterOptions(sql, await w.acting('nora.yilmaz'));
		expect(nora.schools).toHaveLength(5);
	});

	it('offers only statuses the actor can ever see, with the counts of the list', async () => {
		const names = async (username: string) =>
			(await overview.statusOptions(sql, await w.acting(username))).map((s) => s.name);
		const voorlopig = [
			'Voorlopige aanmelding',
			'OB voorlopige aanvraag',
			'TLV_1_voorlopig (IJsselmonde)'
		];
		// SWV staff: never a voorlopig status.
		for (const username of ['nora.yilmaz', 'pieter.verbeek', 'anouk.smit']) {
			const list = await names(username);
			for (const v of voorlopig) expect(list, username).not.toContain(v);
			expect(list).toEqual(
				expect.arrayContaining(['Aanmelding', 'Gearrangeerd budget', 'TLV afgegeven'])
			);
		}
		// A school outside IJsselmonde can never have the IJsselmonde TLV, so not its start.
		const rachid = await names('rachid.elamrani');
		expect(rachid).not.toContain('TLV_1_voorlopig (IJsselmonde)');
		expect(rachid).toEqual(
			expect.arrayContaining([
				'Voorlopige aanmelding',
				'OB voorlopige aanvraag',
				'TLV_1_incompleet'
			])
		);
		expect(await names('lotte.vandam')).toContain('TLV_1_voorlopig (IJsselmonde)');
		// Never another organisation's statuses.
		expect(rachid.some((n) => n.startsWith('JK'))).toBe(false);
		// The pre-school: not from the status that ends its access on.
		const fatima = await names('fatima.ouali');
		expect(fatima).toContain('JK bijlagen toegevoegd');
		expect(fatima).not.toContain('advies afgerond');
		// A beheerder sees every active status.
		const [active] = await sql<{ n: number }[]>`
			select count(*)::int as n from process_status where organisation_id = ${w.org.PO2806} and active`;
		expect(await names('beheer.femke')).toHaveLength(active!.n);

		// Whatever the actor sees now is offered too, with its count.
		const rachidActor = await w.acting('rachid.elamrani');
		const ijsselmonde = w.status('PO2806', 'TLV_1_voorlopig (IJsselmonde)');
		const aanmelding = w.status('PO2806', 'Aanmelding');
		const withCounts = await overview.statusOptions(sql, rachidActor, [
			{ id: ijsselmonde, name: 'TLV_1_voorlopig (IJsselmonde)', count: 1 },
			{ id: aanmelding, name: 'Aanmelding', count: 4 }
		]);
		expect(withCounts.find((o) => o.id === ijsselmonde)).toMatchObject({ count: 1 });
		expect(withCounts.find((o) => o.id === aanmelding)).toMatchObject({ count: 4 });
		expect(withCounts.find((o) => o.name === 'Dossier compleet')).toMatchObject({ count: 0 });
	});
});

describe('parseFilters and isEmpty', () => {
	const id1 = '0b9e3c8e-8d4c-4c2e-9d7e-1f2a3b4c5d6e';
	const id2 = '1c8f2b7d-7e3b-4b1d-8c6d-2e1f0a9b8c7d';

	it('keeps what is valid and drops junk', () => {
		expect(
			overview.parseFilters({
				q: '  van Dam  ',
				status: [id1, 'not-a-uuid', id2, id1, "1' or 1=1 --", 42],
				school: 'x',
				titel: id2,
				coordinator: ['array'],
				sortering: 'achternaam desc'
			})
		).toEqual({
			q: 'van Dam',
			statuses: [id1, id2],
			schoolId: '',
			titelId: id2,
			coordinatorId: '',
			sort: 'gewijzigd'
		});
		expect(overview.parseFilters({ status: id1, sortering: 'naam' })).toMatchObject({
			statuses: [id1],
			sort: 'naam'
		});
		expect(overview.parseFilters({ q: 'x'.repeat(500) }).q).toHaveLength(100);
		expect(overview.parseFilters({})).toEqual(overview.emptyFilters);
	});

	it.each(overview.sortOrders)('accepts the sort order %s', (sort) => {
		expect(overview.parseFilters({ sortering: sort }).sort).toBe(sort);
	});

	it('calls filters empty only when nothing differs from the defaults', () => {
		expect(overview.isEmpty(overview.emptyFilters)).toBe(true);
		expect(overview.isEmpty(overview.parseFilters({ q: '   ' }))).toBe(true);
		for (const f of [
			{ q: 'a' },
			{ statuses: [id1] },
			{ schoolId: id1 },
			{ titelId: id1 },
			{ coordinatorId: id1 },
			{ sort: 'naam' as const }
		]) {
			expect(overview.isEmpty({ ...overview.emptyFilters, ...f })).toBe(false);
		}
	});

	it('round-trips through the query parameters', () => {
		const f: overview.Filters = {
			q: 'de vries',
			statuses: [id1, id2],
			schoolId: id1,
			titelId: id2,
			coordinatorId: id1,
			sort: 'status'
		};
		expect(overview.parseFilters(overview.toParams(f))).toEqual(f);
	});
});

describe('preferences', () => {
	it('remembers filters per account and key, overwrites and forgets them', async () => {
		const lotte = w.account('lotte.vandam').id;
		const nora = w.account('nora.yilmaz').id;
		const key = overview.preferenceKey;
		expect(await preferences.get(sql, lotte, key)).toBeUndefined();
		const f: overview.Filters = {
			...overview.emptyFilters,
			q: 'zoë',
			statuses: [w.status('PO2806', 'Aanmelding')],
			sort: 'naam'
		};
		await preferences.set(sql, lotte, key, overview.toParams(f));
		expect(overview.parseFilters((await preferences.get(sql, lotte, key))!)).toEqual(f);
		expect(await preferences.get(sql, nora, key)).toBeUndefined();
		expect(await preferences.get(sql, lotte, 'iets.anders')).toBeUndefined();

		await preferences.set(sql, lotte, key, { q: 'tweede' });
		expect(await preferences.get(sql, lotte, key)).toEqual({ q: 'tweede' });
		await preferences.set(sql, nora, key, { sortering: 'datum' });

		await preferences.clear(sql, lotte, key);
		expect(await preferences.get(sql, lotte, key)).toBeUndefined();
		expect(await preferences.get(sql, nora, key)).toEqual({ sortering: 'datum' });
	});
});
