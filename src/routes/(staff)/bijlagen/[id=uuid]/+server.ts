/**
 * Opening (`?` , inline) or downloading (`?download=1`) a bijlage: only through the access
 * policy, audited before a byte leaves, with headers that keep any script inside the
 * file from running in our origin (files/serve.ts). 404 when it does not exist for the
 * actor, 410 with the reason when it was removed or the pre-school's access ended.
 */
import { error } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import { notFound, requireActor } from '$lib/server/access/actor';
import { sql } from '$lib/server/db';
import * as bijlagen from '$lib/server/dossiers/bijlagen';
import { hulpvraagFactsWithViewers } from '$lib/server/overlegronde/round';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const id = event.params.id;
	const mode = event.url.searchParams.has('download') ? 'download' : 'view';
	const opened = await bijlagen.open(
		sql,
		actor,
		// Live overlegronde participants may open the bijlagen the round shares.
		(hulpvraagId) => hulpvraagFactsWithViewers(sql, actor.organisationId, hulpvraagId, new Date()),
		id,
		mode
	);
	if (!opened) notFound();
	// Removed, or the pre-school's access ended: say so (the app's Dutch error page).
	if (opened.kind === 'gone') error(410, opened.gone);
	return new Response(Readable.toWeb(opened.stream) as ReadableStream, { headers: opened.headers });
};
