/**
 * The TLV in Chromium: the TLV-administratie of the SWV records a TLV on a hulpvraag in
 * "TLV_3_in behandeling" on the dossier's TLV tab (a mistake first: the einddatum before the
 * ingangsdatum, refused in Dutch); the automation sets "TLV afgegeven"; the school reads the
 * TLV but gets no form; the parent reads it on Mijn kind in plain words, on a phone.
 */
import { expect, test, type Browser } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { db } from './support/db';
import { loginAs } from './support/login';

async function as(
	browser: Browser,
	baseURL: string | undefined,
	user: string,
	viewport = { width: 1024, height: 768 }
) {
	const context = await browser.newContext({ baseURL, locale: 'nl-NL', viewport });
	const page = await context.newPage();
	await loginAs(page, 'PO2806', user);
	return page;
}

/** A fresh dossier of De Vuurtoren with a TLV request in TLV_3_in behandeling; Sanne is the parent. */
async function tlvRequest(): Promise<{ dossierId: string; hulpvraagId: string }> {
	const sql = db();
	const [ids] = await sql<
		{ org: string; school: string; lotte: string; titel: string; status: string }[]
	>`
		select o.id as org, s.id as school, a.id as lotte, t.id as titel, p.id as status
		from organisation o
		join school s on s.organisation_id = o.id and s.brin_vestiging = '21XA00'
		join account a on a.organisation_id = o.id and a.username = 'lotte.vandam'
		join hulpvraag_titel t on t.organisation_id = o.id and t.name = 'TLV-aanvraag (IJsselmonde)'
		join process_status p on p.organisation_id = o.id and p.name = 'TLV_3_in behandeling'
		where o.code = 'PO2806'`;
	const [dossier] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht, created_by)
		values (${ids!.org}, 'Tim', ${'Tlvkind-' + randomBytes(3).toString('hex')}, '2017-03-14', 'm',
			${ids!.lotte})
		returning id`;
	await sql`insert into school_period (dossier_id, school_id, groep, start_date)
		values (${dossier!.id}, ${ids!.school}, '5', '2021-08-23')`;
	await sql`insert into dossier_parent_email (dossier_id, email)
		values (${dossier!.id}, 'sanne.bakker@example.com')`;
	const [h] = await sql<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id, aanvrager_id)
		values (${ids!.org}, ${dossier!.id}, ${ids!.school}, ${ids!.titel}, ${ids!.status}, ${ids!.lotte})
		returning id`;
	return { dossierId: dossier!.id, hulpvraagId: h!.id };
}

test('the SWV records a TLV, the status follows, and the parent reads it in plain words', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const { dossierId, hulpvraagId } = await tlvRequest();
	try {
		const anouk = await as(browser, baseURL, 'anouk.smit');
		await anouk.goto(`/dossiers/${dossierId}`);
		await anouk
			.getByRole('navigation', { name: 'Onderdelen van het dossier' })
			.getByRole('link', { name: 'TLV', exact: true })
			.click();
		await expect(anouk).toHaveURL(`/dossiers/${dossierId}/tlv`);
		await expect(anouk.getByText('Geen TLV bij deze hulpvraag.')).toBeVisible();

		await anouk.getByLabel('TLV-nummer van het samenwerkingsverband').fill('TLV-E2E-0001');
		await anouk.getByLabel('Soort onderwijs').selectOption({ label: 'Speciaal onderwijs (SO)' });
		await anouk.getByLabel('Categorie').selectOption({ label: 'Categorie 2 (midden)' });
		await anouk.getByLabel('Ingangsdatum').fill('2026-08-01');
		await anouk.getByLabel('Einddatum').fill('2026-07-01');
		await anouk.getByRole('button', { name: 'TLV opslaan' }).click();
		await expect(anouk.getByRole('alert')).toContainText(
			'De TLV is niet opgeslagen: De einddatum ligt vóór de ingangsdatum.'
		);
		// What was typed stays.
		await expect(anouk.getByLabel('TLV-nummer van het samenwerkingsverband')).toHaveValue(
			'TLV-E2E-0001'
		);
		await anouk.getByLabel('Einddatum').fill('2028-07-31');
		await anouk.getByRole('button', { name: 'TLV opslaan' }).click();
		await expect(anouk.getByRole('status')).toContainText('De TLV is opgeslagen.');
		const card = anouk.getByRole('list', { name: /TLV bij/ }).getByRole('listitem');
		await expect(card).toContainText('TLV TLV-E2E-0001');
		await expect(card).toContainText('Categorie 2 (midden)');
		await expect(card).toContainText('1 augustus 2026 tot en met 31 juli 2028');
		await expect(anouk.locator(`#tlv-${hulpvraagId}`)).toContainText('TLV afgegeven');

		await anouk.goto(`/hulpvragen/${hulpvraagId}`);
		await expect(anouk.locator('.work-title .badge')).toHaveText('TLV afgegeven');

		// The active TLVs of the organisation list it; it does not end this school year.
		await anouk.goto('/tlvs');
		const active = anouk.getByRole('list', { name: 'Actieve TLV’s' }).getByRole('listitem');
		await expect(active.filter({ hasText: 'TLV-E2E-0001' })).toBeVisible();
		await expect(active.filter({ hasText: 'TLV-E2E-0001' })).not.toContainText('Loopt af');

		// An aanpak, then a change to it.
		await anouk.goto(`/dossiers/${dossierId}/aanpak`);
		await anouk.getByLabel('Soort aanpak').selectOption('Plaatsing');
		await anouk.getByLabel('Startdatum').fill('2026-08-24');
		await anouk.getByLabel('Budget in euro’s').fill('veel');
		await anouk.getByRole('button', { name: 'Aanpak opslaan' }).click();
		await expect(anouk.getByRole('alert')).toContainText('Vul een bedrag in euro’s in');
		await anouk.getByLabel('Budget in euro’s').fill('');
		await anouk.getByLabel('Behandelaar').fill('SBO De Horizon');
		await anouk.getByRole('button', { name: 'Aanpak opslaan' }).click();
		await expect(anouk.getByRole('status')).toContainText('De aanpak is opgeslagen.');
		await anouk.getByRole('link', { name: /Wijzigen\s*: Plaatsing/ }).click();
		await anouk.getByLabel('Evaluatiedatum').fill('2027-01-11');
		await anouk.getByRole('button', { name: 'Wijziging opslaan' }).click();
		await expect(anouk.getByRole('status')).toContainText(
			'De wijziging van de aanpak is opgeslagen.'
		);
		await expect(anouk.getByRole('list', { name: /Aanpak bij/ })).toContainText('11 januari 2027');

		// The school reads it, and may not record one.
		const lotte = await as(browser, baseURL, 'lotte.vandam');
		await lotte.goto(`/dossiers/${dossierId}/tlv`);
		await expect(lotte.getByText('TLV TLV-E2E-0001')).toBeVisible();
		await expect(lotte.getByRole('button', { name: 'TLV opslaan' })).toHaveCount(0);
		await expect(lotte.getByRole('button', { name: /TLV archiveren/ })).toHaveCount(0);

		const sanne = await as(browser, baseURL, 'sanne.bakker', { width: 390, height: 844 });
		await sanne.goto(`/mijn-kind/${dossierId}`);
		await expect(
			sanne.getByText(
				'Uw kind mag naar het speciaal onderwijs (SO) van 1 augustus 2026 tot en met 31 juli 2028. Dit heet een toelaatbaarheidsverklaring (TLV).'
			)
		).toBeVisible();
		await expect(sanne.getByText('TLV-E2E-0001')).toHaveCount(0);
		await expect(sanne.getByText('Categorie 2')).toHaveCount(0);
	} finally {
		// Other tests read Sanne's children: this one is hers only for this test.
		await db()`delete from dossier_parent_email where dossier_id = ${dossierId}`;
	}
});
