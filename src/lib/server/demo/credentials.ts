/**
 * Demo credentials. Every demo account has the same known password and a TOTP secret
 * derived from its organisation and username, so the secret is the same after every seed
 * (and tests can compute codes). Never for real accounts: the seed runs only on demo data.
 */
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createHash } from 'node:crypto';

export const demoPassword = 'Kindkring-demo-2026';

export function demoTotpSecret(organisationCode: string, username: string): string {
	const bytes = createHash('sha256')
		.update(`kindkring-demo:${organisationCode}:${username.toLowerCase()}`)
		.digest()
		.subarray(0, 20);
	return encodeBase32UpperCaseNoPadding(bytes);
}
