import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * Liveness: the process runs and answers. It does not ask the database, so a slow or
 * stopped database does not make a balancer take every node out at once (the nodes then
 * answer 503 with a Dutch page themselves, which beats the balancer's error page).
 */
export const GET: RequestHandler = () =>
	json({ ok: true }, { headers: { 'cache-control': 'no-store' } });
