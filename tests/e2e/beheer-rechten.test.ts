/**
 * Beheer → rechten inzien on a laptop: what an account sees and why, who sees a dossier and
 * why, both as CSV as the OpenAPI description says; for an SCP neither exists.
 */
import { expect, test } from '@playwright/test';
import { axeViolations } from './support/axe';
import { db } from './support/db';
import { loginAs } from './support/login';
import { conforms } from './support/openapi';

test('a beheerder sees what an IB’er can open and who can open a dossier, and exports both', async ({
	browser,
	baseURL
}) => {
	const [lotte] = await db()<
		{ id: string }[]
	>`select id from account where username = 'lotte.vandam'`;
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 1280, height: 800 }
	});
	const page = await context.newPage();
	try {
		await loginAs(page, 'PO2806', 'beheer.femke');
		await page.goto(`/beheer/accounts/${lotte!.id}`);
		await page.getByRole('link', { name: 'Rechten inzien' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Wat ziet Lotte van Dam?');
		const table = page.getByRole('region', { name: /Hulpvragen die Lotte van Dam ziet/ });
		await expect(table.getByRole('row').nth(1)).toContainText('eigen school');
		expect(await axeViolations(page)).toEqual([]);

		const csv = await page.request.get(`/beheer/accounts/${lotte!.id}/rechten/export`);
		expect(csv.status()).toBe(200);
		await conforms('get', '/beheer/accounts/{id}/rechten/export', csv);
		const text = await csv.text();
		// A byte order mark first, so Dutch Excel reads it as UTF-8.
		expect(text.split('\r\n')[0]).toBe(
			'\uFEFFKind;Hulpvraag;Status;School;Waarom;Hulpvraag-id;Dossier-id'
		);
		const rows = await table.getByRole('row').count();
		expect(text.trim().split('\r\n')).toHaveLength(rows);

		// A dossier of her school: she is among those who see it.
		const href = await table.getByRole('link').first().getAttribute('href');
		const [h] = await db()<{ dossierId: string }[]>`
			select dossier_id from hulpvraag where id = ${href!.replace('/hulpvragen/', '')}`;
		await page.goto(`/dossiers/${h!.dossierId}`);
		await page.getByRole('link', { name: 'Wie ziet dit dossier?' }).click();
		await expect(page.getByRole('region', { name: 'Accounts die het dossier zien' })).toContainText(
			'Lotte van Dam'
		);
		expect(await axeViolations(page)).toEqual([]);
		const dossierCsv = await page.request.get(`/beheer/dossiers/${h!.dossierId}/toegang/export`);
		await conforms('get', '/beheer/dossiers/{id}/toegang/export', dossierCsv);
		expect(await dossierCsv.text()).toContain('lotte.vandam');
	} finally {
		await context.close();
	}
});

test('for an SCP the rights pages and exports do not exist', async ({ browser, baseURL }) => {
	const [lotte] = await db()<
		{ id: string }[]
	>`select id from account where username = 'lotte.vandam'`;
	const [d] = await db()<{ id: string }[]>`
		select d.id from dossier d join organisation o on o.id = d.organisation_id
		where o.code = 'PO2806' limit 1`;
	const context = await browser.newContext({ baseURL, locale: 'nl-NL' });
	const page = await context.newPage();
	try {
		await loginAs(page, 'PO2806', 'nora.yilmaz');
		for (const path of [
			`/beheer/accounts/${lotte!.id}/rechten`,
			`/beheer/dossiers/${d!.id}/toegang`
		]) {
			expect((await page.request.get(path)).status(), path).toBe(404);
		}
		const account = await page.request.get(`/beheer/accounts/${lotte!.id}/rechten/export`);
		expect(account.status()).toBe(404);
		await conforms('get', '/beheer/accounts/{id}/rechten/export', account);
		const dossier = await page.request.get(`/beheer/dossiers/${d!.id}/toegang/export`);
		expect(dossier.status()).toBe(404);
		await conforms('get', '/beheer/dossiers/{id}/toegang/export', dossier);
	} finally {
		await context.close();
	}
});
