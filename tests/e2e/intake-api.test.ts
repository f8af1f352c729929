/**
 * The intake API against the production build, as a school system calls it: without a
 * browser Origin, authenticated by the verificatiecode. Every answer is checked against the
 * OpenAPI description. A dossier sent with `npm run intake:send` appears in the SCP's
 * overview on a tablet with its bijlage; a cross-site form post anywhere else still gets 403.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { db } from './support/db';
import { loginAs } from './support/login';
import { axeViolations } from './support/axe';
import { conforms } from './support/openapi';
import { demoCode, envelope, kompasDossierXml } from '../support/intake';

const run = promisify(execFile);
const auth = { authorization: `Bearer ${demoCode}` };
const marker = `Intake-e2e-${Date.now()}`;

function post(
	request: APIRequestContext,
	aanvraag: object | undefined,
	dossier: string | Buffer | undefined,
	headers: Record<string, string> = auth
) {
	return request.post('/api/v1/intake', {
		headers,
		multipart: {
			...(aanvraag ? { aanvraag: JSON.stringify(aanvraag) } : {}),
			...(dossier !== undefined
				? {
						dossier: {
							name: 'dossier.xml',
							mimeType: 'application/xml',
							buffer: Buffer.isBuffer(dossier) ? dossier : Buffer.from(dossier)
						}
					}
				: {})
		}
	});
}

test.describe.configure({ mode: 'serial' });

test('without a code, or with a wrong one: 401, audited', async ({ request }) => {
	const none = await post(request, envelope(), kompasDossierXml(), {});
	expect(none.status()).toBe(401);
	await conforms('post', '/api/v1/intake', none);
	const wrong = await post(request, envelope(), kompasDossierXml(), {
		authorization: 'Bearer 21XC00-geen-echte-code-000'
	});
	expect(wrong.status()).toBe(401);
	expect(((await wrong.json()) as { code: string }).code).toBe('code_onbekend');
	await conforms('post', '/api/v1/intake', wrong);
	const status = await request.get(`/api/v1/intake/${randomUUID()}`);
	expect(status.status()).toBe(401);
	await conforms('get', '/api/v1/intake/{hulpvraag}', status);
});

test('broken requests: 415, 422 with the field, 413', async ({ request }) => {
	const plain = await request.post('/api/v1/intake', {
		headers: { ...auth, 'content-type': 'application/json' },
		data: envelope()
	});
	expect(plain.status()).toBe(415);
	await conforms('post', '/api/v1/intake', plain);

	const noDossier = await post(request, envelope({ kenmerk: `${marker}-x` }), undefined);
	expect(noDossier.status()).toBe(422);
	expect(await noDossier.json()).toMatchObject({ code: 'verplicht_ontbreekt', veld: 'dossier' });
	await conforms('post', '/api/v1/intake', noDossier);

	const badField = await post(
		request,
		{ ...envelope(), contactpersoon: { naam: 'X', email: 'geen-adres' } },
		kompasDossierXml()
	);
	expect(badField.status()).toBe(422);
	expect(await badField.json()).toMatchObject({ veld: 'aanvraag.contactpersoon.email' });
	await conforms('post', '/api/v1/intake', badField);

	const notOso = await post(request, envelope(), '<html><body>geen dossier</body></html>');
	expect(notOso.status()).toBe(422);
	await conforms('post', '/api/v1/intake', notOso);

	const tooLarge = await post(
		request,
		envelope(),
		Buffer.concat([Buffer.from(kompasDossierXml()), Buffer.alloc(201 * 1024 * 1024, 0x20)])
	);
	expect(tooLarge.status()).toBe(413);
	expect(((await tooLarge.json()) as { code: string }).code).toBe('te_groot');
	await conforms('post', '/api/v1/intake', tooLarge);
});

test('a dossier sent with intake:send appears for the SCP on a tablet with its bijlage', async ({
	browser,
	baseURL,
	request
}) => {
	const kenmerk = `${marker}-1`;
	const { stdout } = await run(
		process.execPath,
		[
			'node_modules/tsx/dist/cli.mjs',
			'scripts/intake-send.ts',
			'docs/voorbeelden/oso-dossier-kompas.xml',
			'--url',
			baseURL!,
			'--kenmerk',
			kenmerk,
			'--type',
			'Ambulante Begeleiding',
			'--omschrijving',
			marker
		],
		{ encoding: 'utf8' }
	);
	expect(stdout).toMatch(/^201 /);
	const sent = JSON.parse(stdout.slice(stdout.indexOf('\n') + 1)) as {
		hulpvraag: string;
		url: string;
	};
	expect(sent.url).toBe(`${baseURL}/hulpvragen/${sent.hulpvraag}`);

	// A resend of the same kenmerk: the same hulpvraag, nothing added twice.
	const again = await post(
		request,
		envelope({ kenmerk, omschrijving: marker }),
		await readFile('docs/voorbeelden/oso-dossier-kompas.xml')
	);
	expect(again.status()).toBe(200);
	const resent = (await conforms('post', '/api/v1/intake', again)) as {
		hulpvraag: string;
		bijlagen: { toegevoegd: number; alAanwezig: number };
	};
	expect(resent.hulpvraag).toBe(sent.hulpvraag);
	expect(resent.bijlagen).toMatchObject({ toegevoegd: 0, alAanwezig: 1 });

	const status = await request.get(`/api/v1/intake/${sent.hulpvraag}`, { headers: auth });
	expect(status.status()).toBe(200);
	const read = (await conforms('get', '/api/v1/intake/{hulpvraag}', status)) as {
		kenmerk: string;
		geschiedenis: unknown[];
	};
	expect(read.kenmerk).toBe(kenmerk);
	const unknown = await request.get(`/api/v1/intake/${randomUUID()}`, { headers: auth });
	expect(unknown.status()).toBe(404);
	await conforms('get', '/api/v1/intake/{hulpvraag}', unknown);

	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 1024, height: 768 },
		hasTouch: true
	});
	const page = await context.newPage();
	try {
		await loginAs(page, 'PO2806', 'nora.yilmaz');
		await page.goto('/hulpvragen');
		await page.getByRole('searchbox', { name: 'Zoeken' }).fill('Voorbeeld');
		await page.getByRole('searchbox', { name: 'Zoeken' }).press('Enter');
		const row = page
			.getByRole('list', { name: 'Hulpvragen' })
			.getByRole('listitem')
			.filter({ has: page.locator(`a[href="/hulpvragen/${sent.hulpvraag}"]`) });
		await expect(row).toBeVisible();
		await expect(row).toContainText('Ambulante Begeleiding');
		await expect(row).toContainText('Het Kompas');
		await row.locator(`a[href="/hulpvragen/${sent.hulpvraag}"]`).click();
		await page.getByRole('link', { name: /1 Bijlage/ }).click();
		await expect(page.getByRole('list', { name: 'Bijlagen' })).toContainText(/opp-sanne/i);
		// The child's address is secret in the dossier: the SWV sees it, marked as such.
		const [h] = await db()<{ dossierId: string }[]>`
			select dossier_id from hulpvraag where id = ${sent.hulpvraag}`;
		await page.goto(`/dossiers/${h!.dossierId}`);
		await expect(page.getByText('Geheime Laan')).toBeVisible();
		await expect(page.getByText('Geheim adres', { exact: true })).toBeVisible();
		// The TLV the school's system sent, on the dossier's TLV tab.
		await page.goto(`/dossiers/${h!.dossierId}/tlv`);
		await expect(page.getByRole('region', { name: 'Volgens het schoolsysteem' })).toContainText(
			'TLV-2026-0001'
		);
	} finally {
		await context.close();
	}
	// The school that sent it does not see the secret address; the page says why.
	const school = await browser.newContext({ baseURL, locale: 'nl-NL' });
	const ib = await school.newPage();
	try {
		await loginAs(ib, 'PO2806', 'rachid.elamrani');
		const [h] = await db()<{ dossierId: string }[]>`
			select dossier_id from hulpvraag where id = ${sent.hulpvraag}`;
		await ib.goto(`/dossiers/${h!.dossierId}`);
		await expect(ib.getByText(/alleen zichtbaar voor het samenwerkingsverband/)).toBeVisible();
		await expect(ib.locator('body')).not.toContainText('Geheime Laan');
		await ib.goto(`/dossiers/${h!.dossierId}?wijzigen=1`);
		await expect(ib.locator('#adres-geheim')).toBeVisible();
		expect(await ib.content()).not.toContain('Geheime Laan');
	} finally {
		await school.close();
	}
});

test('an unknown type waits under Titel kiezen until the SCP chooses the title', async ({
	browser,
	baseURL,
	request
}) => {
	const type = `Arrangement e2e ${Date.now()}`;
	const response = await post(
		request,
		envelope({ kenmerk: `${marker}-t`, aanvraagtype: type }),
		kompasDossierXml({ achternaam: 'Titeltest' })
	);
	expect(response.status()).toBe(201);
	const sent = (await conforms('post', '/api/v1/intake', response)) as {
		hulpvraag: string;
		waarschuwingen: string[];
	};
	expect(sent.waarschuwingen.join(' ')).toMatch(/kent het samenwerkingsverband niet/);
	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 1024, height: 768 }
	});
	const page = await context.newPage();
	try {
		await loginAs(page, 'PO2806', 'nora.yilmaz');
		await page.goto('/hulpvragen');
		const queue = page.getByRole('region', { name: /Titel kiezen/ });
		await queue.getByRole('link', { name: `‘${type}’` }).click();
		await expect(page).toHaveURL(new RegExp(`/hulpvragen/${sent.hulpvraag}$`));
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Titel onbekend');
		// The title choice and what the school system sent, readable by everyone.
		await expect(page.getByRole('region', { name: 'Uit het schoolsysteem' })).toContainText(type);
		expect(await axeViolations(page)).toEqual([]);
		await page
			.getByLabel('Titel', { exact: true })
			.selectOption({ label: 'Ambulante Begeleiding' });
		await page.getByRole('button', { name: 'Titel opslaan' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'De titel is nu' })).toContainText(
			'Ambulante Begeleiding'
		);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ambulante Begeleiding');
		await page.goto('/hulpvragen');
		await expect(page.getByRole('link', { name: `‘${type}’` })).toHaveCount(0);
	} finally {
		await context.close();
	}
	// Remembered: the same type now gets the title at once.
	const again = await post(
		request,
		envelope({ kenmerk: `${marker}-t2`, aanvraagtype: type }),
		kompasDossierXml({ achternaam: 'Titeltest' })
	);
	expect(((await again.json()) as { waarschuwingen: string[] }).waarschuwingen).toEqual([]);
});

test('a paused koppeling answers 403; entering it again resumes', async ({ request }) => {
	const sql = db();
	await sql`update intake_koppeling set paused_at = now() where label = 'Demo-schoolsysteem'`;
	try {
		const paused = await post(request, envelope({ kenmerk: `${marker}-p` }), kompasDossierXml());
		expect(paused.status()).toBe(403);
		expect(((await paused.json()) as { code: string }).code).toBe('koppeling_gepauzeerd');
		await conforms('post', '/api/v1/intake', paused);
	} finally {
		await sql`update intake_koppeling set paused_at = null where label = 'Demo-schoolsysteem'`;
	}
	const wrongSchool = await post(
		request,
		envelope({ kenmerk: `${marker}-s`, brin: '21XD' }),
		kompasDossierXml()
	);
	expect(wrongSchool.status()).toBe(403);
	await conforms('post', '/api/v1/intake', wrongSchool);
});

test('the intake needs no Origin; a cross-site form post elsewhere still gets 403', async ({
	request
}) => {
	const evil = { origin: 'https://aanvaller.example' };
	const intake = await post(request, envelope(), kompasDossierXml(), evil);
	// Refused for the missing code, not by the origin check.
	expect(intake.status()).toBe(401);
	for (const path of ['/inloggen', '/hulpvragen', '/wachtwoord-vergeten']) {
		const form = await request.post(path, {
			headers: evil,
			multipart: { organisatie: 'PO2806', gebruikersnaam: 'x', wachtwoord: 'y' }
		});
		expect(form.status(), path).toBe(403);
		const noOrigin = await request.post(path, {
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			data: 'a=b'
		});
		expect(noOrigin.status(), path).toBe(403);
	}
});
