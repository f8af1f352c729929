import { plainAnswer } from '../plain-page';

/**
 * A database that cannot answer is an outage, not a bug: requests get 503 with
 * `Retry-After` and a Dutch page saying the service is briefly unavailable, within the
 * connect timeout, instead of "Er ging iets mis" (500) or a hanging request.
 */

/** Seconds a client (or a balancer) should wait before trying again. */
export const retryAfterSeconds = 5;

export const unavailableMessage =
	'Kindkring is even niet beschikbaar door een storing. Wat al was opgeslagen is veilig. Wat u net verstuurde is niet opgeslagen: probeer het over een minuut opnieuw.';

/** Driver and socket codes that mean the server could not be reached or went away. */
const connectionCodes = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EPIPE',
	'CONNECT_TIMEOUT',
	'CONNECTION_CLOSED',
	'CONNECTION_ENDED',
	'CONNECTION_DESTROYED'
]);

/**
 * SQLSTATEs of a server that is starting, stopping, full or cancelled the statement
 * after the statement timeout: class 08 (connection exception), 57P01–57P03
 * (admin/crash shutdown, cannot connect now), 53300 (too many connections), 57014
 * (query cancelled, which is what the statement timeout raises).
 */
function unavailableState(code: string): boolean {
	return (
		code.startsWith('08') ||
		code === '57P01' ||
		code === '57P02' ||
		code === '57P03' ||
		code === '53300' ||
		code === '57014'
	);
}

/**
 * True when `error` says the database is unreachable or overloaded, not that a query is
 * wrong. Socket codes count only on errors of a query (postgres.js gives them `query`): an
 * ECONNRESET of the request's own body, or of the mail server, is no database outage.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
	if (!error || typeof error !== 'object' || depth > 3) return false;
	const code = (error as { code?: unknown }).code;
	if (typeof code === 'string') {
		if (unavailableState(code) && 'severity' in error) return true;
		if (connectionCodes.has(code) && 'query' in error) return true;
	}
	// A connect over several addresses (IPv6 and IPv4) fails with an AggregateError.
	const errors = (error as { errors?: unknown }).errors;
	if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) {
		return true;
	}
	return isDatabaseUnavailable((error as { cause?: unknown }).cause, depth + 1);
}

/**
 * The answer when the outage struck before a page could be rendered (while reading the
 * session): a complete page of its own, since the app's layout may need the database.
 */
export function unavailableResponse(request: Request, requestId: string): Response {
	return plainAnswer(request, {
		status: 503,
		title: 'Even niet beschikbaar',
		message: unavailableMessage,
		requestId,
		back: { href: new URL(request.url).pathname, label: 'Opnieuw proberen' },
		headers: { 'retry-after': String(retryAfterSeconds) }
	});
}
