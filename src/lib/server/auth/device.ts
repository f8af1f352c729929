/**
 * Device cookies (OWASP "Slow Down Online Guessing Attacks with Device Cookies"). After a
 * successful login the browser gets a long-lived, signed, HttpOnly cookie naming the
 * account. Wrong passwords from a browser with a valid device cookie of that account count
 * for that device only; all other browsers share one count per organisation + username. So
 * a stranger typing wrong passwords makes only strangers wait, and the rightful user's own
 * device still signs in (with the password and the code, as always: the cookie never
 * replaces either).
 *
 * Value: `v1.<account id>.<issued, unix seconds>.<nonce>.<HMAC>`; the HMAC key is derived
 * from APP_ENCRYPTION_KEY, so no one can make a cookie without the key. Nothing is stored
 * per cookie: only a device that fails gets a row (throttle.ts), under a keyed hash of its
 * nonce. One cookie per account, so the accounts that share a computer each keep theirs.
 */
import type { Cookies } from '@sveltejs/kit';
import { isProduction } from '../config';
import { hmac, randomToken, safeEqual } from '../crypto';

/** How long a device stays recognised after its last successful login. */
export const lifetimeDays = 365;
const lifetimeMs = lifetimeDays * 24 * 60 * 60_000;

export interface Device {
	/** Identifies the device in the lockout table; not the cookie itself. */
	key: string;
}

function prefix(): string {
	// __Host-: Secure, Path=/, no Domain — a subdomain cannot set or shadow it.
	return isProduction() ? '__Host-kk_device_' : 'kk_device_';
}

/** The cookie's name for an account: it does not reveal the account. */
export function cookieName(accountId: string): string {
	return prefix() + hmac('device-cookie-name', accountId).slice(0, 16);
}

function signature(payload: string): string {
	return hmac('device-cookie', payload);
}

/** A new device cookie value for the account. */
export function issue(accountId: string, now = new Date()): string {
	const payload = `v1.${accountId}.${Math.floor(now.getTime() / 1000)}.${randomToken()}`;
	return `${payload}.${signature(payload)}`;
}

/**
 * The device, when one of `values` is a valid, unexpired device cookie of `accountId`;
 * otherwise null (a forged, expired or other account's cookie counts as no cookie).
 */
export function recognise(values: string[], accountId: string, now = new Date()): Device | null {
	for (const value of values) {
		const parts = value.split('.');
		if (parts.length !== 5) continue;
		const [version, id, issued, nonce, mac] = parts as [string, string, string, string, string];
		if (version !== 'v1' || id !== accountId) continue;
		const payload = `${version}.${id}.${issued}.${nonce}`;
		if (!safeEqual(mac, signature(payload))) continue;
		const issuedAt = Number(issued) * 1000;
		if (!Number.isFinite(issuedAt) || now.getTime() - issuedAt > lifetimeMs) continue;
		return { key: hmac('device-key', nonce).slice(0, 32) };
	}
	return null;
}

/** The values of every device cookie the browser sent. */
export function fromCookies(cookies: Cookies): string[] {
	return cookies
		.getAll()
		.filter((c) => c.name.startsWith(prefix()))
		.map((c) => c.value);
}

export function setCookie(cookies: Cookies, accountId: string, value: string): void {
	cookies.set(cookieName(accountId), value, {
		path: '/',
		httpOnly: true,
		// Only read by our own forms (login, password change), never on a link from elsewhere.
		sameSite: 'strict',
		secure: isProduction(),
		maxAge: lifetimeDays * 24 * 60 * 60
	});
}
