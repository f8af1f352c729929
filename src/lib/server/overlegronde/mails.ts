/**
 * The mails of an overlegronde, queued in the caller's transaction. They name the
 * onderwerp and link to the round, never the child or the text of a reaction: a mail
 * leaves our hands (domain.md, "no child's name in any mail").
 */
import type { Sql, TransactionSql } from '../db';
import { enqueue } from '../mail/outbox';
import { compose, type Paragraph } from '../mail/templates';
import { formatDate } from '../../format';

type Db = Sql | TransactionSql;

export interface Recipient {
	id: string;
	email: string;
	displayName: string;
}

async function organisation(sql: Db, id: string) {
	const [row] = await sql<{ name: string; mailClosingText: string }[]>`
		select name, mail_closing_text from organisation where id = ${id}`;
	if (!row) throw new Error('Unknown organisation');
	return row;
}

async function send(
	sql: Db,
	organisationId: string,
	to: Recipient,
	kind: string,
	subject: string,
	paragraphs: Paragraph[]
): Promise<void> {
	const org = await organisation(sql, organisationId);
	const mail = compose(
		{ name: org.name, closingText: org.mailClosingText },
		subject,
		`Beste ${to.displayName},`,
		paragraphs
	);
	await enqueue(sql, {
		...mail,
		kind,
		organisationId,
		accountId: to.id,
		fromName: org.name,
		to: to.email
	});
}

export interface RoundRef {
	id: string;
	organisationId: string;
	onderwerp: string;
	einddatumReacties: string;
	einddatumInzage: string;
}

const link = (origin: string, round: RoundRef) => ({
	label: 'Overlegronde openen',
	url: `${origin}/overlegrondes/${round.id}`
});

/** The invitation carries the way to the two-factor help, so a newcomer gets in. */
const help = (origin: string): Paragraph => ({
	text: 'Kindkring vraagt bij het inloggen om een code uit een authenticator-app. Lukt het inloggen niet? De hulp stap voor stap vindt u hier.',
	link: { label: 'Hulp bij inloggen', url: `${origin}/hulp/inloggen` }
});

export function invitation(
	sql: Db,
	round: RoundRef,
	to: Recipient,
	origin: string,
	{ newAccount, by }: { newAccount: boolean; by: string }
) {
	return send(
		sql,
		round.organisationId,
		to,
		'overlegronde.invitation',
		`Kindkring: uitnodiging voor overlegronde '${round.onderwerp}'`,
		[
			{
				text: `${by} nodigt u uit voor de overlegronde '${round.onderwerp}'. U kunt de gedeelde gegevens inzien tot en met ${formatDate(round.einddatumInzage)} en reageren tot en met ${formatDate(round.einddatumReacties)}.`
			},
			...(newAccount
				? [
						{
							text: "U krijgt ook een e-mail 'Welkom bij Kindkring' met een link om uw account te activeren. Doe dat eerst; daarna opent de knop hieronder de overlegronde."
						}
					]
				: []),
			{ text: 'Log in om de overlegronde te openen.', link: link(origin, round) },
			help(origin)
		]
	);
}

export function reaction(sql: Db, round: RoundRef, to: Recipient, origin: string, author: string) {
	return send(
		sql,
		round.organisationId,
		to,
		'overlegronde.reaction',
		`Kindkring: nieuwe reactie in overlegronde '${round.onderwerp}'`,
		[
			{ text: `${author} heeft gereageerd in de overlegronde '${round.onderwerp}'.` },
			{ text: 'Log in om de reactie te lezen.', link: link(origin, round) }
		]
	);
}

export function datesChanged(sql: Db, round: RoundRef, to: Recipient, origin: string) {
	return send(
		sql,
		round.organisationId,
		to,
		'overlegronde.dates',
		`Kindkring: overlegronde '${round.onderwerp}' heeft nieuwe einddata`,
		[
			{
				text: `De einddata van de overlegronde '${round.onderwerp}' zijn gewijzigd. U kunt reageren tot en met ${formatDate(round.einddatumReacties)} en de gegevens inzien tot en met ${formatDate(round.einddatumInzage)}.`
			},
			{ text: 'Log in om de overlegronde te openen.', link: link(origin, round) }
		]
	);
}

export function reminderReacties(sql: Db, round: RoundRef, to: Recipient, origin: string) {
	return send(
		sql,
		round.organisationId,
		to,
		'overlegronde.reminder-reacties',
		`Kindkring: nog enkele dagen om te reageren in overlegronde '${round.onderwerp}'`,
		[
			{
				text: `U heeft nog niet gereageerd in de overlegronde '${round.onderwerp}'. Reageren kan tot en met ${formatDate(round.einddatumReacties)}.`
			},
			{ text: 'Log in om te reageren.', link: link(origin, round) }
		]
	);
}

export function reminderInzage(sql: Db, round: RoundRef, to: Recipient, origin: string) {
	return send(
		sql,
		round.organisationId,
		to,
		'overlegronde.reminder-inzage',
		`Kindkring: inzage in overlegronde '${round.onderwerp}' eindigt binnenkort`,
		[
			{
				text: `De deelnemers van de overlegronde '${round.onderwerp}' kunnen de gegevens inzien tot en met ${formatDate(round.einddatumInzage)}. Daarna zien zij niets meer. Is meer tijd nodig? Verleng dan de einddatum voor inzage.`
			},
			{ text: 'Log in om de overlegronde te bekijken.', link: link(origin, round) }
		]
	);
}

export function extensionRequest(
	sql: Db,
	round: RoundRef,
	to: Recipient,
	origin: string,
	requester: string
) {
	return send(
		sql,
		round.organisationId,
		to,
		'overlegronde.extension-request',
		`Kindkring: verzoek om verlenging van overlegronde '${round.onderwerp}'`,
		[
			{
				text: `${requester} vraagt u om de toegang tot de overlegronde '${round.onderwerp}' te verlengen. De toegang is verlopen op ${formatDate(round.einddatumInzage)}.`
			},
			{
				text: 'Vindt u verlenging nodig? Open de overlegronde en kies een nieuwe einddatum voor inzage.',
				link: link(origin, round)
			}
		]
	);
}
