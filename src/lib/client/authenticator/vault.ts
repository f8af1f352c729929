/**
 * Where the authenticator keeps its entries: IndexedDB on this device, never on the server.
 *
 * Every entry is encrypted with AES-GCM under a device key that WebCrypto generated as
 * non-extractable: the CryptoKey object is stored in IndexedDB (structured clone keeps it
 * non-extractable), so no script, extension-free page or backup of the database can read the
 * key bytes; only this origin in this browser can use it. Nothing in IndexedDB is plaintext:
 * issuer, label and secret are all inside the ciphertext.
 *
 * With a PIN, entries get a second layer under a random "lock key". That lock key is stored
 * encrypted with a PBKDF2 key from the PIN and then again with the device key, so guessing
 * the PIN offline needs the device key, which never leaves the browser.
 */
import { accountKey, sameSecret, type TotpParams } from './otp';
import { pbkdf2AesKey } from './pbkdf2';

const dbName = 'kindkring-authenticator';
const dbVersion = 1;
const pinIterations = 310_000;

export interface Entry extends TotpParams {
	id: string;
	addedAt: number;
}

interface EntryRecord {
	id: string;
	addedAt: number;
	/** iv ‖ ciphertext under the device key (and inside, under the lock key when `pin`). */
	sealed: Uint8Array<ArrayBuffer>;
	pin: boolean;
}

interface LockRecord {
	salt: Uint8Array<ArrayBuffer>;
	iterations: number;
	/** The lock key's bytes, sealed with the PIN key and then with the device key. */
	sealedLockKey: Uint8Array<ArrayBuffer>;
}

interface DeviceUnlockRecord {
	credentialId: Uint8Array<ArrayBuffer>;
	prfSalt: Uint8Array<ArrayBuffer>;
	/** The lock key's bytes, sealed with the WebAuthn-PRF key and then with the device key. */
	sealedLockKey: Uint8Array<ArrayBuffer>;
}

export class VaultError extends Error {
	override name = 'VaultError';
}

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error);
	});
}

function done(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error);
		tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
	});
}

function openDb(): Promise<IDBDatabase> {
	const req = indexedDB.open(dbName, dbVersion);
	req.onupgradeneeded = () => {
		const db = req.result;
		if (!db.objectStoreNames.contains('keys')) db.createObjectStore('keys');
		if (!db.objectStoreNames.contains('entries'))
			db.createObjectStore('entries', { keyPath: 'id' });
		if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta');
	};
	return request(req);
}

async function seal(
	key: CryptoKey,
	plain: Uint8Array<ArrayBuffer>
): Promise<Uint8Array<ArrayBuffer>> {
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
	const out = new Uint8Array(iv.length + ct.length);
	out.set(iv);
	out.set(ct, iv.length);
	return out;
}

async function open(
	key: CryptoKey,
	sealed: Uint8Array<ArrayBuffer>
): Promise<Uint8Array<ArrayBuffer>> {
	const plain = await crypto.subtle.decrypt(
		{ name: 'AES-GCM', iv: sealed.subarray(0, 12) },
		key,
		sealed.subarray(12)
	);
	return new Uint8Array(plain);
}

const aes = { name: 'AES-GCM', length: 256 } as const;

/** AES key from a WebAuthn PRF output (32 random bytes from the authenticator). */
async function prfKey(output: Uint8Array<ArrayBuffer>) {
	const material = await crypto.subtle.importKey('raw', output, 'HKDF', false, ['deriveKey']);
	return crypto.subtle.deriveKey(
		{
			name: 'HKDF',
			hash: 'SHA-256',
			salt: new Uint8Array(0),
			info: new TextEncoder().encode('kindkring-authenticator device unlock v1')
		},
		material,
		aes,
		false,
		['encrypt', 'decrypt']
	);
}

function newId(): string {
	return crypto.randomUUID();
}

export class Vault {
	private lockKey: CryptoKey | null = null;

	private constructor(
		private readonly db: IDBDatabase,
		private readonly deviceKey: CryptoKey,
		private lock: LockRecord | null,
		private deviceUnlock: DeviceUnlockRecord | null
	) {}

	static supported(): boolean {
		return typeof indexedDB !== 'undefined' && typeof crypto?.subtle !== 'undefined';
	}

	static async open(): Promise<Vault> {
		const db = await openDb();
		const read = db.transaction(['keys', 'meta'], 'readonly');
		let deviceKey = (await request(read.objectStore('keys').get('device'))) as
			CryptoKey | undefined;
		let lock = ((await request(read.objectStore('meta').get('lock'))) as LockRecord) ?? null;
		if (!deviceKey) {
			// Non-extractable: exportKey() on it throws, now and after every reload. Generated
			// outside a transaction, which would close while WebCrypto works.
			const fresh = await crypto.subtle.generateKey(aes, false, ['encrypt', 'decrypt']);
			const write = db.transaction(['keys', 'meta'], 'readwrite');
			// Another tab may have been first: keep its key, or its entries become unreadable.
			const raced = (await request(write.objectStore('keys').get('device'))) as
				CryptoKey | undefined;
			if (raced) deviceKey = raced;
			else {
				write.objectStore('keys').put(fresh, 'device');
				deviceKey = fresh;
			}
			lock = ((await request(write.objectStore('meta').get('lock'))) as LockRecord) ?? null;
			await done(write);
		}
		const meta = db.transaction('meta', 'readonly').objectStore('meta');
		const deviceUnlock =
			((await request(meta.get('device-unlock'))) as DeviceUnlockRecord | undefined) ?? null;
		return new Vault(db, deviceKey, lock, deviceUnlock);
	}

	get hasPin(): boolean {
		return this.lock !== null;
	}

	get locked(): boolean {
		return this.lock !== null && this.lockKey === null;
	}

	/** The credential and salt to ask the authenticator for, when device unlock is on. */
	get deviceUnlockCredential(): {
		credentialId: Uint8Array<ArrayBuffer>;
		salt: Uint8Array<ArrayBuffer>;
	} | null {
		return this.deviceUnlock
			? { credentialId: this.deviceUnlock.credentialId, salt: this.deviceUnlock.prfSalt }
			: null;
	}

	/**
	 * Lets the device (WebAuthn PRF) unlock as well as the PIN. Needs the PIN: the lock key
	 * in memory is non-extractable, so its bytes come from the PIN-sealed copy.
	 */
	async enableDeviceUnlock(
		pin: string,
		credential: { credentialId: Uint8Array<ArrayBuffer>; salt: Uint8Array<ArrayBuffer> },
		prfOutput: Uint8Array<ArrayBuffer>
	): Promise<boolean> {
		if (!this.lock) throw new VaultError('Stel eerst een pincode in.');
		let raw: Uint8Array<ArrayBuffer>;
		try {
			const inner = await open(this.deviceKey, this.lock.sealedLockKey);
			raw = await open(await pbkdf2AesKey(pin, this.lock.salt, this.lock.iterations), inner);
		} catch {
			return false;
		}
		const record: DeviceUnlockRecord = {
			credentialId: credential.credentialId,
			prfSalt: credential.salt,
			sealedLockKey: await seal(this.deviceKey, await seal(await prfKey(prfOutput), raw))
		};
		raw.fill(0);
		const tx = this.db.transaction('meta', 'readwrite');
		tx.objectStore('meta').put(record, 'device-unlock');
		await done(tx);
		this.deviceUnlock = record;
		return true;
	}

	async unlockWithDevice(prfOutput: Uint8Array<ArrayBuffer>): Promise<boolean> {
		if (!this.deviceUnlock) return false;
		try {
			const inner = await open(this.deviceKey, this.deviceUnlock.sealedLockKey);
			const raw = await open(await prfKey(prfOutput), inner);
			this.lockKey = await crypto.subtle.importKey('raw', raw, aes, false, ['encrypt', 'decrypt']);
			raw.fill(0);
			return true;
		} catch {
			return false;
		}
	}

	async disableDeviceUnlock(): Promise<void> {
		const tx = this.db.transaction('meta', 'readwrite');
		tx.objectStore('meta').delete('device-unlock');
		await done(tx);
		this.deviceUnlock = null;
	}

	/** Forgets the lock key: the entries cannot be read again without the PIN. */
	lockNow(): void {
		if (this.lock) this.lockKey = null;
	}

	/** True when the PIN is right; AES-GCM's tag tells, no separate verifier needed. */
	async unlock(pin: string): Promise<boolean> {
		if (!this.lock) return true;
		try {
			const inner = await open(this.deviceKey, this.lock.sealedLockKey);
			const raw = await open(await pbkdf2AesKey(pin, this.lock.salt, this.lock.iterations), inner);
			this.lockKey = await crypto.subtle.importKey('raw', raw, aes, false, ['encrypt', 'decrypt']);
			raw.fill(0);
			return true;
		} catch {
			return false;
		}
	}

	private async encode(params: TotpParams, id: string, addedAt: number): Promise<EntryRecord> {
		if (this.locked) throw new VaultError('De authenticator is vergrendeld.');
		let bytes = new TextEncoder().encode(JSON.stringify(params));
		if (this.lockKey) bytes = await seal(this.lockKey, bytes);
		return { id, addedAt, sealed: await seal(this.deviceKey, bytes), pin: this.lockKey !== null };
	}

	private async decode(record: EntryRecord): Promise<Entry> {
		let bytes = await open(this.deviceKey, record.sealed);
		if (record.pin) {
			if (!this.lockKey) throw new VaultError('De authenticator is vergrendeld.');
			bytes = await open(this.lockKey, bytes);
		}
		const params = JSON.parse(new TextDecoder().decode(bytes)) as TotpParams;
		return { ...params, id: record.id, addedAt: record.addedAt };
	}

	private async records(): Promise<EntryRecord[]> {
		const tx = this.db.transaction('entries', 'readonly');
		return (await request(tx.objectStore('entries').getAll())) as EntryRecord[];
	}

	private async putAll(records: EntryRecord[]): Promise<void> {
		const tx = this.db.transaction('entries', 'readwrite');
		for (const r of records) tx.objectStore('entries').put(r);
		await done(tx);
	}

	/** All entries, oldest first. */
	async list(): Promise<Entry[]> {
		if (this.locked) throw new VaultError('De authenticator is vergrendeld.');
		const entries = await Promise.all((await this.records()).map((r) => this.decode(r)));
		return entries.sort((a, b) => a.addedAt - b.addedAt);
	}

	/**
	 * Adds an entry unless exactly this key is already there for this account (scanning the
	 * same QR code twice adds nothing). A different key under the same name is added: it is
	 * shown as a duplicate so the user can remove the old one.
	 */
	async add(params: TotpParams, addedAt = Date.now()): Promise<{ entry: Entry; added: boolean }> {
		const existing = await this.list();
		const same = existing.find(
			(e) => accountKey(e) === accountKey(params) && sameSecret(e, params)
		);
		if (same) return { entry: same, added: false };
		const record = await this.encode(params, newId(), addedAt);
		await this.putAll([record]);
		return { entry: { ...params, id: record.id, addedAt }, added: true };
	}

	async remove(id: string): Promise<void> {
		const tx = this.db.transaction('entries', 'readwrite');
		tx.objectStore('entries').delete(id);
		await done(tx);
	}

	/** Sets or changes the PIN (the vault must be unlocked) and re-encrypts every entry. */
	async setPin(pin: string): Promise<void> {
		if (this.locked) throw new VaultError('De authenticator is vergrendeld.');
		const entries = await this.list();
		const raw = crypto.getRandomValues(new Uint8Array(32));
		const salt = crypto.getRandomValues(new Uint8Array(16));
		const sealedLockKey = await seal(
			this.deviceKey,
			await seal(await pbkdf2AesKey(pin, salt, pinIterations), raw)
		);
		const lockKey = await crypto.subtle.importKey('raw', raw, aes, false, ['encrypt', 'decrypt']);
		raw.fill(0);
		const lock: LockRecord = { salt, iterations: pinIterations, sealedLockKey };
		this.lockKey = lockKey;
		const records = await Promise.all(entries.map((e) => this.encode(e, e.id, e.addedAt)));
		const tx = this.db.transaction(['entries', 'meta'], 'readwrite');
		for (const r of records) tx.objectStore('entries').put(r);
		tx.objectStore('meta').put(lock, 'lock');
		// The device-unlock copy wraps the old lock key: it would unlock nothing any more.
		tx.objectStore('meta').delete('device-unlock');
		await done(tx);
		this.lock = lock;
		this.deviceUnlock = null;
	}

	/** Removes the PIN (the vault must be unlocked); entries keep the device-key layer. */
	async removePin(): Promise<void> {
		if (this.locked) throw new VaultError('De authenticator is vergrendeld.');
		const entries = await this.list();
		const previous = { lock: this.lock, lockKey: this.lockKey };
		this.lockKey = null;
		this.lock = null;
		try {
			const records = await Promise.all(entries.map((e) => this.encode(e, e.id, e.addedAt)));
			const tx = this.db.transaction(['entries', 'meta'], 'readwrite');
			for (const r of records) tx.objectStore('entries').put(r);
			tx.objectStore('meta').delete('lock');
			tx.objectStore('meta').delete('device-unlock');
			await done(tx);
			this.deviceUnlock = null;
		} catch (error) {
			this.lock = previous.lock;
			this.lockKey = previous.lockKey;
			throw error;
		}
	}

	close(): void {
		this.db.close();
	}
}

export const pinPattern = /^\d{4,12}$/;
