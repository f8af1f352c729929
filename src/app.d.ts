/// <reference types="vite-plugin-pwa/client" />
/// <reference types="vite-plugin-pwa/info" />
import type { Actor } from '$lib/server/access/policy';
import type { Session, SessionAccount } from '$lib/server/auth/session';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
			/** Quoted to the helpdesk so the log line can be found; carries no personal data. */
			requestId?: string;
			/** The title of a hulpvraag whose access ended (410), shown above the message. */
			titel?: string;
			/** The database could not answer: the page says the service is briefly unavailable. */
			unavailable?: boolean;
			/** The policy refused a change: the page says what a 404 says. */
			notFound?: boolean;
		}
		interface Locals {
			requestId: string;
			/** Keyed hash of the client address (never the address itself). */
			ipHash: string | null;
			session: Session | null;
			account: SessionAccount | null;
			/** Who acts in this request (the one actor type), made from the validated session. */
			actor: Actor | null;
			/** Set when handling this request met a database outage: the answer becomes a 503. */
			databaseUnavailable?: boolean;
			/** Set when a domain function refused this request (NotAllowed): the answer becomes a 404. */
			notAllowed?: boolean;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
