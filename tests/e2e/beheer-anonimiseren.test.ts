/**
 * Anonymising a dossier on a laptop, as a beheerder: only after confirming, and afterwards
 * the child's name is gone from its pages. On a dossier of its own (sent through the intake
 * API), never a shared demo dossier.
 */
import { expect, test } from '@playwright/test';
import { axeViolations } from './support/axe';
import { db } from './support/db';
import { loginAs } from './support/login';
import { demoCode, envelope, kompasDossierXml } from '../support/intake';

test('a beheerder anonymises a dossier after confirming; an SCP cannot', async ({
	browser,
	baseURL,
	request
}) => {
	const achternaam = `Vergeten${Date.now()}`;
	const sent = await request.post('/api/v1/intake', {
		headers: { authorization: `Bearer ${demoCode}` },
		multipart: {
			aanvraag: JSON.stringify(envelope({ kenmerk: `anon-${achternaam}` })),
			dossier: {
				name: 'dossier.xml',
				mimeType: 'application/xml',
				buffer: Buffer.from(kompasDossierXml({ achternaam }))
			}
		}
	});
	expect(sent.status()).toBe(201);
	const { hulpvraag } = (await sent.json()) as { hulpvraag: string };
	const [h] = await db()<
		{ dossierId: string }[]
	>`select dossier_id from hulpvraag where id = ${hulpvraag}`;

	const scp = await browser.newContext({ baseURL, locale: 'nl-NL' });
	const nora = await scp.newPage();
	try {
		await loginAs(nora, 'PO2806', 'nora.yilmaz');
		expect((await nora.request.get(`/beheer/dossiers/${h!.dossierId}/anonimiseren`)).status()).toBe(
			404
		);
		const post = await nora.request.post(`/beheer/dossiers/${h!.dossierId}/anonimiseren?/dossier`, {
			headers: { origin: new URL(baseURL!).origin },
			form: { zeker: 'on', hulpvraag: '' }
		});
		expect(post.status()).toBe(404);
	} finally {
		await scp.close();
	}

	const context = await browser.newContext({
		baseURL,
		locale: 'nl-NL',
		viewport: { width: 1280, height: 800 }
	});
	const page = await context.newPage();
	try {
		await loginAs(page, 'PO2806', 'beheer.femke');
		await page.goto(`/dossiers/${h!.dossierId}`);
		await expect(page.getByText(achternaam).first()).toBeVisible();
		await page.getByRole('link', { name: 'Anonimiseren' }).click();
		expect(await axeViolations(page)).toEqual([]);
		const whole = page.getByRole('region', { name: /Het hele dossier/ });
		await whole.getByRole('button', { name: 'Dossier anonimiseren' }).click();
		await expect(
			page.getByText('Vink aan dat u begrijpt dat dit niet ongedaan kan worden.')
		).toBeVisible();
		await page
			.getByRole('region', { name: /Het hele dossier/ })
			.getByLabel('Ik begrijp dat dit niet ongedaan kan worden')
			.check();
		await page
			.getByRole('region', { name: /Het hele dossier/ })
			.getByRole('button', { name: 'Dossier anonimiseren' })
			.click();
		await expect(page.getByRole('status')).toHaveText('Het dossier is geanonimiseerd.');
		await page.goto(`/dossiers/${h!.dossierId}`);
		expect(await page.content()).not.toContain(achternaam);
		await expect(page.getByText('Geanonimiseerd').first()).toBeVisible();
	} finally {
		await context.close();
	}
});
