/**
 * An overlegronde end to end in Chromium, as the schools' manual of PPO Rotterdam describes
 * it: the IB'er makes a hulpvraag
 * "Informatieuitwisseling overig", sets it to Voorlopige aanmelding (without the SWV), adds a
 * bijlage, starts a besloten overlegronde, adds an existing extern and invites a new
 * person, who activates from the mail with a TOTP code, reads, opens the bijlage and
 * reacts; the others get a mail that does not name the author; after einddatum inzage the
 * extern is told so and asks the owner for more time.
 */
import { expect, test, type Browser } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { minimalPdf } from '../support/files';
import { activate, codeAfter, newPassword } from './support/accounts';
import { db } from './support/db';
import { fillLogin, loginAs } from './support/login';
import { waitForMail } from './support/mail';

async function as(browser: Browser, baseURL: string | undefined, org: string, user: string) {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 390, height: 844 }
	});
	const page = await context.newPage();
	await loginAs(page, org, user);
	return page;
}

const milaMail = 'm.jansen@logopedie-zuid.example.nl';
const lotteMail = 'l.vandam@vuurtoren.example.nl';

test('an overlegronde without the SWV: invite, activate, react, besloten, expire, ask for more time', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const tag = randomBytes(3).toString('hex');
	const achternaam = `Overleg-${tag}`;
	const onderwerp = `Verslag logopedie ${tag}`;
	const school = await as(browser, baseURL, 'PO2806', 'lotte.vandam');

	// The dossier and a hulpvraag "Informatieuitwisseling overig", which the school takes out
	// of the SWV's sight: Voorlopige aanmelding.
	await school.goto('/dossiers/nieuw');
	await school.getByLabel('Roepnaam', { exact: true }).fill('Piet');
	await school.getByLabel('Achternaam', { exact: true }).fill(achternaam);
	await school.getByLabel('Geboortedatum', { exact: true }).fill('2018-05-14');
	await school.getByRole('button', { name: 'Zoeken' }).click();
	await school.getByRole('radio', { name: 'Jongen' }).check();
	await school.getByLabel('Groep').fill('5');
	await school.getByRole('button', { name: 'Dossier aanmaken' }).click();
	await expect(school.getByText('Het dossier is aangemaakt')).toBeVisible();
	const dossierPath = /\/dossiers\/[0-9a-f-]{36}/.exec(school.url())![0];
	await school
		.getByLabel('Titel', { exact: true })
		.selectOption({ label: 'Informatieuitwisseling overig' });
	await school.getByLabel('Omschrijving').fill('verslag tbv logopedie');
	await school.getByRole('button', { name: 'Hulpvraag aanmaken' }).click();
	await expect(
		school.getByText('De hulpvraag is aangemaakt en ingediend bij het samenwerkingsverband.')
	).toBeVisible();
	await expect(school.locator('.work-title .badge')).toHaveText('Aanmelding');
	await school.getByRole('radio', { name: 'Voorlopige aanmelding' }).check();
	await school.getByRole('button', { name: 'Status wijzigen' }).click();
	await expect(school.locator('.work-title .badge')).toHaveText('Voorlopige aanmelding');
	await expect(school.getByRole('region', { name: /^Nog niet ingediend/ })).toBeVisible();
	const hulpvraagPagePath = new URL(school.url()).pathname;
	await school.getByRole('link', { name: /0 Bijlagen/ }).click();
	await school.getByLabel('Bestanden kiezen').setInputFiles({
		name: 'Verslag-logopedie.pdf',
		mimeType: 'application/pdf',
		buffer: minimalPdf('Verslag')
	});
	await school.getByRole('button', { name: 'Uploaden' }).click();
	await expect(school.getByText('Toegevoegd als ‘Verslag-logopedie.pdf’')).toBeVisible();

	// Start the round from the dossier's tab; the form proposes reactions a week earlier.
	await school.goto(dossierPath + '/overlegronde');
	await school.getByRole('link', { name: 'Nieuwe overlegronde toevoegen' }).click();
	const inzage = await school.getByLabel('Einddatum inzage').inputValue();
	const reacties = await school.getByLabel('Einddatum reacties').inputValue();
	expect((new Date(inzage).getTime() - new Date(reacties).getTime()) / 86_400_000).toBe(7);
	await school.getByLabel('Onderwerp').fill(onderwerp);
	// Reactions not before access ends: refused next to the field.
	await school.getByLabel('Einddatum reacties').fill(inzage);
	await school.getByLabel('Besloten').check();
	await school.getByRole('button', { name: 'Overlegronde starten' }).click();
	await expect(school.getByText('moet vóór de einddatum voor inzage liggen')).toBeVisible();
	await school.getByLabel('Einddatum reacties').fill(reacties);
	await school.getByRole('button', { name: 'Overlegronde starten' }).click();
	await expect(school.getByRole('heading', { name: onderwerp })).toBeVisible();
	const roundPath = new URL(school.url()).pathname;

	// The hulpvraag page lists its rounds and offers to start another one there.
	await school.goto(hulpvraagPagePath);
	const rounds = school.getByRole('region', { name: 'Overlegrondes' });
	await expect(rounds.getByRole('link', { name: onderwerp })).toHaveAttribute('href', roundPath);
	await expect(rounds.getByRole('link', { name: 'Overlegronde starten' })).toHaveAttribute(
		'href',
		new RegExp(`/overlegronde/nieuw\\?hulpvraag=${hulpvraagPagePath.split('/')[2]}$`)
	);
	await school.goto(roundPath);

	// An existing extern, found by typing.
	await school.getByLabel('Zoek op naam, e-mailadres of specialisme').fill('logoped');
	await school.getByRole('button', { name: 'Zoeken' }).click();
	await school.getByRole('button', { name: 'Voeg Mila Jansen toe' }).click();
	await expect(school.getByText('De deelnemer is toegevoegd')).toBeVisible();

	// A new person, with the warning about the specialism.
	const email = `arts.${tag}@praktijk.example.nl`;
	const since = new Date(Date.now() - 1000);
	await expect(school.getByText('Noem het kind niet')).toBeVisible();
	await school.getByLabel('Naam', { exact: true }).fill('Eva Arts');
	await school.getByLabel('E-mailadres', { exact: true }).fill(email);
	await school.getByLabel('Specialisme of functie').fill('jeugdarts');
	await school.getByRole('button', { name: 'Uitnodigen' }).click();
	await expect(school.getByText('De nieuwe deelnemer is toegevoegd')).toBeVisible();
	await expect(school.getByRole('button', { name: 'Verwijder Eva Arts' })).toBeVisible();

	// The SWV does not see the round.
	const swv = await as(browser, baseURL, 'PO2806', 'nora.yilmaz');
	expect((await swv.goto(roundPath))!.status()).toBe(404);

	// The new person activates from the mail and lands in "Mijn overlegrondes".
	const invite = await waitForMail(email, `uitnodiging voor overlegronde '${onderwerp}'`, since);
	expect(invite.text).not.toContain(achternaam);
	const eva = await (await browser.newContext({ baseURL, locale: 'nl-NL' })).newPage();
	const activated = await activate(eva, { username: email, email, since });
	await eva.goto('/inloggen');
	await fillLogin(
		eva,
		'PO2806',
		email,
		newPassword,
		await codeAfter(activated.secret, activated.step)
	);
	await expect(eva).toHaveURL(/\/overlegrondes$/);
	await eva.getByRole('link', { name: onderwerp }).click();
	await expect(eva.getByText('Informatieuitwisseling overig')).toBeVisible();
	await expect(eva.getByText('Voorlopige aanmelding')).toBeVisible();
	await expect(eva.getByText('Besloten overlegronde')).toBeVisible();
	await expect(eva.getByText('Mila Jansen')).toHaveCount(0);
	const pdf = eva.getByRole('link', { name: 'Verslag-logopedie.pdf' });
	const response = await eva.request.get((await pdf.getAttribute('href'))!);
	expect(response.status()).toBe(200);

	// A reaction mails the others (without the author's name: besloten), not the author.
	const reacted = new Date(Date.now() - 1000);
	await eva.getByLabel('Uw reactie').fill('Graag een afspraak na de vakantie.');
	await eva.getByRole('button', { name: 'Reactie plaatsen' }).click();
	await expect(eva.getByText('Uw reactie is geplaatst')).toBeVisible();
	const toMila = await waitForMail(milaMail, 'nieuwe reactie', reacted);
	expect(toMila.text).toContain('Een deelnemer heeft gereageerd');
	expect(toMila.text).not.toContain('Eva');
	const toOwner = await waitForMail(lotteMail, 'nieuwe reactie', reacted);
	expect(toOwner.text).toContain('Eva Arts heeft gereageerd');
	const [own] = await db()<{ n: number }[]>`
		select count(*)::int as n from outbox where to_address = ${email} and kind = 'overlegronde.reaction'`;
	expect(own!.n).toBe(0);

	// Mila (extern) lands in her overlegrondes and sees the reaction without its author.
	const mila = await as(browser, baseURL, 'PO2806', 'mila.jansen');
	await expect(mila).toHaveURL(/\/overlegrondes$/);
	await mila.getByRole('link', { name: onderwerp }).click();
	await expect(mila.getByText('Graag een afspraak na de vakantie.')).toBeVisible();
	await expect(mila.getByText('Een deelnemer', { exact: true })).toBeVisible();
	await expect(mila.getByText('Eva Arts')).toHaveCount(0);

	// Access ended: said so, with whom to ask, and the request reaches the owner.
	await db()`
		update overlegronde set einddatum_reacties = current_date - 10, einddatum_inzage = current_date - 3
		where id = ${roundPath.split('/').pop()!}`;
	await mila.goto('/overlegrondes');
	await expect(
		mila.getByText(`Uw toegang tot overlegronde ‘${onderwerp}’ is verlopen op`)
	).toBeVisible();
	await expect(mila.getByText('Vraag Lotte van Dam om verlenging.').first()).toBeVisible();
	await mila.goto(roundPath);
	await expect(mila.getByText('Graag een afspraak na de vakantie.')).toHaveCount(0);
	const asked = new Date(Date.now() - 1000);
	await mila.getByRole('button', { name: 'Vraag Lotte van Dam om verlenging' }).click();
	await expect(mila.getByText('Uw verzoek om verlenging is per e-mail verstuurd.')).toBeVisible();
	const request = await waitForMail(lotteMail, 'verzoek om verlenging', asked);
	expect(request.text).toContain('Mila Jansen vraagt u om de toegang');
	expect(request.text).toContain(roundPath);
});
