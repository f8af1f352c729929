/**
 * The actor of a request and the one way routes get it: `requireActor(event)` in every load
 * and action, `requireBeheerder(event, action)` in Beheer. Both read `locals.actor`, which the
 * `authenticate` hook makes once per request from the validated session.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import { schoolIdsOf, type SessionAccount } from '../auth/session';
import type { Sql, TransactionSql } from '../db';
import { requireAccount } from '../guard';
import { isRole } from '../../roles';
import type { Actor, Decision, Who } from './policy';

export type { Actor };

/** The actor of a validated session's account, acting from `ipHash` on the site at `origin`. */
export function actorOf(
	account: Pick<SessionAccount, 'id' | 'organisationId' | 'roles' | 'email' | 'schoolIds'>,
	where: Pick<Actor, 'ipHash' | 'origin'>
): Actor {
	return {
		accountId: account.id,
		organisationId: account.organisationId,
		roles: account.roles,
		schoolIds: account.schoolIds,
		email: account.email,
		ipHash: where.ipHash,
		origin: where.origin
	};
}

/** Who an account is for the policy, from its row (roles this code does not know grant nothing). */
export function whoOf(row: {
	id: string;
	organisationId: string;
	roles: readonly string[];
	schoolIds: readonly string[];
	email: string;
}): Who {
	return {
		accountId: row.id,
		organisationId: row.organisationId,
		roles: row.roles.filter(isRole),
		schoolIds: row.schoolIds,
		email: row.email
	};
}

/**
 * The actor of an account outside a request (the demo, jobs, tests): its schools read from
 * the database like the session validator does.
 */
export async function actorFor(
	sql: Sql | TransactionSql,
	account: Pick<SessionAccount, 'id' | 'organisationId' | 'email'> & { roles: readonly string[] },
	where: Pick<Actor, 'ipHash' | 'origin'> = { ipHash: null, origin: '' }
): Promise<Actor> {
	const [row] = await sql<{ schoolIds: string[] }[]>`
		select ${schoolIdsOf(sql, 'a')} as school_ids from account a
		where a.id = ${account.id} and a.organisation_id = ${account.organisationId}`;
	return actorOf(
		{ ...account, roles: account.roles.filter(isRole), schoolIds: row?.schoolIds ?? [] },
		where
	);
}

/** The actor of this request, or a redirect to login. */
export function requireActor(event: Pick<RequestEvent, 'locals' | 'url'>): Actor {
	requireAccount(event);
	const actor = event.locals.actor;
	if (!actor) throw new Error('authenticate sets locals.actor with locals.account');
	return actor;
}

export const notFoundMessage = 'Deze pagina bestaat niet, of u heeft er geen toegang toe.';

/** Not allowed answers as if the thing does not exist (architecture.md § Auth). */
export function notFound(): never {
	error(404, notFoundMessage);
}

export function orNotFound(decision: Decision): void {
	if (!decision.allowed) notFound();
}
