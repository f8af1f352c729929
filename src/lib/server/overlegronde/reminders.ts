/**
 * Reminders, run periodically by startup.ts with the clock passed in:
 * - a participant who has not reacted, from three days before einddatum reacties until it;
 * - the owner, from three days before einddatum inzage until it (time to extend).
 * Each reminder is recorded (round, account, kind, the end date it is about) in the same
 * transaction as its outbox row, so a rerun or a second node never sends one twice, and an
 * extended end date earns a new one.
 */
import type { Sql } from '../db';
import { addDays, amsterdamDate } from './dates';
import * as mails from './mails';

interface Due extends mails.Recipient, mails.RoundRef {
	accountId: string;
	dueDate: string;
}

export async function sendReminders(
	sql: Sql,
	now: Date,
	origin: string = process.env.ORIGIN ?? 'http://localhost:5173'
): Promise<{ reacties: number; inzage: number }> {
	const today = amsterdamDate(now);
	const horizon = addDays(today, 3);
	const dueReacties = await sql<Due[]>`
		select o.id, o.organisation_id, o.onderwerp,
			to_char(o.einddatum_reacties, 'YYYY-MM-DD') as einddatum_reacties,
			to_char(o.einddatum_inzage, 'YYYY-MM-DD') as einddatum_inzage,
			a.id as account_id, a.email, a.display_name,
			to_char(o.einddatum_reacties, 'YYYY-MM-DD') as due_date
		from overlegronde o
		join overlegronde_participant p on p.overlegronde_id = o.id and p.organisation_id = o.organisation_id
		join account a on a.id = p.account_id and a.organisation_id = o.organisation_id
		where p.removed_at is null and a.deactivated_at is null
			and o.einddatum_reacties between ${today}::date and ${horizon}::date
			and not exists (select 1 from overlegronde_reaction r
				where r.overlegronde_id = o.id and r.author_id = a.id)
			and not exists (select 1 from overlegronde_reminder m where m.overlegronde_id = o.id
				and m.account_id = a.id and m.kind = 'reacties' and m.due_date = o.einddatum_reacties)`;
	const dueInzage = await sql<Due[]>`
		select o.id, o.organisation_id, o.onderwerp,
			to_char(o.einddatum_reacties, 'YYYY-MM-DD') as einddatum_reacties,
			to_char(o.einddatum_inzage, 'YYYY-MM-DD') as einddatum_inzage,
			a.id as account_id, a.email, a.display_name,
			to_char(o.einddatum_inzage, 'YYYY-MM-DD') as due_date
		from overlegronde o
		join account a on a.id = o.owner_id and a.organisation_id = o.organisation_id
		where a.deactivated_at is null
			and o.einddatum_inzage between ${today}::date and ${horizon}::date
			and exists (select 1 from overlegronde_participant p
				where p.overlegronde_id = o.id and p.removed_at is null)
			and not exists (select 1 from overlegronde_reminder m where m.overlegronde_id = o.id
				and m.account_id = a.id and m.kind = 'inzage' and m.due_date = o.einddatum_inzage)`;
	let reacties = 0;
	let inzage = 0;
	for (const [kind, rows] of [
		['reacties', dueReacties],
		['inzage', dueInzage]
	] as const) {
		for (const due of rows) {
			const sent = await sql.begin(async (tx) => {
				// The primary key decides: a parallel run that got here first wins, this one sends nothing.
				const inserted = await tx`
					insert into overlegronde_reminder (organisation_id, overlegronde_id, account_id, kind, due_date)
					values (${due.organisationId}, ${due.id}, ${due.accountId}, ${kind}, ${due.dueDate})
					on conflict do nothing returning 1`;
				if (inserted.count === 0) return false;
				const to = { id: due.accountId, email: due.email, displayName: due.displayName };
				if (kind === 'reacties') await mails.reminderReacties(tx, due, to, origin);
				else await mails.reminderInzage(tx, due, to, origin);
				return true;
			});
			if (sent && kind === 'reacties') reacties++;
			if (sent && kind === 'inzage') inzage++;
		}
	}
	return { reacties, inzage };
}
