/**
 * The access policy at the door of every dossier and hulpvraag route: load the facts, ask
 * `may()`, answer 404 when the answer is no or the thing does not exist (so existence does
 * not leak). Every load and action calls one of these.
 *
 * `viewDossier` and `viewHulpvraag` are the doors of the pages that show one: the read
 * lands in the audit log when allowed, and the attempt (result `denied`) when not.
 */
import { error, isHttpError } from '@sveltejs/kit';
import { notFound } from '../access/actor';
import { may, type Action, type Actor, type DossierFacts } from '../access/policy';
import * as audit from '../audit';
import type { Sql } from '../db';
import { isUuid } from '../ids';
import { dossierFacts, hulpvraagFacts, type HulpvraagFactsWithIds } from './facts';
import * as voorschool from './voorschool';

export async function dossierFor(
	sql: Sql,
	actor: Actor,
	dossierId: string,
	action: Action = 'view'
): Promise<DossierFacts & { id: string }> {
	const facts = await dossierFacts(sql, actor.organisationId, dossierId);
	if (!facts || !may(actor, 'view', facts).allowed) notFound();
	if (action !== 'view' && !may(actor, action, facts).allowed) notFound();
	return { ...facts, id: dossierId };
}

export async function hulpvraagFor(
	sql: Sql,
	actor: Actor,
	hulpvraagId: string,
	action: Action = 'view'
): Promise<HulpvraagFactsWithIds> {
	const facts = await hulpvraagFacts(sql, actor.organisationId, hulpvraagId);
	if (!facts) notFound();
	if (!may(actor, 'view', facts).allowed) {
		await voorschoolEnded(sql, actor, hulpvraagId);
		notFound();
	}
	if (action !== 'view' && !may(actor, action, facts).allowed) notFound();
	return facts;
}

/**
 * A pre-school loses access at "advies afgerond". The account that was linked is
 * told so (410, the title and the date, nothing of the child) instead of a bare 404;
 * everyone else still gets 404.
 */
async function voorschoolEnded(sql: Sql, actor: Actor, hulpvraagId: string): Promise<void> {
	const [link] = await voorschool.ended(sql, actor, hulpvraagId);
	if (!link) return;
	error(410, voorschool.endedNotice(link));
}

/** The dossier for a page that shows it, with the read (or the denied attempt) audited. */
export function viewDossier(
	sql: Sql,
	actor: Actor,
	id: string,
	details: audit.AuditDetails = {}
): Promise<DossierFacts & { id: string }> {
	return audited(sql, actor, 'dossier', id, details, () => dossierFor(sql, actor, id));
}

/** The hulpvraag for a page that shows it, with the read (or the denied attempt) audited. */
export function viewHulpvraag(
	sql: Sql,
	actor: Actor,
	id: string,
	details: audit.AuditDetails = {}
): Promise<HulpvraagFactsWithIds> {
	return audited(sql, actor, 'hulpvraag', id, details, () => hulpvraagFor(sql, actor, id));
}

async function audited<T>(
	sql: Sql,
	actor: Actor,
	type: 'dossier' | 'hulpvraag',
	id: string,
	details: audit.AuditDetails,
	door: () => Promise<T>
): Promise<T> {
	const entry = {
		organisationId: actor.organisationId,
		accountId: actor.accountId,
		action: `${type}.view`,
		targetType: type,
		ipHash: actor.ipHash,
		details
	};
	let facts: T;
	try {
		facts = await door();
	} catch (thrown) {
		// A 404 (not there, or not for this actor) or a 410 (access ended). An id that is no
		// uuid names nothing and is not logged, so no arbitrary text lands in the audit log.
		if (isHttpError(thrown) && [404, 410].includes(thrown.status) && isUuid(id)) {
			await audit.denied(sql, { ...entry, targetId: id });
		}
		throw thrown;
	}
	await audit.record(sql, { ...entry, targetId: id });
	return facts;
}

/** Whether the actor may do `action` (for showing buttons; the action itself checks again). */
export function allowed(actor: Actor, action: Action, facts: Parameters<typeof may>[2]): boolean {
	return may(actor, action, facts).allowed;
}
