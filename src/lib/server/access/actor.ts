/**
 * The actor of the access policy for a logged-in account, and the one way routes get it:
 * `requireActor(event)` in every load and action that touches dossiers or hulpvragen.
 */
import { error, type RequestEvent } from '@sveltejs/kit';
import type { SessionAccount } from '../auth/session';
import type { Sql, TransactionSql } from '../db';
import { requireAccount } from '../guard';
import { isUuid } from '../ids';
import type { Actor, Decision } from './policy';

export async function actorFor(
	sql: Sql | TransactionSql,
	account: Pick<SessionAccount, 'id' | 'organisationId' | 'roles' | 'email'>
): Promise<Actor> {
	const schools = await sql<{ schoolId: string }[]>`
		select s.school_id from account_school s join school on school.id = s.school_id
		where s.account_id = ${account.id} and school.organisation_id = ${account.organisationId}`;
	return {
		accountId: account.id,
		organisationId: account.organisationId,
		roles: account.roles,
		schoolIds: schools.map((s) => s.schoolId),
		email: account.email
	};
}

/** The actor of a request, with what its changes record: the hashed address and the origin for links in mails. */
export interface Acting extends Actor {
	ipHash: string | null;
	origin: string;
}

export interface RequestActor extends Acting {
	account: SessionAccount;
}

export async function requireActor(
	sql: Sql,
	event: Pick<RequestEvent, 'locals' | 'url'>
): Promise<RequestActor> {
	const account = requireAccount(event);
	return {
		...(await actorFor(sql, account)),
		account,
		ipHash: event.locals.ipHash,
		origin: event.url.origin
	};
}

export const notFoundMessage = 'Deze pagina bestaat niet, of u heeft er geen toegang toe.';

/** Not allowed answers as if the thing does not exist (architecture.md § Auth). */
export function notFound(): never {
	error(404, notFoundMessage);
}

export function orNotFound(decision: Decision): void {
	if (!decision.allowed) notFound();
}

/** An id from the URL: anything but a uuid is a 404 before it reaches SQL. */
export function idParam(value: string | undefined): string {
	if (!value || !isUuid(value)) notFound();
	return value;
}
