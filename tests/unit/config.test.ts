import { describe, expect, it } from 'vitest';
import {
	databaseRoles,
	invalidSettings,
	jobsPollMs,
	missingProductionSettings
} from '../../src/lib/server/config';
import { redact } from '../../src/lib/server/db';

describe('production settings', () => {
	it('names every missing required setting', () => {
		const missing = missingProductionSettings({ ORIGIN: 'https://kindkring.example.nl' });
		expect(missing.map((m) => m.name)).toEqual([
			'DATABASE_URL',
			'APP_ENCRYPTION_KEY',
			'SMTP_URL',
			'BODY_SIZE_LIMIT'
		]);
	});

	it('refuses a body size limit too small for a 10 MB bijlage', () => {
		const base = {
			DATABASE_URL: 'postgres://db/kindkring',
			ORIGIN: 'https://kindkring.example.nl',
			APP_ENCRYPTION_KEY: 'x',
			SMTP_URL: 'smtp://localhost:25'
		};
		expect(
			missingProductionSettings({ ...base, BODY_SIZE_LIMIT: '10M' }).map((m) => m.name)
		).toEqual(['BODY_SIZE_LIMIT']);
		expect(missingProductionSettings({ ...base, BODY_SIZE_LIMIT: '210M' })).toEqual([]);
		expect(missingProductionSettings({ ...base, BODY_SIZE_LIMIT: 'Infinity' })).toEqual([]);
	});

	it('treats blank values as missing', () => {
		const missing = missingProductionSettings({
			DATABASE_URL: '  ',
			ORIGIN: 'https://kindkring.example.nl',
			APP_ENCRYPTION_KEY: 'x',
			SMTP_URL: 'smtp://localhost:25',
			BODY_SIZE_LIMIT: '210M'
		});
		expect(missing.map((m) => m.name)).toEqual(['DATABASE_URL']);
	});
});

describe('database description', () => {
	it('never shows the password of DATABASE_URL', () => {
		const shown = redact('postgres://kindkring:geheim-wachtwoord@db.example.nl:5432/kindkring');
		expect(shown).not.toContain('geheim-wachtwoord');
		expect(shown).toContain('db.example.nl:5432/kindkring');
	});
});

describe('two database roles', () => {
	const url = 'postgres://kindkring_app:a@db.example.nl:5432/kindkring';
	const ownerUrl = 'postgres://kindkring_owner:b@db.example.nl:5432/kindkring';

	it('serves as the role of DATABASE_URL and migrates as DATABASE_OWNER_URL', () => {
		expect(databaseRoles({ DATABASE_URL: url, DATABASE_OWNER_URL: ownerUrl })).toEqual({
			ownerUrl,
			servingRole: 'kindkring_app'
		});
		expect(invalidSettings({ DATABASE_URL: url, DATABASE_OWNER_URL: ownerUrl })).toEqual([]);
	});

	it('is one role without DATABASE_OWNER_URL, or when both name the same user', () => {
		expect(databaseRoles({ DATABASE_URL: url })).toBeNull();
		expect(databaseRoles({ DATABASE_URL: url, DATABASE_OWNER_URL: url })).toBeNull();
		expect(invalidSettings({ DATABASE_URL: url })).toEqual([]);
	});

	it('refuses an owner URL for another database, without a user, or without DATABASE_URL', () => {
		const other = 'postgres://kindkring_owner:b@db.example.nl:5432/andere';
		expect(invalidSettings({ DATABASE_URL: url, DATABASE_OWNER_URL: other })).toMatchObject([
			{ name: 'DATABASE_OWNER_URL', problem: 'wijst naar een andere database' }
		]);
		expect(invalidSettings({ DATABASE_URL: url, DATABASE_OWNER_URL: 'geen url' })).toMatchObject([
			{ name: 'DATABASE_OWNER_URL', problem: 'klopt niet' }
		]);
		expect(invalidSettings({ DATABASE_OWNER_URL: ownerUrl }).map((s) => s.name)).toEqual([
			'DATABASE_URL'
		]);
	});
});

describe('the poll interval of periodic jobs', () => {
	it('is 30 seconds unless set, and refuses what is not a whole number of milliseconds', () => {
		expect(jobsPollMs({})).toBe(30_000);
		expect(jobsPollMs({ JOBS_POLL_INTERVAL_MS: ' 5000 ' })).toBe(5_000);
		for (const wrong of ['30s', '-1', '0', '99', '1.5']) {
			expect(() => jobsPollMs({ JOBS_POLL_INTERVAL_MS: wrong }), wrong).toThrow(
				/JOBS_POLL_INTERVAL_MS moet een geheel aantal milliseconden zijn/
			);
		}
	});
});
