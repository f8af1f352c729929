/**
 * The access policy at the door of every dossier and hulpvraag route: load the facts, ask
 * `may()`, answer 404 when the answer is no or the thing does not exist (so existence does
 * not leak). Every load and action calls one of these.
 */
import { idParam, notFound } from '../access/actor';
import { may, type Action, type Actor, type DossierFacts } from '../access/policy';
import type { Sql } from '../db';
import { dossierFacts, hulpvraagFacts, type HulpvraagFactsWithIds } from './facts';

export async function dossierFor(
	sql: Sql,
	actor: Actor,
	id: string | undefined,
	action: Action = 'view'
): Promise<DossierFacts & { id: string }> {
	const dossierId = idParam(id);
	const facts = await dossierFacts(sql, actor.organisationId, dossierId);
	if (!facts || !may(actor, 'view', facts).allowed) notFound();
	if (action !== 'view' && !may(actor, action, facts).allowed) notFound();
	return { ...facts, id: dossierId };
}

export async function hulpvraagFor(
	sql: Sql,
	actor: Actor,
	id: string | undefined,
	action: Action = 'view'
): Promise<HulpvraagFactsWithIds> {
	const hulpvraagId = idParam(id);
	const facts = await hulpvraagFacts(sql, actor.organisationId, hulpvraagId);
	if (!facts || !may(actor, 'view', facts).allowed) notFound();
	if (action !== 'view' && !may(actor, action, facts).allowed) notFound();
	return facts;
}

/** Whether the actor may do `action` (for showing buttons; the action itself checks again). */
export function allowed(actor: Actor, action: Action, facts: Parameters<typeof may>[2]): boolean {
	return may(actor, action, facts).allowed;
}
