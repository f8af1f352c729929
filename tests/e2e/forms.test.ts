/**
 * Filling a form on a tablet: the IB'er adds a form to a hulpvraag, sees a condition follow
 * her answer, saves her section, gives the directeur write access on the last section (he
 * gets a mail and finds it under Formulieren), he consents, a later change by the IB'er
 * voids his consent visibly, and the form downloads as a PDF with the consent in it.
 */
import { expect, test, type Browser } from '@playwright/test';
import { db } from './support/db';
import { axeViolations } from './support/axe';
import { newVuurtorenHulpvraag } from './support/hulpvragen';
import { loginAs } from './support/login';
import { waitForMail } from './support/mail';

const name = `E2E-aanvraag ${Date.now().toString(36)}`;

const definition = {
	intro: '',
	sections: [
		{
			key: 'aanvraag',
			title: 'De aanvraag',
			help: '',
			writers: { roles: ['ib'], aanvrager: true, coordinator: false },
			readers: { roles: ['scp'], aanvrager: false, coordinator: true },
			grantable: false,
			shareableWithParents: false,
			questions: [
				{
					key: 'naam',
					type: 'prefill',
					prefill: 'naam',
					label: 'Naam',
					help: '',
					required: false,
					options: []
				},
				{
					key: 'reden',
					type: 'textarea',
					label: 'Waarvoor is het budget?',
					help: '',
					required: true,
					options: []
				},
				{
					key: 'thuis',
					type: 'yesno',
					label: 'Zit het kind thuis?',
					help: '',
					required: true,
					options: []
				},
				{
					key: 'sinds',
					type: 'date',
					label: 'Sinds wanneer?',
					help: '',
					required: true,
					options: [],
					showWhen: { question: 'thuis', equals: 'ja' }
				}
			]
		},
		{
			key: 'bevoegd',
			title: 'Instemming bevoegd gezag',
			help: '',
			writers: { roles: [], aanvrager: false, coordinator: false },
			readers: { roles: ['ib'], aanvrager: false, coordinator: false },
			grantable: true,
			shareableWithParents: false,
			questions: [
				{
					key: 'akkoord',
					type: 'approval',
					approval: 'instemming',
					label: 'Instemming directeur',
					help: '',
					required: true,
					options: []
				}
			]
		}
	]
};

async function as(browser: Browser, baseURL: string | undefined, user: string) {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 1024, height: 768 }
	});
	const page = await context.newPage();
	await loginAs(page, 'PO2806', user);
	return page;
}

test.beforeAll(async () => {
	const sql = db();
	const [t] = await sql<{ id: string; org: string }[]>`
		insert into form_template (organisation_id, name)
		select id, ${name} from organisation where code = 'PO2806'
		returning id, organisation_id as org`;
	await sql`
		insert into form_template_version (organisation_id, template_id, version, definition, published_at)
		values (${t!.org}, ${t!.id}, 1, ${sql.json(definition)}, now())`;
});

test.afterAll(async () => {
	await db()`update form_template set active = false where name = ${name}`;
});

test('an IB’er fills a form, the directeur consents, a change voids it, the PDF has it', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	const hulpvraagId = await newVuurtorenHulpvraag('Noor', 'Formulier in de browser');
	const lotte = await as(browser, baseURL, 'lotte.vandam');
	await lotte.goto(`/hulpvragen/${hulpvraagId}`);
	await lotte.getByRole('link', { name: '0 Formulieren' }).click();
	await lotte.getByLabel('Formulier', { exact: true }).selectOption({ label: name });
	await lotte.getByRole('button', { name: 'Toevoegen' }).click();
	await expect(lotte.getByText('Het formulier is toegevoegd.')).toBeVisible();
	const card = lotte.locator('article', { has: lotte.getByRole('heading', { name }) });
	await expect(
		card.getByText('De aanvraag: ‘Waarvoor is het budget?’ is nog niet ingevuld.')
	).toBeVisible();
	expect(await axeViolations(lotte)).toEqual([]);

	// The condition follows the answer as it is given.
	await card.getByRole('radio', { name: 'Ja' }).check();
	await expect(card.getByLabel(/Sinds wanneer\?/)).toBeVisible();
	await card.getByRole('radio', { name: 'Nee' }).check();
	await expect(card.getByLabel(/Sinds wanneer\?/)).toBeHidden();
	await card.getByLabel(/Waarvoor is het budget\?/).fill('Extra begeleiding in de klas');
	await card.getByRole('button', { name: '‘De aanvraag’ opslaan' }).click();
	await expect(card.getByText('Opgeslagen.')).toBeVisible();
	await expect(
		card.getByText('Instemming bevoegd gezag: ‘Instemming directeur’ ontbreekt nog.')
	).toBeVisible();

	const since = new Date();
	await card
		.getByLabel('Schrijfrecht geven aan')
		.selectOption({ label: 'Henk de Groot (Directeur)' });
	await card.getByRole('button', { name: 'Schrijfrecht geven' }).click();
	await expect(card.getByText('Schrijfrecht gegeven; er is een mail verstuurd.')).toBeVisible();
	await expect(card.getByText('Invullers op naam: Henk de Groot')).toBeVisible();
	const mail = await waitForMail(
		'directie@vuurtoren.example.nl',
		`Uw goedkeuring gevraagd: ${name}`,
		since
	);
	expect(mail.text).not.toContain('Noor');

	const henk = await as(browser, baseURL, 'henk.degroot');
	await henk.goto('/formulieren');
	const waiting = henk.getByRole('listitem').filter({ hasText: name });
	await expect(waiting).toContainText('Goedkeuren: Instemming directeur');
	await waiting.getByRole('link', { name }).click();
	const his = henk.locator('article', { has: henk.getByRole('heading', { name }) });
	// The directeur writes only the section he was given: the IB'er's answers are read-only.
	await expect(his.getByRole('button', { name: '‘De aanvraag’ opslaan' })).toHaveCount(0);
	await his.getByRole('button', { name: 'Ik stem in met dit formulier' }).click();
	await expect(
		his.getByText(/Ingestemd door Henk de Groot op .*, versie 1 van het formulier\./)
	).toBeVisible();
	await expect(his.getByText('Dit formulier is compleet.')).toBeVisible();

	const pdf = await henk.request.get(
		`/hulpvragen/${hulpvraagId}/formulieren/${await formId(hulpvraagId)}/pdf`
	);
	expect(pdf.headers()['content-type']).toBe('application/pdf');
	const bytes = await pdf.body();
	expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

	// A change after the consent voids it, visibly.
	await lotte.reload();
	await card.getByLabel(/Waarvoor is het budget\?/).fill('Extra begeleiding, ook op het plein');
	await card.getByRole('button', { name: '‘De aanvraag’ opslaan' }).click();
	await expect(
		card.getByText(/Vervallen: Henk de Groot, .*De antwoorden zijn gewijzigd na de goedkeuring\./)
	).toBeVisible();
	await expect(
		card.getByText('Instemming bevoegd gezag: ‘Instemming directeur’ ontbreekt nog.')
	).toBeVisible();

	// The dossier's Formulier tab shows the same state, and leads back to the form.
	const [row] = await db()<{ dossierId: string }[]>`
		select dossier_id from hulpvraag where id = ${hulpvraagId}`;
	const dossierId = row!.dossierId;
	await lotte.goto(`/dossiers/${dossierId}/formulieren`);
	const tab = lotte.locator('article', { has: lotte.getByRole('link', { name }) });
	await expect(tab).toContainText('Nog 1 punt open.');
	await expect(tab).toContainText('Instemming directeur: nog niet gegeven');
	expect(await axeViolations(lotte)).toEqual([]);
	await lotte.goto(`/dossiers/${dossierId}/advies`);
	await expect(lotte.getByText('Er is (voor u) nog geen advies van een deskundige')).toBeVisible();
});

async function formId(hulpvraagId: string): Promise<string> {
	const [row] = await db()<{ id: string }[]>`
		select id from form where hulpvraag_id = ${hulpvraagId} and detached_at is null`;
	return row!.id;
}

test('the deskundige’s advice shows on the hulpvraag itself, with who gave it', async ({
	browser,
	baseURL
}) => {
	const [row] = await db()<{ id: string }[]>`
		select h.id from hulpvraag h join dossier d on d.id = h.dossier_id
		join form f on f.hulpvraag_id = h.id and f.detached_at is null
		join form_template t on t.id = f.template_id
		where d.roepnaam = 'Jesse' and d.achternaam = 'Verhoeven-Kuijpers' and t.purpose = 'advies'`;
	const lotte = await as(browser, baseURL, 'lotte.vandam');
	await lotte.goto(`/hulpvragen/${row!.id}`);
	const advies = lotte.getByRole('region', { name: 'Advies' });
	await expect(advies).toContainText('Jesse schrijft traag en onleesbaar');
	await expect(advies).toContainText('Toekennen');
	await expect(advies).toContainText(/Laatst ingevuld door Nora Yilmaz op /);
	await advies.getByRole('link', { name: 'Deskundigeadvies' }).click();
	await expect(lotte).toHaveURL(new RegExp(`/hulpvragen/${row!.id}/formulieren#formulier-`));
	await lotte.context().close();
});
