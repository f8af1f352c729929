import { describe, expect, it } from 'vitest';
import {
	decryptBackup,
	encryptBackup,
	parseBackup,
	type BackupEntry
} from '../../src/lib/client/authenticator/backup';

const entries: BackupEntry[] = [
	{
		issuer: 'Kindkring',
		label: 'PPO Rotterdam: lotte.vandam',
		secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
		algorithm: 'SHA1',
		digits: 6,
		period: 30,
		addedAt: 1_700_000_000_000
	},
	{
		issuer: 'ACME',
		label: 'bob',
		secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
		algorithm: 'SHA512',
		digits: 8,
		period: 60,
		addedAt: 1_700_000_100_000
	}
];
const passphrase = 'correct horse battery staple';

describe('authenticator backup', () => {
	it('round-trips through the file text', async () => {
		const file = await encryptBackup(entries, passphrase);
		const text = JSON.stringify(file);
		expect(text).not.toContain(entries[0]!.secret);
		expect(text).not.toContain('lotte');
		expect(file).toMatchObject({
			format: 'kindkring-authenticator-backup',
			version: 1,
			kdf: { name: 'PBKDF2', hash: 'SHA-256' },
			cipher: { name: 'AES-GCM' }
		});
		expect(file.kdf.iterations).toBeGreaterThanOrEqual(310_000);
		expect(await decryptBackup(parseBackup(text), passphrase)).toEqual(entries);
	});

	it('refuses a wrong passphrase', async () => {
		const file = await encryptBackup(entries, passphrase);
		await expect(decryptBackup(file, 'correct horse battery stapler')).rejects.toMatchObject({
			reason: 'passphrase',
			message: expect.stringMatching(/wachtwoord klopt niet.*niets teruggezet/)
		});
	});

	it('refuses a changed ciphertext or header', async () => {
		const file = await encryptBackup(entries, passphrase);
		const data = Buffer.from(file.data, 'base64');
		data[0]! ^= 1;
		await expect(
			decryptBackup({ ...file, data: data.toString('base64') }, passphrase)
		).rejects.toMatchObject({ reason: 'passphrase' });
		// The KDF parameters are authenticated (additional data); createdAt is only informative.
		await expect(
			decryptBackup({ ...file, createdAt: '2000-01-01T00:00:00.000Z' }, passphrase)
		).resolves.toHaveLength(2);
		await expect(
			decryptBackup({ ...file, kdf: { ...file.kdf, iterations: 310_001 } }, passphrase)
		).rejects.toMatchObject({ reason: 'passphrase' });
	});

	it('refuses other files and weak parameters', async () => {
		expect(() => parseBackup('not json')).toThrow(/geen reservekopie/);
		expect(() => parseBackup('{"format":"iets anders"}')).toThrow(/geen reservekopie/);
		const file = await encryptBackup(entries, passphrase);
		expect(() => parseBackup(JSON.stringify({ ...file, version: 2 }))).toThrow(/nieuwere versie/);
		expect(() =>
			parseBackup(JSON.stringify({ ...file, kdf: { ...file.kdf, iterations: 1000 } }))
		).toThrow(/geen reservekopie/);
		expect(() =>
			parseBackup(JSON.stringify({ ...file, kdf: { ...file.kdf, iterations: 1e9 } }))
		).toThrow(/geen reservekopie/);
		await expect(encryptBackup(entries, 'kort')).rejects.toMatchObject({
			reason: 'weak-passphrase'
		});
	});
});
