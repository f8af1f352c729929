import { parse } from 'yaml';
import description from '$lib/api/openapi.yaml?raw';
import type { RequestHandler } from './$types';

const published = JSON.stringify(parse(description));

// The same description as /api/publiek/openapi.yaml, as JSON, for the school systems'
// suppliers and their tools.
export const GET: RequestHandler = () =>
	new Response(published, {
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' }
	});
