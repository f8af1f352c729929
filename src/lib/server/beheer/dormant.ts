/**
 * Slapende accounts. An organisation may choose a number of months (Beheer → Accounts):
 * an active account not used to log in for that long (or, never used, since it was made)
 * gets a warning mail two weeks before, and is then deactivated unless its holder logs in
 * in the meantime — as a beheerder would deactivate it: sessions ended, links and queued
 * mail stopped, a notice mail. The only active beheerder of an organisation is never
 * warned or deactivated, so nobody is left to manage it. Runs as a periodic job; a rerun
 * warns and deactivates nobody twice (each update only changes rows still in that state).
 */
import type { Actor } from '../access/actor';
import { authorizeOrganisation } from '../access/authorize';
import * as audit from '../audit';
import * as mails from '../auth/mails';
import type { Sql, TransactionSql } from '../db';
import { Invalid } from '../dossiers/dossier';
import { endAccess } from './account-actions';

/** Days between the warning and the deactivation. */
export const warningDays = 14;

export async function dormantMonths(sql: Sql | TransactionSql, organisationId: string) {
	const [row] = await sql<{ dormantMonths: number | null }[]>`
		select dormant_months from organisation where id = ${organisationId}`;
	return row?.dormantMonths ?? null;
}

/** Sets the organisation's rule: months without a login, or null for never. */
export async function setDormantMonths(
	sql: Sql,
	actor: Actor,
	months: number | null
): Promise<void> {
	authorizeOrganisation(actor, 'manage-accounts');
	if (months !== null && (!Number.isInteger(months) || months < 1 || months > 60)) {
		throw new Invalid({ maanden: 'Kies 1 tot 60 maanden, of laat het leeg voor nooit.' });
	}
	await sql.begin(async (tx) => {
		await tx`update organisation set dormant_months = ${months} where id = ${actor.organisationId}`;
		await audit.byActor(
			tx,
			actor,
			'organisation.dormant_months',
			'organisation',
			actor.organisationId,
			{
				months
			}
		);
	});
}

const dateFormat = new Intl.DateTimeFormat('nl-NL', {
	timeZone: 'Europe/Amsterdam',
	day: 'numeric',
	month: 'long',
	year: 'numeric'
});

interface Candidate extends mails.MailAccount {
	lastUsed: Date;
}

/** Accounts whose last use is before `cutoff` months-wise, of organisations with the rule. */
function sole(tx: TransactionSql) {
	// The account is the only active beheerder of its organisation.
	return tx`'beheerder' = any(a.roles) and not exists (
		select 1 from account b where b.organisation_id = a.organisation_id and b.id <> a.id
			and b.state = 'active' and 'beheerder' = any(b.roles))`;
}

export interface DormantReport {
	warned: number;
	deactivated: number;
}

export async function runDormant(
	sql: Sql,
	now = new Date(),
	origin: string = process.env.ORIGIN ?? 'http://localhost:5173'
): Promise<DormantReport> {
	return sql.begin(async (tx) => {
		// Warn: unused for the organisation's months less the two weeks, not warned since the
		// last login.
		const warn = await tx<Candidate[]>`
			update account a set dormant_warned_at = ${now}
			from organisation o
			where o.id = a.organisation_id and o.dormant_months is not null and a.state = 'active'
				and coalesce(a.last_login_at, a.created_at)
					< ${now}::timestamptz - make_interval(months => o.dormant_months) + make_interval(days => ${warningDays})
				and (a.dormant_warned_at is null or a.dormant_warned_at < coalesce(a.last_login_at, a.created_at))
				and not (${sole(tx)})
			returning a.id, a.organisation_id, a.username, a.email, a.display_name,
				coalesce(a.last_login_at, a.created_at) as last_used`;
		const until = new Date(now.getTime() + warningDays * 24 * 3600_000);
		for (const a of warn) {
			await mails.notice(
				tx,
				a,
				'dormant-warning',
				'log in om uw account te houden',
				`U heeft sinds ${dateFormat.format(a.lastUsed)} niet ingelogd. Log uiterlijk ${dateFormat.format(until)} in, anders wordt uw account gedeactiveerd. Inloggen is genoeg; u hoeft verder niets te doen.`,
				origin,
				{ byOrganisation: true }
			);
			await audit.record(tx, {
				organisationId: a.organisationId,
				action: 'account.dormant_warned',
				targetType: 'account',
				targetId: a.id
			});
		}
		// Deactivate: warned two weeks ago and not logged in since.
		const due = await tx<mails.MailAccount[]>`
			update account a set state = 'deactivated', deactivated_at = ${now}, updated_at = ${now}
			where a.state = 'active' and a.dormant_warned_at is not null
				and a.dormant_warned_at <= ${now}::timestamptz - make_interval(days => ${warningDays})
				and (a.last_login_at is null or a.last_login_at < a.dormant_warned_at)
				and not (${sole(tx)})
			returning a.id, a.organisation_id, a.username, a.email, a.display_name`;
		for (const a of due) {
			const ended = await endAccess(tx, a.id);
			await audit.record(tx, {
				organisationId: a.organisationId,
				action: 'account.dormant_deactivated',
				targetType: 'account',
				targetId: a.id,
				details: { sessions: ended.sessions, cancelledMails: ended.cancelledMails }
			});
			await mails.notice(
				tx,
				a,
				'deactivated',
				'uw account is gedeactiveerd',
				`Uw account is gedeactiveerd: er is lang niet mee ingelogd, ook niet na de waarschuwing van ${warningDays} dagen geleden. U kunt niet meer inloggen.`,
				origin,
				{ byOrganisation: true }
			);
		}
		return { warned: warn.length, deactivated: due.length };
	});
}
