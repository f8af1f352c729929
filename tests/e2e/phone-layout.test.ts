/**
 * One-handed on a phone: the navigation leads each role only to what it may use, with
 * labels that are whole words; the pre-school's list starts on the first screen below a
 * folded filter; and after a failed form submit the focus is on the error summary (with
 * and without JavaScript), not on the page body.
 */
import {
	expect,
	test,
	type Browser,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { db } from './support/db';
import { loginAs } from './support/login';

const phoneSize = { width: 390, height: 844 };

async function phone(
	browser: Browser,
	baseURL: string | undefined,
	org: string,
	user: string,
	options: { javaScriptEnabled?: boolean } = {}
) {
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: phoneSize,
		isMobile: true,
		hasTouch: true,
		...options
	});
	const page = await context.newPage();
	if (user) {
		const saved = sessions.get(user);
		if (saved) {
			await context.addCookies(saved.cookies ?? []);
		} else {
			await loginAs(page, org, user);
			sessions.set(user, await context.storageState());
		}
	}
	return page;
}

// One login per account for the whole file (a code works once per 30 seconds).
const sessions = new Map<
	string,
	Exclude<BrowserContextOptions['storageState'], string | undefined>
>();

/** Every visible label of the main navigation: on one line, not cut off, inside the screen. */
async function navLabels(page: Page) {
	return page.getByRole('navigation', { name: 'Hoofdmenu' }).evaluate((nav) =>
		[...nav.querySelectorAll('a, summary')]
			.filter((e) => e.checkVisibility({ contentVisibilityAuto: true }))
			.map((e) => {
				const label = [...e.querySelectorAll('span')].find(
					(s) => getComputedStyle(s).position !== 'absolute' && s.checkVisibility()
				)!;
				const range = document.createRange();
				range.selectNodeContents(label);
				const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
				const box = e.getBoundingClientRect();
				return {
					text: label.textContent!.trim(),
					lines,
					clipped: label.scrollWidth > label.clientWidth + 1 || label.scrollWidth > box.width + 1,
					inside: box.left >= 0 && box.right <= document.documentElement.clientWidth + 0.5
				};
			})
	);
}

test('the navigation shows each role only its parts, in whole words, at 320 px', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	const expected: Record<string, { org: string; bar: string[]; more: string[] }> = {
		'fatima.ouali': { org: 'PO2507', bar: ['Hulpvragen'], more: [] },
		'lotte.vandam': {
			org: 'PO2806',
			bar: ['Hulpvragen', 'Overleg', 'Planning', 'Meer'],
			more: ['Formulieren']
		},
		'nora.yilmaz': {
			org: 'PO2806',
			bar: ['Hulpvragen', 'Overleg', 'Planning', 'Meer'],
			more: ['Formulieren', 'Kengetallen']
		},
		'beheer.femke': {
			org: 'PO2806',
			bar: ['Hulpvragen', 'Overleg', 'Planning', 'Meer'],
			more: ['Formulieren', 'Kengetallen', 'Beheer']
		}
	};
	for (const [username, want] of Object.entries(expected)) {
		const page = await phone(browser, baseURL, want.org, username);
		await page.setViewportSize({ width: 320, height: 640 });
		await page.goto('/hulpvragen');
		const labels = await navLabels(page);
		expect(
			labels.map((l) => l.text),
			username
		).toEqual(want.bar);
		for (const l of labels) {
			expect(l, `${username}: ${l.text}`).toEqual({
				text: l.text,
				lines: 1,
				clipped: false,
				inside: true
			});
		}
		const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
		if (want.more.length > 0) {
			await nav.getByText('Meer').click();
			const more = nav.getByRole('list', { name: 'Meer onderdelen' });
			await expect(more.getByRole('link')).toHaveText(want.more);
		}
		// On a laptop every part is in the bar, with its whole name.
		await page.setViewportSize({ width: 1280, height: 800 });
		const all = [...want.bar.filter((l) => l !== 'Meer'), ...want.more].map((l) =>
			l === 'Overleg' ? 'Overlegrondes' : l
		);
		await expect(nav.getByRole('link', { name: all[0] })).toBeVisible();
		const shown = await nav.getByRole('link').filter({ visible: true }).allInnerTexts();
		expect(shown.map((t) => t.trim())).toEqual(all);
		await page.context().close();
	}
	// A part the role may not use is not there either.
	const fatima = await phone(browser, baseURL, 'PO2507', 'fatima.ouali');
	for (const path of ['/planning', '/formulieren', '/kengetallen', '/beheer']) {
		expect((await fatima.goto(path))!.status(), path).toBe(404);
	}
});

test('the pre-school’s list starts on the first screen; the filter folds away on a phone only', async ({
	browser,
	baseURL
}) => {
	const page = await phone(browser, baseURL, 'PO2507', 'fatima.ouali');
	await page.goto('/hulpvragen');
	const list = page.getByRole('list', { name: 'Hulpvragen' });
	const first = list.getByRole('listitem').first();
	await expect(first).toBeVisible();
	const box = await first.boundingBox();
	expect(box!.y, 'first hulpvraag within the first screen').toBeLessThan(phoneSize.height - 80);
	const search = page.getByRole('search', { name: 'Hulpvragen zoeken en filteren' });
	await expect(search).toBeHidden();
	await page.getByText('Zoeken en filteren').click();
	await expect(search).toBeVisible();
	await search.getByLabel('Zoeken').fill('zzz-niets');
	await search.getByRole('button', { name: 'Zoeken' }).click();
	await expect(page.getByText('Geen hulpvragen gevonden.', { exact: false })).toBeVisible();
	// Folded again after the search, saying a filter is on.
	await expect(page.getByText('1 actief')).toBeVisible();
	await expect(search).toBeHidden();

	// On a laptop the form is simply there.
	await page.setViewportSize({ width: 1280, height: 800 });
	await page.goto('/hulpvragen?filter=1');
	await expect(search).toBeVisible();
	await expect(page.getByText('Zoeken en filteren')).toBeHidden();
});

/** The focused element: the error summary, with the message. */
async function focusedSummary(page: Page) {
	await expect
		.poll(() =>
			page.evaluate(() => {
				const e = document.activeElement;
				return e && e !== document.body && e.getAttribute('role') === 'alert'
					? e.textContent!.trim()
					: null;
			})
		)
		.not.toBeNull();
	return page.evaluate(() => document.activeElement!.textContent!.trim());
}

test('after a failed submit the focus is on the error summary, with and without JavaScript', async ({
	browser,
	baseURL
}) => {
	test.setTimeout(180_000);
	for (const javaScriptEnabled of [true, false]) {
		const anon = await phone(browser, baseURL, 'PO2806', '', { javaScriptEnabled });
		// Login with a wrong password.
		await anon.goto('/inloggen');
		await anon.getByLabel('Organisatie').fill('PO2806');
		await anon.getByLabel('Gebruikersnaam').fill('bestaat.niet');
		await anon.getByLabel('Wachtwoord').fill('verkeerd-wachtwoord');
		await anon.getByLabel('Code', { exact: true }).fill('123456');
		await anon.getByRole('button', { name: 'Inloggen' }).click();
		expect(await focusedSummary(anon)).not.toBe('');
		// Forgotten password, nothing filled in.
		await anon.goto('/wachtwoord-vergeten');
		await anon.getByRole('button', { name: /versturen|Stuur/i }).click();
		expect(await focusedSummary(anon)).toContain('Vul de organisatie in');
		await anon.context().close();
	}

	const lotte = await phone(browser, baseURL, 'PO2806', 'lotte.vandam');
	const [noah] = await db()<{ id: string }[]>`
		select id from dossier where roepnaam = 'Noah' and achternaam = 'Bakker'`;
	// A note without text: the summary takes the focus, and again on a second try.
	await lotte.goto(`/dossiers/${noah!.id}/notities`);
	await lotte.getByRole('button', { name: 'Notitie opslaan' }).click();
	expect(await focusedSummary(lotte)).toContain('Schrijf eerst een notitie.');
	await lotte.getByLabel('Nieuwe notitie').focus();
	await lotte.getByRole('button', { name: 'Notitie opslaan' }).click();
	await expect(lotte.getByRole('alert')).toBeFocused();
	// A new overlegronde without a subject.
	await lotte.goto(`/dossiers/${noah!.id}/overlegronde/nieuw`);
	await lotte.getByRole('radio').first().check();
	// Spaces pass the browser's own check; the server refuses an empty subject.
	await lotte.getByLabel('Onderwerp').fill('   ');
	await lotte.getByRole('button', { name: 'Overlegronde starten' }).click();
	expect(await focusedSummary(lotte)).toContain('Controleer de gemarkeerde velden.');
	await lotte.context().close();

	// Beheer without JavaScript: a new account without roles.
	const femke = await phone(browser, baseURL, 'PO2806', 'beheer.femke');
	const plain = await femke
		.context()
		.browser()!
		.newContext({
			baseURL,
			locale: 'nl-NL',
			viewport: phoneSize,
			javaScriptEnabled: false,
			storageState: await femke.context().storageState()
		})
		.then((c) => c.newPage());
	await plain.goto('/beheer/accounts/nieuw');
	await plain.getByRole('button', { name: 'Account aanmaken' }).click();
	expect(await focusedSummary(plain)).not.toBe('');
	await plain.context().close();
	await femke.context().close();
});
