/**
 * Reflow (WCAG 1.4.10): every page a role can reach, at 320 CSS px (a small phone) and at
 * 640 CSS px (a 1280 px screen at 200 % zoom), without sideways scrolling. A table may
 * scroll inside its own box; the page itself never does.
 *
 * Each role logs in once; the pages come from the demo data (ids looked up, nothing changed
 * except an activation and a reset link issued for an account of this test's own).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import postgres from 'postgres';
import * as tokens from '../../src/lib/server/auth/tokens';
import type { Sql } from '../../src/lib/server/db';
import { createPending } from './support/accounts';
import { db } from './support/db';
import { loginAs } from './support/login';
import { readState } from './support/state';

const widths = [320, 640];

interface Overflow {
	path: string;
	width: number;
	scroll: number;
	wide: string[];
}

/** How far the page scrolls sideways at `width`, and the widest elements sticking out. */
async function overflowAt(page: Page, path: string, width: number): Promise<Overflow> {
	await page.setViewportSize({ width, height: 800 });
	const result = await page.evaluate(() => {
		const root = document.documentElement;
		const limit = root.clientWidth;
		const scrollsOnItsOwn = (e: Element) => {
			for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
				const o = getComputedStyle(p).overflowX;
				if ((o === 'auto' || o === 'scroll' || o === 'hidden') && p.clientWidth <= limit) {
					return true;
				}
			}
			return false;
		};
		const over = [...document.querySelectorAll('body *')].filter((e) => {
			const r = e.getBoundingClientRect();
			return r.width > 0 && r.right > limit && !scrollsOnItsOwn(e);
		});
		// The innermost ones: what makes the page wide, not every box around it.
		const wide = over
			.filter((e) => ![...e.children].some((c) => over.includes(c)))
			.slice(0, 4)
			.map((e) => {
				const cls = typeof e.className === 'string' && e.className ? `.${e.className}` : '';
				const text = (e.textContent ?? '').trim().slice(0, 40);
				return `${e.tagName.toLowerCase()}${cls} → ${e.getBoundingClientRect().right.toFixed(1)} "${text}"`;
			});
		return { scroll: root.scrollWidth - root.clientWidth, wide };
	});
	return { path, width, ...result };
}

/** Visits every path at every width; returns only the ones that scroll sideways. */
async function sweep(page: Page, paths: string[]): Promise<Overflow[]> {
	const bad: Overflow[] = [];
	for (const path of paths) {
		for (const width of widths) {
			await page.setViewportSize({ width, height: 800 });
			const response = await page.goto(path);
			expect(response?.status(), `${path} answers`).toBeLessThan(500);
			const o = await overflowAt(page, path, width);
			if (o.scroll > 0) bad.push(o);
		}
	}
	return bad;
}

async function loggedIn(browser: Browser, baseURL: string | undefined, org: string, user: string) {
	const context = await browser.newContext({ baseURL, locale: 'nl-NL' });
	const page = await context.newPage();
	await loginAs(page, org, user);
	return page;
}

async function ids<T extends Record<string, unknown>>(rows: Promise<T[]>, what: string) {
	const [row] = await rows;
	if (!row) throw new Error(`demo data: no ${what}`);
	return row;
}

test('public pages, including the activation and new-password pages', async ({ page, baseURL }) => {
	test.setTimeout(120_000);
	// An account of this test's own, with an activation link and (once active) a reset link.
	const pending = await createPending('reflow');
	const sql = postgres(readState().databaseUrl, {
		max: 1,
		transform: postgres.camel,
		onnotice: () => undefined
	}) as unknown as Sql;
	let activation: string;
	let reset: string;
	try {
		const [a] = await sql<
			{ id: string }[]
		>`select id from account where username = ${pending.username}`;
		activation = (await tokens.issue(sql, a!.id, 'activation')).token;
		const other = await createPending('reflowreset');
		const [b] = await sql<{ id: string }[]>`
			update account set state = 'active' where username = ${other.username} returning id`;
		reset = (await tokens.issue(sql, b!.id, 'reset')).token;
	} finally {
		await sql.end();
	}
	void baseURL;
	await page.goto(`/activeren/${activation}`);
	await expect(page.getByRole('heading', { name: 'Kies een wachtwoord' })).toBeVisible();
	await page.goto(`/wachtwoord-herstellen/${reset}`);
	await expect(page.getByLabel('Nieuw wachtwoord', { exact: true })).toBeVisible();
	const bad = await sweep(page, [
		'/inloggen',
		'/wachtwoord-vergeten',
		'/hulp/inloggen',
		'/hulp/2fa-herstel',
		'/hulp/klok',
		'/hulp/klok-bijgesteld',
		'/authenticator',
		'/offline',
		`/activeren/${activation}`,
		`/wachtwoord-herstellen/${reset}`,
		'/activeren/onbekend-token',
		'/wachtwoord-herstellen/onbekend-token',
		'/bestaat-niet'
	]);
	expect(bad).toEqual([]);
});

test('staff pages: IB’er, directeur, SCP and beheerder', async ({ browser, baseURL }) => {
	test.setTimeout(300_000);
	const sql = db();
	const noah = await ids(
		sql<{ dossierId: string; id: string }[]>`
			select h.dossier_id, h.id from hulpvraag h join dossier d on d.id = h.dossier_id
			join hulpvraag_titel t on t.id = h.titel_id
			where d.roepnaam = 'Noah' and d.achternaam = 'Bakker' and t.name = 'Dyslexie -Vergoede zorg'`,
		'Noah’s hulpvraag'
	);
	// The hulpvraag with the longest history of Lotte's school: the most to lay out.
	const busiest = await ids(
		sql<{ dossierId: string; id: string }[]>`
			select h.dossier_id, h.id from hulpvraag h join school s on s.id = h.school_id
			where s.brin_vestiging = '21XA00'
			order by (select count(*) from status_change c where c.hulpvraag_id = h.id) desc,
				length(h.omschrijving) desc
			limit 1`,
		'a busy hulpvraag'
	);
	const staffPages = (d: { dossierId: string; id: string }) => [
		`/hulpvragen/${d.id}`,
		`/hulpvragen/${d.id}/bijlagen`,
		`/hulpvragen/${d.id}/formulieren`,
		`/dossiers/${d.dossierId}`,
		`/dossiers/${d.dossierId}/hulpvragen`,
		`/dossiers/${d.dossierId}/aanpak`,
		`/dossiers/${d.dossierId}/formulieren`,
		`/dossiers/${d.dossierId}/advies`,
		`/dossiers/${d.dossierId}/tlv`,
		`/dossiers/${d.dossierId}/notities`,
		`/dossiers/${d.dossierId}/school`,
		`/dossiers/${d.dossierId}/overlegronde`,
		`/dossiers/${d.dossierId}/overlegronde/nieuw`
	];
	const common = [
		'/hulpvragen',
		'/hulpvragen?filter=1&q=bakker',
		'/dossiers/nieuw',
		'/overlegrondes',
		'/tlvs',
		'/formulieren',
		'/kengetallen',
		'/planning',
		'/account',
		'/account/wachtwoord'
	];
	const bad: Overflow[] = [];

	const lotte = await loggedIn(browser, baseURL, 'PO2806', 'lotte.vandam');
	bad.push(...(await sweep(lotte, [...common, ...staffPages(noah), ...staffPages(busiest)])));

	const henk = await loggedIn(browser, baseURL, 'PO2806', 'henk.degroot');
	bad.push(...(await sweep(henk, ['/hulpvragen/overdragen', `/hulpvragen/${busiest.id}`])));

	const nora = await loggedIn(browser, baseURL, 'PO2806', 'nora.yilmaz');
	bad.push(...(await sweep(nora, ['/hulpvragen', ...staffPages(noah)])));

	const femke = await loggedIn(browser, baseURL, 'PO2806', 'beheer.femke');
	const account = await ids(
		sql<{ id: string }[]>`select id from account where username = 'lotte.vandam'`,
		'Lotte'
	);
	const status = await ids(
		sql<
			{ id: string }[]
		>`select s.id from process_status s join organisation o on o.id = s.organisation_id
			where o.code = 'PO2806' and s.name = 'Aanmelding'`,
		'status'
	);
	const titel = await ids(
		sql<
			{ id: string }[]
		>`select t.id from hulpvraag_titel t join organisation o on o.id = t.organisation_id
			where o.code = 'PO2806' and t.name = 'Ondersteuningsbudget'`,
		'titel'
	);
	const kompas = await ids(
		sql<{ id: string }[]>`select id from school where brin_vestiging = '21XC00'`,
		'Het Kompas'
	);
	bad.push(
		...(await sweep(femke, [
			'/hulpvragen',
			'/kengetallen',
			'/beheer',
			'/beheer/scholen',
			`/beheer/scholen/${kompas.id}/koppeling`,
			'/beheer/accounts',
			`/beheer/accounts/${account.id}`,
			`/beheer/accounts/${account.id}/rechten`,
			'/beheer/accounts/nieuw',
			'/beheer/2fa-verzoeken',
			'/beheer/taken',
			'/beheer/processen',
			`/beheer/processen/statussen/${status.id}`,
			'/beheer/processen/statussen/nieuw',
			`/beheer/processen/titels/${titel.id}`,
			'/beheer/processen/titels/nieuw',
			'/beheer/processen/automatiseringen/nieuw',
			`/hulpvragen/${busiest.id}`
		]))
	);
	expect(bad).toEqual([]);
});

test('parent pages', async ({ browser, baseURL }) => {
	test.setTimeout(120_000);
	const sql = db();
	const bad: Overflow[] = [];
	for (const [org, username, email] of [
		['PO2806', 'sanne.bakker', 'sanne.bakker@example.com'],
		['PO2507', 'tom.vanleeuwen', 'tom.vanleeuwen@example.com']
	] as const) {
		const rows = await sql<{ dossierId: string; id: string }[]>`
			select h.dossier_id, h.id from hulpvraag h
			join process_status s on s.id = h.status_id and s.parent_visible
			join dossier_parent_email p on p.dossier_id = h.dossier_id and p.email = ${email}`;
		expect(rows.length, username).toBeGreaterThan(0);
		const page = await loggedIn(browser, baseURL, org, username);
		bad.push(
			...(await sweep(page, [
				'/mijn-kind',
				...new Set(rows.map((r) => `/mijn-kind/${r.dossierId}`)),
				...rows.map((r) => `/mijn-kind/${r.dossierId}/${r.id}`),
				'/account',
				'/account/wachtwoord'
			]))
		);
	}
	expect(bad).toEqual([]);
});

test('the pre-school contact’s pages, and the extern’s', async ({ browser, baseURL }) => {
	test.setTimeout(120_000);
	const sql = db();
	const linked = await sql<{ id: string }[]>`
		select l.hulpvraag_id as id from hulpvraag_link l join account a on a.id = l.account_id
		where a.username = 'fatima.ouali' and l.role = 'voorschool'`;
	expect(linked.length).toBeGreaterThan(0);
	const fatima = await loggedIn(browser, baseURL, 'PO2507', 'fatima.ouali');
	const bad = await sweep(fatima, [
		'/hulpvragen',
		...linked.flatMap((l) => [`/hulpvragen/${l.id}`, `/hulpvragen/${l.id}/bijlagen`]),
		'/overlegrondes',
		'/account'
	]);
	const daan = await loggedIn(browser, baseURL, 'PO2507', 'daan.smits');
	bad.push(...(await sweep(daan, ['/overlegrondes', '/account'])));
	expect(bad).toEqual([]);
});

test('an overlegronde for its owner, a parent and an extern; the JK-specialist’s pages', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	const sql = db();
	const noah = await ids(
		sql<{ id: string; dossierId: string; org: string }[]>`
			select h.id, h.dossier_id, h.organisation_id as org from hulpvraag h
			join dossier d on d.id = h.dossier_id join hulpvraag_titel t on t.id = h.titel_id
			where d.roepnaam = 'Noah' and d.achternaam = 'Bakker' and t.name = 'Dyslexie -Vergoede zorg'`,
		'Noah’s hulpvraag'
	);
	const people = await sql<{ id: string; username: string }[]>`
		select id, username from account
		where username in ('lotte.vandam', 'sanne.bakker', 'mila.jansen')`;
	const idOf = (u: string) => people.find((p) => p.username === u)!.id;
	const round = await ids(
		sql<{ id: string }[]>`
			insert into overlegronde (organisation_id, hulpvraag_id, owner_id, onderwerp, omschrijving,
				einddatum_reacties, einddatum_inzage)
			values (${noah.org}, ${noah.id}, ${idOf('lotte.vandam')},
				'Afstemming leesbegeleiding thuis en op school met de logopedist',
				'Hoe gaat het lezen thuis, en wat ziet de logopedist?', current_date + 7, current_date + 14)
			returning id`,
		'round'
	);
	try {
		for (const u of ['sanne.bakker', 'mila.jansen']) {
			await sql`insert into overlegronde_participant (organisation_id, overlegronde_id, account_id, added_by)
				values (${noah.org}, ${round.id}, ${idOf(u)}, ${idOf('lotte.vandam')})`;
		}
		await sql`insert into overlegronde_reaction (organisation_id, overlegronde_id, author_id, body)
			values (${noah.org}, ${round.id}, ${idOf('mila.jansen')},
				'Noah oefent de klanken goed; thuis tien minuten per dag voorlezen helpt.')`;
		const bad: Overflow[] = [];
		const lotte = await loggedIn(browser, baseURL, 'PO2806', 'lotte.vandam');
		bad.push(...(await sweep(lotte, [`/overlegrondes/${round.id}`, '/overlegrondes'])));
		const sanne = await loggedIn(browser, baseURL, 'PO2806', 'sanne.bakker');
		bad.push(...(await sweep(sanne, ['/mijn-kind', `/overlegrondes/${round.id}`])));
		const mila = await loggedIn(browser, baseURL, 'PO2806', 'mila.jansen');
		bad.push(...(await sweep(mila, ['/overlegrondes', `/overlegrondes/${round.id}`, '/account'])));

		const jk = await sql<{ id: string; dossierId: string }[]>`
			select h.id, h.dossier_id from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id
			join organisation o on o.id = h.organisation_id
			where o.code = 'PO2507' and t.name like 'Jonge kind%'`;
		expect(jk.length).toBeGreaterThan(0);
		const esther = await loggedIn(browser, baseURL, 'PO2507', 'esther.bos');
		bad.push(
			...(await sweep(esther, [
				'/hulpvragen',
				...jk.flatMap((h) => [`/hulpvragen/${h.id}`, `/dossiers/${h.dossierId}`])
			]))
		);
		expect(bad).toEqual([]);
	} finally {
		await sql`delete from overlegronde where id = ${round.id}`;
	}
});
