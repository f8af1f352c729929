/**
 * The overview "Hulpvragen" on a tablet, as an SCP uses it: search by child, title,
 * school and BRIN; several statuses at once with their counts; sort; pages; "Wissen";
 * filters remembered per user and never another user's; no sideways scrolling at 768 px;
 * the filter form by keyboard. A compact filter bar: eight rows above the fold on a
 * 1024×768 tablet, the status filter a disclosure of checkboxes that opens by keyboard, and
 * no status one can never see. And who sees what: the school its own, voorlopig included;
 * the SWV never a voorlopig one.
 *
 * Expected numbers come from the e2e database. The demo has about 25 hulpvragen per
 * organisation; for the pages this file adds hulpvragen to a dossier of its own and removes
 * them again.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { db } from './support/db';
import { loginAs } from './support/login';

const marker = 'Overzichttest-e2e';
const pageSize = 25;

async function tablet(
	browser: Browser,
	baseURL: string | undefined,
	org: string,
	username: string,
	viewport = { width: 1024, height: 768 }
): Promise<Page> {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport,
		hasTouch: true,
		isMobile: false
	});
	const page = await context.newPage();
	await loginAs(page, org, username);
	return page;
}

function rows(page: Page) {
	return page.getByRole('list', { name: 'Hulpvragen' }).getByRole('listitem');
}

function count(page: Page) {
	return page.locator('#inhoud p.count');
}

async function shownIds(page: Page): Promise<string[]> {
	const hrefs = await rows(page)
		.locator('a.name')
		.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
	return hrefs.map((h) => h.replace('/hulpvragen/', ''));
}

async function accountId(username: string): Promise<string> {
	const [row] = await db()<{ id: string }[]>`select id from account where username = ${username}`;
	return row!.id;
}

async function clearPreferences(...usernames: string[]) {
	for (const u of usernames) {
		await db()`delete from account_preference where account_id = ${await accountId(u)}
			and key = 'hulpvragen.filters'`;
	}
}

/** What an SWV user of PO2806 may see: every hulpvraag not in a voorlopig status. */
const swvVisible = (sql: ReturnType<typeof db>) => sql`
	h.organisation_id = (select id from organisation where code = 'PO2806') and not s.voorlopig`;

async function removeOwn() {
	const sql = db();
	await sql`delete from hulpvraag where dossier_id in (select id from dossier where achternaam = ${marker})`;
	await sql`delete from dossier where achternaam = ${marker}`;
}

async function swvCount(extra = db()`true`): Promise<number> {
	const sql = db();
	const [row] = await sql<{ n: number }[]>`
		select count(*)::int as n from hulpvraag h join process_status s on s.id = h.status_id
		join dossier d on d.id = h.dossier_id join hulpvraag_titel t on t.id = h.titel_id
		left join school sc on sc.id = h.school_id
		where ${swvVisible(sql)} and ${extra}`;
	return row!.n;
}

const statusBox = (name: string) =>
	new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`);

const plural = (n: number) => `${n} ${n === 1 ? 'hulpvraag' : 'hulpvragen'}`;

test.describe('Hulpvragen overview on a tablet', () => {
	test.describe.configure({ mode: 'serial' });

	test.beforeAll(async () => {
		const sql = db();
		await removeOwn();
		await clearPreferences('nora.yilmaz', 'pieter.verbeek', 'lotte.vandam', 'rachid.elamrani');
		// Enough rows for three pages at most and two at least: add to a dossier of our own.
		const visible = await swvCount();
		const missing = Math.max(0, 2 * pageSize + 3 - visible);
		if (missing === 0) return;
		const [ids] = await sql<{ org: string; school: string; titel: string; status: string }[]>`
			select o.id as org,
				(select id from school where organisation_id = o.id and brin_vestiging = '21XB00') as school,
				(select id from hulpvraag_titel where organisation_id = o.id and name = 'Preventie SCP') as titel,
				(select id from process_status where organisation_id = o.id and name = 'Aanmelding') as status
			from organisation o where o.code = 'PO2806'`;
		const [dossier] = await sql<{ id: string }[]>`
			insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht)
			values (${ids!.org}, 'Olivier', ${marker}, '2017-01-01', 'm') returning id`;
		await sql`insert into school_period (dossier_id, school_id, groep) values (${dossier!.id}, ${ids!.school}, '6')`;
		for (let i = 0; i < missing; i++) {
			await sql`insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id,
					datum, omschrijving, created_at, updated_at)
				values (${ids!.org}, ${dossier!.id}, ${ids!.school}, ${ids!.titel}, ${ids!.status},
					'2026-01-01'::date + ${i}::int, 'Extra voor de overzichtstest.',
					now() - interval '400 days', now() - interval '400 days')`;
		}
	});

	test.afterAll(async () => {
		await removeOwn();
		await clearPreferences('nora.yilmaz', 'pieter.verbeek', 'lotte.vandam', 'rachid.elamrani');
	});

	test('an SCP searches, filters, sorts and pages; the filters stay hers', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(120_000);
		const sql = db();
		const nora = await tablet(browser, baseURL, 'PO2806', 'nora.yilmaz');
		const search = nora.getByRole('searchbox', { name: 'Zoeken' });
		const total = await swvCount();
		expect(total).toBeGreaterThan(2 * pageSize);

		await nora.goto('/hulpvragen');
		await expect(count(nora)).toHaveText(plural(total));
		await expect(count(nora)).not.toContainText('onthouden');
		await expect(rows(nora)).toHaveCount(pageSize);
		// The SWV never sees a voorlopig hulpvraag.
		await expect(nora.locator('.badge.voorlopig')).toHaveCount(0);

		// Keyboard: Tab reaches the search field, Enter submits.
		await nora.locator('body').click({ position: { x: 1, y: 1 } });
		for (let i = 0; i < 40; i++) {
			if (await search.evaluate((el) => el === document.activeElement)) break;
			await nora.keyboard.press('Tab');
		}
		await expect(search).toBeFocused();
		await nora.keyboard.type('Noah');
		await nora.keyboard.press('Enter');
		await expect(nora).toHaveURL(/[?&]q=Noah/);
		// Noah Bakker has a submitted and a voorlopig hulpvraag: the SWV finds one.
		const noah = await swvCount(sql`lower(d.roepnaam || ' ' || d.achternaam) like '%noah%'`);
		await expect(count(nora)).toHaveText(`${plural(noah)} gevonden · filters worden onthouden`);
		await expect(rows(nora).filter({ hasText: 'Noah Bakker' })).toHaveCount(1);
		for (const name of await rows(nora).locator('a.name').allTextContents()) {
			expect(name).toContain('Noah');
		}

		// By title.
		await search.fill('Dyslexie');
		await search.press('Enter');
		const dyslexie = await swvCount(sql`t.name ilike '%dyslexie%'`);
		expect(dyslexie).toBeGreaterThan(0);
		await expect(count(nora)).toHaveText(`${plural(dyslexie)} gevonden · filters worden onthouden`);
		for (const what of await rows(nora).locator('.what').allTextContents()) {
			expect(what).toContain('Dyslexie');
		}

		// By school name and by BRIN: the same hulpvragen.
		const kompas = await swvCount(sql`sc.brin_vestiging = '21XC00'`);
		expect(kompas).toBeGreaterThan(0);
		await search.fill('Het Kompas');
		await search.press('Enter');
		await expect(count(nora)).toHaveText(`${plural(kompas)} gevonden · filters worden onthouden`);
		const byName = await shownIds(nora);
		for (const where of await rows(nora).locator('.where').allTextContents()) {
			expect(where).toContain('Basisschool Het Kompas');
		}
		await search.fill('21xc00');
		await search.press('Enter');
		await expect(count(nora)).toHaveText(`${plural(kompas)} gevonden · filters worden onthouden`);
		expect(await shownIds(nora)).toEqual(byName);

		// Wissen clears everything.
		await nora.getByRole('link', { name: 'Wissen' }).tap();
		await expect(count(nora)).toHaveText(plural(total));
		await expect(search).toHaveValue('');

		// Three statuses at once, with their counts.
		const counts = await sql<{ id: string; name: string; n: number }[]>`
			select s.id, s.name, count(*)::int as n from hulpvraag h join process_status s on s.id = h.status_id
			where ${swvVisible(sql)} group by s.id, s.name, s.position order by count(*) desc, s.position limit 3`;
		expect(counts).toHaveLength(3);
		await nora.locator('details.statuses summary').tap();
		for (const c of counts) {
			const box = nora.getByRole('checkbox', { name: statusBox(c.name) });
			await expect(nora.getByRole('group', { name: /Status/ })).toContainText(`${c.name} (${c.n})`);
			await box.tap();
			await expect(box).toBeChecked();
		}
		await nora.getByRole('button', { name: 'Zoeken' }).tap();
		const three = counts.reduce((n, c) => n + c.n, 0);
		await expect(count(nora)).toHaveText(`${plural(three)} gevonden · filters worden onthouden`);
		await expect(nora.locator('details.statuses summary .badge')).toHaveText('3 gekozen');
		for (const badge of await rows(nora).locator('.what .badge').allTextContents()) {
			expect(counts.map((c) => c.name)).toContain(badge.trim());
		}

		// Sort by name: the order of the database's A–Z, on page 1 and 2.
		await nora.locator('details.more summary').tap();
		await nora.getByLabel('Sorteren op').selectOption({ label: 'Naam kind (A–Z)' });
		await nora.getByRole('button', { name: 'Zoeken' }).tap();
		await expect(nora).toHaveURL(/sortering=naam/);
		const byNameOrder = (
			await sql<{ id: string }[]>`
				select h.id from hulpvraag h join process_status s on s.id = h.status_id
				join dossier d on d.id = h.dossier_id
				where ${swvVisible(sql)} and h.status_id = any(${counts.map((c) => c.id)}::uuid[])
				order by d.achternaam, d.roepnaam, h.id`
		).map((r) => r.id);
		expect(await shownIds(nora)).toEqual(byNameOrder.slice(0, pageSize));

		// Pages: all statuses again, sorted by name.
		await expect(nora.locator('details.more summary .badge')).toHaveText('1 gekozen');
		await nora.locator('details.statuses summary').tap();
		for (const c of counts) await nora.getByRole('checkbox', { name: statusBox(c.name) }).uncheck();
		await nora.getByRole('button', { name: 'Zoeken' }).tap();
		await expect(count(nora)).toHaveText(`${plural(total)} gevonden · filters worden onthouden`);
		const pages = Math.ceil(total / pageSize);
		const pager = nora.getByRole('navigation', { name: "Pagina's" });
		await expect(pager).toContainText(`Pagina 1 van ${pages}`);
		await expect(pager.getByRole('link', { name: 'Vorige' })).toHaveCount(0);
		const all = (
			await sql<{ id: string }[]>`
				select h.id from hulpvraag h join process_status s on s.id = h.status_id
				join dossier d on d.id = h.dossier_id
				where ${swvVisible(sql)} order by d.achternaam, d.roepnaam, h.id`
		).map((r) => r.id);
		await pager.getByRole('link', { name: 'Volgende' }).tap();
		await expect(pager).toContainText(`Pagina 2 van ${pages}`);
		expect(await shownIds(nora)).toEqual(all.slice(pageSize, 2 * pageSize));
		await expect(nora.getByLabel('Sorteren op')).toHaveValue('naam');
		await pager.getByRole('link', { name: 'Vorige' }).tap();
		await expect(pager).toContainText(`Pagina 1 van ${pages}`);
		expect(await shownIds(nora)).toEqual(all.slice(0, pageSize));

		// No sideways scrolling on a portrait tablet, status list open.
		await nora.locator('details.statuses summary').tap();
		await nora.getByRole('checkbox', { name: statusBox(counts[0]!.name) }).check();
		await search.fill('Bakker');
		await search.press('Enter');
		await expect(nora.locator('details.statuses summary .badge')).toHaveText('1 gekozen');
		for (const viewport of [
			{ width: 768, height: 1024 },
			{ width: 1024, height: 768 }
		]) {
			await nora.setViewportSize(viewport);
			const overflow = await nora.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `horizontal overflow at ${viewport.width}px`).toBeLessThanOrEqual(0);
		}
		await nora.setViewportSize({ width: 768, height: 1024 });
		const shown = await count(nora).textContent();

		// Remembered: a new page of hers opens with the same filters.
		const again = await nora.context().newPage();
		await again.goto('/hulpvragen');
		await expect(again.getByRole('searchbox', { name: 'Zoeken' })).toHaveValue('Bakker');
		await expect(again.locator('details.statuses summary .badge')).toHaveText('1 gekozen');
		await expect(again.getByLabel('Sorteren op')).toHaveValue('naam');
		await expect(count(again)).toHaveText(shown!);
		await expect(count(again)).toContainText('filters worden onthouden');

		// Another user does not get them.
		const pieter = await tablet(browser, baseURL, 'PO2806', 'pieter.verbeek', {
			width: 768,
			height: 1024
		});
		await pieter.goto('/hulpvragen');
		await expect(pieter.getByRole('searchbox', { name: 'Zoeken' })).toHaveValue('');
		await expect(pieter.locator('details.statuses summary .badge')).toHaveCount(0);
		await expect(count(pieter)).toHaveText(plural(total));
		await pieter.context().close();

		// Wissen forgets them, also for the next visit.
		await again.getByRole('link', { name: 'Wissen' }).tap();
		await expect(count(again)).toHaveText(plural(total));
		await nora.goto('/hulpvragen');
		await expect(search).toHaveValue('');
		await expect(count(nora)).toHaveText(plural(total));
		await nora.context().close();
	});

	test('a school sees its own hulpvragen, voorlopig ones included', async ({
		browser,
		baseURL
	}) => {
		const sql = db();
		const lotte = await tablet(browser, baseURL, 'PO2806', 'lotte.vandam', {
			width: 768,
			height: 1024
		});
		const [own] = await sql<{ n: number; voorlopig: number }[]>`
			select count(*)::int as n, count(*) filter (where s.voorlopig)::int as voorlopig
			from hulpvraag h join process_status s on s.id = h.status_id
			join school sc on sc.id = h.school_id where sc.brin_vestiging = '21XA00'`;
		expect(own!.voorlopig).toBeGreaterThan(0);
		await lotte.goto('/hulpvragen');
		await expect(count(lotte)).toHaveText(plural(own!.n));
		// All on one page here; otherwise this checks the first.
		const where = await rows(lotte).locator('.where').allTextContents();
		expect(where.length).toBe(Math.min(own!.n, pageSize));
		for (const w of where) expect(w).toContain('OBS De Vuurtoren');
		await expect(lotte.locator('.badge.voorlopig').first()).toBeVisible();
		// Noah Bakker: both hulpvragen, the voorlopig one too.
		await lotte.getByRole('searchbox', { name: 'Zoeken' }).fill('Noah Bakker');
		await lotte.getByRole('searchbox', { name: 'Zoeken' }).press('Enter');
		await expect(count(lotte)).toHaveText('2 hulpvragen gevonden · filters worden onthouden');
		await expect(lotte.locator('.badge.voorlopig')).toHaveCount(1);
		const overflow = await lotte.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		await lotte.context().close();
	});
	test('a compact bar: eight rows above the fold, statuses by keyboard, none one cannot see', async ({
		browser,
		baseURL
	}) => {
		test.setTimeout(90_000);
		const sql = db();
		const nora = await tablet(browser, baseURL, 'PO2806', 'nora.yilmaz');
		await nora.goto('/hulpvragen?filter=1');
		await expect(rows(nora)).toHaveCount(pageSize);
		const tops = await rows(nora).evaluateAll((items) =>
			items.map((li) => li.getBoundingClientRect().top)
		);
		expect(tops.filter((top) => top >= 0 && top < 768).length).toBeGreaterThanOrEqual(8);

		// The status filter: a button, after the search field, that opens a list of checkboxes.
		const statuses = nora.locator('details.statuses');
		const summary = statuses.locator('> summary');
		const group = nora.getByRole('group', { name: 'Status (meerdere mogelijk)' });
		await expect(summary).toHaveText(/^Status\s*alle$/);
		await nora.getByRole('searchbox', { name: 'Zoeken' }).focus();
		await nora.keyboard.press('Tab');
		await expect(summary).toBeFocused();
		await expect(group).toBeHidden();
		await nora.keyboard.press('Enter');
		await expect(statuses).toHaveAttribute('open', '');
		await expect(group).toBeVisible();
		// Escape closes it and gives the focus back; Space opens it again.
		await nora.keyboard.press('Escape');
		await expect(group).toBeHidden();
		await expect(summary).toBeFocused();
		await nora.keyboard.press(' ');
		await expect(group).toBeVisible();

		// Never a status the SWV can never see: no voorlopig one.
		for (const name of [
			'Voorlopige aanmelding',
			'OB voorlopige aanvraag',
			'TLV_1_voorlopig (IJsselmonde)'
		]) {
			await expect(group.getByRole('checkbox', { name: statusBox(name) })).toHaveCount(0);
		}
		await expect(
			group.getByRole('checkbox', { name: statusBox('Gearrangeerd budget') })
		).toHaveCount(1);

		// Tab to "Aanmelding", Space ticks it, Tab to "Toepassen", Enter filters.
		const focusOn = async (target: ReturnType<Page['locator']>) => {
			for (let i = 0; i < 60; i++) {
				if (await target.evaluate((el) => el === document.activeElement)) return;
				await nora.keyboard.press('Tab');
			}
			await expect(target).toBeFocused();
		};
		const aanmelding = group.getByRole('checkbox', { name: statusBox('Aanmelding') });
		await focusOn(aanmelding);
		await nora.keyboard.press(' ');
		await expect(aanmelding).toBeChecked();
		await focusOn(statuses.getByRole('button', { name: 'Toepassen' }));
		await nora.keyboard.press('Enter');
		await expect(nora).toHaveURL(/[?&]status=/);
		const n = await swvCount(sql`s.name = 'Aanmelding'`);
		expect(n).toBeGreaterThan(0);
		await expect(count(nora)).toHaveText(`${plural(n)} gevonden · filters worden onthouden`);
		await expect(summary.locator('.badge')).toHaveText('1 gekozen');
		await expect(group).toBeHidden();
		for (const badge of await rows(nora).locator('.what .badge').allTextContents()) {
			expect(badge.trim()).toBe('Aanmelding');
		}
		await nora.getByRole('link', { name: 'Wissen' }).tap();
		await expect(count(nora)).toHaveText(plural(await swvCount()));
		await nora.context().close();

		// A school outside IJsselmonde: its own voorlopig statuses, never the IJsselmonde TLV's.
		const rachid = await tablet(browser, baseURL, 'PO2806', 'rachid.elamrani');
		await rachid.goto('/hulpvragen?filter=1');
		await rachid.locator('details.statuses > summary').tap();
		const rachidGroup = rachid.getByRole('group', { name: 'Status (meerdere mogelijk)' });
		await expect(
			rachidGroup.getByRole('checkbox', { name: statusBox('Voorlopige aanmelding') })
		).toHaveCount(1);
		await expect(
			rachidGroup.getByRole('checkbox', { name: statusBox('TLV_1_voorlopig (IJsselmonde)') })
		).toHaveCount(0);
		await rachid.context().close();

		// On a phone: the bar wraps, the open list stays on the screen, no sideways scrolling.
		for (const width of [390, 320]) {
			const lotte = await tablet(browser, baseURL, 'PO2806', 'lotte.vandam', {
				width,
				height: 844
			});
			await lotte.goto('/hulpvragen?filter=1');
			// On a phone the whole filter is folded into one line first.
			await lotte.locator('details.filter-panel > summary').tap();
			await lotte.locator('details.statuses > summary').tap();
			const panel = lotte.locator('details.statuses .panel');
			await expect(panel).toBeVisible();
			const box = (await panel.boundingBox())!;
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(width);
			const overflow = await lotte.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0);
			await lotte.getByRole('checkbox', { name: statusBox('Voorlopige aanmelding') }).tap();
			await lotte.locator('details.statuses').getByRole('button', { name: 'Toepassen' }).tap();
			await expect(lotte.locator('details.statuses > summary .badge')).toHaveText('1 gekozen');
			await expect(rows(lotte).first()).toBeVisible();
			// Applying folds the filter again, so the results come first.
			await expect(lotte.locator('details.filter-panel')).not.toHaveAttribute('open');
			await lotte.locator('details.filter-panel > summary').tap();
			await lotte.getByRole('link', { name: 'Wissen' }).tap();
			await lotte.context().close();
		}
	});
});
