/**
 * The app's own Dutch error page for answers SvelteKit does not render with +error.svelte:
 * an error thrown in a +server.ts endpoint, a failing root layout (SvelteKit fills
 * src/error.html itself) and a bare text or JSON error an endpoint or SvelteKit returns
 * (e.g. "GET method not allowed"), which `forNavigation` turns into the same page when a
 * browser navigates there. Scripts and `fetch` calls keep their JSON.
 */
import template from '../../error.html?raw';

const escapes: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => escapes[c]!);
}

/** src/error.html, filled in as SvelteKit fills it. */
export function render(status: number, message: string): string {
	return template
		.replaceAll('%sveltekit.status%', String(status))
		.replaceAll('%sveltekit.error.message%', escapeHtml(message));
}

/** What an error status means, in words, when the answer itself has none to show. */
export function messageFor(status: number): string {
	switch (status) {
		case 401:
			return 'U bent niet (meer) ingelogd. Log opnieuw in.';
		case 403:
			return 'Dit mag u hier niet doen.';
		case 404:
			return 'Deze pagina bestaat niet, of u heeft er geen toegang toe.';
		case 405:
		case 415:
			return 'Dit kan op deze pagina niet. Ga terug naar de pagina en probeer het opnieuw.';
		case 410:
			return 'Deze pagina is er niet meer.';
		case 413:
			return 'Wat u stuurde is te groot.';
		case 429:
			return 'Te veel pogingen achter elkaar. Wacht een paar minuten en probeer het opnieuw.';
		default:
			return status >= 500
				? 'Er ging iets mis aan onze kant. Probeer het over een paar minuten opnieuw.'
				: 'Dit verzoek kon niet worden verwerkt.';
	}
}

/**
 * A browser navigating (not a script): the request asks for HTML before JSON. Browsers send
 * `Sec-Fetch-Mode: navigate` for a link or an address typed in; a form post without
 * JavaScript too. `fetch` and XHR send `cors`/`same-origin` and `Accept: *\/*` or JSON.
 */
export function isNavigation(request: Request): boolean {
	const mode = request.headers.get('sec-fetch-mode');
	if (mode) return mode === 'navigate';
	const accept = request.headers.get('accept') ?? '';
	const html = accept.indexOf('text/html');
	const json = accept.indexOf('application/json');
	return html !== -1 && (json === -1 || html < json);
}

/**
 * The error answer a navigating browser gets: the Dutch page instead of bare text or JSON
 * (whose `message`, when it has one, is kept). HTML answers and successes pass unchanged.
 */
export async function forNavigation(request: Request, response: Response): Promise<Response> {
	if (response.status < 400 || !isNavigation(request)) return response;
	const type = response.headers.get('content-type') ?? '';
	if (type.startsWith('text/html')) return response;
	let message = messageFor(response.status);
	if (type.startsWith('application/json')) {
		try {
			const body = (await response.clone().json()) as { message?: unknown };
			if (typeof body.message === 'string' && body.message.trim()) message = body.message;
		} catch {
			// Not the JSON it claims to be: the general words stay.
		}
	}
	const headers = new Headers(response.headers);
	headers.set('content-type', 'text/html; charset=utf-8');
	headers.delete('content-length');
	headers.delete('content-disposition');
	headers.delete('content-encoding');
	return new Response(render(response.status, message), {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}
