import { error } from '@sveltejs/kit';
import { isProduction } from '$lib/server/config';
import { sql } from '$lib/server/db';
import * as outbox from '$lib/server/mail/outbox';
import type { PageServerLoad } from './$types';

// Development only: without SMTP_URL the mails stay in the outbox and are read here, so a
// newcomer can activate a demo account. Production answers 404 (it always has SMTP_URL).
export const load: PageServerLoad = async () => {
	if (isProduction()) error(404, 'Niet gevonden');
	const mails = await outbox.latest(sql, 50);
	return {
		mails: mails.map((m) => ({
			id: m.id,
			to: m.toAddress,
			from: m.fromName,
			subject: m.subject,
			text: m.textBody,
			createdAt: m.createdAt.toISOString(),
			sent: m.sentAt !== null,
			cancelled: m.cancelledAt !== null
		}))
	};
};
