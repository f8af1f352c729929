import { requireActor } from '$lib/server/access/actor';
import { sql } from '$lib/server/db';
import { amsterdamDate } from '$lib/server/overlegronde/dates';
import * as overlegronde from '$lib/server/overlegronde/round';
import type { PageServerLoad } from './$types';

/**
 * "Mijn overlegrondes": where externs land after login. Ended rounds stay listed with who to
 * ask for more time, so "ik log in, maar ik zie niets" never happens silently.
 * Extension requests are sent by the round's own page (`/overlegrondes/[id]?/verlenging`).
 */
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const now = new Date();
	const [taking, managing] = await Promise.all([
		overlegronde.roundsForParticipant(sql, actor, now),
		overlegronde.managedBy(sql, actor, now)
	]);
	return {
		live: taking.filter((r) => r.live),
		ended: taking.filter((r) => !r.live),
		managing: managing.map((r) => ({
			id: r.id,
			onderwerp: r.onderwerp,
			hulpvraagTitel: r.hulpvraagTitel,
			einddatumReacties: r.einddatumReacties,
			einddatumInzage: r.einddatumInzage,
			live: r.einddatumInzage >= amsterdamDate(now)
		}))
	};
};
