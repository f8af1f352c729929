import { beforeAll, describe, expect, it } from 'vitest';
import * as strength from '../../src/lib/password-strength';

const lotte = strength.contextOf({
	username: 'lotte.vandam',
	displayName: 'Lotte van Dam',
	organisationName: 'PPO Rotterdam',
	organisationShortName: 'PPO Rotterdam',
	organisationCode: 'PO2806'
});

// The dictionaries are large and zxcvbn's fuzzy matching is slow on a busy machine.
beforeAll(() => strength.check('warm up the dictionaries'), 60_000);

describe('password strength', { timeout: 30_000 }, () => {
	it.each(['Welkom2026!!', 'Kindkring2026', 'Zomer2024!!!'])(
		'refuses a word with a year and punctuation: %s',
		async (password) => {
			const result = await strength.check(password, lotte);
			expect(result.ok).toBe(false);
			expect(result.score).toBeLessThan(strength.minimumScore);
			expect(result.message).toMatch(/wachtwoord/);
		}
	);

	it('says why in Dutch and what to do instead', async () => {
		const result = await strength.check('Zomer2024!!!', lotte);
		expect(result.message).toBe(
			'Zwak wachtwoord: één woord met een jaartal of leestekens erbij (zoals Zomer2024!) is te makkelijk te raden.'
		);
		expect(result.suggestions[0]).toContain('een zin van een paar woorden');
	});

	it.each([
		'W3lkom2026!',
		'!!2024Zomer',
		'Welkom-2026!',
		'Feyenoord1908!',
		'Wachtwoord2026',
		'Oktober2025??'
	])('refuses the same pattern dressed up otherwise: %s', async (password) => {
		expect((await strength.check(password, lotte)).ok).toBe(false);
	});

	it('refuses the user’s own words with a year: organisation, username, name', async () => {
		for (const password of ['Rotterdam2026!', 'Lotte.vandam2026', 'Vandam2026!!']) {
			expect((await strength.check(password, lotte)).ok, password).toBe(false);
		}
	});

	it('refuses the most common passwords, with a message saying so', async () => {
		for (const password of ['wachtwoord', '1234567890', 'qwertyuiop']) {
			const result = await strength.check(password);
			expect(result.ok, password).toBe(false);
			expect(result.message).toBe(
				'Zeer zwak wachtwoord: dit is een van de meest gebruikte wachtwoorden, en daardoor te makkelijk te raden.'
			);
		}
	});

	it.each([
		'Zeven blauwe fietsen op het dak',
		'Negen groene kikkers in de sloot',
		'Schildpad!Lamp#Regen8',
		'correct horse battery staple'
	])('accepts a strong password: %s', async (password) => {
		const result = await strength.check(password, lotte);
		expect(result.ok).toBe(true);
		expect(result.message).toMatch(/^(Sterk|Zeer sterk) wachtwoord\.$/);
	});

	it('still counts the length first', async () => {
		expect(await strength.check('Kort1!', lotte)).toMatchObject({
			ok: false,
			message: 'Gebruik minstens 10 tekens (nu 6).'
		});
	});
});
