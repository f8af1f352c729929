/**
 * Unlocking with the device itself (fingerprint, face, screen lock) instead of the PIN,
 * through WebAuthn's PRF extension: the platform authenticator, after verifying the user,
 * returns a secret that only it can produce for this credential and salt. That secret
 * derives the key that wraps the vault's lock key (vault.ts), so it is real encryption,
 * not a yes/no check a script could skip. No server is involved: the credential never
 * leaves the device and its challenge is random because nobody verifies a signature.
 *
 * Without a user-verifying platform authenticator with PRF (e.g. headless Chromium, many
 * older phones) the option is simply not offered.
 */

interface PrfResults {
	prf?: { enabled?: boolean; results?: { first?: ArrayBuffer } };
}

export class DeviceUnlockError extends Error {
	override name = 'DeviceUnlockError';
}

function random(length: number): Uint8Array<ArrayBuffer> {
	return crypto.getRandomValues(new Uint8Array(length));
}

export async function available(): Promise<boolean> {
	const pkc = globalThis.PublicKeyCredential;
	if (!pkc?.isUserVerifyingPlatformAuthenticatorAvailable || !navigator.credentials) return false;
	try {
		return await pkc.isUserVerifyingPlatformAuthenticatorAvailable();
	} catch {
		return false;
	}
}

function explain(error: unknown): DeviceUnlockError {
	if (error instanceof DeviceUnlockError) return error;
	const name = error instanceof Error || error instanceof DOMException ? error.name : '';
	if (name === 'NotAllowedError' || name === 'AbortError') {
		return new DeviceUnlockError(
			'Ontgrendelen met dit apparaat is afgebroken. Gebruik uw pincode.'
		);
	}
	return new DeviceUnlockError('Ontgrendelen met dit apparaat lukte niet. Gebruik uw pincode.');
}

const noPrf = () =>
	new DeviceUnlockError(
		'Dit apparaat kan de authenticator niet ontgrendelen met vingerafdruk, gezicht of schermslot. Gebruik uw pincode.'
	);

/** The PRF output for this credential and salt, after the user has verified themselves. */
export async function evaluate(
	credentialId: Uint8Array<ArrayBuffer>,
	salt: Uint8Array<ArrayBuffer>
): Promise<Uint8Array<ArrayBuffer>> {
	let credential: Credential | null;
	try {
		credential = await navigator.credentials.get({
			publicKey: {
				challenge: random(32),
				allowCredentials: [{ type: 'public-key', id: credentialId }],
				userVerification: 'required',
				timeout: 60_000,
				extensions: { prf: { eval: { first: salt } } } as AuthenticationExtensionsClientInputs
			}
		});
	} catch (error) {
		throw explain(error);
	}
	const results = (credential as PublicKeyCredential | null)?.getClientExtensionResults() as
		PrfResults | undefined;
	const first = results?.prf?.results?.first;
	if (!first) throw noPrf();
	return new Uint8Array(first);
}

/** Creates a platform credential with PRF and returns what the vault needs to enrol it. */
export async function register(): Promise<{
	credentialId: Uint8Array<ArrayBuffer>;
	salt: Uint8Array<ArrayBuffer>;
	output: Uint8Array<ArrayBuffer>;
}> {
	const salt = random(32);
	let credential: PublicKeyCredential | null;
	try {
		credential = (await navigator.credentials.create({
			publicKey: {
				rp: { name: 'Kindkring authenticator' },
				user: {
					id: random(16),
					name: 'authenticator',
					displayName: 'Authenticator op dit apparaat'
				},
				challenge: random(32),
				pubKeyCredParams: [
					{ type: 'public-key', alg: -7 },
					{ type: 'public-key', alg: -257 }
				],
				authenticatorSelection: {
					authenticatorAttachment: 'platform',
					userVerification: 'required',
					residentKey: 'discouraged'
				},
				timeout: 60_000,
				extensions: { prf: { eval: { first: salt } } } as AuthenticationExtensionsClientInputs
			}
		})) as PublicKeyCredential | null;
	} catch (error) {
		throw explain(error);
	}
	if (!credential) throw noPrf();
	const results = credential.getClientExtensionResults() as PrfResults;
	if (!results.prf?.enabled && !results.prf?.results?.first) throw noPrf();
	const credentialId = new Uint8Array(credential.rawId);
	// Some authenticators only evaluate PRF on get(), not already on create().
	const first = results.prf.results?.first;
	const output = first ? new Uint8Array(first) : await evaluate(credentialId, salt);
	return { credentialId, salt, output };
}
