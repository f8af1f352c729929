/**
 * TOTP (RFC 6238) with `otpauth`: SHA-1, 6 digits, 30 seconds — what every authenticator
 * app supports. Issuer "Kindkring", label "<organisation short name>: <username>", so
 * several accounts and partnerships are told apart in the app.
 */
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';

export const issuer = 'Kindkring';
export const period = 30;

export function newSecret(): string {
	return new OTPAuth.Secret({ size: 20 }).base32;
}

export function label(organisationShortName: string, username: string): string {
	return `${organisationShortName}: ${username}`;
}

function totp(secretBase32: string, accountLabel = 'x'): OTPAuth.TOTP {
	return new OTPAuth.TOTP({
		issuer,
		label: accountLabel,
		algorithm: 'SHA1',
		digits: 6,
		period,
		secret: OTPAuth.Secret.fromBase32(secretBase32)
	});
}

export function currentStep(now = Date.now()): number {
	return Math.floor(now / 1000 / period);
}

export function generate(secretBase32: string, now = Date.now()): string {
	return totp(secretBase32).generate({ timestamp: now });
}

export function normaliseCode(input: string): string {
	return input.replace(/[\s-]/g, '');
}

/**
 * The time step the code belongs to, within ±`window` steps of now, or null. Only a window
 * of 1 may log anyone in; wider windows serve diagnosis (2FA help) and drift repair.
 */
export function matchStep(
	secretBase32: string,
	code: string,
	now = Date.now(),
	window = 1
): number | null {
	const token = normaliseCode(code);
	if (!/^\d{6}$/.test(token)) return null;
	const delta = totp(secretBase32).validate({ token, timestamp: now, window });
	return delta === null ? null : currentStep(now) + delta;
}

export function uri(secretBase32: string, accountLabel: string): string {
	return totp(secretBase32, accountLabel).toString();
}

/** The key as users type it: lower case in groups of four (`gv3f feu4 …`, as today). */
export function groupedKey(secretBase32: string): string {
	return secretBase32.toLowerCase().replace(/(.{4})(?=.)/g, '$1 ');
}

export async function qrDataUrl(otpauthUri: string): Promise<string> {
	const svg = await QRCode.toString(otpauthUri, {
		type: 'svg',
		margin: 2,
		errorCorrectionLevel: 'M'
	});
	return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
