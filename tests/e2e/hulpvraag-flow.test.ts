/**
 * The whole flow for a school user in Chromium: create dossier → an Ondersteuningsbudget
 * hulpvraag, which starts voorlopig and says so at the top, with what to complete and the
 * button that submits it → attachment → submitted, visible to the SWV → SWV sets "Dossier
 * incompleet OB" with a reason → the school gets the mail with the reason and what to do,
 * reads the same at the top of the hulpvraag, adds an attachment and submits again. Along
 * the way: who must not see it (voorlopig for the SWV, another school, another
 * organisation) gets 404. Then the coördinator decides in the Besluit and arranges the
 * budget, and the school's evaluation with "Informeer coördinator" mails him. And a
 * hulpvraag of most titles is submitted when it is made.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { minimalPdf } from '../support/files';
import { loginAs } from './support/login';
import { db } from './support/db';
import { waitForMail } from './support/mail';

async function as(browser: Browser, baseURL: string | undefined, org: string, user: string) {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 1024, height: 768 }
	});
	const page = await context.newPage();
	await loginAs(page, org, user);
	return page;
}

async function statusIs(page: Page, name: string) {
	await expect(page.locator('.work-title .badge')).toHaveText(name);
}

async function changeStatus(page: Page, to: string, reason = '') {
	await page.getByRole('radio', { name: to }).check();
	if (reason) await page.getByRole('textbox', { name: /^Reden/ }).fill(reason);
	await page.getByRole('button', { name: 'Status wijzigen' }).click();
	await expect(page.locator('#inhoud').getByRole('status').first()).toContainText(
		`De status is gewijzigd in ‘${to}’`
	);
}

test('a school asks for help, the SWV finds it incomplete, the school completes it', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const achternaam = `Testkind-${randomBytes(3).toString('hex')}`;
	const school = await as(browser, baseURL, 'PO2806', 'lotte.vandam');

	// Dossier, after the duplicate search.
	await school.goto('/hulpvragen');
	await school.getByRole('link', { name: 'Nieuwe leerling of hulpvraag' }).click();
	await school.getByLabel('Roepnaam', { exact: true }).fill('Sem');
	await school.getByLabel('Achternaam', { exact: true }).fill(achternaam);
	await school.getByLabel('Geboortedatum', { exact: true }).fill('2018-05-14');
	await school.getByRole('button', { name: 'Zoeken' }).click();
	await expect(school.getByRole('heading', { name: 'Geen leerling gevonden' })).toBeVisible();
	await school.getByRole('radio', { name: 'Jongen' }).check();
	await expect(school.getByLabel('School', { exact: true })).toHaveValue(/21XA00/);
	await school.getByLabel('Groep').fill('5');
	// A private mobile number (copied from ParnasSys) gets a warning while typing.
	await school.getByLabel('Telefoon').fill('06 12345678');
	await expect(school.getByText('Dit lijkt een mobiel nummer')).toBeVisible();
	await school.getByLabel('Telefoon').fill('010 1234567');
	await expect(school.getByText('Dit lijkt een mobiel nummer')).toHaveCount(0);
	await school.getByRole('button', { name: 'Dossier aanmaken' }).click();
	await expect(school.getByText('Het dossier is aangemaakt')).toBeVisible();
	const dossierUrl = school.url();

	// The same child again: the duplicate search finds it.
	await school.goto(
		`/dossiers/nieuw?zoek=1&roepnaam=Sem&achternaam=${achternaam}&geboortedatum=2018-05-14`
	);
	await expect(school.getByRole('link', { name: `Sem ${achternaam}` })).toBeVisible();
	await school.goto(dossierUrl);

	// Hulpvraag: IJsselmonde sees its own TLV title, never the "TLV -…" ones.
	const titles = await school
		.getByLabel('Titel', { exact: true })
		.locator('option')
		.allTextContents();
	expect(titles).toContain('TLV-aanvraag (IJsselmonde)');
	expect(titles.filter((t) => t.startsWith('TLV -'))).toEqual([]);
	const omschrijving = 'Budget voor een onderwijsassistent in de schrijflessen.';
	await school.getByLabel('Titel', { exact: true }).selectOption({ label: 'Ondersteuningsbudget' });
	await school.getByLabel('Omschrijving').fill(omschrijving);
	await school.getByRole('button', { name: 'Hulpvraag aanmaken' }).click();
	await expect(
		school.getByText('De hulpvraag is aangemaakt, maar nog niet ingediend.')
	).toBeVisible();
	await statusIs(school, 'OB voorlopige aanvraag');
	const hulpvraagUrl = new URL(school.url());
	const hulpvraagPath = hulpvraagUrl.pathname;

	// At the top, in words: the SWV cannot see it yet, what to complete, and the button that
	// submits it.
	const notYet = school.getByRole('region', { name: /^Nog niet ingediend/ });
	await expect(notYet).toContainText('het samenwerkingsverband ziet deze hulpvraag niet');
	await expect(notYet.getByRole('heading', { name: 'Wat moet u nu doen?' })).toBeVisible();
	await expect(notYet).toContainText('voeg het OPP toe aan de bijlagen');
	const submit = notYet.getByRole('button', { name: 'Indienen: OB aanvraag indienen' });
	await expect(submit).toBeVisible();
	const facts = school.locator('dl.facts');
	expect((await submit.boundingBox())!.y).toBeLessThan((await facts.boundingBox())!.y);

	// Voorlopig: the SWV does not see it yet, nor does another school or organisation.
	const swv = await as(browser, baseURL, 'PO2806', 'nora.yilmaz');
	expect((await swv.goto(hulpvraagPath))!.status()).toBe(404);
	const otherSchool = await as(browser, baseURL, 'PO2806', 'rachid.elamrani');
	expect((await otherSchool.goto(hulpvraagPath))!.status()).toBe(404);
	const otherOrg = await as(browser, baseURL, 'PO2507', 'karin.dekker');
	expect((await otherOrg.goto(hulpvraagPath))!.status()).toBe(404);
	expect((await otherOrg.goto(new URL(dossierUrl).pathname))!.status()).toBe(404);

	// An attachment, then submit to the SWV.
	await school.getByRole('link', { name: /0 Bijlagen/ }).click();
	await school.getByLabel('Bestanden kiezen').setInputFiles({
		name: 'Groeidocument.pdf',
		mimeType: 'application/pdf',
		buffer: minimalPdf('Groeidocument')
	});
	await school.getByRole('button', { name: 'Uploaden' }).click();
	await expect(school.getByText('Toegevoegd als ‘Groeidocument.pdf’')).toBeVisible();
	await expect(school.getByRole('heading', { name: '1 Bijlage' })).toBeVisible();
	await school.goto(hulpvraagPath);
	// The title attached the form Aanvraag Ondersteuningsbudget; submitting waits for it, and
	// the refusal names exactly what is missing, with links to it.
	await submit.click();
	const missing = school.locator('#formulieren-nodig');
	await expect(missing).toContainText(
		'‘Aanvraag Ondersteuningsbudget’, Onderwijsbehoeften en doelen: vul ‘Wat heeft de leerling nodig?’ in.'
	);
	await expect(missing).toContainText(
		'‘Het bevoegd gezag stemt in met deze aanvraag’ ontbreekt nog.'
	);
	await missing.getByRole('link', { name: /Wat heeft de leerling nodig/ }).click();
	const ob = school.locator('article', {
		has: school.getByRole('heading', { name: 'Aanvraag Ondersteuningsbudget' })
	});
	await ob.getByLabel(/Wat heeft de leerling nodig\?/).fill('Een vaste begeleider bij overgangen.');
	await ob.getByLabel(/Welke doelen/).fill('Zelfstandig werken in blokken van 20 minuten.');
	await ob.getByRole('button', { name: '‘Onderwijsbehoeften en doelen’ opslaan' }).click();
	await expect(ob.getByText('Opgeslagen.')).toBeVisible();
	await ob.getByLabel(/Aantal uren per week/).fill('4');
	await ob.getByLabel(/^Van/).fill('2026-09-01');
	await ob.getByLabel(/^Tot en met/).fill('2027-07-09');
	await ob.getByRole('radio', { name: 'Ja' }).check();
	await ob.getByLabel(/Het OPP/).selectOption({ label: 'Groeidocument.pdf' });
	await ob.getByRole('button', { name: '‘Het budget’ opslaan' }).click();
	await expect(ob.getByText('Opgeslagen.')).toBeVisible();
	// "Typ de naam van uw directeur in en selecteer diens account": he gets write access.
	await ob
		.getByLabel('Schrijfrecht geven aan')
		.selectOption({ label: 'Henk de Groot (Directeur)' });
	await ob.getByRole('button', { name: 'Schrijfrecht geven' }).click();
	await expect(ob.getByText('Invullers op naam: Henk de Groot')).toBeVisible();
	const directeur = await as(browser, baseURL, 'PO2806', 'henk.degroot');
	// It waits for him under Formulieren, which leads to this hulpvraag's forms.
	await directeur.goto('/formulieren');
	await directeur.locator(`a[href^="${hulpvraagPath}/formulieren"]`).click();
	await expect(directeur).toHaveURL(new RegExp(`${hulpvraagPath}/formulieren`));
	await directeur.getByRole('button', { name: 'Ik stem in met dit formulier' }).click();
	await expect(directeur.getByText(/^Ingestemd door Henk de Groot op /)).toBeVisible();

	await school.goto(hulpvraagPath);
	await submit.click();
	await expect(school.locator('#inhoud').getByRole('status').first()).toContainText(
		'De status is gewijzigd in ‘OB aanvraag indienen’'
	);
	await statusIs(school, 'OB aanvraag indienen');
	await expect(school.getByRole('region', { name: /^Nog niet ingediend/ })).toHaveCount(0);

	// Now the SWV sees it in its overview and on its page.
	await swv.goto('/hulpvragen?filter=1&q=' + achternaam);
	await swv.getByRole('link', { name: `Sem ${achternaam}` }).click();
	await statusIs(swv, 'OB aanvraag indienen');
	await expect(swv.getByRole('link', { name: /1 Bijlage/ })).toBeVisible();
	// A budget goes to "gearrangeerd budget", never "Toegekend"; only the coördinator decides.
	await expect(swv.getByRole('radio', { name: 'Toegekend' })).toHaveCount(0);
	await expect(swv.getByRole('radio', { name: 'Gearrangeerd budget' })).toHaveCount(0);

	// Dossier incompleet OB needs a reason.
	const since = new Date(Date.now() - 1000);
	await swv.getByRole('radio', { name: 'Dossier incompleet OB' }).check();
	await expect(swv.getByRole('textbox', { name: 'Reden' })).toHaveAttribute('required', '');
	await changeStatus(swv, 'Dossier incompleet OB', 'Het OPP ontbreekt nog.');
	// The SWV reads what the school must do.
	await expect(swv.getByRole('region', { name: 'Wat de school nu moet doen' })).toContainText(
		'opnieuw ‘OB aanvraag indienen’'
	);

	// The school (the aanvrager) gets the mail with the reason and what to do, without the
	// child's name.
	const mail = await waitForMail('l.vandam@vuurtoren.example.nl', 'Dossier incompleet OB', since);
	expect(mail.text).toContain('Het OPP ontbreekt nog.');
	expect(mail.text).toContain('Wat moet u nu doen?');
	expect(mail.text).toContain('Kies daarna opnieuw ‘OB aanvraag indienen’');
	expect(mail.text).toContain(hulpvraagPath);
	expect(mail.text).not.toContain(achternaam);

	// The school reads the same at the top, its own omschrijving untouched, adds the missing
	// document and submits again: back to "OB aanvraag indienen", not "Aanmelding".
	await school.goto(hulpvraagPath);
	await statusIs(school, 'Dossier incompleet OB');
	const todo = school.getByRole('region', { name: 'Wat moet u nu doen?' });
	await expect(todo).toContainText('Voeg de ontbrekende informatie (zie de reden) toe');
	await expect(todo).toContainText('Het OPP ontbreekt nog.');
	await expect(school.locator('dl.facts')).toContainText(omschrijving);
	await expect(
		school.getByRole('region', { name: 'Statushistorie' }).getByText('Het OPP ontbreekt nog.')
	).toBeVisible();
	await expect(school.getByRole('radio')).toHaveCount(1);
	await school.getByRole('link', { name: /1 Bijlage/ }).click();
	await school.getByLabel('Bestanden kiezen').setInputFiles({
		name: 'OPP.pdf',
		mimeType: 'application/pdf',
		buffer: minimalPdf('OPP')
	});
	await school.getByRole('button', { name: 'Uploaden' }).click();
	await expect(school.getByRole('heading', { name: '2 Bijlagen' })).toBeVisible();
	await school.goto(hulpvraagPath);
	await changeStatus(school, 'OB aanvraag indienen');
	await expect(school.getByRole('region', { name: 'Wat moet u nu doen?' })).toHaveCount(0);

	// The history tells who did what, and why.
	const history = school.getByRole('region', { name: 'Statushistorie' });
	await expect(history).toContainText('Dossier incompleet OB');
	await expect(history).toContainText('Het OPP ontbreekt nog.');
	await expect(history).toContainText('Nora Yilmaz');

	// Every read is in the audit log: Nora's view of the hulpvraag, the school's of the dossier.
	const hulpvraagId = hulpvraagPath.split('/')[2]!;
	const views = await db()<{ action: string; username: string }[]>`
		select l.action, a.username from audit_log l join account a on a.id = l.account_id
		where l.target_id in (${hulpvraagId}, ${new URL(dossierUrl).pathname.split('/')[2]!})
			and l.action in ('hulpvraag.view', 'dossier.view')`;
	expect(views).toContainEqual({ action: 'hulpvraag.view', username: 'nora.yilmaz' });
	expect(views).toContainEqual({ action: 'dossier.view', username: 'lotte.vandam' });

	// Submitting made Pieter the coördinator and attached the Besluit: he decides in it, and
	// may arrange the budget only once the Besluit is complete.
	const pieter = await as(browser, baseURL, 'PO2806', 'pieter.verbeek');
	await pieter.goto(hulpvraagPath);
	await expect(pieter.locator('dl.facts')).toContainText('Pieter Verbeek');
	await pieter.getByRole('radio', { name: 'Gearrangeerd budget' }).check();
	await pieter.getByRole('button', { name: 'Status wijzigen' }).click();
	await expect(pieter.locator('#inhoud')).toContainText(
		'‘Gearrangeerd budget’ kan pas als de formulieren compleet zijn.'
	);
	await expect(
		pieter.getByRole('link', {
			name: '‘Besluit aanvraag ondersteuningsbudget’, Besluit: vul ‘Besluit’ in.'
		})
	).toBeVisible();
	await pieter.goto(`${hulpvraagPath}/formulieren`);
	const besluit = pieter.locator('article', {
		has: pieter.getByRole('heading', { name: 'Besluit aanvraag ondersteuningsbudget' })
	});
	await expect(besluit).toContainText('automatisch toegevoegd');
	await besluit.getByRole('radio', { name: 'Toegekend' }).check();
	await besluit.getByLabel(/Motivering/).fill('Het OPP onderbouwt de inzet van een assistent.');
	await besluit.getByLabel(/Toegekend bedrag/).fill('4800');
	await besluit.getByRole('button', { name: '‘Besluit’ opslaan' }).click();
	await expect(besluit.getByText('Dit formulier is compleet.')).toBeVisible();
	await pieter.goto(hulpvraagPath);
	await changeStatus(pieter, 'Gearrangeerd budget');

	// The budget arranged, the school evaluates it; "Informeer coördinator" mails Pieter.
	await school.goto(`${hulpvraagPath}/formulieren`);
	const evaluatie = school.locator('article', {
		has: school.getByRole('heading', { name: 'Evaluatieformulier OB' })
	});
	// The school reads the decision, and cannot change it.
	const decided = school.locator('article', {
		has: school.getByRole('heading', { name: 'Besluit aanvraag ondersteuningsbudget' })
	});
	await expect(decided).toContainText('Het OPP onderbouwt de inzet van een assistent.');
	await expect(decided.getByRole('button', { name: '‘Besluit’ opslaan' })).toHaveCount(0);
	await evaluatie.getByLabel(/Hoe is het budget ingezet\?/).fill('Vier uur assistentie per week.');
	await evaluatie.getByLabel(/Welke doelen zijn bereikt\?/).fill('Sem werkt zelfstandig.');
	const evaluated = new Date();
	await evaluatie
		.getByRole('group', { name: /Informeer coördinator/ })
		.getByRole('radio', { name: 'Ja' })
		.check();
	await evaluatie.getByRole('button', { name: '‘Evaluatie’ opslaan' }).click();
	await expect(evaluatie.getByText('Opgeslagen.')).toBeVisible();
	const told = await waitForMail(
		'p.verbeek@ppo-rotterdam.example.nl',
		'Formulier aangeleverd: Evaluatieformulier OB',
		evaluated
	);
	expect(told.text).not.toContain(achternaam);
});

/** A hulpvraag of lotte.vandam's school in status `status`, made directly in the database. */
async function hulpvraagIn(status: string): Promise<string> {
	const sql = db();
	const [org] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2806'`;
	const [school] = await sql<{ id: string }[]>`
		select id from school where organisation_id = ${org!.id} and brin_vestiging = '21XA00'`;
	const [lotte] = await sql<{ id: string }[]>`
		select id from account where organisation_id = ${org!.id} and username = 'lotte.vandam'`;
	const [d] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht)
		values (${org!.id}, 'Test', ${'Kind-' + randomBytes(3).toString('hex')}, '2017-02-03', 'v')
		returning id`;
	await sql`insert into school_period (dossier_id, school_id) values (${d!.id}, ${school!.id})`;
	const [s] = await sql<{ id: string }[]>`
		select id from process_status where organisation_id = ${org!.id} and name = ${status}`;
	const [t] = await sql<{ id: string }[]>`
		select id from hulpvraag_titel where organisation_id = ${org!.id} and name = 'KANS'`;
	const [h] = await sql<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id, aanvrager_id)
		values (${org!.id}, ${d!.id}, ${school!.id}, ${t!.id}, ${s!.id}, ${lotte!.id}) returning id`;
	await sql`insert into status_change (organisation_id, hulpvraag_id, to_status_id, changed_by)
		values (${org!.id}, ${h!.id}, ${s!.id}, ${lotte!.id})`;
	return h!.id;
}

test('two people change the same hulpvraag at once: the second is told, nothing is lost', async ({
	browser,
	baseURL
}) => {
	const id = await hulpvraagIn('Aanmelding');
	const nora = await as(browser, baseURL, 'PO2806', 'nora.yilmaz');
	const pieter = await as(browser, baseURL, 'PO2806', 'pieter.verbeek');
	await nora.goto(`/hulpvragen/${id}`);
	await pieter.goto(`/hulpvragen/${id}`);
	await changeStatus(nora, 'Dossier compleet');
	// Pieter's page still shows the old version.
	await pieter.getByRole('radio', { name: 'Dossier incompleet' }).check();
	await pieter.getByRole('textbox', { name: /^Reden/ }).fill('Verslag logopedie ontbreekt.');
	await pieter.getByRole('button', { name: 'Status wijzigen' }).click();
	await expect(pieter.getByRole('alert')).toContainText('Iemand anders heeft deze hulpvraag');
	await expect(pieter.getByRole('alert')).toContainText('Dossier compleet');
	// His reason is still in the field, to use again.
	await expect(pieter.getByRole('textbox', { name: /^Reden/ })).toHaveValue(
		'Verslag logopedie ontbreekt.'
	);
	const rows = await db()<{ name: string }[]>`
		select s.name from status_change c join process_status s on s.id = c.to_status_id
		where c.hulpvraag_id = ${id} order by c.id`;
	expect(rows.map((r) => r.name)).toEqual(['Aanmelding', 'Dossier compleet']);
});

test('the aanvrager can switch status mails off and on under Mijn account', async ({
	browser,
	baseURL
}) => {
	const id = await hulpvraagIn('Aanmelding');
	const lotte = await as(browser, baseURL, 'PO2806', 'lotte.vandam');
	await lotte.goto('/account');
	await lotte.getByRole('button', { name: 'Zet e-mail uit' }).click();
	await expect(lotte.getByText('E-mail bij statuswijzigingen staat uit.')).toBeVisible();

	const nora = await as(browser, baseURL, 'PO2806', 'nora.yilmaz');
	await nora.goto(`/hulpvragen/${id}`);
	await changeStatus(nora, 'Dossier compleet');
	const queued = await db()<{ n: number }[]>`
		select count(*)::int as n from outbox o join account a on a.id = o.account_id
		where a.username = 'lotte.vandam' and o.kind = 'hulpvraag.status' and o.text_body like ${'%' + id + '%'}`;
	expect(queued[0]!.n).toBe(0);

	await lotte.reload();
	await lotte.getByRole('button', { name: 'Zet e-mail aan' }).click();
	await expect(lotte.getByText('E-mail bij statuswijzigingen staat aan.')).toBeVisible();
	const since = new Date(Date.now() - 1000);
	await nora.reload();
	await changeStatus(nora, 'Toegekend');
	const mail = await waitForMail('l.vandam@vuurtoren.example.nl', 'Toegekend', since);
	expect(mail.text).toContain(id);
});

test('a hulpvraag of most titles is submitted when it is made: the SWV sees it at once', async ({
	browser,
	baseURL
}) => {
	const sql = db();
	const [row] = await sql<{ dossierId: string }[]>`
		select h.dossier_id from hulpvraag h where h.id = ${await hulpvraagIn('Aanmelding')}`;
	const school = await as(browser, baseURL, 'PO2806', 'lotte.vandam');
	await school.goto(`/dossiers/${row!.dossierId}/hulpvragen`);
	await school
		.getByLabel('Titel', { exact: true })
		.selectOption({ label: 'Ambulante Begeleiding' });
	await school.getByLabel('Omschrijving').fill('Veel onrust in de klas; ondersteuning gevraagd.');
	await school.getByRole('button', { name: 'Hulpvraag aanmaken' }).click();
	await expect(
		school.getByText('De hulpvraag is aangemaakt en ingediend bij het samenwerkingsverband.')
	).toBeVisible();
	await statusIs(school, 'Aanmelding');
	await expect(school.getByRole('region', { name: /^Nog niet ingediend/ })).toHaveCount(0);
	const nora = await as(browser, baseURL, 'PO2806', 'nora.yilmaz');
	expect((await nora.goto(new URL(school.url()).pathname))!.status()).toBe(200);
	await statusIs(nora, 'Aanmelding');

	// An SCP asking an Ondersteuningsbudget for the school: it starts voorlopig, so she is
	// told it is the school's to submit, on the dossier, instead of meeting a 404.
	await nora.goto(`/dossiers/${row!.dossierId}/hulpvragen`);
	await nora.getByLabel('Titel', { exact: true }).selectOption({ label: 'Ondersteuningsbudget' });
	await nora.getByRole('button', { name: 'Hulpvraag aanmaken' }).click();
	await expect(nora).toHaveURL(new RegExp(`/dossiers/${row!.dossierId}/hulpvragen\\?voorlopig=1$`));
	await expect(nora.getByText('Tot dan ziet alleen de school hem, u niet.')).toBeVisible();
	await school.goto(`/dossiers/${row!.dossierId}/hulpvragen`);
	await expect(
		school
			.getByRole('list', { name: 'Hulpvragen van dit dossier' })
			.getByText('OB voorlopige aanvraag')
	).toBeVisible();
});
