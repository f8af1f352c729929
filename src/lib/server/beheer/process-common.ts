/**
 * Beheer → Processen: what statuses (processes.ts), titles (process-titles.ts) and automations
 * (process-automations.ts) have in common: their results, their audit rows and how a typed
 * position is read.
 *
 * A change never rewrites history (migration 0005). status_change and hulpvraag rows point at
 * a status or title by id, so:
 * - names and texts may be corrected in place; history then shows the corrected name. The
 *   audit row keeps the previous name, so what a screen said on a given day can be traced;
 * - a status or title that a hulpvraag or a status change refers to is never deleted, only
 *   retired (active = false): it is no longer offered, and history keeps showing it;
 * - an unused one may be deleted (a typo the beheerder just made);
 * - transitions only govern future changes, so they are edited freely.
 *
 * Every query filters on the actor's organisation: another SWV's id is 'not-found', exactly
 * like an id that does not exist.
 */
import { authorizeOrganisation } from '../access/authorize';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';
import type { Actor } from '../access/policy';

export type SaveResult =
	| { ok: true; id: string }
	| { ok: false; reason: 'not-found' }
	| { ok: false; reason: 'invalid'; errors: Record<string, string> };

export type RemoveResult =
	| { ok: true }
	| { ok: false; reason: 'not-found' }
	| { ok: false; reason: 'in-use'; message: string };

export const notFound = { ok: false, reason: 'not-found' } as const;

/** Refused removal: something still uses the item, and `message` says how to retire it. */
export function inUse(message: string) {
	return { ok: false, reason: 'in-use', message } as const;
}

/**
 * A save that broke the unique name per organisation: two beheerders choosing the same name
 * at once, which the unique index decides. Anything else is rethrown.
 */
export function nameTaken(e: unknown, message: string): SaveResult {
	if ((e as { code?: string }).code === '23505') {
		return { ok: false, reason: 'invalid', errors: { name: message } };
	}
	throw e;
}

/** A position typed by a beheerder: a whole number, small enough to stay readable. */
export function parsePosition(value: string): number | null {
	if (!/^-?\d{1,5}$/.test(value.trim())) return null;
	return Number.parseInt(value, 10);
}

export function unique(values: string[]): string[] {
	return [...new Set(values)];
}

/** A status or a title, as stored: its table and the names its audit rows use. */
export interface Removable {
	table: 'process_status' | 'hulpvraag_titel';
	/** "status" or "titel". */
	what: string;
}

/**
 * Deletes an unused status or title, on the row locked in the transaction. `refusal` says
 * why it must stay (a hulpvraag or an automation uses it), or null; `before` removes what
 * hangs on it (transitions) just before the row goes.
 */
export async function removeUnused(
	sql: Sql,
	actor: Actor,
	item: Removable,
	id: string,
	refusal: (tx: TransactionSql, orgId: string) => Promise<string | null>,
	before?: (tx: TransactionSql, orgId: string) => Promise<void>
): Promise<RemoveResult> {
	if (!isUuid(id)) return notFound;
	const orgId = actor.organisationId;
	return sql.begin(async (tx): Promise<RemoveResult> => {
		authorizeOrganisation(actor, 'manage-processes');
		const [row] = await tx`
			select 1 from ${tx(item.table)} where id = ${id} and organisation_id = ${orgId} for update`;
		if (!row) return notFound;
		const why = await refusal(tx, orgId);
		if (why) return inUse(why);
		await before?.(tx, orgId);
		await tx`delete from ${tx(item.table)} where id = ${id} and organisation_id = ${orgId}`;
		await audit.byActor(tx, actor, `process.${item.what}.delete`, item.table, id);
		return { ok: true };
	});
}
