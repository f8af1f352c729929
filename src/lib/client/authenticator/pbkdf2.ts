/**
 * An AES-GCM key (256 bits, encrypt and decrypt, not extractable) from a PIN or passphrase
 * through PBKDF2-HMAC-SHA256: the vault's PIN key and the backup file's key.
 * The text is encoded as UTF-8 exactly as given; normalising it is the caller's rule.
 */
export async function pbkdf2AesKey(
	secret: string,
	salt: Uint8Array<ArrayBuffer>,
	iterations: number
): Promise<CryptoKey> {
	const material = await crypto.subtle.importKey(
		'raw',
		new TextEncoder().encode(secret),
		'PBKDF2',
		false,
		['deriveKey']
	);
	return crypto.subtle.deriveKey(
		{ name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
		material,
		{ name: 'AES-GCM', length: 256 },
		false,
		['encrypt', 'decrypt']
	);
}
