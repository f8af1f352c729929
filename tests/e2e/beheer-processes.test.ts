import { expect, test, type Browser, type Page } from '@playwright/test';
import { db } from './support/db';
import { loginAs } from './support/login';

// These tests share the demo database with every other browser test: they only change a
// status and a title they create themselves, and delete both again.

async function newPage(browser: Browser, baseURL: string | undefined, javaScript = true) {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		javaScriptEnabled: javaScript
	});
	return context.newPage();
}

function status(page: Page) {
	return page.locator('#inhoud').getByRole('status');
}

async function statusId(code: string, name: string): Promise<string> {
	const [row] = await db()<{ id: string }[]>`
		select s.id from process_status s join organisation o on o.id = s.organisation_id
		where o.code = ${code} and s.name = ${name}`;
	return row!.id;
}

async function titelId(code: string, name: string): Promise<string> {
	const [row] = await db()<{ id: string }[]>`
		select t.id from hulpvraag_titel t join organisation o on o.id = t.organisation_id
		where o.code = ${code} and t.name = ${name}`;
	return row!.id;
}

/** What an intruder must not be able to change in PO2806's process. */
async function snapshot() {
	const [row] = await db()`
		select
			(select count(*)::int from process_status s join organisation o on o.id = s.organisation_id
				where o.code = 'PO2806') as statuses,
			(select count(*)::int from hulpvraag_titel t join organisation o on o.id = t.organisation_id
				where o.code = 'PO2806') as titels,
			(select count(*)::int from process_transition p join organisation o on o.id = p.organisation_id
				where o.code = 'PO2806') as transitions,
			(select string_agg(a.id::text || a.active::text, ',' order by a.id) from process_automation a
				join organisation o on o.id = a.organisation_id where o.code = 'PO2806') as automations,
			(select string_agg(s.name || s.parent_text || s.active::text, ',' order by s.id)
				from process_status s join organisation o on o.id = s.organisation_id
				where o.code = 'PO2806') as texts`;
	return row;
}

test.describe('Beheer → Processen as a beheerder', () => {
	test.describe.configure({ mode: 'serial' });
	let page: Page;
	const name = `E2E-status ${Date.now().toString(36)}`;

	test.beforeAll(async ({ browser, baseURL }) => {
		page = await newPage(browser, baseURL);
		await loginAs(page, 'PO2806', 'beheer.femke');
	});

	test.afterAll(async () => {
		// Whatever happened above, the shared demo process is left as it was.
		const ids = await db()<{ id: string }[]>`select id from process_status where name = ${name}`;
		for (const { id } of ids) {
			await db()`delete from process_automation where status_id = ${id} or target_status_id = ${id}`;
			await db()`delete from process_transition where from_status_id = ${id} or to_status_id = ${id}`;
			await db()`delete from process_status where id = ${id}`;
		}
		await page.context().close();
	});

	test('lists statuses, titles and automations', async () => {
		await page.goto('/beheer');
		await page.getByRole('link', { name: /Processen/ }).click();
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Processen');
		const statuses = page.getByRole('list', { name: 'Statussen' });
		const voorlopig = statuses.getByRole('listitem').filter({
			has: page.getByRole('link', { name: 'Voorlopige aanmelding', exact: true })
		});
		await expect(voorlopig.getByText('voorlopig', { exact: true })).toBeVisible();
		await expect(voorlopig).toContainText('Daarna mag: Aanmelding');
		const titels = page.getByRole('list', { name: 'Titels' });
		await expect(
			titels.getByRole('listitem').filter({ hasText: 'TLV-aanvraag (IJsselmonde)' })
		).toContainText('Alleen voor: IJsselmonde');
		await expect(page.getByRole('list', { name: 'Automatiseringen' })).toContainText(
			'Ondersteuningsbudget → begint in OB voorlopige aanvraag'
		);
	});

	test('adds a status, edits its parent text and adds a following status', async () => {
		await page.goto('/beheer/processen');
		await page.getByRole('link', { name: 'Nieuwe status' }).click();
		await page.getByRole('button', { name: 'Status toevoegen' }).click();
		await expect(page.getByText('Vul de naam van de status in.')).toBeVisible();

		await page.getByLabel('Naam', { exact: true }).fill(name);
		await page.getByLabel('Uitleg voor ouders en school').fill('Er wordt nog even gewacht.');
		await page.getByLabel('Schoolcontactpersoon (SCP)').check();
		const follow = page.getByRole('group', { name: 'Statussen die hierna mogen volgen' });
		await follow.getByLabel('Afgerond', { exact: true }).check();
		await page.getByRole('button', { name: 'Status toevoegen' }).click();
		await expect(page).toHaveURL(/\/beheer\/processen\/statussen\/[0-9a-f-]{36}/);
		await expect(status(page)).toHaveText('De status is toegevoegd.');

		await page
			.getByLabel('Uitleg voor ouders en school')
			.fill('We wachten op het verslag van de observatie.');
		// What the school must do: on the hulpvraag and in the mail, never in its omschrijving.
		const instruction = page.getByLabel('Instructie voor de school: wat moet de school nu doen?');
		await expect(page.locator('#instructie-hint')).toContainText(
			'De omschrijving van de school blijft zoals de school hem schreef.'
		);
		await instruction.fill('Stuur het observatieverslag mee als bijlage.');
		await follow.getByLabel('Toegekend', { exact: true }).check();
		await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
		await expect(status(page)).toHaveText('De status is opgeslagen.');
		await expect(page.getByLabel('Uitleg voor ouders en school')).toHaveValue(
			'We wachten op het verslag van de observatie.'
		);
		await expect(follow.getByLabel('Toegekend', { exact: true })).toBeChecked();

		await page.reload();
		await expect(page.getByLabel('Uitleg voor ouders en school')).toHaveValue(
			'We wachten op het verslag van de observatie.'
		);
		await page.goto('/beheer/processen');
		const item = page
			.getByRole('list', { name: 'Statussen' })
			.getByRole('listitem')
			.filter({ has: page.getByRole('link', { name, exact: true }) });
		await expect(item).toContainText('Daarna mag: Toegekend, Afgerond');
		await expect(item).toContainText(
			'Instructie voor de school (bovenaan de hulpvraag en in de e-mail): Stuur het observatieverslag mee als bijlage.'
		);
		await expect(item).toContainText('Wie zet hem: Schoolcontactpersoon (SCP)');

		const [row] = await db()<{ id: string }[]>`select id from process_status where name = ${name}`;
		const audit = await db()<{ action: string }[]>`
			select action from audit_log where target_id = ${row!.id} order by id`;
		expect(audit.map((a) => a.action)).toEqual([
			'process.status.create',
			'process.transition.add',
			'process.status.update',
			'process.transition.add'
		]);
	});

	test('adds an automation for the status, switches it off and deletes it', async () => {
		await page.goto('/beheer/processen');
		await page.getByRole('link', { name: 'Nieuwe automatisering' }).click();
		// The omschrijving is the school's: no automation writes it; the page says where the
		// instruction for the school goes instead.
		await expect(page.getByRole('region', { name: 'Omschrijving bij status' })).toHaveCount(0);
		await expect(page.getByText('is geen automatisering')).toContainText(
			'instructie voor de school'
		);
		const form = page.getByRole('region', { name: 'Coördinator bij status' });
		await form.getByRole('button', { name: /Toevoegen/ }).click();
		await expect(form.getByText('Kies een status uit de lijst.')).toBeVisible();
		await form.getByLabel('Status').selectOption({ label: name });
		await form.getByLabel('Coördinator').selectOption({ label: 'Pieter Verbeek' });
		await form.getByRole('button', { name: /Toevoegen/ }).click();
		await expect(page).toHaveURL(/\/beheer\/processen#automatiseringen/);
		const item = page
			.getByRole('list', { name: 'Automatiseringen' })
			.getByRole('listitem')
			.filter({ hasText: `In ${name} wordt Pieter Verbeek coördinator` });
		await expect(item).toHaveCount(1);

		// While an automation uses it, the status cannot be deleted.
		await page.getByRole('link', { name, exact: true }).click();
		await page.getByText('Status verwijderen…').click();
		await page.getByRole('button', { name: 'Ja, verwijder deze status' }).click();
		await expect(page.getByRole('alert')).toContainText('Een automatisering gebruikt deze status');

		await page.goto('/beheer/processen');
		await item.getByRole('button', { name: /^Uitzetten/ }).click();
		await expect(status(page)).toHaveText('De automatisering staat uit.');
		await expect(item.getByText('uit', { exact: true })).toBeVisible();
		await item.getByRole('button', { name: /^Verwijderen/ }).click();
		await expect(status(page)).toHaveText('De automatisering is verwijderd.');
		await expect(item).toHaveCount(0);
	});

	test('deletes the unused status again', async () => {
		await page.goto('/beheer/processen');
		await page.getByRole('link', { name, exact: true }).click();
		await page.getByText('Status verwijderen…').click();
		await page.getByRole('button', { name: 'Ja, verwijder deze status' }).click();
		await expect(page).toHaveURL(/\/beheer\/processen\?verwijderd=status/);
		await expect(status(page)).toHaveText('De status is verwijderd.');
		await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
	});

	test('fits a phone screen', async () => {
		await page.setViewportSize({ width: 360, height: 740 });
		for (const path of [
			'/beheer/processen',
			'/beheer/processen/statussen/nieuw',
			'/beheer/processen/titels/nieuw',
			'/beheer/processen/automatiseringen/nieuw'
		]) {
			await page.goto(path);
			const overflow = await page.evaluate(
				() => document.documentElement.scrollWidth - document.documentElement.clientWidth
			);
			expect(overflow, path).toBeLessThanOrEqual(0);
		}
	});
});

test('a beheerder without JavaScript adds and deletes a title, and finds nothing of another organisation', async ({
	browser,
	baseURL
}) => {
	const page = await newPage(browser, baseURL, false);
	const titel = `E2E-titel ${Date.now().toString(36)}`;
	try {
		await loginAs(page, 'PO2507', 'beheer.joost');
		await page.goto('/beheer/processen/titels/nieuw');
		await page.getByLabel('Naam', { exact: true }).fill(titel);
		await page.getByRole('button', { name: 'Titel toevoegen' }).click();
		await expect(status(page)).toHaveText('De titel is toegevoegd.');
		await page.getByText('Titel verwijderen…').click();
		await page.getByRole('button', { name: 'Ja, verwijder deze titel' }).click();
		await expect(status(page)).toHaveText('De titel is verwijderd.');

		await page.goto('/beheer/processen');
		await expect(page.getByRole('link', { name: 'JK bijlagen toegevoegd' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'TLV-aanvraag (IJsselmonde)' })).toHaveCount(0);

		const before = await snapshot();
		const rotterdamStatus = await statusId('PO2806', 'Aanmelding');
		const rotterdamTitel = await titelId('PO2806', 'KANS');
		for (const path of [
			`/beheer/processen/statussen/${rotterdamStatus}`,
			`/beheer/processen/titels/${rotterdamTitel}`
		]) {
			expect((await page.goto(path))!.status(), path).toBe(404);
		}
		const [automation] = await db()<{ id: string }[]>`
			select a.id from process_automation a join organisation o on o.id = a.organisation_id
			where o.code = 'PO2806' limit 1`;
		for (const [path, body] of [
			[`/beheer/processen/statussen/${rotterdamStatus}?/opslaan`, 'naam=Gekaapt&volgorde=1'],
			[`/beheer/processen/statussen/${rotterdamStatus}?/verwijderen`, ''],
			[`/beheer/processen/titels/${rotterdamTitel}?/opslaan`, 'naam=Gekaapt&volgorde=1'],
			[`/beheer/processen/titels/${rotterdamTitel}?/verwijderen`, ''],
			['/beheer/processen?/uitzetten', `id=${automation!.id}`],
			['/beheer/processen?/verwijderen', `id=${automation!.id}`]
		] as const) {
			const post = await page.request.post(path, {
				headers: { origin: baseURL!, 'content-type': 'application/x-www-form-urlencoded' },
				data: body
			});
			expect(post.status(), path).toBe(404);
		}
		expect(await snapshot()).toEqual(before);
	} finally {
		await db()`delete from hulpvraag_titel where name = ${titel}`;
		await page.context().close();
	}
});

test.describe('Beheer → Processen for everyone else', () => {
	const others = [
		['lotte.vandam', 'ib'],
		['nora.yilmaz', 'scp'],
		['pieter.verbeek', 'coordinator'],
		['mila.jansen', 'extern']
	] as const;

	async function posts(page: Page, baseURL: string) {
		const target = await statusId('PO2806', 'Aanmelding');
		const titel = await titelId('PO2806', 'KANS');
		const [automation] = await db()<{ id: string }[]>`
			select a.id from process_automation a join organisation o on o.id = a.organisation_id
			where o.code = 'PO2806' limit 1`;
		const statuses: number[] = [];
		for (const [path, body] of [
			[`/beheer/processen/statussen/${target}?/opslaan`, 'naam=Gekaapt&volgorde=1'],
			[`/beheer/processen/statussen/${target}?/verwijderen`, ''],
			['/beheer/processen/statussen/nieuw', 'naam=Indringer&volgorde=1&actief=on'],
			[`/beheer/processen/titels/${titel}?/opslaan`, 'naam=Gekaapt&volgorde=1'],
			['/beheer/processen/titels/nieuw', 'naam=Indringer&volgorde=1&actief=on'],
			['/beheer/processen?/uitzetten', `id=${automation!.id}`],
			[
				'/beheer/processen/automatiseringen/nieuw',
				`soort=coordinator_from_status&status=${target}&coordinator=${automation!.id}`
			]
		] as const) {
			const post = await page.request.post(path, {
				headers: { origin: baseURL, 'content-type': 'application/x-www-form-urlencoded' },
				data: body,
				maxRedirects: 0
			});
			statuses.push(post.status());
		}
		return statuses;
	}

	for (const [username, role] of others) {
		test(`${role} (${username}) gets 404 for every Processen page and action`, async ({
			browser,
			baseURL
		}) => {
			const page = await newPage(browser, baseURL);
			await loginAs(page, 'PO2806', username);
			const before = await snapshot();
			const target = await statusId('PO2806', 'Aanmelding');
			const titel = await titelId('PO2806', 'KANS');
			for (const path of [
				'/beheer/processen',
				'/beheer/processen/statussen/nieuw',
				`/beheer/processen/statussen/${target}`,
				'/beheer/processen/titels/nieuw',
				`/beheer/processen/titels/${titel}`,
				'/beheer/processen/automatiseringen/nieuw'
			]) {
				const response = await page.goto(path);
				expect(response!.status(), path).toBe(404);
				await expect(page.getByRole('heading', { level: 1 })).toHaveText(
					'Deze pagina bestaat niet'
				);
			}
			expect(await posts(page, baseURL!)).toEqual([404, 404, 404, 404, 404, 404, 404]);
			expect(await snapshot()).toEqual(before);
			await page.context().close();
		});
	}

	test('a parent is sent to their own area and cannot post', async ({ browser, baseURL }) => {
		const page = await newPage(browser, baseURL);
		await loginAs(page, 'PO2806', 'sanne.bakker');
		const before = await snapshot();
		await page.goto('/beheer/processen');
		await expect(page).toHaveURL(/\/mijn-kind/);
		expect(await posts(page, baseURL!)).toEqual([404, 404, 404, 404, 404, 404, 404]);
		expect(await snapshot()).toEqual(before);
		await page.context().close();
	});
});
