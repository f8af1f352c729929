import { describe, expect, it } from 'vitest';
import {
	databaseRoles,
	filesStoreProblems,
	filesStoreSettings,
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

describe('the bijlagen store', () => {
	it('is the disk in FILES_DIR unless FILES_STORE=s3', () => {
		expect(filesStoreSettings({ FILES_DIR: '/srv/kindkring/files' })).toEqual({
			kind: 'disk',
			dir: '/srv/kindkring/files'
		});
		expect(filesStoreSettings({ FILES_STORE: 'disk' }).kind).toBe('disk');
		expect(filesStoreProblems({})).toEqual([]);
	});

	it('reads every S3_ setting, with path-style addressing and the prefix bijlagen/ by default', () => {
		expect(
			filesStoreSettings({
				FILES_STORE: 's3',
				S3_ENDPOINT: 'http://127.0.0.1:3900',
				S3_REGION: 'garage',
				S3_BUCKET: 'kindkring',
				S3_ACCESS_KEY_ID: 'GK123',
				S3_SECRET_ACCESS_KEY: 'geheim',
				FILES_SPOOL_DIR: '/var/tmp/kk'
			})
		).toEqual({
			kind: 's3',
			endpoint: 'http://127.0.0.1:3900',
			region: 'garage',
			bucket: 'kindkring',
			accessKeyId: 'GK123',
			secretAccessKey: 'geheim',
			forcePathStyle: true,
			prefix: 'bijlagen/',
			spoolDir: '/var/tmp/kk'
		});
		const aws = filesStoreSettings({
			FILES_STORE: 's3',
			S3_BUCKET: 'b',
			S3_FORCE_PATH_STYLE: 'false',
			S3_PREFIX: 'prod'
		});
		expect(aws).toMatchObject({ forcePathStyle: false, prefix: 'prod/', region: 'us-east-1' });
		expect(aws).toMatchObject({ endpoint: undefined, accessKeyId: undefined });
	});

	it('refuses an unknown FILES_STORE, s3 without a bucket, a bad endpoint, half a key pair', () => {
		expect(filesStoreProblems({ FILES_STORE: 'nfs' }).map((p) => p.name)).toEqual(['FILES_STORE']);
		expect(filesStoreProblems({ FILES_STORE: 's3' }).map((p) => p.name)).toEqual(['S3_BUCKET']);
		expect(
			filesStoreProblems({
				FILES_STORE: 's3',
				S3_BUCKET: 'b',
				S3_ENDPOINT: 'garage:3900',
				S3_ACCESS_KEY_ID: 'GK123'
			}).map((p) => p.name)
		).toEqual(['S3_ENDPOINT', 'S3_SECRET_ACCESS_KEY']);
		// Start-up refuses them like the other invalid settings.
		expect(invalidSettings({ FILES_STORE: 's3' }).map((p) => p.name)).toEqual(['S3_BUCKET']);
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
