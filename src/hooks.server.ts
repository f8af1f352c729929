import { building, dev } from '$app/environment';
import {
	isHttpError,
	isRedirect,
	type Handle,
	type HandleServerError,
	type RequestEvent,
	type ServerInit
} from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { randomUUID } from 'node:crypto';
import { actorOf, notFoundMessage } from '$lib/server/access/actor';
import { NotAllowed } from '$lib/server/access/authorize';
import { isProduction } from '$lib/server/config';
import * as session from '$lib/server/auth/session';
import { hashIp } from '$lib/server/crypto';
import * as errorPage from '$lib/server/error-page';
import * as db from '$lib/server/db';
import {
	isDatabaseUnavailable,
	retryAfterSeconds,
	unavailableMessage,
	unavailableResponse
} from '$lib/server/db/outage';
import { isPublic, loginRedirect } from '$lib/server/guard';
import { discardBody, inspectForm, inspectQuery, type Refusal } from '$lib/server/input-guard';
import { log } from '$lib/server/log';
import { plainAnswer } from '$lib/server/plain-page';
import { bodyFailure } from '$lib/server/request-body';
import * as startup from '$lib/server/startup';

export const init: ServerInit = async () => {
	// The build imports this file to prerender the offline page; it needs no database.
	if (building) return;
	// adapter-node closes the HTTP server on SIGTERM/SIGINT and then emits this; ending the
	// pool lets the process exit instead of waiting for idle connections to time out.
	process.once('sveltekit:shutdown' as 'beforeExit', () => {
		void db.close();
	});
	try {
		await startup.run({ dev });
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		log.fatal({ reason: message }, 'start-up refused');
		console.error(message);
		process.exit(1);
	}
};

const requestIdPattern = /^[A-Za-z0-9-]{8,64}$/;

const requestContext: Handle = async ({ event, resolve }) => {
	const incoming = event.request.headers.get('x-request-id');
	event.locals.requestId = incoming && requestIdPattern.test(incoming) ? incoming : randomUUID();
	const started = performance.now();
	let response: Response;
	try {
		response = await resolve(event);
	} catch (thrown) {
		// A redirect or error thrown by a hook (to the login page, say) is answered by
		// SvelteKit outside this one: log it here all the same.
		logRequest(event, isRedirect(thrown) || isHttpError(thrown) ? thrown.status : 500, started);
		throw thrown;
	} finally {
		// Whatever answered without reading the body (a refusal, a 401, a 404, a redirect)
		// leaves it unread on the connection, where the next request would wait behind it
		// until the connection times out: read it and drop it.
		discardBody(event.request);
	}
	logRequest(event, response.status, started);
	response.headers.set('x-request-id', event.locals.requestId);
	return response;
};

function logRequest(event: RequestEvent, status: number, started: number): void {
	// Route ids, not URLs: a URL can carry a search term with a child's name.
	const probe = event.route.id === '/healthz' || event.route.id === '/readyz';
	log[probe ? 'debug' : 'info'](
		{
			reqId: event.locals.requestId,
			method: event.request.method,
			route: event.route.id,
			status,
			ms: Math.round(performance.now() - started)
		},
		'request'
	);
}

const permissionsPolicy = [
	// The built-in authenticator scans QR codes with the camera.
	'camera=(self)',
	'microphone=()',
	'geolocation=()',
	'payment=()',
	'usb=()',
	'serial=()',
	'bluetooth=()',
	'hid=()',
	'midi=()',
	'magnetometer=()',
	'gyroscope=()',
	'accelerometer=()',
	'display-capture=()',
	'browsing-topics=()'
].join(', ');

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('x-content-type-options', 'nosniff');
	// Not `no-referrer`: under it browsers send `Origin: null` with every form post, and
	// SvelteKit's CSRF origin check then refuses forms submitted without JavaScript.
	// `same-origin` still sends nothing to other sites, so no URL leaks out.
	// A response that sets its own (stricter or narrower) policy keeps it: bijlagen are
	// served with `no-referrer` and may be framed by our own pages (files/serve.ts).
	if (!headers.has('referrer-policy')) headers.set('referrer-policy', 'same-origin');
	headers.set('permissions-policy', permissionsPolicy);
	if (!headers.has('x-frame-options')) headers.set('x-frame-options', 'DENY');
	headers.set('cross-origin-opener-policy', 'same-origin');
	if (!headers.has('cross-origin-resource-policy')) {
		headers.set('cross-origin-resource-policy', 'same-origin');
	}
	if (isProduction()) {
		headers.set('strict-transport-security', 'max-age=63072000; includeSubDomains');
	}
	return response;
};

const authenticate: Handle = async ({ event, resolve }) => {
	event.locals.session = null;
	event.locals.account = null;
	event.locals.actor = null;
	let address: string | undefined;
	try {
		address = event.getClientAddress();
	} catch {
		address = undefined;
	}
	event.locals.ipHash = hashIp(address);

	const token = event.cookies.get(session.cookieName());
	if (token) {
		// The idle-warning poll reads the session without keeping it alive.
		const touch = event.url.pathname !== '/api/sessie' || event.request.method !== 'GET';
		const current = await session.validate(db.sql, token, { touch });
		if (current) {
			event.locals.session = current;
			event.locals.account = current.account;
			event.locals.actor = actorOf(current.account, {
				ipHash: event.locals.ipHash,
				origin: event.url.origin
			});
		} else {
			session.clearCookie(event.cookies);
		}
	}
	if (!event.locals.account && !isPublic(event.url.pathname)) {
		if (event.url.pathname.startsWith('/api/')) {
			return new Response(JSON.stringify({ message: 'Niet ingelogd' }), {
				status: 401,
				headers: { 'content-type': 'application/json' }
			});
		}
		loginRedirect(event.url);
	}
	const response = await resolve(event);
	if (event.locals.account) response.headers.set('cache-control', 'private, no-store');
	return response;
};

/**
 * A database outage answers 503 with Retry-After. Thrown before a page renders (reading the
 * session): a page of its own. Met while rendering a page, running an action or loading
 * data: SvelteKit's error answer (with the outage message from handleError), as a 503.
 */
const databaseOutage: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event);
	} catch (error) {
		if (!isDatabaseUnavailable(error)) throw error;
		log.error({ reqId: event.locals.requestId, route: event.route.id }, 'database unavailable');
		return unavailableResponse(event.request, event.locals.requestId);
	}
	if (!event.locals.databaseUnavailable || response.status < 500) return response;
	const headers = new Headers(response.headers);
	headers.set('retry-after', String(retryAfterSeconds));
	headers.set('cache-control', 'no-store');
	return new Response(response.body, { status: 503, headers });
};

/**
 * A domain function that refused a change (`NotAllowed`, see access/authorize.ts) answers
 * 404, as if the thing did not exist: SvelteKit renders it as an error (handleError marks
 * it), this gives it its status.
 */
const notAllowedAsNotFound: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!event.locals.notAllowed || response.status < 500) return response;
	const headers = new Headers(response.headers);
	headers.set('cache-control', 'no-store');
	return new Response(response.body, { status: 404, headers });
};

/**
 * Routes authenticated by a code in the Authorization header, never by the session cookie:
 * a school system posts to them from its own server, without a browser's Origin.
 */
const tokenRoutes = new Set(['/api/v1/intake']);

/**
 * CSRF: a form post (urlencoded, multipart, text/plain, SvelteKit's binary form) from
 * another origin, or without an Origin, is refused, as SvelteKit's own check does; the
 * token routes above are the only exception.
 */
const formOrigin: Handle = async ({ event, resolve }) => {
	const { request, url, route } = event;
	if (dev || building || !['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method)) {
		return resolve(event);
	}
	const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	const form = [
		'application/x-www-form-urlencoded',
		'multipart/form-data',
		'text/plain',
		'application/x-sveltekit-formdata'
	].includes(type);
	if (!form || request.headers.get('origin') === url.origin) return resolve(event);
	if (route.id !== null && tokenRoutes.has(route.id)) return resolve(event);
	const message = `Cross-site ${request.method} form submissions are forbidden`;
	return request.headers.get('accept') === 'application/json'
		? new Response(JSON.stringify({ message }), {
				status: 403,
				headers: { 'content-type': 'application/json' }
			})
		: new Response(message, { status: 403, headers: { 'content-type': 'text/plain' } });
};

/** Routes with a `+server.ts`: they read their own bodies (an upload, an API). */
const endpointRoutes = new Set(
	Object.keys(import.meta.glob('/src/routes/**/+server.ts')).map((file) =>
		file.slice('/src/routes'.length, -'/+server.ts'.length)
	)
);

const refusalTitles: Record<Refusal['status'], string> = {
	400: 'Niet verstuurd',
	413: 'Te groot',
	415: 'Niet verstuurd'
};

/** Hostile or broken input is refused here, in Dutch, before any page or action reads it. */
const inputGuard: Handle = async ({ event, resolve }) => {
	// Prerendered pages (the offline page, the authenticator) have no request to check.
	if (building) return resolve(event);
	const { request, route } = event;
	let refusal = inspectQuery(event.url);
	const formAction =
		request.method === 'POST' && route.id !== null && !endpointRoutes.has(route.id);
	if (!refusal && formAction) refusal = await inspectForm(request);
	if (!refusal) return resolve(event);
	log.warn(
		{
			reqId: event.locals.requestId,
			route: route.id,
			status: refusal.status,
			field: refusal.field
		},
		'input refused'
	);
	const back = event.url.pathname;
	return plainAnswer(request, {
		status: refusal.status,
		title: refusalTitles[refusal.status],
		message: refusal.message,
		requestId: event.locals.requestId,
		back: { href: back, label: 'Terug naar de pagina' }
	});
};

// A browser that navigates to an error gets the app's Dutch page, never bare text or JSON
// (error-page.ts); inside securityHeaders, so the page gets the same headers.
const navigationErrors: Handle = async ({ event, resolve }) =>
	errorPage.forNavigation(event.request, await resolve(event));

export const handle = sequence(
	requestContext,
	securityHeaders,
	formOrigin,
	navigationErrors,
	databaseOutage,
	notAllowedAsNotFound,
	inputGuard,
	authenticate
);

/** What SvelteKit itself refuses before our code runs, in words for the user. */
const refusedRequest: Record<number, string> = {
	400: 'Dit verzoek kon niet worden gelezen. Ga terug naar de pagina en probeer het opnieuw.',
	405: 'Dit kan op deze pagina niet. Ga terug naar de pagina en probeer het opnieuw.',
	415: 'Deze pagina neemt alleen een ingevuld formulier aan. Ga terug naar de pagina en probeer het opnieuw.'
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status === 404) return { message: 'Pagina niet gevonden', requestId: event.locals.requestId };
	if (error instanceof NotAllowed) {
		event.locals.notAllowed = true;
		log.warn(
			{ reqId: event.locals.requestId, route: event.route.id, action: error.action },
			'not allowed'
		);
		return { message: notFoundMessage, notFound: true, requestId: event.locals.requestId };
	}
	if (isDatabaseUnavailable(error)) {
		event.locals.databaseUnavailable = true;
		log.error(
			{
				reqId: event.locals.requestId,
				route: event.route.id,
				code: (error as { code?: string }).code
			},
			'database unavailable'
		);
		return { message: unavailableMessage, unavailable: true, requestId: event.locals.requestId };
	}
	const body = bodyFailure(error);
	if (status < 500 || body) {
		// The client's doing (a body past the limit, a broken-off upload, a wrong method or
		// content type): worth a line in the log, not an alarm.
		log.warn({ reqId: event.locals.requestId, route: event.route.id, status }, 'request refused');
		return {
			message: body?.message ?? refusedRequest[status] ?? 'Dit verzoek kon niet worden verwerkt.',
			requestId: event.locals.requestId
		};
	}
	const err = error instanceof Error ? error : new Error(String(error));
	// Only name, code and stack: driver errors carry a `detail` that can quote personal data.
	log.error(
		{
			reqId: event.locals.requestId,
			route: event.route.id,
			status,
			err: { name: err.name, code: (err as { code?: string }).code, stack: err.stack }
		},
		'unhandled error'
	);
	return {
		message: 'Er ging iets mis aan onze kant. Probeer het over een paar minuten opnieuw.',
		requestId: event.locals.requestId
	};
};
