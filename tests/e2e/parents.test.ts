/**
 * "Mijn kind" in Chromium, on a phone: a parent logs in, lands on "Mijn kind", reads
 * the status in plain words, opens a hulpvraag and a shared PDF; nothing scrolls sideways
 * at 320 px or at 200% zoom; another family's child and an unshared bijlage answer 404.
 * Then the school shares a bijlage and the parent sees it.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { db } from './support/db';
import { loginAs } from './support/login';
import { waitForMail } from './support/mail';

async function phone(browser: Browser, baseURL: string | undefined, org: string, user: string) {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 390, height: 844 },
		deviceScaleFactor: 2,
		isMobile: true,
		hasTouch: true
	});
	const page = await context.newPage();
	await loginAs(page, org, user);
	return page;
}

async function noSidewaysScroll(page: Page, width: number, what: string) {
	await page.setViewportSize({ width, height: 800 });
	const overflow = await page.evaluate(() => {
		const root = document.documentElement;
		const wide = [...document.querySelectorAll('body *')]
			.filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1)
			.slice(0, 5)
			.map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
		return { scroll: root.scrollWidth - root.clientWidth, wide };
	});
	expect(overflow, `${what} at ${width} px`).toEqual({ scroll: 0, wide: [] });
}

async function one<T>(rows: Promise<T[]>, what: string): Promise<T> {
	const [row] = await rows;
	if (!row) throw new Error(`demo data: no ${what}`);
	return row;
}

test('a parent follows her child on the phone, and sees what the school shares', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const sql = db();
	const noah = await one(
		sql<{ id: string }[]>`select d.id from dossier d join organisation o on o.id = d.organisation_id
			where o.code = 'PO2806' and d.roepnaam = 'Noah' and d.achternaam = 'Bakker'`,
		'Noah Bakker'
	);
	const dyslexie = await one(
		sql<{ id: string }[]>`select h.id from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id
			where h.dossier_id = ${noah.id} and t.name = 'Dyslexie -Vergoede zorg'`,
		'Noah’s dyslexie hulpvraag'
	);
	const bijlagen = await sql<{ id: string; displayName: string; parentVisible: boolean }[]>`
		select id, display_name, parent_visible from bijlage
		where hulpvraag_id = ${dyslexie.id} and removed_at is null order by added_at`;
	const shared = bijlagen.find((b) => b.parentVisible)!;
	const unshared = bijlagen.find((b) => !b.parentVisible)!;
	expect(shared && unshared).toBeTruthy();
	// Another family's child in another organisation (Tom's Eva), and one of her own
	// organisation she is no parent of (Mohammed El Amrani).
	const eva = await one(
		sql<{ id: string }[]>`select d.id from dossier d join organisation o on o.id = d.organisation_id
			where o.code = 'PO2507' and d.roepnaam = 'Eva' and d.achternaam = 'Leeuwen'`,
		'Eva van Leeuwen'
	);
	const evaHulpvraag = await one(
		sql<{ id: string }[]>`select id from hulpvraag where dossier_id = ${eva.id}`,
		'Eva’s hulpvraag'
	);
	const mohammed = await one(
		sql<{ id: string }[]>`select d.id from dossier d join organisation o on o.id = d.organisation_id
			where o.code = 'PO2806' and d.roepnaam = 'Mohammed' and d.achternaam = 'El Amrani'`,
		'Mohammed El Amrani'
	);
	const mohammedHulpvraag = await one(
		sql<{ id: string }[]>`select id from hulpvraag where dossier_id = ${mohammed.id} limit 1`,
		'Mohammed’s hulpvraag'
	);

	const sanne = await phone(browser, baseURL, 'PO2806', 'sanne.bakker');
	await expect(sanne).toHaveURL(/\/mijn-kind$/);
	await expect(sanne.getByRole('heading', { level: 1, name: 'Mijn kind' })).toBeVisible();
	await expect(sanne.getByRole('link', { name: 'Noah Bakker' })).toBeVisible();
	await expect(sanne.getByRole('link', { name: 'Lieke Bakker' })).toBeVisible();
	await expect(
		sanne.getByText('De ondersteuning is toegekend, maar nog niet begonnen.')
	).toBeVisible();
	await expect(sanne.getByText('uw kind', { exact: false }).first()).toBeVisible();
	await expect(sanne.getByRole('heading', { name: 'U mag dit altijd inzien' })).toBeVisible();
	await expect(sanne.getByText(/Helpdesk PPO Rotterdam: 010 000 28 06/)).toBeVisible();
	await expect(sanne.getByRole('heading', { name: 'Overlegronde' })).toBeVisible();
	// Plain words only: no status code in brackets.
	await expect(sanne.getByText('(status:', { exact: false })).toHaveCount(0);
	// Whom to ask: one person, with her own address.
	const contact = sanne.getByRole('article').filter({ hasText: 'Dyslexie -Vergoede zorg' });
	await expect(contact.getByText('Lotte van Dam', { exact: false })).toBeVisible();
	await expect(contact.getByRole('link', { name: /^Mail / })).toHaveAttribute(
		'href',
		'mailto:l.vandam@vuurtoren.example.nl'
	);
	// A voorlopig hulpvraag is not shown.
	await expect(sanne.getByText('Psychodiagnostisch onderzoek')).toHaveCount(0);
	// Big tap targets: every link and button at least 48 px high.
	const small = await sanne.evaluate(() =>
		[...document.querySelectorAll('main a, main button')]
			.filter((e) => e.getBoundingClientRect().height < 47.5)
			.map((e) => e.textContent?.trim())
	);
	expect(small).toEqual([]);
	await noSidewaysScroll(sanne, 320, 'Mijn kind');
	await noSidewaysScroll(sanne, 195, 'Mijn kind at 200% zoom');
	await sanne.setViewportSize({ width: 390, height: 844 });

	// The hulpvraag: history and the shared document only.
	await sanne.getByRole('link', { name: /Alles over deze vraag.*Dyslexie -Vergoede zorg/ }).click();
	await expect(sanne).toHaveURL(`/mijn-kind/${noah.id}/${dyslexie.id}`);
	await expect(
		sanne.getByRole('heading', { level: 1, name: 'Dyslexie -Vergoede zorg' })
	).toBeVisible();
	await expect(sanne.getByRole('heading', { name: 'Wat is er gebeurd?' })).toBeVisible();
	await expect(sanne.getByText(/ernstige enkelvoudige dyslexie/)).toBeVisible();
	await expect(sanne.getByText(/Status: /)).toHaveCount(0);
	const documents = sanne.getByRole('list', { name: 'Gedeelde documenten' });
	await expect(documents.getByRole('link', { name: `Openen ${shared.displayName}` })).toBeVisible();
	await expect(sanne.getByText(unshared.displayName)).toHaveCount(0);
	await noSidewaysScroll(sanne, 320, 'the hulpvraag');
	await noSidewaysScroll(sanne, 195, 'the hulpvraag at 200% zoom');
	await sanne.setViewportSize({ width: 390, height: 844 });

	// The shared PDF opens in the browser.
	const [pdf] = await Promise.all([
		sanne.waitForResponse((r) => r.url().endsWith(`/bijlagen/${shared.id}`)),
		sanne.getByRole('link', { name: `Openen ${shared.displayName}` }).click()
	]);
	expect(pdf.status()).toBe(200);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	expect(pdf.headers()['content-disposition']).toMatch(/^inline;/);
	// The PDF opened in the tab itself (not a download); wait until it is there before leaving.
	await sanne.waitForURL(`**/bijlagen/${shared.id}`, { waitUntil: 'commit' });
	await sanne.goto(`/mijn-kind/${noah.id}/${dyslexie.id}`);

	// Not hers: 404, with nothing of the child in the answer.
	for (const path of [
		`/mijn-kind/${eva.id}`,
		`/mijn-kind/${eva.id}/${evaHulpvraag.id}`,
		`/mijn-kind/${mohammed.id}`,
		`/mijn-kind/${mohammed.id}/${mohammedHulpvraag.id}`,
		`/mijn-kind/${noah.id}/${mohammedHulpvraag.id}`,
		`/mijn-kind/niet-een-id`
	]) {
		const response = await sanne.request.get(path, { maxRedirects: 0 });
		expect(response.status(), path).toBe(404);
		const body = await response.text();
		expect(body, path).not.toContain('El Amrani');
		expect(body, path).not.toContain('Leeuwen');
	}
	const hidden = await sanne.request.get(`/bijlagen/${unshared.id}`);
	expect(hidden.status()).toBe(404);
	expect((await sanne.request.get(`/bijlagen/${unshared.id}?download=1`)).status()).toBe(404);

	// The school shares the other bijlage; the parent then sees and opens it.
	const lotte = await browser.newContext({ baseURL, locale: 'nl-NL' }).then((c) => c.newPage());
	await loginAs(lotte, 'PO2806', 'lotte.vandam');
	await lotte.goto(`/hulpvragen/${dyslexie.id}`);
	await expect(lotte.getByText('Ouders zien deze hulpvraag')).toBeVisible();
	await lotte.goto(`/hulpvragen/${dyslexie.id}/bijlagen`);
	const toggle = lotte.getByRole('button', {
		name: `Zichtbaar voor ouders (${unshared.displayName})`
	});
	await expect(toggle).toHaveAttribute('aria-pressed', 'false');
	try {
		await toggle.click();
		await expect(toggle).toHaveAttribute('aria-pressed', 'true');
		await sanne.reload();
		await expect(
			documents.getByRole('link', { name: `Openen ${unshared.displayName}` })
		).toBeVisible();
		const now = await sanne.request.get(`/bijlagen/${unshared.id}`);
		expect(now.status()).toBe(200);
		expect(now.headers()['content-type']).toBe('application/pdf');
		const [audit] = await sql<{ n: number }[]>`
			select count(*)::int as n from audit_log where action = 'bijlage.parent_visible'
				and target_id = ${unshared.id}`;
		expect(audit!.n).toBeGreaterThanOrEqual(1);
	} finally {
		// Other tests expect the demo data as seeded.
		await sql`update bijlage set parent_visible = false where id = ${unshared.id}`;
	}
	await sanne.reload();
	await expect(sanne.getByText(unshared.displayName)).toHaveCount(0);
});

test('a parent in an overlegronde reads and reacts on her phone; the owner is mailed', async ({
	browser,
	baseURL
}) => {
	const sql = db();
	const noah = await one(
		sql<{ id: string; dossierId: string; org: string }[]>`
			select h.id, h.dossier_id, h.organisation_id as org from hulpvraag h
			join dossier d on d.id = h.dossier_id join hulpvraag_titel t on t.id = h.titel_id
			where d.roepnaam = 'Noah' and d.achternaam = 'Bakker' and t.name = 'Dyslexie -Vergoede zorg'`,
		'Noah’s dyslexie hulpvraag'
	);
	const lotte = await one(
		sql<{ id: string }[]>`select id from account where username = 'lotte.vandam'`,
		'lotte'
	);
	const sanne = await one(
		sql<{ id: string }[]>`select id from account where username = 'sanne.bakker'`,
		'sanne'
	);
	const onderwerp = `Afstemming dyslexiezorg ${Date.now()}`;
	const round = await one(
		sql<{ id: string }[]>`
			insert into overlegronde (organisation_id, hulpvraag_id, owner_id, onderwerp, omschrijving,
				einddatum_reacties, einddatum_inzage)
			values (${noah.org}, ${noah.id}, ${lotte.id}, ${onderwerp}, 'Hoe gaat het thuis met lezen?',
				current_date + 7, current_date + 14)
			returning id`,
		'round'
	);
	await sql`insert into overlegronde_participant (organisation_id, overlegronde_id, account_id, added_by)
		values (${noah.org}, ${round.id}, ${sanne.id}, ${lotte.id})`;
	try {
		const page = await phone(browser, baseURL, 'PO2806', 'sanne.bakker');
		// "Mijn kind" itself says she takes part, and links to the round.
		await expect(page.getByText('U doet nu niet mee aan een overlegronde')).toHaveCount(0);
		const rounds = page.getByRole('list', { name: 'Overlegrondes waaraan u meedoet' });
		await expect(rounds.getByText('Over: Dyslexie -Vergoede zorg.')).toBeVisible();
		await rounds.getByRole('link', { name: onderwerp }).click();
		await expect(page).toHaveURL(new RegExp(`/overlegrondes/${round.id}`));
		// The round shows the hulpvraag's status in plain words to a parent.
		await expect(
			page.getByText('De ondersteuning is toegekend, maar nog niet begonnen.')
		).toBeVisible();
		await page.goto(`/mijn-kind/${noah.dossierId}/${noah.id}`);
		await page.getByRole('link', { name: onderwerp }).click();
		await expect(page).toHaveURL(new RegExp(`/overlegrondes/${round.id}`));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(onderwerp);
		const since = new Date(Date.now() - 1000);
		await page.getByLabel('Uw reactie').fill('Thuis leest hij elke avond tien minuten.');
		await page.getByRole('button', { name: 'Reactie plaatsen' }).click();
		await expect(page.getByText('Thuis leest hij elke avond tien minuten.')).toBeVisible();
		const mail = await waitForMail('l.vandam@vuurtoren.example.nl', '', since);
		expect(mail.text).not.toContain('Noah');
		await noSidewaysScroll(page, 320, 'the overlegronde page');
	} finally {
		await sql`delete from overlegronde where id = ${round.id}`;
	}
});

test('another parent, in another organisation, reads plain words and one contact person', async ({
	browser,
	baseURL
}) => {
	const sql = db();
	const statuses = await sql<{ name: string; parentText: string }[]>`
		select distinct s.name, s.parent_text from hulpvraag h
		join process_status s on s.id = h.status_id
		join dossier_parent_email p on p.dossier_id = h.dossier_id
		where p.email = 'tom.vanleeuwen@example.com' and s.parent_visible`;
	expect(statuses.length).toBeGreaterThan(0);
	const page = await phone(browser, baseURL, 'PO2507', 'tom.vanleeuwen');
	await expect(page).toHaveURL(/\/mijn-kind$/);
	const main = page.locator('main');
	await expect(main.getByText(statuses[0]!.parentText).first()).toBeVisible();
	const text = await main.innerText();
	expect(text).not.toContain('(status:');
	for (const s of statuses) {
		if (!s.parentText.includes(s.name)) expect(text, s.name).not.toContain(s.name);
	}
	// Each "Mail" link goes to the address of the person named beside it.
	const accounts = await sql<{ displayName: string; email: string }[]>`
		select display_name, email from account`;
	const blocks = page.locator('.contact');
	expect(await blocks.count()).toBeGreaterThan(0);
	for (const block of await blocks.all()) {
		const mail = block.getByRole('link', { name: /^Mail / });
		if ((await mail.count()) === 0) continue;
		const address = (await mail.getAttribute('href'))!.replace('mailto:', '');
		const owner = accounts.find((a) => a.email === address);
		if (owner) await expect(block.locator('strong')).toHaveText(owner.displayName);
	}
	await noSidewaysScroll(page, 320, 'Mijn kind (Tom)');
});
