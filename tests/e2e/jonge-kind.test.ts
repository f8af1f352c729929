/**
 * The Jonge Kind process of Stromenland (the pre-schools' manual) in Chromium: the
 * JK-specialist starts a dossier and JK hulpvraag for a toddler without a school and links
 * the voorschoolse contactpersoon, who gets a mail, photographs the signed form on her
 * phone (two photos become one PDF in the browser), which moves the status on and mails the
 * JK-specialist; the JK-specialist walks the statuses to "advies afgerond", after which the
 * pre-school reads why its access ended and sees nothing of the child.
 *
 * Not here: the overlegronde step of the process (the Jonge Kind round in
 * tests/integration/overlegronde.test.ts).
 */
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import * as fixture from '../support/files';
import { db } from './support/db';
import { loginAs } from './support/login';
import { waitForMail } from './support/mail';

const baseURL = `http://localhost:${process.env.E2E_PORT}`;
const jkTitel = 'Jonge kind (3,2 - 4 jr) advisering';
const estherEmail = 'e.bos@stromenland.example.nl';
const fatimaEmail = 'f.ouali@hetbolletje.example.nl';

const today = () =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());

const photo = (name: string, size: number, rgb: [number, number, number]) => ({
	name,
	mimeType: 'image/png',
	buffer: fixture.png(size, rgb)
});

let esther: Page;
let fatima: Page;
let phone: BrowserContext;
const contexts: BrowserContext[] = [];

test.describe.configure({ mode: 'serial' });

async function open(browser: Browser, viewport: { width: number; height: number }, mobile = false) {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport,
		...(mobile ? { isMobile: true, hasTouch: true } : {})
	});
	contexts.push(context);
	return context;
}

test.beforeAll(async ({ browser }) => {
	esther = await (await open(browser, { width: 1024, height: 800 })).newPage();
	await loginAs(esther, 'PO2507', 'esther.bos');
	phone = await open(browser, { width: 390, height: 844 }, true);
	fatima = await phone.newPage();
	await loginAs(fatima, 'PO2507', 'fatima.ouali');
});

test.afterAll(async () => {
	for (const c of contexts) await c.close();
});

async function statusIs(page: Page, name: string) {
	await expect(page.locator('.work-title .badge')).toHaveText(name);
}

async function changeStatus(page: Page, to: string, reason = '') {
	await page.getByRole('radio', { name: to, exact: true }).check();
	if (reason) await page.getByRole('textbox', { name: /^Reden/ }).fill(reason);
	await page.getByRole('button', { name: 'Status wijzigen' }).click();
	await expect(page.locator('#inhoud').getByRole('status').first()).toContainText(
		`De status is gewijzigd in ‘${to}’`
	);
}

const bijlageRows = (hulpvraagId: string) =>
	db()<{ id: string; displayName: string; mime: string; size: number }[]>`
		select id, display_name, mime, size from bijlage where hulpvraag_id = ${hulpvraagId}
		order by added_at, id`;

async function pdfPageSizes(page: Page, bijlageId: string) {
	const response = await page.request.get(`/bijlagen/${bijlageId}`);
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toMatch(/^application\/pdf/);
	const body = await response.body();
	expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
	const pdf = await PDFDocument.load(body);
	return pdf.getPages().map((p) => p.getSize());
}

test('Jonge Kind: dossier without a school, linked pre-school, photos as one PDF, access ends at "advies afgerond"', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const achternaam = `Peuter-${randomBytes(3).toString('hex')}`;

	// Esther: the child is three and has no school yet.
	await esther.goto('/hulpvragen');
	await esther.getByRole('link', { name: 'Nieuwe leerling of hulpvraag' }).click();
	await esther.getByLabel('Roepnaam', { exact: true }).fill('Noor');
	await esther.getByLabel('Achternaam', { exact: true }).fill(achternaam);
	await esther.getByLabel('Geboortedatum', { exact: true }).fill('2023-01-09');
	await esther.getByRole('button', { name: 'Zoeken' }).click();
	await expect(esther.getByRole('heading', { name: 'Geen leerling gevonden' })).toBeVisible();
	await esther.getByRole('radio', { name: 'Meisje' }).check();
	await expect(esther.getByLabel('School (optioneel)')).toHaveValue('');
	await expect(esther.getByText('Nog geen school, zoals bij een peuter')).toBeVisible();
	await esther.getByRole('button', { name: 'Dossier aanmaken' }).click();
	await expect(esther.getByText('Het dossier is aangemaakt')).toBeVisible();

	// The JK hulpvraag: without a school only titles that do not start voorlopig are offered
	// (only a school submits a voorlopig one; in Stromenland none starts voorlopig), the JK
	// title among them; it starts in its own status.
	await expect(esther.getByText('Nog geen school (voorschool, Jonge Kind)')).toBeVisible();
	const titles = await esther
		.getByLabel('Titel', { exact: true })
		.locator('option')
		.allTextContents();
	const voorlopigStarts = await db()`
		select 1 from process_automation a join process_status s on s.id = a.target_status_id
		join organisation o on o.id = a.organisation_id
		where o.code = 'PO2507' and a.kind = 'initial_status_from_titel' and a.active and s.voorlopig`;
	expect(voorlopigStarts).toHaveLength(0);
	const withoutRegion = await db()<{ name: string }[]>`
		select t.name from hulpvraag_titel t join organisation o on o.id = t.organisation_id
		where o.code = 'PO2507' and t.active and cardinality(t.only_regions) = 0
		order by t.position, t.name`;
	expect(titles).toEqual(['Kies een titel', ...withoutRegion.map((t) => t.name)]);
	expect(titles).toContain(jkTitel);
	await esther.getByLabel('Titel', { exact: true }).selectOption({ label: jkTitel });
	await esther.getByLabel('Coördinator (optioneel)').selectOption({ label: 'Esther Bos' });
	await esther.getByRole('button', { name: 'Hulpvraag aanmaken' }).click();
	await expect(esther.getByText('De hulpvraag is aangemaakt')).toBeVisible();
	await statusIs(esther, 'JK onderwijsadvies aanvraag');
	const hulpvraagPath = new URL(esther.url()).pathname;
	const hulpvraagId = hulpvraagPath.split('/').pop()!;

	// She links the voorschoolse contactpersoon; Fatima gets a mail without the child's name.
	const linkedSince = new Date(Date.now() - 1000);
	const section = esther.getByRole('region', { name: 'Voorschool' });
	await expect(
		section.getByText('Er is nog geen voorschoolse contactpersoon gekoppeld.')
	).toBeVisible();
	await section.getByLabel('Voorschoolse contactpersoon').selectOption({ label: 'Fatima Ouali' });
	await section.getByRole('button', { name: 'Koppelen' }).click();
	await expect(section.getByRole('status')).toContainText('De contactpersoon is gekoppeld');
	await expect(
		section.getByRole('list', { name: 'Gekoppelde voorschoolse contactpersonen' })
	).toContainText('Fatima Ouali');
	const linkMail = await waitForMail(fatimaEmail, `Hulpvraag voor u: ${jkTitel}`, linkedSince);
	expect(linkMail.subject).toContain('JK onderwijsadvies aanvraag');
	expect(linkMail.text).toContain(hulpvraagPath);
	expect(linkMail.text).not.toContain(achternaam);
	expect(linkMail.text).not.toContain('Noor');
	const [audit] = await db()<{ n: number }[]>`
		select count(*)::int as n from audit_log
		where action = 'hulpvraag.voorschool.add' and target_id = ${hulpvraagId}`;
	expect(audit!.n).toBe(1);

	// Fatima, on her phone: the hulpvraag is in her overview.
	await fatima.goto('/hulpvragen');
	await fatima.getByRole('link', { name: `Noor ${achternaam}` }).click();
	await statusIs(fatima, 'JK onderwijsadvies aanvraag');
	await expect(fatima.getByRole('region', { name: 'Voorschool' })).toHaveCount(0);
	await fatima.getByRole('link', { name: /0 Bijlagen/ }).click();
	await expect(fatima.getByRole('heading', { level: 1 })).toHaveText('0 Bijlagen');

	// Two photos of the signed form become one PDF, named after the title and the date.
	const uploadedSince = new Date(Date.now() - 1000);
	const camera = fatima.getByText('Foto maken');
	await expect(camera).toBeVisible();
	const box = (await camera.boundingBox())!;
	expect(box.height).toBeGreaterThanOrEqual(48);
	expect(box.width).toBeGreaterThan(300);
	await fatima
		.getByLabel('Foto’s kiezen')
		.setInputFiles([
			photo('IMG_0001.png', 120, [240, 240, 230]),
			{ name: 'IMG_0002.jpg', mimeType: 'image/jpeg', buffer: fixture.jpeg }
		]);
	await expect(fatima.getByLabel('Naam van de PDF')).toHaveValue(`${jkTitel} ${today()}`);
	await fatima.getByLabel('Naam van de PDF').fill('Aanvraag onderwijsadvies Jonge Kind');
	await fatima.getByRole('button', { name: 'Samenvoegen tot één PDF (2 foto’s)' }).click();
	await expect(
		fatima.getByText('Toegevoegd als ‘Aanvraag onderwijsadvies Jonge Kind.pdf’')
	).toBeVisible({ timeout: 30_000 });
	await expect(fatima.getByRole('heading', { level: 1 })).toHaveText('1 Bijlage');
	expect(
		await fatima.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
	).toBe(true);
	const [stored] = await bijlageRows(hulpvraagId);
	expect(stored).toMatchObject({
		displayName: 'Aanvraag onderwijsadvies Jonge Kind.pdf',
		mime: 'application/pdf'
	});
	expect(await pdfPageSizes(fatima, stored!.id)).toHaveLength(2);

	// The automation moved the status on and Esther (aanvrager, coördinator) is mailed.
	await fatima.goto(hulpvraagPath);
	await statusIs(fatima, 'JK bijlagen toegevoegd');
	const moved = await waitForMail(estherEmail, 'JK bijlagen toegevoegd', uploadedSince);
	expect(moved.text).toContain(hulpvraagPath);
	expect(moved.text).toContain('Fatima Ouali');

	// Esther walks the statuses; the pre-school hears of each until its access ends.
	await esther.goto(hulpvraagPath);
	await statusIs(esther, 'JK bijlagen toegevoegd');
	const walkSince = new Date(Date.now() - 1000);
	await changeStatus(esther, 'JK Onderwijsadvies');
	await changeStatus(esther, 'JK aanmelden school');
	await changeStatus(esther, 'JK advies afgerond');
	await fatima.goto(hulpvraagPath);
	await statusIs(fatima, 'JK advies afgerond');
	await changeStatus(esther, 'advies afgerond', 'Vanaf 1 maart naar OBS De Stroming.');
	await waitForMail(fatimaEmail, 'JK aanmelden school', walkSince);
	await waitForMail(fatimaEmail, '— advies afgerond', walkSince);

	// Fatima: the hulpvraag says why it is gone, and shows nothing of the child.
	const gone = await fatima.goto(hulpvraagPath);
	expect(gone!.status()).toBe(410);
	await expect(fatima.getByRole('heading', { level: 1 })).toHaveText('Toegang beëindigd');
	await expect(fatima.getByText(jkTitel)).toBeVisible();
	await expect(fatima.locator('body')).toContainText(
		/Uw toegang tot deze aanvraag is beëindigd: het advies is afgerond \(\d{1,2} \w+ \d{4}\)\./
	);
	const goneText = await fatima.locator('body').innerText();
	expect(goneText).not.toContain(achternaam);
	expect(goneText).not.toContain('Noor');
	expect(goneText).not.toContain('De Stroming');
	expect((await fatima.goto(`${hulpvraagPath}/bijlagen`))!.status()).toBe(410);
	// Her own bijlage's link says the same (410), not a bare 404.
	expect((await fatima.request.get(`/bijlagen/${stored!.id}`)).status()).toBe(410);

	// Her overview: a notice instead of the row.
	await fatima.goto('/hulpvragen');
	const notice = fatima.getByRole('region', { name: 'Toegang beëindigd' });
	await expect(notice).toContainText(jkTitel);
	await expect(notice).toContainText('Uw toegang tot deze aanvraag is beëindigd');
	expect(await fatima.locator('body').innerText()).not.toContain(achternaam);

	// Nobody else learns anything: a school of the same organisation still gets 404.
	const karin = await (await open(browser, { width: 1024, height: 800 })).newPage();
	await loginAs(karin, 'PO2507', 'karin.dekker');
	expect((await karin.goto(hulpvraagPath))!.status()).toBe(404);
	expect(await karin.locator('body').innerText()).not.toContain('beëindigd');
});

test('photos merged on the phone are one real PDF: a page per photo, upright, that opens', async () => {
	const [org] = await db()<{ id: string }[]>`select id from organisation where code = 'PO2507'`;
	const [titel] = await db()<{ id: string }[]>`
		select id from hulpvraag_titel where organisation_id = ${org!.id} and name = ${jkTitel}`;
	const [status] = await db()<{ id: string }[]>`
		select id from process_status where organisation_id = ${org!.id} and name = 'JK bijlagen toegevoegd'`;
	const [people] = await db()<{ esther: string; fatima: string }[]>`
		select (select id from account where organisation_id = ${org!.id} and username = 'esther.bos') as esther,
			(select id from account where organisation_id = ${org!.id} and username = 'fatima.ouali') as fatima`;
	const [dossier] = await db()<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht, created_by)
		values (${org!.id}, 'Fototest', ${'Kind-' + randomBytes(3).toString('hex')}, '2023-02-02', 'x',
			${people!.esther})
		returning id`;
	const [h] = await db()<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, titel_id, status_id, aanvrager_id, coordinator_id)
		values (${org!.id}, ${dossier!.id}, ${titel!.id}, ${status!.id}, ${people!.esther}, ${people!.esther})
		returning id`;
	await db()`insert into status_change (organisation_id, hulpvraag_id, to_status_id, changed_by)
		values (${org!.id}, ${h!.id}, ${status!.id}, ${people!.esther})`;
	await db()`insert into hulpvraag_link (hulpvraag_id, account_id, role)
		values (${h!.id}, ${people!.fatima}, 'voorschool')`;

	await fatima.goto(`/hulpvragen/${h!.id}/bijlagen`);
	await expect(fatima.getByRole('heading', { level: 1 })).toHaveText('0 Bijlagen');
	// Four picked, one taken away again: three pages, in the order they were added.
	await fatima
		.getByLabel('Foto’s kiezen')
		.setInputFiles([
			photo('bladzijde 1.png', 160, [250, 250, 250]),
			photo('per ongeluk.png', 40, [0, 0, 0])
		]);
	await fatima
		.getByLabel('Foto’s kiezen')
		.setInputFiles([
			{ name: 'bladzijde 2.jpg', mimeType: 'image/jpeg', buffer: fixture.jpeg },
			photo('bladzijde 3.png', 90, [200, 220, 255])
		]);
	const pages = fatima.getByRole('list', { name: 'Foto’s voor de PDF' }).getByRole('listitem');
	await expect(pages).toHaveCount(4);
	await pages
		.filter({ hasText: 'per ongeluk.png' })
		.getByRole('button', { name: /Weghalen/ })
		.click();
	await expect(pages).toHaveCount(3);
	await expect(pages.nth(1)).toContainText('Bladzijde 2: bladzijde 2.jpg');
	await expect(fatima.getByLabel('Naam van de PDF')).toHaveValue(`${jkTitel} ${today()}`);
	await fatima.getByRole('button', { name: 'Samenvoegen tot één PDF (3 foto’s)' }).click();
	await expect(fatima.getByText(`Toegevoegd als ‘${jkTitel} ${today()}.pdf’`)).toBeVisible({
		timeout: 30_000
	});
	await expect(fatima.getByRole('heading', { level: 1 })).toHaveText('1 Bijlage');
	await expect(pages).toHaveCount(0);

	const rows = await bijlageRows(h!.id);
	expect(rows).toHaveLength(1);
	expect(rows[0]).toMatchObject({
		displayName: `${jkTitel} ${today()}.pdf`,
		mime: 'application/pdf'
	});
	expect(rows[0]!.size).toBeLessThan(10 * 1024 * 1024);
	const sizes = await pdfPageSizes(fatima, rows[0]!.id);
	expect(sizes).toHaveLength(3);
	// A4 portrait for these square and small photos.
	for (const s of sizes) expect(Math.round(s.height)).toBe(842);

	// It opens in the browser from the list.
	const [tab] = await Promise.all([
		phone.waitForEvent('page'),
		fatima.getByRole('link', { name: /openen in een nieuw tabblad/ }).click()
	]);
	await expect.poll(() => tab.url()).toContain(`/bijlagen/${rows[0]!.id}`);
	await tab.close();
});

test('without JavaScript the photos are added as separate images', async ({ browser }) => {
	const noJs = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		javaScriptEnabled: false,
		viewport: { width: 390, height: 844 },
		storageState: await phone.storageState()
	});
	contexts.push(noJs);
	const page = await noJs.newPage();
	const [h] = await db()<{ id: string }[]>`
		select l.hulpvraag_id as id from hulpvraag_link l
		join hulpvraag h on h.id = l.hulpvraag_id join process_status s on s.id = h.status_id
		join account a on a.id = l.account_id
		where a.username = 'fatima.ouali' and s.name = 'JK bijlagen toegevoegd'
			and not s.closes_attachments
		order by l.added_at desc limit 1`;
	await page.goto(`/hulpvragen/${h!.id}/bijlagen`);
	const before = (await bijlageRows(h!.id)).length;
	await expect(
		page.getByText('Zonder JavaScript worden de foto’s als losse afbeeldingen toegevoegd.')
	).toBeVisible();
	await page
		.getByLabel('Foto’s kiezen')
		.setInputFiles([photo('voorkant.png', 32, [1, 2, 3]), photo('achterkant.png', 32, [4, 5, 6])]);
	await page.getByRole('button', { name: 'Foto’s toevoegen' }).click();
	const outcome = page.getByRole('list', { name: 'Resultaat van het uploaden' });
	await expect(outcome).toContainText('voorkant.png');
	await expect(outcome).toContainText('achterkant.png');
	const rows = await bijlageRows(h!.id);
	expect(rows.slice(before).map((r) => r.mime)).toEqual(['image/png', 'image/png']);
});
