/**
 * Security tests of dossier access: for every demo account of both organisations,
 * try every door of the dossier and hulpvraag routes on concrete demo targets and assert
 * the answer — allowed, or exactly 404 (existence does not leak) with the database unchanged.
 * Parents are sent to their own area (303 to /mijn-kind) from staff pages; that counts as
 * denied, as long as nothing of the child travels along.
 *
 * The expected answers below are written out by hand from the rules in the policy's header
 * comment and domain.md, never computed with `may()`: this test checks the policy, it does
 * not repeat it.
 *
 * Shared demo data is only touched harmlessly: POSTs that the policy allows carry a stale
 * version or an empty form (409/400/422, nothing saved); real changes are made on a dossier
 * this file creates itself (and deletes again).
 */
import { expect, test, type APIResponse, type Browser, type Page } from '@playwright/test';
import { minimalPdf } from '../support/files';
import { accounts } from '../../src/lib/server/demo/data';
import { db } from './support/db';
import { loginAs } from './support/login';

const marker = 'Toegangstest-e2e';

type Org = 'PO2806' | 'PO2507';

interface Bijlage {
	id: string;
	/** Who may open it, besides those who may view the hulpvraag (a parent, when shared). */
	parents: string[];
	/** Who views the hulpvraag but not this bijlage (a school the child left: others' bijlagen). */
	hiddenFrom?: string[];
	/** Its file name, which must not show on the bijlagen page for `hiddenFrom`. */
	name?: string;
}

interface Target {
	label: string;
	org: Org;
	/** Roepnaam + achternaam: must never appear in a denied answer. */
	child: string;
	dossierId: string;
	hulpvraagId: string;
	bijlagen: Bijlage[];
	/** Usernames allowed to view the hulpvraag (and its bijlagen list). */
	viewHulpvraag: string[];
	/** Allowed to change its status (harmless POST: stale version, 409). */
	changeStatus: string[];
	/** Allowed to upload (harmless POST: a refused web page, 422). */
	upload: string[];
	/** Allowed to view the dossier and its tabs. */
	viewDossier: string[];
	/** Allowed to edit the dossier and its school periods, and to create hulpvragen. */
	editDossier: string[];
}

// Who is who (src/lib/server/demo/data.ts).
const rotterdamSwv = ['nora.yilmaz', 'pieter.verbeek', 'anouk.smit'];
const stromenlandSwv = ['esther.bos', 'yara.peters', 'bram.kok', 'ingrid.meijer'];
const vuurtoren = ['lotte.vandam', 'henk.degroot'];
const stroming = ['karin.dekker', 'willem.hendriks'];

let targets: Target[] = [];
/** Lotte's "Mijn notities" on Noah Bakker's dossier. */
let lotteNote: { id: string; dossierId: string; body: string };

async function one<T>(query: Promise<T[]>, what: string): Promise<T> {
	const rows = await query;
	if (!rows[0]) throw new Error(`demo data: no ${what}`);
	return rows[0];
}

async function accountId(org: Org, username: string): Promise<string> {
	const sql = db();
	const row = await one(
		sql<{ id: string }[]>`select a.id from account a join organisation o on o.id = a.organisation_id
			where o.code = ${org} and a.username = ${username}`,
		`account ${username}`
	);
	return row.id;
}

/** The hulpvraag of a demo child with a title, and its bijlagen. */
async function demoHulpvraag(org: Org, roepnaam: string, achternaam: string, titel: string) {
	const sql = db();
	const h = await one(
		sql<{ id: string; dossierId: string; voorlopig: boolean; closes: boolean }[]>`
			select h.id, h.dossier_id, s.voorlopig, s.closes_attachments as closes
			from hulpvraag h join dossier d on d.id = h.dossier_id
			join hulpvraag_titel t on t.id = h.titel_id join process_status s on s.id = h.status_id
			join organisation o on o.id = h.organisation_id
			where o.code = ${org} and d.roepnaam = ${roepnaam} and d.achternaam = ${achternaam}
				and t.name = ${titel}`,
		`hulpvraag ${titel} of ${roepnaam} ${achternaam}`
	);
	const bijlagen = await sql<{ id: string; parentVisible: boolean }[]>`
		select id, parent_visible from bijlage where hulpvraag_id = ${h.id} and removed_at is null
		order by added_at`;
	return { ...h, bijlagen };
}

/** Removes what an earlier run of this file left behind. */
async function removeOwnDossiers() {
	const sql = db();
	const own = await sql<{ id: string }[]>`select id from dossier where achternaam = ${marker}`;
	for (const d of own) {
		await sql`delete from bijlage where hulpvraag_id in (select id from hulpvraag where dossier_id = ${d.id})`;
		await sql`delete from hulpvraag where dossier_id = ${d.id}`;
		await sql`delete from dossier where id = ${d.id}`;
	}
}

/**
 * A dossier of OBS De Vuurtoren (21XA00) with one hulpvraag in "Voorlopige aanmelding" and a
 * bijlage, made by lotte.vandam: only the school and the beheerder may see it. The bijlage
 * row reuses the blob of a demo bijlage (the store is content-addressed).
 */
async function createOwnDossier(): Promise<Target> {
	const sql = db();
	await removeOwnDossiers();
	const lotte = await accountId('PO2806', 'lotte.vandam');
	const [ids] = await sql<
		{ org: string; school: string; titel: string; status: string; blobBijlage: string }[]
	>`
		select o.id as org,
			(select id from school where organisation_id = o.id and brin_vestiging = '21XA00') as school,
			(select id from hulpvraag_titel where organisation_id = o.id and name = 'Ambulante Begeleiding') as titel,
			(select id from process_status where organisation_id = o.id and name = 'Voorlopige aanmelding') as status,
			(select id from bijlage where organisation_id = o.id and mime = 'application/pdf' order by added_at limit 1) as blob_bijlage
		from organisation o where o.code = 'PO2806'`;
	const [dossier] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht, created_by)
		values (${ids!.org}, 'Vera', ${marker}, '2018-03-03', 'v', ${lotte}) returning id`;
	await sql`insert into school_period (dossier_id, school_id, groep, start_date)
		values (${dossier!.id}, ${ids!.school}, '4', '2022-09-01')`;
	const [hulpvraag] = await sql<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id, omschrijving, aanvrager_id)
		values (${ids!.org}, ${dossier!.id}, ${ids!.school}, ${ids!.titel}, ${ids!.status},
			'Concept voor de toegangstest.', ${lotte}) returning id`;
	await sql`insert into status_change (organisation_id, hulpvraag_id, to_status_id, changed_by)
		values (${ids!.org}, ${hulpvraag!.id}, ${ids!.status}, ${lotte})`;
	const [bijlage] = await sql<{ id: string }[]>`
		insert into bijlage (organisation_id, hulpvraag_id, sha256, size, mime, original_name, display_name, added_by)
		select organisation_id, ${hulpvraag!.id}, sha256, size, mime, 'Concept-OPP.pdf', 'Concept-OPP.pdf', ${lotte}
		from bijlage where id = ${ids!.blobBijlage} returning id`;
	const school = ['beheer.femke', ...vuurtoren];
	return {
		label: 'eigen dossier, voorlopige hulpvraag 21XA00',
		org: 'PO2806',
		child: `Vera ${marker}`,
		dossierId: dossier!.id,
		hulpvraagId: hulpvraag!.id,
		bijlagen: [{ id: bijlage!.id, parents: [] }],
		viewHulpvraag: school,
		changeStatus: school,
		upload: school,
		viewDossier: school,
		editDossier: school
	};
}

async function pickTargets(): Promise<Target[]> {
	const sql = db();
	const own = await createOwnDossier();

	// Noah Bakker (21XA00, parent sanne.bakker): a submitted hulpvraag with a shared and an
	// unshared bijlage, and a voorlopig one in the same dossier.
	const noahSubmitted = await demoHulpvraag('PO2806', 'Noah', 'Bakker', 'Dyslexie -Vergoede zorg');
	const noahVoorlopig = await demoHulpvraag(
		'PO2806',
		'Noah',
		'Bakker',
		'Psychodiagnostisch onderzoek'
	);
	expect(noahSubmitted.voorlopig || noahSubmitted.closes).toBe(false);
	expect(noahVoorlopig.voorlopig).toBe(true);
	expect(noahSubmitted.bijlagen.map((b) => b.parentVisible).sort()).toEqual([false, true]);
	const noahStaff = ['beheer.femke', ...vuurtoren, ...rotterdamSwv];

	// Another Rotterdam school (21XC00): submitted, open, with a bijlage; no demo parent.
	const xc = await one(
		sql<{ id: string; dossierId: string; child: string }[]>`
			select h.id, h.dossier_id, d.roepnaam || ' ' || d.achternaam as child
			from hulpvraag h join process_status s on s.id = h.status_id
			join school sc on sc.id = h.school_id join dossier d on d.id = h.dossier_id
			where sc.brin_vestiging = '21XC00' and not s.voorlopig and not s.closes_attachments
				and d.tussenvoegsel = ''
				and exists (select 1 from bijlage b where b.hulpvraag_id = h.id and b.removed_at is null)
				and not exists (select 1 from dossier_parent_email p where p.dossier_id = d.id
					and lower(p.email) in ('sanne.bakker@example.com', 'tom.vanleeuwen@example.com'))
				and not exists (select 1 from school_period p join school ps on ps.id = p.school_id
					where p.dossier_id = d.id and ps.brin_vestiging = '21XA00')
			order by h.created_at limit 1`,
		'submitted hulpvraag of 21XC00 with a bijlage'
	);
	const xcBijlagen = await sql<{ id: string }[]>`
		select id from bijlage where hulpvraag_id = ${xc.id} and removed_at is null`;
	const xcStaff = ['beheer.femke', 'rachid.elamrani', ...rotterdamSwv];

	// Stromenland: Eva van Leeuwen (27YA00, parent tom.vanleeuwen), in behandeling.
	const eva = await demoHulpvraag('PO2507', 'Eva', 'Leeuwen', 'Ambulante Begeleiding');
	expect(eva.voorlopig || eva.closes).toBe(false);
	const evaStaff = ['beheer.joost', ...stroming, ...stromenlandSwv];

	// Jonge Kind, linked to fatima.ouali: Mees van Leeuwen (no school yet, parent tom), open;
	// Hugo de Ridder (27YB00) after "advies afgerond", which ends her access and closes bijlagen.
	const jk = 'Jonge kind (3,2 - 4 jr) advisering';
	const mees = await demoHulpvraag('PO2507', 'Mees', 'Leeuwen', jk);
	const hugo = await demoHulpvraag('PO2507', 'Hugo', 'Ridder', jk);
	expect(mees.closes).toBe(false);
	expect(hugo.closes).toBe(true);
	const fatima = await accountId('PO2507', 'fatima.ouali');
	for (const h of [mees, hugo]) {
		const links = await sql`select 1 from hulpvraag_link where hulpvraag_id = ${h.id}
			and account_id = ${fatima} and role = 'voorschool'`;
		expect(links.length, 'JK hulpvraag linked to fatima.ouali').toBe(1);
	}
	const jkSwv = ['beheer.joost', ...stromenlandSwv];

	// Jasmijn Verstraten moved from De Vuurtoren (21XA00) to Het Kompas (21XC00) in 2024. De
	// Vuurtoren reads the hulpvraag it asked and the bijlage its IB'er added, nothing else.
	const moved = await movedChild();
	const vuurtorenAsked = ['beheer.femke', ...rotterdamSwv];
	const kompasNow = ['beheer.femke', 'rachid.elamrani', ...rotterdamSwv];

	return [
		own,
		{
			label: 'ingediende hulpvraag 21XA00',
			org: 'PO2806',
			child: 'Noah Bakker',
			dossierId: noahSubmitted.dossierId,
			hulpvraagId: noahSubmitted.id,
			bijlagen: noahSubmitted.bijlagen.map((b) => ({
				id: b.id,
				parents: b.parentVisible ? ['sanne.bakker'] : []
			})),
			viewHulpvraag: noahStaff,
			changeStatus: noahStaff,
			upload: noahStaff,
			viewDossier: noahStaff,
			editDossier: noahStaff
		},
		{
			label: 'voorlopige hulpvraag 21XA00 in een dossier met een ingediende',
			org: 'PO2806',
			child: 'Noah Bakker',
			dossierId: noahVoorlopig.dossierId,
			hulpvraagId: noahVoorlopig.id,
			bijlagen: [],
			viewHulpvraag: ['beheer.femke', ...vuurtoren],
			changeStatus: ['beheer.femke', ...vuurtoren],
			upload: ['beheer.femke', ...vuurtoren],
			viewDossier: noahStaff,
			editDossier: noahStaff
		},
		{
			label: 'ingediende hulpvraag 21XC00',
			org: 'PO2806',
			child: xc.child,
			dossierId: xc.dossierId,
			hulpvraagId: xc.id,
			bijlagen: xcBijlagen.map((b) => ({ id: b.id, parents: [] })),
			viewHulpvraag: xcStaff,
			changeStatus: xcStaff,
			upload: xcStaff,
			viewDossier: xcStaff,
			editDossier: xcStaff
		},
		{
			label: 'Stromenland 27YA00',
			org: 'PO2507',
			child: 'Eva van Leeuwen',
			dossierId: eva.dossierId,
			hulpvraagId: eva.id,
			bijlagen: eva.bijlagen.map((b) => ({
				id: b.id,
				parents: b.parentVisible ? ['tom.vanleeuwen'] : []
			})),
			viewHulpvraag: evaStaff,
			changeStatus: evaStaff,
			upload: evaStaff,
			viewDossier: evaStaff,
			editDossier: evaStaff
		},
		{
			label: 'JK met voorschool, vóór advies afgerond',
			org: 'PO2507',
			child: 'Mees van Leeuwen',
			dossierId: mees.dossierId,
			hulpvraagId: mees.id,
			bijlagen: mees.bijlagen.map((b) => ({
				id: b.id,
				parents: b.parentVisible ? ['tom.vanleeuwen'] : []
			})),
			viewHulpvraag: [...jkSwv, 'fatima.ouali'],
			changeStatus: [...jkSwv, 'fatima.ouali'],
			upload: [...jkSwv, 'fatima.ouali'],
			// The pre-school sees the dossier through its hulpvraag, but does not edit it.
			viewDossier: [...jkSwv, 'fatima.ouali'],
			editDossier: jkSwv
		},
		{
			label: 'JK na advies afgerond',
			org: 'PO2507',
			child: 'Hugo de Ridder',
			dossierId: hugo.dossierId,
			hulpvraagId: hugo.id,
			// Parent of Hugo is not a demo account.
			bijlagen: hugo.bijlagen.map((b) => ({ id: b.id, parents: [] })),
			viewHulpvraag: jkSwv,
			changeStatus: jkSwv,
			// "advies afgerond" closes bijlagen; the beheerder may still add one.
			upload: ['beheer.joost'],
			viewDossier: jkSwv,
			editDossier: jkSwv
		},
		{
			label: 'hulpvraag van 21XA00, kind vertrokken naar 21XC00',
			org: 'PO2806',
			child: 'Jasmijn Verstraten',
			dossierId: moved.dossierId,
			hulpvraagId: moved.asked.id,
			bijlagen: moved.asked.bijlagen.map((b) => ({
				id: b.id,
				name: b.name,
				parents: [],
				hiddenFrom: b.bySchool ? [] : vuurtoren
			})),
			// Read-only for the school the child left; the new school does not see it.
			viewHulpvraag: [...vuurtorenAsked, ...vuurtoren],
			changeStatus: vuurtorenAsked,
			upload: vuurtorenAsked,
			viewDossier: kompasNow,
			editDossier: kompasNow
		},
		{
			label: 'hulpvraag van 21XC00 na de verhuizing',
			org: 'PO2806',
			child: 'Jasmijn Verstraten',
			dossierId: moved.dossierId,
			hulpvraagId: moved.now.id,
			bijlagen: moved.now.bijlagen.map((b) => ({ id: b.id, parents: [] })),
			viewHulpvraag: kompasNow,
			changeStatus: kompasNow,
			upload: kompasNow,
			viewDossier: kompasNow,
			editDossier: kompasNow
		}
	];
}

/** The demo child that moved schools: the hulpvraag each school asked, with its bijlagen. */
async function movedChild() {
	const sql = db();
	const hulpvragen = await sql<{ id: string; dossierId: string; brin: string; open: boolean }[]>`
		select h.id, h.dossier_id, sc.brin_vestiging as brin, not s.final and not s.closes_attachments as open
		from hulpvraag h join dossier d on d.id = h.dossier_id join school sc on sc.id = h.school_id
		join process_status s on s.id = h.status_id
		where d.roepnaam = 'Jasmijn' and d.achternaam = 'Verstraten' order by sc.brin_vestiging`;
	expect(hulpvragen.map((h) => [h.brin, h.open])).toEqual([
		['21XA00', true],
		['21XC00', true]
	]);
	const withBijlagen = async (h: (typeof hulpvragen)[number]) => ({
		...h,
		bijlagen: await sql<{ id: string; name: string; bySchool: boolean }[]>`
			select id, display_name as name, added_by_school_id is not null as by_school from bijlage
			where hulpvraag_id = ${h.id} and removed_at is null order by added_at`
	});
	const asked = await withBijlagen(hulpvragen[0]!);
	expect(asked.bijlagen.map((b) => b.bySchool)).toEqual([true, false]);
	return { dossierId: asked.dossierId, asked, now: await withBijlagen(hulpvragen[1]!) };
}

/** What a denied or allowed request must not have changed, per target. */
async function snapshot(): Promise<string> {
	const sql = db();
	const dossierIds = [...new Set(targets.map((t) => t.dossierId))];
	const rows = await sql`
		select d.id, d.version, d.updated_at, d.roepnaam, d.achternaam,
			(select count(*)::int from school_period p where p.dossier_id = d.id) as periods,
			(select count(*)::int from dossier_note n where n.dossier_id = d.id) as notes,
			(select count(*)::int from dossier_parent_email p where p.dossier_id = d.id) as parents,
			(select string_agg(h.id || ':' || h.version || ':' || h.status_id || ':' || h.updated_at, ',' order by h.id)
				from hulpvraag h where h.dossier_id = d.id) as hulpvragen,
			(select count(*)::int from status_change c join hulpvraag h on h.id = c.hulpvraag_id
				where h.dossier_id = d.id) as changes,
			(select count(*)::int from bijlage b join hulpvraag h on h.id = b.hulpvraag_id
				where h.dossier_id = d.id) as bijlagen
		from dossier d where d.id = any(${dossierIds}::uuid[]) order by d.id`;
	return JSON.stringify(rows);
}

interface Session {
	page: Page;
	org: Org;
	username: string;
	isParent: boolean;
}

async function login(
	browser: Browser,
	baseURL: string | undefined,
	org: Org,
	username: string
): Promise<Page> {
	const context = await browser.newContext({ baseURL, locale: 'nl-NL' });
	const page = await context.newPage();
	await loginAs(page, org, username);
	return page;
}

/**
 * A form action as `use:enhance` sends it, which answers with the action's own outcome:
 * the status of a `fail()` (nothing saved), 200 for a success, or the HTTP status of an
 * error (404 when denied).
 */
async function action(
	s: Session,
	baseURL: string,
	path: string,
	form: Record<string, string>
): Promise<{ status: number; body: string }> {
	const r = await s.page.request.post(path, {
		form,
		headers: { origin: baseURL, 'x-sveltekit-action': 'true', accept: 'application/json' },
		maxRedirects: 0,
		failOnStatusCode: false
	});
	const body = await r.text();
	if (r.status() !== 200) return { status: r.status(), body };
	const result = JSON.parse(body) as { type: string; status?: number };
	const status =
		result.type === 'failure' || result.type === 'redirect' ? result.status! : r.status();
	return { status, body };
}

/**
 * Tries every door of every target as this account; returns the mismatches (empty: all
 * as expected), so one run reports all of them.
 */
async function tryEverything(s: Session, baseURL: string): Promise<string[]> {
	const problems: string[] = [];
	const who = s.username;

	async function check(
		t: Target,
		what: string,
		response: APIResponse | { status: number; body: string },
		allowed: boolean,
		okStatuses: number[],
		staffPage: boolean
	) {
		const plain = 'url' in response;
		const status = plain ? response.status() : response.status;
		const body = plain ? await response.text() : response.body;
		if (allowed) {
			if (!okStatuses.includes(status)) {
				problems.push(
					`${t.label}: ${what} allowed, expected ${okStatuses.join('/')}, got ${status}`
				);
			}
			return;
		}
		const redirectedParent =
			plain &&
			s.isParent &&
			staffPage &&
			status === 303 &&
			response.headers().location === '/mijn-kind';
		// A pre-school that was linked to a Jonge Kind hulpvraag learns why its access ended
		// (410 with the reason), still without the child's data; everyone else gets 404.
		const endedForPreschool =
			status === 410 && t.label === 'JK na advies afgerond' && who === 'fatima.ouali';
		if (status !== 404 && !redirectedParent && !endedForPreschool) {
			problems.push(`${t.label}: ${what} must be denied (404), got ${status}`);
		}
		if (body.includes(t.child)) problems.push(`${t.label}: ${what} denied but leaks the name`);
		for (const id of [t.hulpvraagId, ...t.bijlagen.map((b) => b.id)]) {
			if (body.includes(id)) problems.push(`${t.label}: ${what} denied but leaks id ${id}`);
		}
	}

	const get = (path: string) =>
		s.page.request.get(path, { maxRedirects: 0, failOnStatusCode: false });

	for (const t of targets) {
		const may = (list: string[]) => list.includes(who) && s.org === t.org;
		const d = `/dossiers/${t.dossierId}`;
		const h = `/hulpvragen/${t.hulpvraagId}`;

		// Staff pages: a parent is sent to /mijn-kind even where the policy lets it read.
		const viewDossier = may(t.viewDossier) && !s.isParent;
		for (const tab of ['', '/school', '/hulpvragen', '/overlegronde', '/notities']) {
			const r = await get(d + tab);
			await check(t, `GET ${d}${tab}`, r, viewDossier, [200], true);
			// A visible dossier does not show a hulpvraag that is not.
			if (viewDossier && tab === '/hulpvragen' && !may(t.viewHulpvraag)) {
				if ((await r.text()).includes(t.hulpvraagId)) {
					problems.push(`${t.label}: GET ${d}/hulpvragen lists the hidden hulpvraag`);
				}
			}
		}
		const viewHulpvraag = may(t.viewHulpvraag) && !s.isParent;
		await check(t, `GET ${h}`, await get(h), viewHulpvraag, [200], true);
		const list = await get(`${h}/bijlagen`);
		await check(t, `GET ${h}/bijlagen`, list, viewHulpvraag, [200], true);
		if (viewHulpvraag) {
			const html = await list.text();
			for (const b of t.bijlagen.filter((b) => b.hiddenFrom?.includes(who))) {
				if (html.includes(b.id) || (b.name && html.includes(b.name))) {
					problems.push(`${t.label}: GET ${h}/bijlagen lists the hidden bijlage ${b.id}`);
				}
			}
		}

		for (const b of t.bijlagen) {
			const hidden = b.hiddenFrom?.includes(who) ?? false;
			const allowed = (may(t.viewHulpvraag) && !hidden && !s.isParent) || may(b.parents);
			for (const q of ['', '?download=1']) {
				const r = await get(`/bijlagen/${b.id}${q}`);
				await check(t, `GET /bijlagen/${b.id}${q}`, r, allowed, [200], false);
			}
		}

		// Harmless POSTs: allowed ones fail validation or the version check, saving nothing.
		// Sent as enhanced form actions: those run the action without the page's loads, so a
		// parent meets the action's own check, not the staff layout's redirect.
		await check(
			t,
			`POST ${h}?/status`,
			await action(s, baseURL, `${h}?/status`, { status: '', reden: '', version: '-1' }),
			may(t.changeStatus),
			[409],
			true
		);
		await check(
			t,
			`POST ${h}/bijlagen/upload`,
			await s.page.request.post(`${h}/bijlagen/upload`, {
				data: Buffer.from('<!doctype html><html><script>alert(1)</script></html>'),
				headers: {
					origin: baseURL,
					'content-type': 'application/octet-stream',
					'x-bestandsnaam': 'toegangstest.html'
				},
				maxRedirects: 0,
				failOnStatusCode: false
			}),
			may(t.upload),
			[422],
			false
		);
		await check(
			t,
			`POST ${d} (bewerken)`,
			await action(s, baseURL, d, { roepnaam: '', achternaam: '', version: '-1' }),
			may(t.editDossier),
			[400],
			true
		);
		await check(
			t,
			`POST ${d}/school?/toevoegen`,
			await action(s, baseURL, `${d}/school?/toevoegen`, { school: '' }),
			may(t.editDossier),
			[400],
			true
		);
		await check(
			t,
			`POST ${d}/hulpvragen (nieuwe hulpvraag)`,
			await action(s, baseURL, `${d}/hulpvragen`, { titel_id: '' }),
			may(t.editDossier),
			[400],
			true
		);
		// Notes are private, so whoever sees the dossier may write one; an empty one is refused.
		await check(
			t,
			`POST ${d}/notities?/toevoegen`,
			await action(s, baseURL, `${d}/notities?/toevoegen`, { body: '' }),
			may(t.viewDossier),
			[400],
			true
		);
		// Whoever may not write one tries a real note, as a plain form without JavaScript.
		if (!may(t.viewDossier)) {
			const r = await s.page.request.post(`${d}/notities?/toevoegen`, {
				form: { body: 'Inbraakpoging' },
				headers: { origin: baseURL },
				maxRedirects: 0,
				failOnStatusCode: false
			});
			await check(t, `POST ${d}/notities?/toevoegen (met tekst)`, r, false, [], true);
		}
	}
	return problems;
}

test.describe('Dossier and hulpvraag routes: every role, every door', () => {
	test.beforeAll(async () => {
		targets = await pickTargets();
		const sql = db();
		const [note] = await sql<{ id: string; dossierId: string; body: string }[]>`
			select n.id, n.dossier_id, n.body from dossier_note n join account a on a.id = n.author_id
			where a.username = 'lotte.vandam' and n.dossier_id = ${targets[1]!.dossierId}
			order by n.created_at limit 1`;
		lotteNote = note!;
	});

	test.afterAll(async () => {
		await removeOwnDossiers();
	});

	for (const account of accounts) {
		const org = account.organisation as Org;
		test(`${org} ${account.username} (${account.roles.join(', ')})`, async ({
			browser,
			baseURL
		}) => {
			test.setTimeout(120_000);
			const page = await login(browser, baseURL, org, account.username);
			const s: Session = {
				page,
				org,
				username: account.username,
				isParent: account.roles.every((r) => r === 'ouder')
			};
			const before = await snapshot();
			expect(await tryEverything(s, baseURL!)).toEqual([]);
			expect(await snapshot(), 'database unchanged').toBe(before);

			// Ids that are not uuids, and uuids that do not exist: 404, never a 500.
			for (const path of [
				'/dossiers/abc',
				'/dossiers/abc/notities',
				"/hulpvragen/1'%20or%201=1",
				'/hulpvragen/abc/bijlagen',
				'/bijlagen/abc',
				'/dossiers/00000000-0000-4000-8000-000000000000',
				'/hulpvragen/00000000-0000-4000-8000-000000000000',
				'/bijlagen/00000000-0000-4000-8000-000000000000'
			]) {
				const r = await page.request.get(path, { maxRedirects: 0, failOnStatusCode: false });
				const redirected = s.isParent && r.status() === 303 && !path.startsWith('/bijlagen');
				if (!redirected) expect(r.status(), `GET ${path}`).toBe(404);
			}
			const bad = await page.request.post('/hulpvragen/abc/bijlagen/upload', {
				data: minimalPdf(),
				headers: { 'content-type': 'application/octet-stream', 'x-bestandsnaam': 'x.pdf' },
				failOnStatusCode: false
			});
			expect(bad.status()).toBe(404);
			await page.context().close();
		});
	}

	test('"Mijn notities" of lotte.vandam are hers alone', async ({ browser, baseURL }) => {
		// Henk de Groot works at the same school and sees the same dossier, not her notes.
		const henk = await login(browser, baseURL, 'PO2806', 'henk.degroot');
		const notes = `/dossiers/${lotteNote.dossierId}/notities`;
		await henk.goto(notes);
		await expect(henk.getByRole('heading', { level: 1 })).toContainText('Noah');
		await expect(henk.locator('#inhoud')).not.toContainText(lotteNote.body.slice(0, 40));
		const html = await (await henk.request.get(notes)).text();
		expect(html).not.toContain(lotteNote.body.slice(0, 40));
		expect(html).not.toContain(lotteNote.id);
		// Deleting it by its id: as if it does not exist.
		const r = await henk.request.post(`${notes}?/verwijderen`, {
			form: { note_id: lotteNote.id },
			headers: { origin: baseURL! },
			maxRedirects: 0,
			failOnStatusCode: false
		});
		expect(r.status()).toBe(404);
		const [still] = await db()`select 1 from dossier_note where id = ${lotteNote.id}`;
		expect(still).toBeTruthy();
		await henk.context().close();
	});

	test('a school the child has left reads the hulpvraag it asked, and changes nothing', async ({
		browser,
		baseURL
	}) => {
		const asked = targets.find((t) => t.label.startsWith('hulpvraag van 21XA00, kind vertrokken'))!;
		const [own, others] = [
			asked.bijlagen.find((b) => !b.hiddenFrom?.length)!,
			asked.bijlagen.find((b) => b.hiddenFrom?.length)!
		];
		const lotte = await login(browser, baseURL, 'PO2806', 'lotte.vandam');
		await lotte.goto(`/hulpvragen/${asked.hulpvraagId}`);
		await expect(lotte.getByRole('heading', { level: 1 })).toHaveText('Ambulante Begeleiding');
		await expect(lotte.getByRole('note')).toContainText('Alleen lezen');
		await expect(lotte.getByRole('heading', { name: 'Statushistorie' })).toBeVisible();
		// Aanmelding (when made), Dossier compleet, Toegekend, In behandeling.
		await expect(lotte.locator('.history li')).toHaveCount(4);
		await expect(lotte.locator('.facts')).toContainText('In behandeling');
		await expect(lotte.locator('.facts')).toContainText('Jasmijn Verstraten');
		// No way to change anything, and no way into the child's current dossier.
		await expect(lotte.getByRole('heading', { name: 'Status wijzigen' })).toHaveCount(0);
		await expect(lotte.getByRole('heading', { name: 'Aanvrager wijzigen' })).toHaveCount(0);
		await expect(lotte.locator('#inhoud form[method="post"]')).toHaveCount(0);
		await expect(lotte.locator(`#inhoud a[href^="/dossiers/"]`)).toHaveCount(0);
		await expect(lotte.locator('.facts')).not.toContainText('Ouders');
		await lotte.getByRole('link', { name: '1 Bijlage' }).click();
		await expect(lotte.getByRole('heading', { level: 1 })).toHaveText('1 Bijlage');
		await expect(lotte.locator('#inhoud')).toContainText(own.name!);
		await expect(lotte.locator('#inhoud')).not.toContainText(others.name!);
		await expect(lotte.locator('input[type="file"]')).toHaveCount(0);
		// The basisgegevens (address, parents, the new school) answer as if they do not exist.
		const basis = await lotte.request.get(`/dossiers/${asked.dossierId}`, {
			failOnStatusCode: false
		});
		expect(basis.status()).toBe(404);
		const html = await basis.text();
		for (const leak of ['Vlietlandplein', 'fam.verstraten', 'Het Kompas']) {
			expect(html).not.toContain(leak);
		}
		await lotte.context().close();
	});

	test('the school really works on its own dossier', async ({ browser, baseURL }) => {
		const own = targets[0]!;
		const sql = db();
		const lotte = await login(browser, baseURL, 'PO2806', 'lotte.vandam');
		const post = (path: string, form: Record<string, string>) =>
			lotte.request.post(path, {
				form,
				headers: { origin: baseURL! },
				maxRedirects: 0,
				failOnStatusCode: false
			});
		const d = `/dossiers/${own.dossierId}`;

		// Lotte's own notes page shows her note, Henk's does not (checked above).
		await lotte.goto(`/dossiers/${lotteNote.dossierId}/notities`);
		await expect(lotte.locator('#inhoud')).toContainText(lotteNote.body.slice(0, 40));

		// Upload a bijlage.
		const upload = await lotte.request.post(`/hulpvragen/${own.hulpvraagId}/bijlagen/upload`, {
			data: minimalPdf('Toegangstest'),
			headers: {
				'content-type': 'application/octet-stream',
				'x-bestandsnaam': 'Verslag_toegangstest.pdf'
			}
		});
		expect(upload.status()).toBe(200);
		const uploaded = (await upload.json()) as { results: { ok: boolean; id: string }[] };
		expect(uploaded.results[0]!.ok).toBe(true);
		const file = await lotte.request.get(`/bijlagen/${uploaded.results[0]!.id}?download=1`);
		expect(file.status()).toBe(200);

		// Edit the dossier.
		const [{ version }] = (await sql`select version from dossier where id = ${own.dossierId}`) as [
			{ version: number }
		];
		const edit = await post(d, {
			roepnaam: 'Vera',
			achternaam: marker,
			geboortedatum: '2018-03-03',
			geslacht: 'v',
			ouders: '',
			version: String(version)
		});
		expect(edit.status()).toBe(200);
		const [after] = await sql<{ version: number }[]>`
			select version from dossier where id = ${own.dossierId}`;
		expect(after!.version).toBe(version + 1);

		// A note of her own.
		expect(
			(await post(`${d}/notities?/toevoegen`, { body: 'Toegangstest-notitie' })).status()
		).toBe(200);
		const notes = await sql`select 1 from dossier_note where dossier_id = ${own.dossierId}`;
		expect(notes.length).toBe(1);

		// Submit the hulpvraag to the SWV.
		const [h] = await sql<{ version: number; aanmelding: string }[]>`
			select h.version, (select id from process_status s where s.organisation_id = h.organisation_id
				and s.name = 'Aanmelding') as aanmelding
			from hulpvraag h where h.id = ${own.hulpvraagId}`;
		const change = await post(`/hulpvragen/${own.hulpvraagId}?/status`, {
			status: h!.aanmelding,
			reden: '',
			version: String(h!.version)
		});
		expect(change.status()).toBe(200);
		const [now] = await sql<{ name: string }[]>`
			select s.name from hulpvraag h join process_status s on s.id = h.status_id
			where h.id = ${own.hulpvraagId}`;
		expect(now!.name).toBe('Aanmelding');
		await lotte.context().close();
	});
});
