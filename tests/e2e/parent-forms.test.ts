/**
 * A form that parents take part in, on the phone: the school fills its part and shares it,
 * asks the parents by mail, the parent reads it on Mijn kind (never the part that is not
 * shared), writes her own part and signs with her account; the school sees the signature. A parent without an account
 * signs with the one-time link and the code from two mails, and the link works once.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { axeViolations } from './support/axe';
import { db } from './support/db';
import { newVuurtorenHulpvraag } from './support/hulpvragen';
import { loginAs } from './support/login';
import { linkIn, waitForMail } from './support/mail';

const name = `E2E-ouderformulier ${Date.now().toString(36)}`;
const sanne = 'sanne.bakker@example.com';

const text = (key: string, label: string, required = true) => ({
	key,
	type: 'textarea',
	label,
	help: '',
	required,
	options: []
});
const definition = {
	intro: '',
	sections: [
		{
			key: 'school',
			title: 'Wat de school ziet',
			help: '',
			writers: { roles: ['ib'], aanvrager: true, coordinator: false },
			readers: { roles: [], aanvrager: false, coordinator: false },
			grantable: false,
			shareableWithParents: true,
			questions: [
				text('gezien', 'Wat ziet de school in de klas?'),
				{
					key: 'opp',
					type: 'bijlage',
					label: 'Het OPP van de school',
					help: '',
					required: false,
					options: []
				}
			]
		},
		{
			key: 'intern',
			title: 'Overwegingen van de school',
			help: '',
			writers: { roles: ['ib'], aanvrager: true, coordinator: false },
			readers: { roles: [], aanvrager: false, coordinator: false },
			grantable: false,
			shareableWithParents: false,
			questions: [text('overweging', 'Interne overweging', false)]
		},
		{
			key: 'ouders',
			title: 'Ouders',
			help: '',
			writers: { roles: ['ouder'], aanvrager: false, coordinator: false },
			readers: { roles: ['ib'], aanvrager: true, coordinator: false },
			grantable: true,
			shareableWithParents: false,
			questions: [
				text('zienswijze', 'Wat vindt u van de aanvraag?', false),
				{
					key: 'handtekening',
					type: 'approval',
					approval: 'ondertekening',
					label: 'Handtekening ouder of verzorger',
					help: '',
					required: true,
					options: []
				}
			]
		}
	]
};

async function open(browser: Browser, baseURL: string | undefined, user: string, phone = false) {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		...(phone
			? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
			: { viewport: { width: 1024, height: 768 } })
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

/** A new hulpvraag of De Vuurtoren whose dossier names `parents`, with the form attached. */
async function hulpvraagWithForm(lotte: Page, roepnaam: string, parents: string[]) {
	const hulpvraagId = await newVuurtorenHulpvraag(roepnaam, 'Formulier met ouders');
	const [row] = await db()<{ dossierId: string }[]>`
		select dossier_id from hulpvraag where id = ${hulpvraagId}`;
	for (const email of parents) {
		await db()`insert into dossier_parent_email (dossier_id, email) values (${row!.dossierId}, ${email})`;
	}
	await lotte.goto(`/hulpvragen/${hulpvraagId}/formulieren`);
	await lotte.getByLabel('Formulier', { exact: true }).selectOption({ label: name });
	await lotte.getByRole('button', { name: 'Toevoegen' }).click();
	await expect(lotte.getByText('Het formulier is toegevoegd.')).toBeVisible();
	return {
		hulpvraagId,
		dossierId: row!.dossierId,
		card: lotte.locator('article', { has: lotte.getByRole('heading', { name }) })
	};
}

test('the school shares its part, the parent reads it on her phone, writes her part and signs', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	const lotte = await open(browser, baseURL, 'lotte.vandam');
	const { hulpvraagId, dossierId, card } = await hulpvraagWithForm(lotte, 'Fenna', [sanne]);
	// A bijlage the parents are not shown, named in the shared part: they never read its name.
	await db()`
		insert into bijlage (organisation_id, hulpvraag_id, sha256, size, mime, original_name, display_name, added_by)
		select h.organisation_id, h.id, ${'a'.repeat(64)}, 10, 'application/pdf', 'Intern-OPP.pdf',
			'Intern-OPP.pdf', h.aanvrager_id
		from hulpvraag h where h.id = ${hulpvraagId}`;
	await lotte.reload();
	await card.getByLabel(/Het OPP van de school/).selectOption({ label: 'Intern-OPP.pdf' });
	await card.getByLabel(/Wat ziet de school in de klas\?/).fill('Fenna leest nog haperend.');
	await card.getByRole('button', { name: '‘Wat de school ziet’ opslaan' }).click();
	await expect(card.getByText('Opgeslagen.')).toBeVisible();
	await card.getByLabel(/Interne overweging/).fill('Alleen voor de school bedoeld.');
	await card.getByRole('button', { name: '‘Overwegingen van de school’ opslaan' }).click();
	await expect(card.getByText('Opgeslagen.')).toBeVisible();
	const school = card.locator('section', {
		has: lotte.getByRole('heading', { name: 'Wat de school ziet' })
	});
	await school.getByRole('button', { name: 'Delen met de ouders' }).click();
	await expect(card.getByText('Gedeeld met de ouders.')).toBeVisible();

	// Sanne has an account: she is asked by mail, and the mail leads to Mijn kind.
	const since = new Date();
	await card.getByRole('button', { name: 'Ouders met een account vragen te ondertekenen' }).click();
	await expect(
		card.getByText('Er is een mail gestuurd aan de ouder met een account.')
	).toBeVisible();
	const asked = await waitForMail(sanne, `Uw handtekening gevraagd: ${name}`, since);
	expect(asked.text).not.toContain('Fenna');
	const link = linkIn(asked, '/mijn-kind/');
	expect(new URL(link).pathname).toBe(`/mijn-kind/${dossierId}/${hulpvraagId}`);

	const parent = await open(browser, baseURL, 'sanne.bakker', true);
	// Mijn kind says first what is asked of her.
	await parent.goto('/mijn-kind');
	await expect(parent.getByRole('region', { name: 'Gevraagd van u' })).toContainText(
		`${name} voor Fenna: uw handtekening is nodig.`
	);
	await parent.goto(new URL(link).pathname + new URL(link).hash);
	const form = parent.locator('article', { has: parent.getByRole('heading', { name }) });
	await expect(form.getByText('Uw handtekening is nodig.', { exact: false })).toBeVisible();
	await expect(form.getByText('Fenna leest nog haperend.')).toBeVisible();
	// The part the school did not share never reaches the parent's page.
	await expect(parent.getByText('Overwegingen van de school')).toHaveCount(0);
	expect(await parent.content()).not.toContain('Alleen voor de school bedoeld.');
	await expect(form.getByText('Een document dat niet met u is gedeeld')).toBeVisible();
	expect(await parent.content()).not.toContain('Intern-OPP.pdf');
	expect(await axeViolations(parent)).toEqual([]);

	await form.getByLabel(/Wat vindt u van de aanvraag\?/).fill('Wij zijn het eens met de school.');
	await form.getByRole('button', { name: 'Antwoorden bewaren' }).click();
	await expect(form.getByText('Uw antwoorden zijn bewaard.')).toBeVisible();
	await form.getByRole('button', { name: 'Ik onderteken dit formulier' }).click();
	await expect(form.getByText('Bedankt. Uw handtekening is gezet.')).toBeVisible();
	await expect(
		form.getByText(/Ondertekend door Sanne Bakker op .*, versie 1 van het formulier\./)
	).toBeVisible();
	await expect(form.getByText('U hoeft er niets mee te doen.', { exact: false })).toBeVisible();
	// The parent's own part is hers to write, the school's is not.
	await expect(form.getByLabel(/Wat ziet de school in de klas\?/)).toHaveCount(0);
	await parent.goto('/mijn-kind');
	await expect(parent.getByRole('link', { name })).toHaveCount(0);

	await lotte.reload();
	await expect(card.getByText(/Ondertekend door Sanne Bakker op /)).toBeVisible();
	await expect(card.getByText('Wij zijn het eens met de school.')).toBeVisible();
	await parent.context().close();
	await lotte.context().close();
});

test('a parent without an account signs with the link and the code, and the link works once', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(90_000);
	const email = `ouder.${Date.now().toString(36)}@example.com`;
	const lotte = await open(browser, baseURL, 'lotte.vandam');
	const { card } = await hulpvraagWithForm(lotte, 'Ravi', [email]);
	// A signature is given on a complete form: the school fills its part first.
	await card.getByLabel(/Wat ziet de school in de klas\?/).fill('Ravi rekent op niveau.');
	await card.getByRole('button', { name: '‘Wat de school ziet’ opslaan' }).click();
	await expect(card.getByText('Opgeslagen.')).toBeVisible();
	const since = new Date();
	await card.getByText('Ouder zonder account: stuur een link om te ondertekenen').click();
	await card.getByLabel('E-mailadres van de ouder').selectOption(email);
	await card.getByLabel('Naam van de ouder').fill('R. Pinas');
	await card.getByRole('button', { name: 'Link en code sturen' }).click();
	await expect(
		card.getByText('De link en de code zijn in twee aparte mails verstuurd.')
	).toBeVisible();
	const linkMail = await waitForMail(email, `Ondertekenen: ${name}`, since);
	const codeMail = await waitForMail(email, `Uw code om te ondertekenen: ${name}`, since);
	const link = linkIn(linkMail, '/ondertekenen/');
	const code = /Uw code is (\d{6})/.exec(codeMail.text)![1]!;
	expect(linkMail.text, 'the code never travels with the link').not.toContain(code);

	const context = await browser.newContext({
		locale: 'nl-NL',
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true
	});
	const phone = await context.newPage();
	await phone.goto(link);
	await expect(phone.getByRole('heading', { level: 1, name })).toBeVisible();
	await expect(phone.getByText('Beste R. Pinas, lees hieronder')).toBeVisible();
	expect(await axeViolations(phone)).toEqual([]);
	await phone.getByLabel('Code uit de tweede mail').fill(code);
	await phone.getByLabel('Ik heb het formulier gelezen en onderteken het als ouder.').check();
	await phone.getByRole('button', { name: 'Ondertekenen' }).click();
	await expect(phone.getByText('U heeft het formulier ondertekend.')).toBeVisible();
	await phone.goto(link);
	await expect(
		phone.getByText('Met deze link is al ondertekend. Hij werkt maar één keer.')
	).toBeVisible();
	await context.close();

	await lotte.reload();
	await expect(
		card.getByText(/Ondertekend door R\. Pinas op .*\(met de link uit de mail\)/)
	).toBeVisible();
	await lotte.context().close();
});
