/**
 * Denied views leave a trace (NEN 7513: attempts count too), through the production routes:
 * an account of the other organisation opening a dossier, hulpvraag or bijlage URL gets
 * 404 and the audit log gets a row like the allowed view's, with result `denied`; reloading
 * within the minute adds no row (the repeats are counted and written when the minute ends).
 *
 * The targets are made fresh with SQL (a dossier of OBS De Vuurtoren with a hulpvraag and
 * a bijlage that reuses a demo blob), so no other test's window of denials interferes.
 */
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { db } from './support/db';
import { loginAs } from './support/login';

const marker = 'Auditspoor-e2e';

interface Row {
	id: string;
	organisationId: string;
	accountId: string;
	targetType: string;
	ipHash: string | null;
	details: Record<string, unknown>;
}

const auditRows = (action: string, targetId: string) =>
	db()<Row[]>`
		select id, organisation_id, account_id, target_type, ip_hash, details from audit_log
		where action = ${action} and target_id = ${targetId} order by id`;

async function ids(org: string, username: string) {
	const [row] = await db()<{ accountId: string; organisationId: string }[]>`
		select a.id as account_id, a.organisation_id from account a
		join organisation o on o.id = a.organisation_id
		where o.code = ${org} and a.username = ${username}`;
	return row!;
}

async function createTarget() {
	const sql = db();
	const lotte = await ids('PO2806', 'lotte.vandam');
	const [refs] = await sql<{ school: string; titel: string; status: string; blob: string }[]>`
		select
			(select id from school where organisation_id = o.id and brin_vestiging = '21XA00') as school,
			(select id from hulpvraag_titel where organisation_id = o.id and name = 'Ambulante Begeleiding') as titel,
			(select id from process_status where organisation_id = o.id and name = 'Aanmelding') as status,
			(select id from bijlage where organisation_id = o.id and mime = 'application/pdf' order by added_at limit 1) as blob
		from organisation o where o.id = ${lotte.organisationId}`;
	const [dossier] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht, created_by)
		values (${lotte.organisationId}, 'Fenna', ${marker}, '2018-04-04', 'v', ${lotte.accountId})
		returning id`;
	await sql`insert into school_period (dossier_id, school_id, groep, start_date)
		values (${dossier!.id}, ${refs!.school}, '4', '2022-09-01')`;
	const [hulpvraag] = await sql<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id, omschrijving, aanvrager_id)
		values (${lotte.organisationId}, ${dossier!.id}, ${refs!.school}, ${refs!.titel}, ${refs!.status},
			'Voor de test van het auditspoor.', ${lotte.accountId}) returning id`;
	await sql`insert into status_change (organisation_id, hulpvraag_id, to_status_id, changed_by)
		values (${lotte.organisationId}, ${hulpvraag!.id}, ${refs!.status}, ${lotte.accountId})`;
	const [bijlage] = await sql<{ id: string }[]>`
		insert into bijlage (organisation_id, hulpvraag_id, sha256, size, mime, original_name, display_name, added_by)
		select organisation_id, ${hulpvraag!.id}, sha256, size, mime, 'Verslag.pdf', 'Verslag.pdf', ${lotte.accountId}
		from bijlage where id = ${refs!.blob} returning id`;
	return { dossierId: dossier!.id, hulpvraagId: hulpvraag!.id, bijlageId: bijlage!.id };
}

test.afterAll(async () => {
	const sql = db();
	const own = await sql<{ id: string }[]>`select id from dossier where achternaam = ${marker}`;
	for (const d of own) {
		await sql`delete from bijlage where hulpvraag_id in (select id from hulpvraag where dossier_id = ${d.id})`;
		await sql`delete from hulpvraag where dossier_id = ${d.id}`;
		await sql`delete from dossier where id = ${d.id}`;
	}
});

test('another organisation opening a dossier, hulpvraag and bijlage URL gets 404, and each attempt is in the audit log as denied', async ({
	page
}) => {
	const target = await createTarget();
	const karin = await ids('PO2507', 'karin.dekker');
	await loginAs(page, 'PO2507', 'karin.dekker');

	const doors = [
		{ url: `/dossiers/${target.dossierId}`, action: 'dossier.view', id: target.dossierId },
		{ url: `/hulpvragen/${target.hulpvraagId}`, action: 'hulpvraag.view', id: target.hulpvraagId },
		{ url: `/bijlagen/${target.bijlageId}`, action: 'bijlage.view', id: target.bijlageId },
		{
			url: `/bijlagen/${target.bijlageId}?download=1`,
			action: 'bijlage.download',
			id: target.bijlageId
		}
	];
	for (const door of doors) {
		const response = await page.request.get(door.url);
		expect(response.status(), door.url).toBe(404);
		expect(await response.text()).not.toContain('Fenna');
		const rows = await auditRows(door.action, door.id);
		expect(rows, door.url).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			organisationId: karin.organisationId,
			accountId: karin.accountId,
			details: { result: 'denied', count: 1 }
		});
		// The client address, hashed, as with every audit row of a request.
		expect(rows[0]!.ipHash).toMatch(/\S/);
	}
	expect((await auditRows('dossier.view', target.dossierId))[0]!.details).toEqual({
		page: 'basisgegevens',
		result: 'denied',
		count: 1
	});

	// The same door again within the minute, also a tab of the dossier: counted, no new row.
	for (let i = 0; i < 5; i++) {
		expect((await page.goto(`/dossiers/${target.dossierId}/notities`))!.status()).toBe(404);
	}
	expect(await auditRows('dossier.view', target.dossierId)).toHaveLength(1);
	const [window] = await db()<{ repeats: number }[]>`
		select repeats from audit_denial
		where account_id = ${karin.accountId} and target_id = ${target.dossierId}`;
	expect(window!.repeats).toBe(5);
});

test('an overlegronde and a parent’s child page that are not there are denied views in the audit log too', async ({
	page
}) => {
	const missing = randomUUID();
	const karin = await ids('PO2507', 'karin.dekker');
	await loginAs(page, 'PO2507', 'karin.dekker');
	expect((await page.request.get(`/overlegrondes/${missing}`)).status()).toBe(404);
	expect(await auditRows('overlegronde.view', missing)).toMatchObject([
		{ accountId: karin.accountId, targetType: 'overlegronde', details: { result: 'denied' } }
	]);

	const tom = await ids('PO2507', 'tom.vanleeuwen');
	await page.context().clearCookies();
	await loginAs(page, 'PO2507', 'tom.vanleeuwen');
	expect((await page.request.get(`/mijn-kind/${missing}`)).status()).toBe(404);
	expect(await auditRows('dossier.view', missing)).toMatchObject([
		{
			accountId: tom.accountId,
			targetType: 'dossier',
			details: { page: 'kind', view: 'ouder', result: 'denied', count: 1 }
		}
	]);
});
