import { sql } from '$lib/server/db';
import { answer, caller, refusal } from '$lib/server/intake/http';
import { statusOf } from '$lib/server/intake/status';
import type { RequestHandler } from './$types';

// The status of a hulpvraag the school sent, so its own system can show it.
export const GET: RequestHandler = async (event) => {
	const who = await caller(sql, event, 'intake.status');
	if (!who.ok) return who.response;
	const status = await statusOf(sql, who.caller, event.params.hulpvraag);
	if (!status) {
		return refusal(
			404,
			'onbekend',
			'Deze hulpvraag is niet door deze school via de koppeling ingediend.'
		);
	}
	return answer(200, status);
};
