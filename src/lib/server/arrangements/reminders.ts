/**
 * Reminders by the clock, each sent once:
 * - 14 days before an aanpak's evaluation date, to the hulpvraag's aanvrager and coördinator;
 * - 3 months before a TLV's einddatum (not archived), to the school: the aanvrager.
 * A reminder is marked as sent on its aanpak or TLV in the same transaction as its outbox
 * rows, by an update that only one run can win: a rerun or a second node sends none twice.
 * Only an active account that may still view the hulpvraag (the policy) is mailed; the mail
 * names the title and links to the hulpvraag, never the child.
 */
import { formatDate } from '../../format';
import { whoOf } from '../access/actor';
import { may } from '../access/policy';
import { schoolIdsOf } from '../auth/session';
import type { Sql, TransactionSql } from '../db';
import { hulpvraagFacts } from '../dossiers/facts';
import { enqueue } from '../mail/outbox';
import { compose, type Paragraph } from '../mail/templates';
import { addDays, amsterdamDate } from '../overlegronde/dates';

/** Days before the evaluation date that its reminder goes out. */
export const evaluationLeadDays = 14;
/** Months before the einddatum of a TLV that its reminder goes out. */
export const tlvLeadMonths = 3;

/** `date` ("YYYY-MM-DD") plus `months`, on the last day of a shorter month if need be. */
export function addMonths(date: string, months: number): string {
	const [y, m, d] = date.split('-').map(Number);
	const first = new Date(Date.UTC(y!, m! - 1 + months, 1));
	const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
	first.setUTCDate(Math.min(d!, last));
	return first.toISOString().slice(0, 10);
}

interface Due {
	id: string;
	organisationId: string;
	hulpvraagId: string;
	titel: string;
	dueDate: string;
	what: string;
	accountIds: string[];
}

async function recipients(tx: TransactionSql, due: Due) {
	const ids = due.accountIds.filter(Boolean);
	if (ids.length === 0) return [];
	const rows = await tx<
		{ id: string; email: string; displayName: string; roles: string[]; schoolIds: string[] }[]
	>`
		select a.id, a.email, a.display_name, a.roles, ${schoolIdsOf(tx, 'a')} as school_ids
		from account a
		where a.organisation_id = ${due.organisationId} and a.id = any(${tx.array(ids)}::uuid[])
			and a.state = 'active'`;
	const facts = await hulpvraagFacts(tx, due.organisationId, due.hulpvraagId);
	if (!facts) return [];
	return rows.filter(
		(r) => may(whoOf({ ...r, organisationId: due.organisationId }), 'view', facts).allowed
	);
}

async function mail(
	tx: TransactionSql,
	due: Due,
	kind: string,
	subject: string,
	paragraphs: Paragraph[],
	origin: string
): Promise<number> {
	const [org] = await tx<{ name: string; mailClosingText: string }[]>`
		select name, mail_closing_text from organisation where id = ${due.organisationId}`;
	let sent = 0;
	for (const r of await recipients(tx, due)) {
		const composed = compose(
			{ name: org!.name, closingText: org!.mailClosingText },
			subject,
			`Beste ${r.displayName},`,
			[
				...paragraphs,
				{
					text: 'Bekijk de hulpvraag in Kindkring.',
					link: { label: 'Hulpvraag bekijken', url: `${origin}/hulpvragen/${due.hulpvraagId}` }
				}
			]
		);
		await enqueue(tx, {
			...composed,
			kind,
			organisationId: due.organisationId,
			accountId: r.id,
			fromName: org!.name,
			to: r.email
		});
		sent++;
	}
	return sent;
}

export async function sendArrangementReminders(
	sql: Sql,
	now: Date,
	origin: string = process.env.ORIGIN ?? 'http://localhost:5173'
): Promise<{ evaluaties: number; tlvs: number }> {
	const today = amsterdamDate(now);
	const evaluations = await sql<Due[]>`
		select a.id, a.organisation_id, a.hulpvraag_id, t.name as titel, a.type as what,
			to_char(a.evaluation_date, 'YYYY-MM-DD') as due_date,
			array_remove(array[h.aanvrager_id, h.coordinator_id], null)::text[] as account_ids
		from aanpak a
		join hulpvraag h on h.id = a.hulpvraag_id and h.organisation_id = a.organisation_id
		join hulpvraag_titel t on t.id = h.titel_id
		where a.evaluation_reminded_at is null
			and a.evaluation_date between ${today}::date and ${addDays(today, evaluationLeadDays)}::date`;
	const tlvs = await sql<Due[]>`
		select x.id, x.organisation_id, x.hulpvraag_id, t.name as titel, x.swv_number as what,
			to_char(x.einddatum, 'YYYY-MM-DD') as due_date,
			array_remove(array[h.aanvrager_id], null)::text[] as account_ids
		from tlv x
		join hulpvraag h on h.id = x.hulpvraag_id and h.organisation_id = x.organisation_id
		join hulpvraag_titel t on t.id = h.titel_id
		where x.end_reminded_at is null and x.archived_at is null
			and x.einddatum between ${today}::date and ${addMonths(today, tlvLeadMonths)}::date`;
	let evaluaties = 0;
	let tlvCount = 0;
	for (const due of evaluations) {
		evaluaties += await sql.begin(async (tx) => {
			const won = await tx`
				update aanpak set evaluation_reminded_at = now()
				where id = ${due.id} and evaluation_reminded_at is null returning 1`;
			if (won.count === 0) return 0;
			return mail(
				tx,
				due,
				'aanpak.evaluation-reminder',
				`Evaluatie aanpak over twee weken: ${due.titel}`,
				[
					{
						text: `De aanpak ‘${due.what}’ bij een hulpvraag (${due.titel}) wordt geëvalueerd op ${formatDate(due.dueDate)}.`
					},
					{ text: 'Plan de evaluatie en voeg het verslag daarna toe aan de hulpvraag.' }
				],
				origin
			);
		});
	}
	for (const due of tlvs) {
		tlvCount += await sql.begin(async (tx) => {
			const won = await tx`
				update tlv set end_reminded_at = now()
				where id = ${due.id} and end_reminded_at is null returning 1`;
			if (won.count === 0) return 0;
			return mail(
				tx,
				due,
				'tlv.end-reminder',
				`TLV loopt af: ${due.titel}`,
				[
					{
						text: `De toelaatbaarheidsverklaring (TLV) bij een hulpvraag (${due.titel}) loopt af op ${formatDate(due.dueDate)}.`
					},
					{
						text: 'Is daarna nog speciaal (basis)onderwijs nodig? Vraag dan op tijd een verlenging aan bij het samenwerkingsverband.'
					}
				],
				origin
			);
		});
	}
	return { evaluaties, tlvs: tlvCount };
}
