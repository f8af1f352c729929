/**
 * The one entry every domain function that changes data calls, on facts it read in its own
 * transaction: `authorize(actor, action, facts)` asks the policy and throws `NotAllowed`
 * when the answer is no, or when there are no facts (the thing does not exist for this
 * actor's organisation). A route's own check before it (to answer 404 early, to show
 * buttons) does not replace this one: between the two the facts may have changed.
 *
 * `NotAllowed` is answered as 404 by the server's error handler, as if the thing did not
 * exist, so its existence does not leak.
 */
import { may, type Action, type Resource, type Who } from './policy';

export class NotAllowed extends Error {
	constructor(
		readonly action: Action,
		readonly reason: string
	) {
		super(`not allowed: ${action} (${reason})`);
		this.name = 'NotAllowed';
	}
}

export function authorize<T extends Resource>(
	actor: Who,
	action: Action,
	facts: T | null | undefined
): asserts facts is T {
	if (!facts) throw new NotAllowed(action, 'bestaat niet');
	const decision = may(actor, action, facts);
	if (!decision.allowed) throw new NotAllowed(action, decision.reason);
}

/** An action on the actor's own organisation as a whole: Beheer, creating a dossier. */
export function authorizeOrganisation(actor: Who, action: Action): void {
	authorize(actor, action, { type: 'organisation', organisationId: actor.organisationId });
}
