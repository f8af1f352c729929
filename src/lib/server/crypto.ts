/**
 * Secrets at rest and random tokens.
 *
 * APP_ENCRYPTION_KEY (32 bytes, base64) encrypts TOTP secrets with AES-256-GCM and keys the
 * HMACs (IP hashes, recovery codes). In development, when it is unset, a key is generated
 * once into .data/app-encryption.key; production refuses to start without it (config.ts).
 */
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { sha256 } from '@oslojs/crypto/sha2';
import {
	createCipheriv,
	createDecipheriv,
	createHmac,
	hkdfSync,
	randomBytes,
	timingSafeEqual
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir, isProduction } from './config';

let masterKey: Buffer | undefined;

function loadMasterKey(): Buffer {
	const fromEnv = process.env.APP_ENCRYPTION_KEY;
	if (fromEnv) {
		const key = Buffer.from(fromEnv, 'base64');
		if (key.length !== 32) {
			throw new Error('APP_ENCRYPTION_KEY must be 32 bytes in base64 (openssl rand -base64 32).');
		}
		return key;
	}
	if (isProduction()) throw new Error('APP_ENCRYPTION_KEY ontbreekt.');
	const file = path.join(dataDir, 'app-encryption.key');
	if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
	mkdirSync(dataDir, { recursive: true });
	const key = randomBytes(32);
	writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
	return key;
}

/** A key for one purpose, derived from the master key, so one purpose never leaks into another. */
function subkey(purpose: string): Buffer {
	masterKey ??= loadMasterKey();
	return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `kindkring:${purpose}`, 32));
}

const keys = new Map<string, Buffer>();
function key(purpose: string): Buffer {
	let k = keys.get(purpose);
	if (!k) {
		k = subkey(purpose);
		keys.set(purpose, k);
	}
	return k;
}

/** AES-256-GCM; output `v1.<iv>.<tag>.<ciphertext>` in base64url. `context` binds it to its row. */
export function encrypt(plaintext: string, context: string): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', key('secrets'), iv);
	cipher.setAAD(Buffer.from(context));
	const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
	return ['v1', iv, cipher.getAuthTag(), data]
		.map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
		.join('.');
}

export function decrypt(sealed: string, context: string): string {
	const [version, iv, tag, data] = sealed.split('.');
	if (version !== 'v1' || !iv || !tag || data === undefined)
		throw new Error('Unknown ciphertext format');
	const decipher = createDecipheriv('aes-256-gcm', key('secrets'), Buffer.from(iv, 'base64url'));
	decipher.setAAD(Buffer.from(context));
	decipher.setAuthTag(Buffer.from(tag, 'base64url'));
	return Buffer.concat([
		decipher.update(Buffer.from(data, 'base64url')),
		decipher.final()
	]).toString('utf8');
}

export function hmac(purpose: string, value: string): string {
	return createHmac('sha256', key(`hmac:${purpose}`))
		.update(value)
		.digest('hex');
}

/** Client addresses are stored only as a keyed hash: abuse can be correlated, addresses not read. */
export function hashIp(ip: string | undefined): string | null {
	return ip ? hmac('ip', ip).slice(0, 32) : null;
}

/** A token for a cookie or a link: 160 random bits, base32 (the Lucia guide's design). */
export function randomToken(): string {
	return encodeBase32LowerCaseNoPadding(randomBytes(20));
}

/** What the database stores of a token: its SHA-256. */
export function tokenHash(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export function safeEqual(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/** For tests and key rotation tooling: forget the cached keys. */
export function resetKeys(): void {
	masterKey = undefined;
	keys.clear();
}
