/**
 * The mails about an account: welcome, lock, block, reset, changes. Each is queued in the
 * caller's transaction (outbox) and names the organisation and the username, so someone
 * with several accounts knows which one it is about.
 */
import type { Sql, TransactionSql } from '../db';
import { enqueue } from '../mail/outbox';
import { compose, type Paragraph } from '../mail/templates';

export interface MailAccount {
	id: string;
	organisationId: string;
	username: string;
	email: string;
	displayName: string;
}

interface OrganisationRow {
	name: string;
	shortName: string;
	code: string;
	helpdeskText: string;
	mailClosingText: string;
}

async function organisation(sql: Sql | TransactionSql, id: string): Promise<OrganisationRow> {
	const [row] = await sql<OrganisationRow[]>`
		select name, short_name, code, helpdesk_text, mail_closing_text from organisation where id = ${id}`;
	if (!row) throw new Error('Unknown organisation');
	return row;
}

const timeFormat = new Intl.DateTimeFormat('nl-NL', {
	timeZone: 'Europe/Amsterdam',
	hour: '2-digit',
	minute: '2-digit'
});
const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', {
	timeZone: 'Europe/Amsterdam',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});

export function formatTime(date: Date): string {
	return timeFormat.format(date);
}

export function formatDateTime(date: Date): string {
	return dateTimeFormat.format(date);
}

async function send(
	sql: Sql | TransactionSql,
	account: MailAccount,
	kind: string,
	subject: string,
	paragraphs: (org: OrganisationRow) => Paragraph[]
): Promise<void> {
	const org = await organisation(sql, account.organisationId);
	const mail = compose(
		{ name: org.name, closingText: org.mailClosingText },
		subject,
		`Beste ${account.displayName},`,
		paragraphs(org)
	);
	await enqueue(sql, {
		...mail,
		kind,
		organisationId: account.organisationId,
		accountId: account.id,
		fromName: org.name,
		to: account.email
	});
}

function accountLine(org: OrganisationRow, account: MailAccount): string {
	return `Organisatie: ${org.code} ${org.name}\nGebruikersnaam: ${account.username}`;
}

function helpLink(origin: string): Paragraph {
	return {
		text: 'Lukt het inloggen niet? De hulp stap voor stap vindt u hier.',
		link: { label: 'Hulp bij inloggen', url: `${origin}/hulp/inloggen` }
	};
}

export function welcome(
	sql: Sql | TransactionSql,
	account: MailAccount,
	origin: string,
	token: string
) {
	return send(sql, account, 'welcome', 'Welkom bij Kindkring: activeer uw account', (org) => [
		{ text: `Er is een Kindkring-account voor u aangemaakt door ${org.name}.` },
		{ text: accountLine(org, account) },
		{
			text: 'Kies met de knop hieronder een wachtwoord en stel de authenticator-app in. De link werkt één keer en is 7 dagen geldig.',
			link: { label: 'Account activeren', url: `${origin}/activeren/${token}` }
		},
		helpLink(origin)
	]);
}

export function reset(
	sql: Sql | TransactionSql,
	account: MailAccount,
	origin: string,
	token: string
) {
	return send(sql, account, 'reset', 'Kindkring: nieuw wachtwoord instellen', (org) => [
		{ text: 'U heeft gevraagd om een nieuw wachtwoord.' },
		{ text: accountLine(org, account) },
		{
			text: 'De link werkt één keer en is 60 minuten geldig. Heeft u meerdere e-mails gekregen? Gebruik dan alleen de nieuwste.',
			link: { label: 'Nieuw wachtwoord instellen', url: `${origin}/wachtwoord-herstellen/${token}` }
		},
		{
			text: 'Heeft u dit niet gevraagd? Dan hoeft u niets te doen; uw wachtwoord blijft hetzelfde.'
		},
		helpLink(origin)
	]);
}

export function locked(
	sql: Sql | TransactionSql,
	account: MailAccount,
	origin: string,
	until: Date
) {
	return send(sql, account, 'locked', 'Kindkring: inloggen tijdelijk niet mogelijk', (org) => [
		{
			text: `Er is een aantal keren achter elkaar een verkeerd wachtwoord ingevuld voor uw account. Daarom kan er tot ${formatTime(until)} uur niet worden ingelogd, behalve op een apparaat waarop u eerder met succes bent ingelogd: daar kunt u gewoon inloggen.`
		},
		{ text: accountLine(org, account) },
		{
			text: 'Was u dit niet? Dan probeert iemand anders in te loggen. Uw account is niet geblokkeerd en uw gegevens zijn veilig: zonder de code uit uw authenticator-app komt niemand binnen. Kies voor de zekerheid een nieuw wachtwoord.',
			link: { label: 'Nieuw wachtwoord instellen', url: `${origin}/wachtwoord-vergeten` }
		}
	]);
}

export function blocked(sql: Sql | TransactionSql, account: MailAccount) {
	return send(sql, account, 'blocked', 'Kindkring: uw account is geblokkeerd', (org) => [
		{
			text: 'Uw account is geblokkeerd, omdat na een juist wachtwoord 10 keer een verkeerde code uit de authenticator-app is ingevuld.'
		},
		{ text: accountLine(org, account) },
		{ text: `Alleen ${org.name} kan de blokkade opheffen. ${org.helpdeskText}` },
		{
			text: 'Was u dit niet? Dan kent iemand anders uw wachtwoord. Meld dat aan de helpdesk; zij helpen u een nieuw wachtwoord in te stellen.'
		}
	]);
}

/** The mail after a new password was set (by the reset link or in Mijn account); `what` says how. */
export function passwordChanged(
	sql: Sql | TransactionSql,
	account: MailAccount,
	what: string,
	origin: string
) {
	return notice(sql, account, 'password-changed', 'uw wachtwoord is gewijzigd', what, origin);
}

/**
 * A change to the account. `byOrganisation`: a beheerder did it (then "was u dit niet?"
 * makes no sense; say whom to ask instead).
 */
export function notice(
	sql: Sql | TransactionSql,
	account: MailAccount,
	kind: string,
	subject: string,
	what: string,
	origin: string,
	{ byOrganisation = false }: { byOrganisation?: boolean } = {}
) {
	return send(sql, account, kind, `Kindkring: ${subject}`, (org) => [
		{ text: what },
		{ text: accountLine(org, account) },
		{
			text: byOrganisation
				? `Vragen hierover? Neem contact op met ${org.name}. ${org.helpdeskText}`
				: `Was u dit niet? Neem dan direct contact op met ${org.name}. ${org.helpdeskText}`
		},
		helpLink(origin)
	]);
}

/** After "2FA opnieuw instellen" by the organisation: set up a new authenticator. */
export function authenticatorReset(
	sql: Sql | TransactionSql,
	account: MailAccount,
	origin: string,
	token: string
) {
	return send(
		sql,
		account,
		'authenticator-reset',
		'Kindkring: stel uw authenticator-app opnieuw in',
		(org) => [
			{
				text: `${org.name} heeft de authenticator van uw account opnieuw ingesteld. Uw oude codes werken niet meer.`
			},
			{ text: accountLine(org, account) },
			{
				text: 'Stel met de knop hieronder een nieuwe authenticator-app in. Uw wachtwoord blijft hetzelfde. De link werkt één keer en is 7 dagen geldig.',
				link: { label: 'Authenticator instellen', url: `${origin}/activeren/${token}` }
			},
			{
				text: 'Verwijder in uw app de oude regel van Kindkring, zodat u niet de verkeerde code gebruikt.'
			},
			helpLink(origin)
		]
	);
}

/**
 * To the holder, after someone asked on /hulp/2fa-herstel to reset the 2FA of this account.
 * Also the alarm when it was not them: the request can only be approved by the organisation
 * after checking who asks, but the holder should know it was made.
 */
export function resetRequestReceived(
	sql: Sql | TransactionSql,
	account: MailAccount,
	origin: string
) {
	return send(
		sql,
		account,
		'reset-request-received',
		'Kindkring: uw verzoek om de tweestapsverificatie opnieuw in te stellen',
		(org) => [
			{
				text: `We hebben uw verzoek ontvangen om de tweestapsverificatie van uw account opnieuw in te stellen. Het is doorgestuurd naar ${org.name}. Zij nemen contact met u op om te controleren wie u bent. Daarna krijgt u een e-mail met een link om een nieuwe authenticator-app in te stellen.`
			},
			{ text: accountLine(org, account) },
			{
				text: `Heeft u dit niet gevraagd? Neem dan contact op met ${org.name}. ${org.helpdeskText}`
			},
			helpLink(origin)
		]
	);
}

/** To the holder, when the organisation declined a 2FA reset request. */
export function resetRequestDeclined(
	sql: Sql | TransactionSql,
	account: MailAccount,
	origin: string,
	reason: string
) {
	return send(
		sql,
		account,
		'reset-request-declined',
		'Kindkring: uw verzoek om de tweestapsverificatie opnieuw in te stellen is afgewezen',
		(org) => [
			{
				text: `${org.name} heeft uw verzoek om de tweestapsverificatie van uw account opnieuw in te stellen afgewezen. Uw authenticator-app en herstelcodes zijn niet veranderd.`
			},
			...(reason ? [{ text: `Reden: ${reason}` }] : []),
			{ text: accountLine(org, account) },
			{ text: `Vragen hierover? Neem contact op met ${org.name}. ${org.helpdeskText}` },
			helpLink(origin)
		]
	);
}
