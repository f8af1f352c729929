import { error } from '@sveltejs/kit';
import { requireActor } from '$lib/server/access/actor';
import * as audit from '$lib/server/audit';
import { sql } from '$lib/server/db';
import * as kengetallen from '$lib/server/kengetallen';
import { fileName, toCsv } from '$lib/server/kengetallen/csv';
import { parseFilters } from '$lib/server/kengetallen/input';
import { tableKeys, tables, type TableKey } from '$lib/server/kengetallen/tables';
import { amsterdamDate } from '$lib/server/overlegronde/dates';
import type { RequestHandler } from './$types';

/**
 * One table of the Kengetallen page as CSV for Dutch Excel, with the page's filters. An
 * actor without kengetallen gets 404 (`NotAllowed` from the domain), bad filters 400.
 */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const key = event.url.searchParams.get('tabel') ?? '';
	if (!(tableKeys as readonly string[]).includes(key)) {
		error(400, `Kies een tabel: ${tableKeys.join(', ')}.`);
	}
	const parsed = parseFilters(event.url.searchParams);
	if (!parsed.success) error(400, Object.values(parsed.errors).join(' '));
	let figures: Awaited<ReturnType<typeof kengetallen.figures>>;
	try {
		figures = await kengetallen.figures(sql, actor, parsed.filters);
	} catch (e) {
		if (e instanceof kengetallen.InvalidFilter) error(400, Object.values(e.errors).join(' '));
		throw e;
	}
	const table = tables(figures).find((t) => t.key === (key as TableKey))!;
	await audit.byActor(sql, actor, 'kengetallen.export', 'organisation', actor.organisationId, {
		tabel: key
	});
	return new Response(toCsv(table), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName(key, amsterdamDate(new Date()))}"`,
			'cache-control': 'private, no-store'
		}
	});
};
