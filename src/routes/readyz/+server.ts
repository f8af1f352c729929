import { json } from '@sveltejs/kit';
import * as db from '$lib/server/db';
import { retryAfterSeconds } from '$lib/server/db/outage';
import type { RequestHandler } from './$types';

/**
 * Readiness: the database answered `select 1` within READINESS_TIMEOUT_MS, with the
 * measured latency. For start-up and rolling deploys (send traffic once a node is ready),
 * and for monitoring.
 */
export const GET: RequestHandler = async () => {
	const database = await db.readiness();
	return json(
		{ ok: database.ok, database },
		{
			status: database.ok ? 200 : 503,
			headers: {
				'cache-control': 'no-store',
				...(database.ok ? {} : { 'retry-after': String(retryAfterSeconds) })
			}
		}
	);
};
