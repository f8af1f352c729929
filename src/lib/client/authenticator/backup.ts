/**
 * The encrypted backup file: all entries, encrypted with a passphrase the user chooses, so
 * the file can travel (mail, USB stick, cloud) to a new device (domain.md, struggle 4).
 *
 * Format (version 1), JSON:
 *   { format: "kindkring-authenticator-backup", version: 1, createdAt,
 *     kdf: { name: "PBKDF2", hash: "SHA-256", iterations, salt },   // salt base64
 *     cipher: { name: "AES-GCM", iv },                                // iv base64
 *     data }                                                          // ciphertext base64
 * The header (format, version, kdf, cipher) is the AES-GCM additional data, so changing
 * the iteration count or anything else in it makes decryption fail instead of misleading.
 *
 * Works with any WebCrypto (browser, Node 20's globalThis.crypto).
 */
import { decodeBase64, encodeBase64 } from '@oslojs/encoding';
import { OtpInputError, validateParams, type TotpParams } from './otp';
import { pbkdf2AesKey } from './pbkdf2';

export const backupFormat = 'kindkring-authenticator-backup';
export const backupVersion = 1;
/** OWASP's 2023 advice for PBKDF2-HMAC-SHA256; import accepts no fewer than 310 000. */
export const defaultIterations = 600_000;
const minIterations = 310_000;
// A crafted file must not make the browser spin for minutes.
const maxIterations = 10_000_000;
export const minPassphraseLength = 10;

export interface BackupEntry extends TotpParams {
	addedAt: number;
}

interface BackupHeader {
	format: typeof backupFormat;
	version: typeof backupVersion;
	createdAt: string;
	kdf: { name: 'PBKDF2'; hash: 'SHA-256'; iterations: number; salt: string };
	cipher: { name: 'AES-GCM'; iv: string };
}

export interface BackupFile extends BackupHeader {
	data: string;
}

export class BackupError extends Error {
	override name = 'BackupError';
	constructor(
		readonly reason: 'format' | 'passphrase' | 'weak-passphrase',
		message: string
	) {
		super(message);
	}
}

const encoder = new TextEncoder();

function additionalData(header: BackupHeader): Uint8Array<ArrayBuffer> {
	const { format, version, kdf, cipher } = header;
	return encoder.encode(JSON.stringify({ format, version, kdf, cipher }));
}

/** The passphrase as NFC, so the same characters typed on another device give the same key. */
function passphraseKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
	return pbkdf2AesKey(passphrase.normalize('NFC'), salt, iterations);
}

export async function encryptBackup(
	entries: readonly BackupEntry[],
	passphrase: string,
	options: { iterations?: number; now?: Date } = {}
): Promise<BackupFile> {
	if (passphrase.length < minPassphraseLength) {
		throw new BackupError(
			'weak-passphrase',
			`Kies een wachtwoord van minstens ${minPassphraseLength} tekens voor de reservekopie.`
		);
	}
	const salt = crypto.getRandomValues(new Uint8Array(16));
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const header: BackupHeader = {
		format: backupFormat,
		version: backupVersion,
		createdAt: (options.now ?? new Date()).toISOString(),
		kdf: {
			name: 'PBKDF2',
			hash: 'SHA-256',
			iterations: options.iterations ?? defaultIterations,
			salt: encodeBase64(salt)
		},
		cipher: { name: 'AES-GCM', iv: encodeBase64(iv) }
	};
	const key = await passphraseKey(passphrase, salt, header.kdf.iterations);
	const plain = encoder.encode(
		JSON.stringify({
			entries: entries.map((e) => ({
				issuer: e.issuer,
				label: e.label,
				secret: e.secret,
				algorithm: e.algorithm,
				digits: e.digits,
				period: e.period,
				addedAt: e.addedAt
			}))
		})
	);
	const data = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv, additionalData: additionalData(header) },
		key,
		plain
	);
	return { ...header, data: encodeBase64(new Uint8Array(data)) };
}

const formatError = () =>
	new BackupError(
		'format',
		'Dit bestand is geen reservekopie van de Kindkring-authenticator, of het is beschadigd.'
	);

function bytes(value: unknown): Uint8Array<ArrayBuffer> {
	if (typeof value !== 'string') throw formatError();
	try {
		return new Uint8Array(decodeBase64(value));
	} catch {
		throw formatError();
	}
}

/** Parses the file's text; throws BackupError('format') for anything that is not a v1 backup. */
export function parseBackup(text: string): BackupFile {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw formatError();
	}
	const v = value as Partial<BackupFile> | null;
	if (!v || typeof v !== 'object' || v.format !== backupFormat) throw formatError();
	if (v.version !== backupVersion) {
		throw new BackupError(
			'format',
			'Deze reservekopie is gemaakt met een nieuwere versie. Werk Kindkring bij en probeer het opnieuw.'
		);
	}
	const kdf = v.kdf;
	if (
		!kdf ||
		kdf.name !== 'PBKDF2' ||
		kdf.hash !== 'SHA-256' ||
		!Number.isInteger(kdf.iterations) ||
		kdf.iterations < minIterations ||
		kdf.iterations > maxIterations ||
		v.cipher?.name !== 'AES-GCM' ||
		typeof v.createdAt !== 'string'
	) {
		throw formatError();
	}
	if (bytes(kdf.salt).length < 16 || bytes(v.cipher.iv).length !== 12) throw formatError();
	bytes(v.data);
	return v as BackupFile;
}

/** Decrypts and validates; a wrong passphrase throws BackupError('passphrase') and returns nothing. */
export async function decryptBackup(file: BackupFile, passphrase: string): Promise<BackupEntry[]> {
	const key = await passphraseKey(passphrase, bytes(file.kdf.salt), file.kdf.iterations);
	let plain: ArrayBuffer;
	try {
		plain = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv: bytes(file.cipher.iv), additionalData: additionalData(file) },
			key,
			bytes(file.data)
		);
	} catch {
		throw new BackupError(
			'passphrase',
			'Het wachtwoord klopt niet, of het bestand is beschadigd. Er is niets teruggezet.'
		);
	}
	let parsed: { entries?: unknown };
	try {
		parsed = JSON.parse(new TextDecoder().decode(plain));
	} catch {
		throw formatError();
	}
	if (!Array.isArray(parsed.entries)) throw formatError();
	// Validate everything before returning anything: an import is all or nothing.
	return parsed.entries.map((raw) => {
		const e = raw as BackupEntry;
		try {
			const params = validateParams({
				issuer: String(e.issuer ?? ''),
				label: String(e.label ?? ''),
				secret: String(e.secret ?? ''),
				algorithm: e.algorithm,
				digits: Number(e.digits),
				period: Number(e.period)
			});
			const addedAt = Number.isFinite(e.addedAt) ? Number(e.addedAt) : Date.now();
			return { ...params, addedAt };
		} catch (error) {
			if (error instanceof OtpInputError) throw formatError();
			throw error;
		}
	});
}
