/**
 * Which paths anyone may open; everything else needs a logged-in account. Enforced in the
 * `handle` hook, so it covers every page, its __data.json and every endpoint — a layout
 * load alone would not protect nested pages (architecture.md § Auth).
 */
import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionAccount } from './auth/session';

const publicExact = new Set([
	'/',
	'/inloggen',
	'/uitloggen',
	'/wachtwoord-vergeten',
	'/offline',
	'/healthz',
	'/readyz'
]);
const publicPrefixes = [
	'/activeren/',
	'/wachtwoord-herstellen/',
	'/hulp/',
	'/authenticator',
	'/dev/',
	'/api/publiek/',
	// The published API authenticates by its own code (intake), never by a session.
	'/api/v1/',
	'/ondertekenen/'
];

export function isPublic(pathname: string): boolean {
	return publicExact.has(pathname) || publicPrefixes.some((p) => pathname.startsWith(p));
}

/** A path to return to after login: only our own paths, never another site. */
export function safeReturnPath(value: string | null | undefined): string | null {
	if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
		return null;
	return value;
}

export function loginRedirect(url: URL): never {
	const back = url.pathname + url.search;
	redirect(303, `/inloggen?terug=${encodeURIComponent(back)}`);
}

export function requireAccount(event: Pick<RequestEvent, 'locals' | 'url'>): SessionAccount {
	if (!event.locals.account) loginRedirect(event.url);
	return event.locals.account;
}
