/**
 * Removing a bijlage in Chromium: after "Dit bestand is al toegevoegd" the uploader removes
 * the copy, after a question that takes the focus and can be declined; the copy then is
 * gone from the list and its link answers 410. Someone who did not add it gets no button.
 * The file-name search filters the list on the server, also without JavaScript, and the
 * removal works there too.
 *
 * The test works on a dossier and hulpvraag of its own (made with SQL).
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import * as fixture from '../support/files';
import { db } from './support/db';
import { loginAs } from './support/login';

const baseURL = `http://localhost:${process.env.E2E_PORT}`;

async function newHulpvraag(): Promise<string> {
	const sql = db();
	const [org] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2806'`;
	const [lotte] = await sql<{ id: string }[]>`
		select id from account where organisation_id = ${org!.id} and username = 'lotte.vandam'`;
	const [school] = await sql<{ id: string }[]>`
		select id from school where organisation_id = ${org!.id} and brin_vestiging = '21XA00'`;
	const [dossier] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht, created_by)
		values (${org!.id}, 'Verwijdertest', ${'Kind-' + randomBytes(3).toString('hex')}, '2019-03-14',
			'x', ${lotte!.id})
		returning id`;
	await sql`insert into school_period (dossier_id, school_id, groep, start_date)
		values (${dossier!.id}, ${school!.id}, '4', '2024-08-26')`;
	const [titel] = await sql<{ id: string }[]>`
		select id from hulpvraag_titel where organisation_id = ${org!.id} and name = 'Ambulante Begeleiding'`;
	const [status] = await sql<{ id: string }[]>`
		select id from process_status where organisation_id = ${org!.id} and name = 'Aanmelding'`;
	const [h] = await sql<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id,
			omschrijving, aanvrager_id)
		values (${org!.id}, ${dossier!.id}, ${school!.id}, ${titel!.id}, ${status!.id},
			'Testhulpvraag voor het verwijderen van bijlagen.', ${lotte!.id})
		returning id`;
	await sql`insert into status_change (organisation_id, hulpvraag_id, to_status_id, changed_by)
		values (${org!.id}, ${h!.id}, ${status!.id}, ${lotte!.id})`;
	return h!.id;
}

const pdf = (name: string, text: string) => ({
	name,
	mimeType: 'application/pdf',
	buffer: fixture.minimalPdf(text)
});

let context: BrowserContext;
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
	context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true
	});
	page = await context.newPage();
	await loginAs(page, 'PO2806', 'lotte.vandam');
});

test.afterAll(async () => {
	await context?.close();
});

async function upload(files: { name: string; mimeType: string; buffer: Buffer }[]) {
	await page.getByLabel('Bestanden kiezen').setInputFiles(files);
	await page.getByRole('button', { name: 'Uploaden' }).click();
	await expect(page.getByRole('button', { name: 'Uploaden' })).toBeEnabled({ timeout: 30_000 });
}

test('the uploader removes the second copy after a question; the link then answers 410', async ({
	browser
}) => {
	const id = await newHulpvraag();
	await page.goto(`/hulpvragen/${id}/bijlagen`);
	await upload([pdf('OPP_Verwijdertest_060126.pdf', 'OPP')]);
	await upload([pdf('OPP_Verwijdertest_060126 kopie.pdf', 'OPP')]);
	await expect(page.getByText('Dit bestand is al toegevoegd als')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('2 Bijlagen');
	const [copy] = await db()<{ id: string }[]>`
		select id from bijlage where hulpvraag_id = ${id} and display_name = 'OPP_Verwijdertest_060126 kopie.pdf'`;

	const list = page.getByRole('list', { name: 'Bijlagen' });
	const removeCopy = list.getByRole('link', {
		name: 'Verwijderen OPP_Verwijdertest_060126 kopie.pdf'
	});
	// First the question, with the focus on it; "Nee" keeps the file.
	await removeCopy.click();
	const question = page.getByRole('region', {
		name: 'Bijlage ‘OPP_Verwijdertest_060126 kopie.pdf’ verwijderen?'
	});
	await expect(question).toBeVisible();
	await expect(question).toBeFocused();
	await question.getByRole('link', { name: 'Nee, bewaren' }).click();
	await expect(question).toHaveCount(0);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('2 Bijlagen');

	await removeCopy.click();
	await question.getByRole('button', { name: 'Ja, verwijderen' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'is verwijderd' })).toHaveText(
		'‘OPP_Verwijdertest_060126 kopie.pdf’ is verwijderd.'
	);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('1 Bijlage');
	await expect(list.getByText('OPP_Verwijdertest_060126 kopie.pdf')).toHaveCount(0);
	await expect(list.getByRole('listitem')).toHaveCount(1);
	await expect(list.getByRole('listitem')).toContainText('OPP_Verwijdertest_060126.pdf');
	const [row] = await db()<{ removedAt: Date | null }[]>`
		select removed_at from bijlage where id = ${copy!.id}`;
	expect(row!.removedAt).not.toBeNull();

	// The removed file's link: the app's own page says it was removed.
	const gone = await page.goto(`/bijlagen/${copy!.id}`);
	expect(gone!.status()).toBe(410);
	await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
	await expect(page.getByText(/Deze bijlage is verwijderd op /)).toBeVisible();
	await expect(page.getByRole('link', { name: /startpagina/i })).toBeVisible();

	// The hulpvraag counts one.
	await page.goto(`/hulpvragen/${id}`);
	await expect(page.getByRole('link', { name: /1 Bijlage/ })).toBeVisible();

	// The SCP sees the bijlage but did not add it: no button, and a forged post is refused.
	const scp = await browser.newContext({ baseURL, locale: 'nl-NL' });
	try {
		const nora = await scp.newPage();
		await loginAs(nora, 'PO2806', 'nora.yilmaz');
		await nora.goto(`/hulpvragen/${id}/bijlagen`);
		await expect(nora.getByRole('heading', { level: 1 })).toHaveText('1 Bijlage');
		await expect(nora.getByRole('link', { name: /^Verwijderen/ })).toHaveCount(0);
		const [original] = await db()<{ id: string }[]>`
			select id from bijlage where hulpvraag_id = ${id} and removed_at is null`;
		await nora.goto(`/hulpvragen/${id}/bijlagen?verwijderen=${original!.id}`);
		await expect(nora.getByRole('button', { name: 'Ja, verwijderen' })).toHaveCount(0);
		const forged = await nora.request.post(`/hulpvragen/${id}/bijlagen?/verwijderen`, {
			form: { bijlage: original!.id },
			headers: { origin: baseURL }
		});
		expect(await forged.text()).toContain('U kunt deze bijlage niet verwijderen.');
		const [still] = await db()<{ removedAt: Date | null }[]>`
			select removed_at from bijlage where id = ${original!.id}`;
		expect(still!.removedAt).toBeNull();
	} finally {
		await scp.close();
	}
});

test('the file-name search filters on the server, and removal works without JavaScript', async ({
	browser
}) => {
	const id = await newHulpvraag();
	await page.goto(`/hulpvragen/${id}/bijlagen`);
	await upload([
		pdf('Groeidocument 2026-01-06.pdf', 'Groeidocument'),
		pdf('OPP_Verwijdertest_2026.pdf', 'OPP'),
		pdf('Verslag logopedie.pdf', 'Logopedie')
	]);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('3 Bijlagen');

	const noJs = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		javaScriptEnabled: false,
		storageState: await context.storageState()
	});
	try {
		const plain = await noJs.newPage();
		await plain.goto(`/hulpvragen/${id}/bijlagen`);
		const search = plain.getByRole('search', { name: 'Bijlagen zoeken' });
		await search.getByLabel('Zoeken op bestandsnaam').fill('GROEI');
		await search.getByRole('button', { name: 'Zoeken' }).click();
		await expect(plain).toHaveURL(/zoek=GROEI/);
		await expect(plain.getByText('1 van 3 bijlagen met ‘GROEI’ in de naam')).toBeVisible();
		const list = plain.getByRole('list', { name: 'Bijlagen' });
		await expect(list.getByRole('listitem')).toHaveCount(1);
		await expect(list.getByRole('listitem')).toContainText('Groeidocument 2026-01-06.pdf');

		// The question keeps the search; "Ja" removes without a script.
		await list.getByRole('link', { name: 'Verwijderen Groeidocument 2026-01-06.pdf' }).click();
		await expect(plain).toHaveURL(/zoek=GROEI/);
		await plain.getByRole('button', { name: 'Ja, verwijderen' }).click();
		await expect(plain.getByText('‘Groeidocument 2026-01-06.pdf’ is verwijderd.')).toBeVisible();
		await expect(plain.getByRole('heading', { level: 1 })).toHaveText('2 Bijlagen');

		await plain.goto(`/hulpvragen/${id}/bijlagen?zoek=bestaat-niet`);
		await expect(plain.getByText('Geen bijlagen met ‘bestaat-niet’ in de naam.')).toBeVisible();
		await plain.getByRole('link', { name: 'Alle bijlagen' }).click();
		await expect(plain.getByRole('list', { name: 'Bijlagen' }).getByRole('listitem')).toHaveCount(
			2
		);
	} finally {
		await noJs.close();
	}
});
