import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// The server's clock for the clock check (src/lib/client/clock.ts). Never cached: a stored
// answer would be a stale time. Public, and it tells nothing about anyone.
export const GET: RequestHandler = () =>
	json({ now: Date.now() }, { headers: { 'cache-control': 'no-store' } });
