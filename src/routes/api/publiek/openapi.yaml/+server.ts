import description from '$lib/api/openapi.yaml?raw';
import type { RequestHandler } from './$types';

// The description of the endpoints that are not pages, for whoever builds against them.
export const GET: RequestHandler = () =>
	new Response(description, {
		headers: { 'content-type': 'application/yaml; charset=utf-8', 'cache-control': 'no-cache' }
	});
