import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// GET reads the idle expiry without extending it (hooks.server.ts); POST ("Ingelogd
// blijven") is a normal request and so extends it.
export const GET: RequestHandler = ({ locals }) =>
	json(
		{ expiresAt: locals.session?.expiresAt.toISOString() ?? null },
		{ headers: { 'cache-control': 'no-store' } }
	);

export const POST: RequestHandler = ({ locals }) =>
	json(
		{ expiresAt: locals.session?.expiresAt.toISOString() ?? null },
		{ headers: { 'cache-control': 'no-store' } }
	);
