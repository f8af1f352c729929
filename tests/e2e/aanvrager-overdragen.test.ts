/**
 * A personeelswissel in the browser: the directeur hands all open hulpvragen of the IB'er
 * who left to the new IB'er in one step; an IB'er hands one hulpvraag to a colleague.
 * The test makes its own accounts and dossier at OBS De Vuurtoren and removes them again.
 */
import { expect, test } from '@playwright/test';
import { db } from './support/db';
import { loginAs } from './support/login';
import { waitForMail } from './support/mail';

const marker = 'Overdrachttest-e2e';

interface Setup {
	leaving: { id: string; email: string };
	arriving: { id: string; email: string };
	open: string[];
	final: string;
}

async function cleanUp() {
	const sql = db();
	const dossiers = await sql<{ id: string }[]>`select id from dossier where achternaam = ${marker}`;
	for (const d of dossiers) {
		await sql`delete from hulpvraag where dossier_id = ${d.id}`;
		await sql`delete from dossier where id = ${d.id}`;
	}
	const accounts = await sql<{ id: string }[]>`
		select id from account where username like 'test.overdracht.%'`;
	for (const a of accounts) {
		await sql`delete from account_school where account_id = ${a.id}`;
		await sql`delete from account where id = ${a.id}`;
	}
}

async function setUp(): Promise<Setup> {
	await cleanUp();
	const sql = db();
	const [ids] = await sql<{ org: string; school: string; titel: string; lotte: string }[]>`
		select o.id as org,
			(select id from school where organisation_id = o.id and brin_vestiging = '21XA00') as school,
			(select id from hulpvraag_titel where organisation_id = o.id and name = 'Ambulante Begeleiding') as titel,
			(select id from account where organisation_id = o.id and username = 'lotte.vandam') as lotte
		from organisation o where o.code = 'PO2806'`;
	const account = async (name: string, display: string, state: string) => {
		const username = `test.overdracht.${name}`;
		const [row] = await sql<{ id: string; email: string }[]>`
			insert into account (organisation_id, username, email, display_name, roles, state)
			values (${ids!.org}, ${username}, ${username + '@vuurtoren.example.nl'}, ${display}, ${['ib']}, ${state})
			returning id, email`;
		await sql`insert into account_school (account_id, school_id) values (${row!.id}, ${ids!.school})`;
		return row!;
	};
	// The IB'er who left (deactivated) and the one who came.
	const leaving = await account('weg', 'Wendy Vertrek', 'deactivated');
	const arriving = await account('nieuw', 'Nadia Nieuw', 'active');
	const [dossier] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht, created_by)
		values (${ids!.org}, 'Otto', ${marker}, '2017-04-04', 'm', ${ids!.lotte}) returning id`;
	await sql`insert into school_period (dossier_id, school_id, groep, start_date)
		values (${dossier!.id}, ${ids!.school}, '5', '2021-09-01')`;
	const hulpvraag = async (status: string, aanvrager: string) => {
		const [row] = await sql<{ id: string }[]>`
			insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id, aanvrager_id)
			select ${ids!.org}, ${dossier!.id}, ${ids!.school}, ${ids!.titel}, s.id, ${aanvrager}
			from process_status s where s.organisation_id = ${ids!.org} and s.name = ${status}
			returning id`;
		await sql`insert into status_change (organisation_id, hulpvraag_id, to_status_id, changed_by)
			select organisation_id, id, status_id, ${aanvrager} from hulpvraag where id = ${row!.id}`;
		return row!.id;
	};
	const open = [
		await hulpvraag('Aanmelding', leaving.id),
		await hulpvraag('In behandeling', leaving.id)
	];
	const final = await hulpvraag('Afgerond', leaving.id);
	return { leaving, arriving, open, final };
}

async function aanvragers(ids: string[]): Promise<(string | null)[]> {
	const rows = await db()<{ id: string; aanvragerId: string | null }[]>`
		select id, aanvrager_id from hulpvraag where id = any(${ids}::uuid[])`;
	return ids.map((id) => rows.find((r) => r.id === id)!.aanvragerId);
}

let setup: Setup;

test.describe('Handing hulpvragen over to another aanvrager', () => {
	test.beforeAll(async () => {
		setup = await setUp();
	});

	test.afterAll(async () => {
		await cleanUp();
	});

	test('Beheer shows that an IB’er who left is still the aanvrager, and leads to the handover', async ({
		page
	}) => {
		await loginAs(page, 'PO2806', 'beheer.femke');
		await page.goto(`/beheer/accounts/${setup.leaving.id}`);
		await expect(page.getByRole('note')).toContainText(
			'Wendy Vertrek is aanvrager van open hulpvragen'
		);
		await expect(page.getByRole('note')).toContainText('OBS De Vuurtoren: 2 open hulpvragen');
		await page.getByRole('link', { name: 'Overdragen (OBS De Vuurtoren)' }).click();
		await expect(page.getByRole('heading', { name: 'OBS De Vuurtoren' })).toBeVisible();
		await expect(page.getByLabel('Huidige aanvrager')).toHaveValue(setup.leaving.id);
		// A beheerder chooses among all schools of the organisation.
		await expect(page.getByLabel('School').locator('option')).toHaveCount(6);
	});

	test('the directeur hands all open hulpvragen of the IB’er who left to the new one', async ({
		page
	}) => {
		const since = new Date();
		await loginAs(page, 'PO2806', 'henk.degroot');
		await page.goto('/hulpvragen');
		await page.getByRole('link', { name: 'Hulpvragen overdragen' }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hulpvragen overdragen');
		// Henk is directeur of one school: no school to choose.
		await expect(page.getByRole('heading', { name: 'OBS De Vuurtoren' })).toBeVisible();
		const from = page.getByLabel('Huidige aanvrager');
		await expect(from.locator('option', { hasText: 'Wendy Vertrek' })).toHaveText(
			'Wendy Vertrek — 2 open hulpvragen (gedeactiveerd)'
		);
		// Only active IB'ers and directeuren of the school can take over.
		const to = page.getByLabel('Nieuwe aanvrager');
		await expect(to.locator('option', { hasText: 'Wendy Vertrek' })).toHaveCount(0);
		await expect(to.locator('option', { hasText: 'Rachid' })).toHaveCount(0);
		await from.selectOption({ label: 'Wendy Vertrek — 2 open hulpvragen (gedeactiveerd)' });
		await to.selectOption({ label: 'Nadia Nieuw' });
		await page.getByRole('button', { name: 'Open hulpvragen overdragen' }).click();
		await expect(page.getByRole('status')).toContainText(
			'2 hulpvragen zijn overgedragen aan Nadia Nieuw.'
		);
		expect(await aanvragers(setup.open)).toEqual([setup.arriving.id, setup.arriving.id]);
		expect(await aanvragers([setup.final])).toEqual([setup.leaving.id]);
		const audit = await db()`select 1 from audit_log where action = 'hulpvraag.aanvrager.handover'
			and target_id = any(${setup.open}::text[])`;
		expect(audit).toHaveLength(2);
		const mail = await waitForMail(
			setup.arriving.email,
			'U bent aanvrager van 2 hulpvragen van OBS De Vuurtoren',
			since
		);
		for (const id of setup.open) expect(mail.text).toContain(`/hulpvragen/${id}`);
		expect(mail.text).not.toContain(marker);

		// The hulpvraag page names the new aanvrager.
		await page.goto(`/hulpvragen/${setup.open[0]}`);
		await expect(page.locator('.facts')).toContainText('Nadia Nieuw');
	});

	test('an IB’er hands one hulpvraag to a colleague, without JavaScript too', async ({
		browser,
		baseURL
	}) => {
		const context = await browser.newContext({ baseURL, javaScriptEnabled: false });
		const page = await context.newPage();
		await loginAs(page, 'PO2806', 'lotte.vandam');
		await page.goto(`/hulpvragen/${setup.open[1]}`);
		await page.getByLabel('Nieuwe aanvrager').selectOption({ label: 'Henk de Groot' });
		await page.getByRole('button', { name: 'Aanvrager wijzigen' }).click();
		await expect(page.getByRole('status')).toContainText(
			'Henk de Groot is nu de aanvrager en krijgt de e-mails over de status.'
		);
		const [henk] = await db()<{ id: string }[]>`
			select id from account where username = 'henk.degroot'`;
		expect(await aanvragers([setup.open[1]!])).toEqual([henk!.id]);
		// An IB'er hands over one at a time; the page for a whole school is not hers.
		const r = await page.request.get('/hulpvragen/overdragen', { failOnStatusCode: false });
		expect(r.status()).toBe(404);
		await context.close();
	});
});
