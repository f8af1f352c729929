/**
 * A complete answer of its own, for refusals made before SvelteKit renders a page (the
 * app's layout may need what is missing): a small Dutch page for a browser, JSON for a
 * script or an enhanced form, which reads `{ type: 'error', error }` like SvelteKit's own.
 */

export interface PlainAnswer {
	status: number;
	title: string;
	message: string;
	requestId: string;
	/** Where "Terug" leads; a path of ours only. */
	back?: { href: string; label: string };
	headers?: Record<string, string>;
}

const escape = (text: string) =>
	text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function plainAnswer(request: Request, answer: PlainAnswer): Response {
	const headers = { 'cache-control': 'no-store', ...answer.headers };
	const path = new URL(request.url).pathname;
	const accept = request.headers.get('accept') ?? '';
	const enhancedForm = request.headers.get('x-sveltekit-action') === 'true';
	if (enhancedForm) {
		return new Response(
			JSON.stringify({
				type: 'error',
				error: { message: answer.message, requestId: answer.requestId }
			}),
			{ status: answer.status, headers: { ...headers, 'content-type': 'application/json' } }
		);
	}
	if (path.startsWith('/api/') || !accept.includes('text/html')) {
		return new Response(JSON.stringify({ message: answer.message, requestId: answer.requestId }), {
			status: answer.status,
			headers: { ...headers, 'content-type': 'application/json' }
		});
	}
	const back = answer.back
		? `<p><a class="button" href="${escape(answer.back.href)}">${escape(answer.back.label)}</a></p>`
		: '';
	const html = `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(answer.title)} · Kindkring</title>
<style>
body{font-family:system-ui,sans-serif;line-height:1.5;margin:0;color:#1a1a1a;background:#f6f8fa}
main{max-width:40rem;margin:0 auto;padding:2rem 1rem;overflow-wrap:anywhere}
.button{display:inline-block;padding:.75rem 1rem;background:#1f5f8b;color:#fff;border-radius:.5rem;text-decoration:none}
.muted{color:#555}
</style>
</head>
<body>
<main id="inhoud">
<h1>${escape(answer.title)}</h1>
<p role="alert">${escape(answer.message)}</p>
${back}
<p class="muted">Neemt u contact op met de helpdesk? Noem dan deze code: <code>${escape(answer.requestId)}</code></p>
</main>
</body>
</html>`;
	return new Response(html, {
		status: answer.status,
		headers: { ...headers, 'content-type': 'text/html; charset=utf-8' }
	});
}
