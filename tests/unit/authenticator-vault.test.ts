/**
 * The authenticator's vault on an IndexedDB in memory (fake-indexeddb) and Node's
 * WebCrypto: what it stores, and what a PIN and device unlock do and do not open.
 */
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TotpParams } from '../../src/lib/client/authenticator/otp';
import { pinPattern, Vault, VaultError } from '../../src/lib/client/authenticator/vault';

const lotte: TotpParams = {
	issuer: 'Kindkring',
	label: 'PPO Rotterdam: lotte.vandam',
	secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
	algorithm: 'SHA1',
	digits: 6,
	period: 30
};
const other: TotpParams = {
	...lotte,
	label: 'Stromenland: sanne.devries',
	secret: 'KRSXG5CTMVRXEZLU'
};

beforeEach(() => {
	// Every test starts on a device that has never run the authenticator.
	globalThis.indexedDB = new IDBFactory();
});

/** Every value stored in the vault's database, as the bytes a disk image would show. */
async function rawContents(): Promise<string> {
	const db = await new Promise<IDBDatabase>((resolve, reject) => {
		const req = indexedDB.open('kindkring-authenticator');
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
	const parts: string[] = [];
	for (const name of Array.from(db.objectStoreNames)) {
		const values = await new Promise<unknown[]>((resolve, reject) => {
			const req = db.transaction(name, 'readonly').objectStore(name).getAll();
			req.onsuccess = () => resolve(req.result as unknown[]);
			req.onerror = () => reject(req.error);
		});
		for (const value of values) {
			parts.push(
				JSON.stringify(value, (_k, v: unknown) =>
					v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v
				)
			);
		}
	}
	db.close();
	return parts.join('\n');
}

describe('the vault', () => {
	it('keeps entries across openings, with nothing readable in storage', async () => {
		const vault = await Vault.open();
		expect(vault.hasPin).toBe(false);
		await vault.add(lotte, 1);
		await vault.add(other, 2);
		vault.close();

		const again = await Vault.open();
		expect((await again.list()).map((e) => e.label)).toEqual([lotte.label, other.label]);
		again.close();
		const stored = await rawContents();
		expect(stored).not.toContain(lotte.secret);
		expect(stored).not.toContain('lotte.vandam');
		expect(stored).not.toContain('Kindkring');
	});

	it('adds the same key for the same account once, a new key as a second entry', async () => {
		const vault = await Vault.open();
		expect((await vault.add(lotte, 1)).added).toBe(true);
		expect((await vault.add({ ...lotte, label: ' ppo rotterdam:  LOTTE.vandam ' })).added).toBe(
			false
		);
		expect((await vault.add({ ...lotte, secret: 'GEZDGNBVGY3TQOJQ' }, 2)).added).toBe(true);
		expect(await vault.list()).toHaveLength(2);
		const [first] = await vault.list();
		await vault.remove(first!.id);
		expect((await vault.list()).map((e) => e.secret)).toEqual(['GEZDGNBVGY3TQOJQ']);
		vault.close();
	});

	it('a PIN locks every new opening; a wrong PIN opens nothing', async () => {
		const vault = await Vault.open();
		await vault.add(lotte);
		await vault.setPin('4821');
		expect(vault.locked).toBe(false);
		vault.close();

		const locked = await Vault.open();
		expect(locked.hasPin).toBe(true);
		expect(locked.locked).toBe(true);
		await expect(locked.list()).rejects.toBeInstanceOf(VaultError);
		await expect(locked.add(other)).rejects.toBeInstanceOf(VaultError);
		expect(await locked.unlock('1234')).toBe(false);
		expect(locked.locked).toBe(true);
		expect(await locked.unlock('4821')).toBe(true);
		expect((await locked.list()).map((e) => e.label)).toEqual([lotte.label]);

		locked.lockNow();
		await expect(locked.list()).rejects.toThrow('De authenticator is vergrendeld.');
		locked.close();
	});

	it('a changed PIN replaces the old one; removing it keeps the entries', async () => {
		const vault = await Vault.open();
		await vault.add(lotte);
		await vault.setPin('4821');
		await vault.setPin('97531');
		vault.close();

		const reopened = await Vault.open();
		expect(await reopened.unlock('4821')).toBe(false);
		expect(await reopened.unlock('97531')).toBe(true);
		await reopened.removePin();
		reopened.close();

		const open = await Vault.open();
		expect(open.hasPin).toBe(false);
		expect(open.locked).toBe(false);
		expect((await open.list()).map((e) => e.secret)).toEqual([lotte.secret]);
		open.close();
	});

	it('device unlock opens with the right PRF output only, and a new PIN ends it', async () => {
		const credential = {
			credentialId: new Uint8Array([1, 2, 3, 4]),
			salt: crypto.getRandomValues(new Uint8Array(32))
		};
		const prf = crypto.getRandomValues(new Uint8Array(32));
		const vault = await Vault.open();
		await vault.add(lotte);
		await expect(vault.enableDeviceUnlock('4821', credential, prf)).rejects.toBeInstanceOf(
			VaultError
		);
		await vault.setPin('4821');
		expect(await vault.enableDeviceUnlock('0000', credential, prf)).toBe(false);
		expect(await vault.enableDeviceUnlock('4821', credential, prf)).toBe(true);
		vault.close();

		const reopened = await Vault.open();
		expect(reopened.deviceUnlockCredential?.credentialId).toEqual(credential.credentialId);
		expect(await reopened.unlockWithDevice(crypto.getRandomValues(new Uint8Array(32)))).toBe(false);
		expect(reopened.locked).toBe(true);
		expect(await reopened.unlockWithDevice(prf)).toBe(true);
		expect(await reopened.list()).toHaveLength(1);

		await reopened.setPin('5555');
		expect(reopened.deviceUnlockCredential).toBeNull();
		reopened.close();
		const last = await Vault.open();
		expect(await last.unlockWithDevice(prf)).toBe(false);
		last.close();
	});

	it('accepts PINs of 4 to 12 digits only', () => {
		expect(['1234', '123456789012'].every((p) => pinPattern.test(p))).toBe(true);
		expect(['123', '1234567890123', '12a4', ' 1234'].some((p) => pinPattern.test(p))).toBe(false);
	});
});
