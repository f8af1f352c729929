import { json } from '@sveltejs/kit';
import * as db from '$lib/server/db';
import type { RequestHandler } from './$types';

// For load balancers: 200 only when the database answers, 503 otherwise.
export const GET: RequestHandler = async () => {
	const ok = await db.ping();
	return json({ ok }, { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
