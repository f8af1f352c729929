/**
 * What an authenticator entry is, how it is read from an `otpauth://` URI or a typed key,
 * and how its code is computed. The codes come from `otpauth`, the library the server
 * uses (src/lib/server/auth/totp.ts), so the companion and the server agree by construction.
 *
 * Validation errors are Dutch sentences meant for the user.
 */
import * as OTPAuth from 'otpauth';

export const algorithms = ['SHA1', 'SHA256', 'SHA512'] as const;
export type Algorithm = (typeof algorithms)[number];

export interface TotpParams {
	issuer: string;
	label: string;
	/** Base32, upper case, no spaces or padding. */
	secret: string;
	algorithm: Algorithm;
	digits: number;
	period: number;
}

export class OtpInputError extends Error {
	override name = 'OtpInputError';
}

/** 80 bits: the shortest key services still hand out (16 base32 characters). */
const minSecretChars = 16;
const maxSecretChars = 1024;

/** Accepts the key as people type it: groups with spaces or dashes, any case, `=` padding. */
export function normaliseSecret(input: string): string {
	const secret = input.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
	if (secret === '') throw new OtpInputError('Vul de geheime sleutel in.');
	if (!/^[A-Z2-7]+$/.test(secret)) {
		throw new OtpInputError(
			'De sleutel mag alleen letters A–Z en cijfers 2–7 bevatten. Let op: een 0 is een O en een 1 is een I of L.'
		);
	}
	if (secret.length < minSecretChars) {
		throw new OtpInputError(
			`De sleutel is te kort (${secret.length} tekens, minstens ${minSecretChars}). Controleer of u hem helemaal hebt overgenomen.`
		);
	}
	if (secret.length > maxSecretChars) throw new OtpInputError('De sleutel is te lang.');
	// Base32 lengths 1, 3 and 6 (mod 8) leave dangling bits no encoder produces: a typo.
	if ([1, 3, 6].includes(secret.length % 8)) {
		throw new OtpInputError(
			'De sleutel heeft een onmogelijke lengte. Waarschijnlijk ontbreekt er een teken of staat er een te veel.'
		);
	}
	return secret;
}

function parseAlgorithm(value: string | null): Algorithm {
	if (value === null || value === '') return 'SHA1';
	const upper = value.toUpperCase().replace('-', '');
	if ((algorithms as readonly string[]).includes(upper)) return upper as Algorithm;
	throw new OtpInputError(
		`Het algoritme "${value}" wordt niet ondersteund. Alleen SHA1, SHA256 en SHA512 zijn mogelijk.`
	);
}

function parseInteger(value: string | null, fallback: number): number {
	if (value === null || value === '') return fallback;
	return /^\d{1,4}$/.test(value) ? Number(value) : NaN;
}

export function validateParams(params: TotpParams): TotpParams {
	const secret = normaliseSecret(params.secret);
	if (!Number.isInteger(params.digits) || params.digits < 6 || params.digits > 8) {
		throw new OtpInputError('Een code moet 6, 7 of 8 cijfers hebben.');
	}
	if (!Number.isInteger(params.period) || params.period < 10 || params.period > 300) {
		throw new OtpInputError(
			'De geldigheidsduur van een code moet tussen 10 en 300 seconden liggen.'
		);
	}
	const issuer = params.issuer.trim().slice(0, 100);
	const label = params.label.trim().slice(0, 200);
	if (label === '' && issuer === '') {
		throw new OtpInputError('Geef de code een naam, bijvoorbeeld uw gebruikersnaam.');
	}
	return { ...params, secret, issuer, label, algorithm: parseAlgorithm(params.algorithm) };
}

/**
 * Reads `otpauth://totp/Issuer:account?secret=…&issuer=…` (Google's key-URI format).
 * Only TOTP: an HOTP counter cannot be kept in step by a companion on several devices.
 */
export function parseUri(input: string): TotpParams {
	const text = input.trim();
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		throw new OtpInputError(
			'Dit is geen geldige otpauth-link. Een link begint met otpauth://totp/.'
		);
	}
	if (url.protocol !== 'otpauth:') {
		throw new OtpInputError('Dit is geen otpauth-link. Een link begint met otpauth://totp/.');
	}
	// For non-special schemes the type is the URL's host.
	const type = url.host.toLowerCase();
	if (type === 'hotp') {
		throw new OtpInputError(
			'Dit is een teller-code (HOTP). Alleen tijdgebaseerde codes (TOTP) worden ondersteund.'
		);
	}
	if (type !== 'totp')
		throw new OtpInputError('Alleen tijdgebaseerde codes (TOTP) worden ondersteund.');

	let path: string;
	try {
		path = decodeURIComponent(url.pathname.replace(/^\//, ''));
	} catch {
		throw new OtpInputError('De naam in de link is ongeldig gecodeerd.');
	}
	const colon = path.indexOf(':');
	const labelIssuer = colon >= 0 ? path.slice(0, colon).trim() : '';
	const label = colon >= 0 ? path.slice(colon + 1).trim() : path.trim();
	const q = url.searchParams;
	const secret = q.get('secret');
	if (!secret) throw new OtpInputError('De link bevat geen geheime sleutel (secret).');
	const digits = parseInteger(q.get('digits'), 6);
	const period = parseInteger(q.get('period'), 30);
	return validateParams({
		// The issuer parameter wins: the label prefix is often shortened or missing.
		issuer: q.get('issuer')?.trim() || labelIssuer,
		label,
		secret,
		algorithm: parseAlgorithm(q.get('algorithm')),
		digits,
		period
	});
}

export function toUri(params: TotpParams): string {
	return totp(params).toString();
}

function totp(params: TotpParams): OTPAuth.TOTP {
	return new OTPAuth.TOTP({
		issuer: params.issuer,
		label: params.label || params.issuer,
		algorithm: params.algorithm,
		digits: params.digits,
		period: params.period,
		secret: OTPAuth.Secret.fromBase32(params.secret)
	});
}

export function generate(params: TotpParams, timestamp = Date.now()): string {
	return totp(params).generate({ timestamp });
}

/** Seconds left before the current code changes. */
export function secondsLeft(period: number, timestamp = Date.now()): number {
	return period - (Math.floor(timestamp / 1000) % period);
}

/** "123456" → "123 456", "12345678" → "1234 5678": easier to read and copy by eye. */
export function groupCode(code: string): string {
	if (code.length === 6) return `${code.slice(0, 3)} ${code.slice(3)}`;
	if (code.length === 8) return `${code.slice(0, 4)} ${code.slice(4)}`;
	if (code.length === 7) return `${code.slice(0, 3)} ${code.slice(3)}`;
	return code;
}

/** Same account in the user's eyes: same issuer and label, whatever the case or spacing. */
export function accountKey(params: Pick<TotpParams, 'issuer' | 'label'>): string {
	const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
	return `${norm(params.issuer)}\u0000${norm(params.label)}`;
}

export function sameSecret(a: TotpParams, b: TotpParams): boolean {
	return (
		a.secret === b.secret &&
		a.algorithm === b.algorithm &&
		a.digits === b.digits &&
		a.period === b.period
	);
}
