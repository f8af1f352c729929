import { expect, test, type Locator, type Page } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { readFile } from 'node:fs/promises';
import * as totp from '../../src/lib/server/auth/totp';
import { demoPassword, demoTotpSecret } from '../../src/lib/server/demo/credentials';
import { claimDemoStep, fillLogin } from './support/login';

function newSecret(): string {
	return new OTPAuth.Secret({ size: 20 }).base32;
}

/** "gv3f feu4 …": how the activation page and mails show the key. */
function grouped(secret: string): string {
	return secret.toLowerCase().replace(/(.{4})(?=.)/g, '$1 ');
}

async function open(page: Page, path = '/authenticator') {
	await page.goto(path);
	// Hydrated and the vault opened: the add section only renders then.
	await expect(page.getByRole('heading', { name: 'Code toevoegen' })).toBeVisible();
}

async function openDetails(page: Page, summary: string): Promise<Locator> {
	const details = page.locator('details', {
		has: page.locator(':scope > summary', { hasText: summary })
	});
	if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open))) {
		await details.locator(':scope > summary').click();
	}
	return details;
}

async function addByKey(page: Page, key: string, label: string, issuer = 'Kindkring') {
	const form = await openDetails(page, 'Sleutel overtypen');
	await form.getByLabel('Geheime sleutel').fill(key);
	await form.getByLabel('Naam', { exact: true }).fill(label);
	await form.getByLabel('Uitgever').fill(issuer);
	await form.getByRole('button', { name: 'Toevoegen' }).click();
}

function card(page: Page, label: string): Locator {
	return page.getByRole('button', { name: new RegExp(`^Code .* voor .*${label} kopiëren$`) });
}

async function readCode(locator: Locator): Promise<string> {
	return (await locator.getByTestId('code').textContent())!.replace(/\s/g, '');
}

/** The shown code, checked against otpauth at the moment it was read. */
async function expectServerCode(locator: Locator, secret: string) {
	const before = Date.now();
	const shown = await readCode(locator);
	const after = Date.now();
	expect([totp.generate(secret, before), totp.generate(secret, after)]).toContain(shown);
	return shown;
}

async function serviceWorkerReady(page: Page) {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.reload();
	await expect
		.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null))
		.toBe(true);
}

test.describe('authenticator companion', () => {
	test('is public, says a separate phone is safer, and shows the code otpauth computes', async ({
		page
	}) => {
		await open(page);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Authenticator');
		await expect(page.getByText(/minder veilig dan een authenticator op een aparte/)).toBeVisible();
		await expect(page.getByText('Er staan nog geen codes op dit apparaat.')).toBeVisible();

		const secret = newSecret();
		await addByKey(page, grouped(secret), 'PPO Rotterdam: test.een');
		await expect(page.getByText('"PPO Rotterdam: test.een" is toegevoegd.')).toBeVisible();
		const entry = card(page, 'test.een');
		await expect(entry).toBeVisible();
		await expect(entry.getByTestId('code')).toHaveText(/^\d{3} \d{3}$/);
		await expectServerCode(entry, secret);
	});

	test('refuses keys and links it cannot use, in Dutch', async ({ page }) => {
		await open(page);
		await addByKey(page, 'abcd efgh 0000 1111', 'x');
		await expect(page.getByRole('alert')).toContainText('alleen letters A–Z en cijfers 2–7');
		const form = await openDetails(page, 'Link plakken');
		await form.getByLabel('otpauth-link').fill(`otpauth://hotp/x?secret=${newSecret()}&counter=0`);
		await form.getByRole('button', { name: 'Link lezen' }).click();
		await expect(page.getByRole('alert')).toContainText('Alleen tijdgebaseerde codes (TOTP)');
		await form
			.getByLabel('otpauth-link')
			.fill(`otpauth://totp/x?secret=${newSecret()}&algorithm=MD5`);
		await form.getByRole('button', { name: 'Link lezen' }).click();
		await expect(page.getByRole('alert')).toContainText('SHA1, SHA256 en SHA512');
		await expect(page.getByText('Er staan nog geen codes op dit apparaat.')).toBeVisible();
	});

	test('adds an entry from an otpauth link, and takes the secret out of the address', async ({
		page
	}) => {
		const secret = newSecret();
		const uri = totp.uri(secret, totp.label('PPO Rotterdam', 'link.gebruiker'));
		await page.goto(`/authenticator?uri=${encodeURIComponent(uri)}`);
		await expect(page.getByRole('heading', { name: 'Deze code toevoegen?' })).toBeVisible();
		await expect(page).toHaveURL(/\/authenticator$/);
		await expect(page.getByText('PPO Rotterdam: link.gebruiker')).toBeVisible();
		await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
		await expectServerCode(card(page, 'link.gebruiker'), secret);

		// Pasted, and from the fragment (never sent to the server).
		const second = newSecret();
		const form = await openDetails(page, 'Link plakken');
		await form
			.getByLabel('otpauth-link')
			.fill(`otpauth://totp/ACME:plak%40example.nl?secret=${second}&issuer=ACME`);
		await form.getByRole('button', { name: 'Link lezen' }).click();
		await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
		await expectServerCode(card(page, 'plak@example.nl'), second);

		const third = newSecret();
		await page.goto(
			`/authenticator#uri=${encodeURIComponent(totp.uri(third, 'PPO Rotterdam: hash.gebruiker'))}`
		);
		await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
		await expectServerCode(card(page, 'hash.gebruiker'), third);
		await expect(page).toHaveURL(/\/authenticator$/);
	});

	test('reads a QR code from a picture', async ({ page }, testInfo) => {
		const secret = newSecret();
		const file = testInfo.outputPath('qr.png');
		await QRCode.toFile(file, totp.uri(secret, 'PPO Rotterdam: qr.gebruiker'), { width: 300 });
		await open(page);
		const scan = await openDetails(page, 'QR-code scannen');
		await scan.getByLabel(/foto of schermafbeelding/).setInputFiles(file);
		await page.getByRole('button', { name: 'Toevoegen', exact: true }).click();
		await expectServerCode(card(page, 'qr.gebruiker'), secret);
	});

	test('explains in Dutch when the camera cannot be used', async ({ page }) => {
		await open(page);
		const scan = await openDetails(page, 'QR-code scannen');
		await scan.getByRole('button', { name: 'Camera starten' }).click();
		await expect(scan.getByRole('alert')).toContainText(/camera/i);
	});

	test('copies a code on tap and confirms it', async ({ page, context }) => {
		await context.grantPermissions(['clipboard-read', 'clipboard-write']);
		await open(page);
		const secret = newSecret();
		await addByKey(page, secret, 'kopie.gebruiker');
		const entry = card(page, 'kopie.gebruiker');
		const before = Date.now();
		await entry.click();
		await expect(page.getByText('Gekopieerd', { exact: true })).toBeVisible();
		const confirmation = page.getByRole('status').filter({ hasText: /^Gekopieerd: / });
		await expect(confirmation).toHaveText(/Gekopieerd: \d{3} \d{3}/);
		const after = Date.now();
		// The code of the moment of the tap, also when the step has turned since.
		const copied = await page.evaluate(() => navigator.clipboard.readText());
		expect([totp.generate(secret, before), totp.generate(secret, after)]).toContain(copied);
		expect((await confirmation.textContent())!.replace(/\D/g, '')).toBe(copied);
	});

	test('shows entries for the same account side by side and removes the older one', async ({
		page
	}) => {
		await open(page);
		const older = newSecret();
		const newer = newSecret();
		await addByKey(page, older, 'PPO Rotterdam: dubbel');
		// Scanning the same QR code again adds nothing.
		await addByKey(page, older, 'PPO Rotterdam: dubbel');
		await expect(page.getByText('stond er al; er is niets dubbel toegevoegd')).toBeVisible();
		await expect(card(page, 'dubbel')).toHaveCount(1);
		// A new QR code (a new key) for the same account: a duplicate.
		await addByKey(page, newer, 'ppo rotterdam: Dubbel', 'kindkring');
		const group = page.getByTestId('duplicates');
		await expect(group).toContainText('Deze code staat er 2 keer');
		await expect(group.getByTestId('newest')).toContainText('Nieuwste');
		await expect(group.getByTestId('older')).toContainText('Ouder');
		await expect(group.getByTestId('newest')).toContainText(/Toegevoegd op/);
		const newest = await group.getByTestId('newest').boundingBox();
		const old = await group.getByTestId('older').boundingBox();
		expect(Math.abs(newest!.y - old!.y)).toBeLessThan(5); // side by side, not stacked
		await expectServerCode(group.getByTestId('newest').getByRole('button').first(), newer);
		await expectServerCode(group.getByTestId('older').getByRole('button').first(), older);

		await group.getByRole('button', { name: 'Oudere verwijderen' }).click();
		await expect(page.getByTestId('duplicates')).toHaveCount(0);
		await expect(card(page, 'Dubbel')).toHaveCount(1);
		await expectServerCode(card(page, 'Dubbel'), newer);
		await page.reload();
		await expect(card(page, 'Dubbel')).toHaveCount(1);
	});

	test('stores no secret in plain form anywhere in the browser', async ({ page }) => {
		await open(page);
		const secret = newSecret();
		await addByKey(page, secret, 'PPO Rotterdam: geheim.gebruiker');
		await expect(card(page, 'geheim.gebruiker')).toBeVisible();
		// The page state must survive a reload, so it really is stored.
		await page.reload();
		await expect(card(page, 'geheim.gebruiker')).toBeVisible();

		const raw = Buffer.from(OTPAuth.Secret.fromBase32(secret).bytes);
		const found = await page.evaluate(async () => {
			const dump: string[] = [];
			const keys: { extractable: boolean; exportable: boolean }[] = [];
			const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
			const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
			async function walk(value: unknown): Promise<void> {
				if (value instanceof CryptoKey) {
					let exportable = true;
					await crypto.subtle.exportKey('raw', value).catch(() => (exportable = false));
					keys.push({ extractable: value.extractable, exportable });
				} else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
					const bytes =
						value instanceof ArrayBuffer
							? new Uint8Array(value)
							: new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
					dump.push(hex(bytes), b64(bytes), new TextDecoder('latin1').decode(bytes));
				} else if (typeof value === 'string') {
					dump.push(value);
				} else if (value && typeof value === 'object') {
					for (const [k, v] of Object.entries(value)) {
						dump.push(k);
						await walk(v);
					}
				} else dump.push(String(value));
			}
			for (const info of await indexedDB.databases()) {
				const db = await new Promise<IDBDatabase>((resolve, reject) => {
					const req = indexedDB.open(info.name!);
					req.onsuccess = () => resolve(req.result);
					req.onerror = () => reject(req.error);
				});
				for (const store of db.objectStoreNames) {
					const values = await new Promise<unknown[]>((resolve, reject) => {
						const req = db.transaction(store).objectStore(store).getAll();
						req.onsuccess = () => resolve(req.result);
						req.onerror = () => reject(req.error);
					});
					for (const v of values) await walk(v);
				}
				db.close();
			}
			for (const storage of [localStorage, sessionStorage]) {
				for (let i = 0; i < storage.length; i++) {
					const k = storage.key(i)!;
					dump.push(k, storage.getItem(k)!);
				}
			}
			for (const name of await caches.keys()) {
				const cache = await caches.open(name);
				for (const req of await cache.keys()) {
					dump.push(req.url, (await (await cache.match(req))!.text()).slice(0, 2_000_000));
				}
			}
			return { text: dump.join('\n'), keys };
		});
		expect(found.text.length).toBeGreaterThan(0);
		// The entry is really in there, only encrypted: its label is not readable either.
		expect(found.text.includes('geheim.gebruiker'), 'label in plain text').toBe(false);
		for (const needle of [
			secret,
			secret.toLowerCase(),
			raw.toString('hex'),
			raw.toString('base64'),
			raw.toString('base64').replace(/=+$/, ''),
			raw.toString('latin1')
		]) {
			expect(found.text.includes(needle), needle).toBe(false);
		}
		expect(found.keys.length).toBeGreaterThan(0);
		for (const key of found.keys) expect(key).toEqual({ extractable: false, exportable: false });
	});

	test('a PIN hides the codes until it is entered', async ({ page }) => {
		await open(page);
		const secret = newSecret();
		await addByKey(page, secret, 'pin.gebruiker');
		await expect(card(page, 'pin.gebruiker')).toBeVisible();
		const pinForm = await openDetails(page, 'Pincode instellen');
		await pinForm.getByLabel('Nieuwe pincode').fill('12');
		await pinForm.getByLabel('Pincode nog een keer').fill('12');
		await pinForm.getByRole('button', { name: 'Pincode opslaan' }).click();
		await expect(page.getByRole('alert')).toContainText('4 tot 12 cijfers');
		await pinForm.getByLabel('Nieuwe pincode').fill('482916');
		await pinForm.getByLabel('Pincode nog een keer').fill('482916');
		await pinForm.getByRole('button', { name: 'Pincode opslaan' }).click();
		await expect(page.getByText('De pincode is ingesteld.')).toBeVisible();
		await expect(card(page, 'pin.gebruiker')).toBeVisible();

		await page.getByRole('button', { name: 'Nu vergrendelen' }).click();
		await expect(page.getByRole('heading', { name: 'Vergrendeld' })).toBeVisible();
		await expect(card(page, 'pin.gebruiker')).toHaveCount(0);
		await expect(page.getByTestId('code')).toHaveCount(0);

		await page.reload();
		await expect(page.getByRole('heading', { name: 'Vergrendeld' })).toBeVisible();
		await expect(page.getByTestId('code')).toHaveCount(0);
		await page.getByLabel('Pincode').fill('000000');
		await page.getByRole('button', { name: 'Ontgrendelen' }).click();
		await expect(page.getByRole('alert')).toContainText('Deze pincode klopt niet');
		await expect(page.getByTestId('code')).toHaveCount(0);
		await page.getByLabel('Pincode').fill('482916');
		await page.getByRole('button', { name: 'Ontgrendelen' }).click();
		await expectServerCode(card(page, 'pin.gebruiker'), secret);

		// Headless Chromium has no platform authenticator: device unlock is simply not offered.
		await expect(page.getByText('Ontgrendelen met vingerafdruk')).toHaveCount(0);

		await page.getByRole('button', { name: 'Pincode verwijderen' }).click();
		await expect(page.getByText('De pincode is verwijderd.')).toBeVisible();
		await page.reload();
		await expectServerCode(card(page, 'pin.gebruiker'), secret);
	});

	test('unlocks with the device (WebAuthn PRF) where a platform authenticator exists', async ({
		page,
		context
	}) => {
		// A virtual platform authenticator with user verification and PRF, as on a phone.
		const cdp = await context.newCDPSession(page);
		await cdp.send('WebAuthn.enable');
		const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
			options: {
				protocol: 'ctap2',
				transport: 'internal',
				hasResidentKey: true,
				hasUserVerification: true,
				isUserVerified: true,
				hasPrf: true,
				automaticPresenceSimulation: true
			}
		});
		await open(page);
		const secret = newSecret();
		await addByKey(page, secret, 'apparaat.gebruiker');
		const pinForm = await openDetails(page, 'Pincode instellen');
		await pinForm.getByLabel('Nieuwe pincode').fill('5555');
		await pinForm.getByLabel('Pincode nog een keer').fill('5555');
		await pinForm.getByRole('button', { name: 'Pincode opslaan' }).click();
		await expect(page.getByText('De pincode is ingesteld.')).toBeVisible();

		const enrol = await openDetails(page, 'Ontgrendelen met vingerafdruk, gezicht of schermslot');
		await enrol.getByLabel('Uw pincode').fill('1234');
		await enrol.getByRole('button', { name: 'Aanzetten' }).click();
		await expect(page.getByRole('alert')).toContainText('Deze pincode klopt niet.');
		await enrol.getByLabel('Uw pincode').fill('5555');
		await enrol.getByRole('button', { name: 'Aanzetten' }).click();
		await expect(page.getByText('Ontgrendelen met dit apparaat staat aan.')).toBeVisible();

		await page.reload();
		await expect(page.getByRole('heading', { name: 'Vergrendeld' })).toBeVisible();
		await expect(page.getByTestId('code')).toHaveCount(0);
		await page.getByRole('button', { name: 'Ontgrendelen met dit apparaat' }).click();
		await expectServerCode(card(page, 'apparaat.gebruiker'), secret);

		// A failed user verification unlocks nothing.
		await page.getByRole('button', { name: 'Nu vergrendelen' }).click();
		await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
		await page.getByRole('button', { name: 'Ontgrendelen met dit apparaat' }).click();
		await expect(page.getByRole('alert')).toContainText('Gebruik uw pincode');
		await expect(page.getByTestId('code')).toHaveCount(0);
		await page.getByLabel('Pincode').fill('5555');
		await page.getByRole('button', { name: 'Ontgrendelen', exact: true }).click();
		await expectServerCode(card(page, 'apparaat.gebruiker'), secret);
	});

	test('an encrypted backup moves the codes to another browser, only with the passphrase', async ({
		page,
		browser
	}, testInfo) => {
		await open(page);
		const one = newSecret();
		const two = newSecret();
		await addByKey(page, one, 'PPO Rotterdam: backup.een');
		await addByKey(page, two, 'PPO Rotterdam: backup.twee');
		const form = await openDetails(page, 'Reservekopie maken');
		await form.getByLabel('Wachtwoord voor de reservekopie').fill('paard-batterij-nietje');
		await form.getByLabel('Wachtwoord nog een keer').fill('paard-batterij-nietje');
		const download = page.waitForEvent('download');
		await form.getByRole('button', { name: 'Bestand maken' }).click();
		const file = testInfo.outputPath('backup.json');
		await (await download).saveAs(file);
		await expect(page.getByText('Reservekopie van 2 codes gemaakt.')).toBeVisible();
		const text = await readFile(file, 'utf8');
		expect(JSON.parse(text)).toMatchObject({
			format: 'kindkring-authenticator-backup',
			version: 1,
			kdf: { name: 'PBKDF2', hash: 'SHA-256' }
		});
		expect(JSON.parse(text).kdf.iterations).toBeGreaterThanOrEqual(310_000);
		expect(text).not.toContain(one);
		expect(text).not.toContain('backup.een');

		const other = await browser.newContext();
		try {
			const page2 = await other.newPage();
			await open(page2);
			const restore = await openDetails(page2, 'Reservekopie terugzetten');
			await restore.getByLabel('Bestand met de reservekopie').setInputFiles(file);
			await restore.getByLabel('Wachtwoord van de reservekopie').fill('paard-batterij-nietjes');
			await restore.getByRole('button', { name: 'Terugzetten' }).click();
			await expect(restore.getByRole('alert')).toContainText(
				'Het wachtwoord klopt niet, of het bestand is beschadigd. Er is niets teruggezet.'
			);
			await expect(page2.getByTestId('code')).toHaveCount(0);

			await restore.getByLabel('Wachtwoord van de reservekopie').fill('paard-batterij-nietje');
			await restore.getByRole('button', { name: 'Terugzetten' }).click();
			await expect(restore.getByText('2 codes teruggezet.')).toBeVisible();
			await expectServerCode(card(page2, 'backup.een'), one);
			await expectServerCode(card(page2, 'backup.twee'), two);

			// The same file again adds nothing twice.
			await restore.getByLabel('Wachtwoord van de reservekopie').fill('paard-batterij-nietje');
			await restore.getByRole('button', { name: 'Terugzetten' }).click();
			await expect(restore.getByText('0 codes teruggezet, 2 stonden er al.')).toBeVisible();
			await expect(page2.getByTestId('code')).toHaveCount(2);
		} finally {
			await other.close();
		}
	});

	test('warns when the device clock runs ahead', async ({ page }) => {
		await page.clock.install({ time: Date.now() + 45_000 });
		await open(page);
		await expect(page.getByTestId('clock-warning')).toHaveText(
			/^De klok van dit apparaat loopt 4[4-6] seconden voor\./
		);
	});

	test('says nothing about a correct clock', async ({ page }) => {
		const answered = page.waitForResponse('**/api/publiek/tijd');
		await open(page);
		const response = await answered;
		expect(response.headers()['cache-control']).toBe('no-store');
		expect(Math.abs((await response.json()).now - Date.now())).toBeLessThan(5_000);
		await expect(page.locator('main')).toHaveAttribute('data-clock-checked', 'true');
		await expect(page.getByTestId('clock-warning')).toHaveCount(0);
		await expect(page.getByText('U bent offline. De codes werken gewoon.')).toHaveCount(0);
	});

	test('says it is offline when the server cannot be reached on a working network', async ({
		page
	}) => {
		// A network without a way to the server (a captive Wi-Fi, a blocked proxy): the
		// browser still reports itself online.
		await page.route('**/api/publiek/tijd', (route) => route.abort('addressunreachable'));
		await open(page);
		expect(await page.evaluate(() => navigator.onLine)).toBe(true);
		await expect(page.getByText('U bent offline. De codes werken gewoon.')).toBeVisible();
		await expect(page.getByTestId('clock-warning')).toHaveCount(0);
	});

	test('works offline after the first visit, with a code the server accepts', async ({
		page,
		context
	}) => {
		// It may wait for the next time step (up to 30 s) when an earlier login used this one.
		test.setTimeout(120_000);
		await open(page);
		await serviceWorkerReady(page);
		const secret = demoTotpSecret('PO2806', 'lotte.vandam');
		await addByKey(page, grouped(secret), 'PPO Rotterdam: lotte.vandam');

		await context.setOffline(true);
		let code: string;
		try {
			await page.reload();
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Authenticator');
			await expect(page.getByText('U bent offline. De codes werken gewoon.')).toBeVisible();
			// A navigation from elsewhere (and one carrying a link) also gets the authenticator.
			await page.goto('/authenticator?uri=otpauth%3A%2F%2Ftotp%2Fx');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Authenticator');
			await page.goto('/authenticator');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Authenticator');
			// The app shows the current step's code; the server takes each step once. When an
			// earlier login of lotte used this step, only the next step's code will do: what is
			// waited for then is time itself.
			for (;;) {
				code = await expectServerCode(card(page, 'lotte.vandam'), secret);
				const step = totp.matchStep(secret, code)!;
				if (await claimDemoStep('PO2806', 'lotte.vandam', step)) break;
				await expect.poll(() => totp.currentStep(), { timeout: 35_000 }).toBeGreaterThan(step);
			}
			// Everything else still ends on the offline page.
			await page.goto('/hulpvragen');
			await expect(page.getByRole('heading', { level: 1 })).toHaveText('Geen internetverbinding');
		} finally {
			await context.setOffline(false);
		}

		await page.goto('/inloggen');
		await fillLogin(page, 'PO2806', 'lotte.vandam', demoPassword, code);
		await expect(page).toHaveURL(/\/hulpvragen$/);
	});
});

test.describe('authenticator companion on a phone (390×844)', () => {
	test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

	test('fits without horizontal scroll, with big targets, also with duplicates', async ({
		page
	}, testInfo) => {
		await open(page);
		await addByKey(page, newSecret(), 'PPO Rotterdam: telefoon.gebruiker.met.een.lange.naam');
		await addByKey(page, newSecret(), 'PPO Rotterdam: telefoon.gebruiker.met.een.lange.naam');
		await addByKey(page, newSecret(), 'Stromenland: tweede');
		const group = page.getByTestId('duplicates');
		await expect(group).toBeVisible();
		// Side by side on a phone too: comparing the two is the point.
		const newest = (await group.getByTestId('newest').boundingBox())!;
		const older = (await group.getByTestId('older').boundingBox())!;
		expect(Math.abs(newest.y - older.y)).toBeLessThan(5);
		await page.screenshot({ path: testInfo.outputPath('phone.png'), fullPage: true });
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
		for (const target of await page.getByRole('button').all()) {
			if (!(await target.isVisible())) continue;
			const box = (await target.boundingBox())!;
			expect(box.height, (await target.textContent()) ?? '').toBeGreaterThanOrEqual(44);
		}
	});
});
