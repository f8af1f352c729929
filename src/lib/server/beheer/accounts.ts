/**
 * Beheer → Accounts: who may manage accounts, and the list, search, filters and details a
 * beheerder sees. Changes to an account live in account-actions.ts.
 *
 * Access rule: only a beheerder, and only accounts of
 * their own organisation. Anything else is a 404, never a 403: for a beheerder of another
 * SWV these accounts do not exist (architecture.md § Auth). Every query below filters on
 * organisation_id for the same reason, so a forgotten check elsewhere still finds nothing.
 */
import { isUuid } from '../ids';
import { error, type RequestEvent } from '@sveltejs/kit';
import { accountStates, isAccountState, stateLabels, type AccountState } from '../../account-state';
import { isRole, type Role } from '../account';
import { requireActor } from '../access/actor';
import { may, type Actor } from '../access/policy';
import type { SessionAccount } from '../auth/session';
import type { Sql, TransactionSql } from '../db';
import { requireAccount } from '../guard';
import * as preferences from '../preferences';
import { isEmail } from '../input';

export function isBeheerder(account: { roles: readonly string[] } | null): boolean {
	return !!account && account.roles.includes('beheerder');
}

/**
 * The logged-in account that the policy lets do `action` in its organisation (beheerders),
 * with its actor, or a 404 for everyone else. Call it in every load and action of Beheer;
 * the domain functions ask the policy again in their own transaction.
 */
export function requireBeheerder(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	action:
		| 'manage-accounts'
		| 'manage-processes'
		| 'manage-forms'
		| 'manage-koppelingen'
		| 'anonymise' = 'manage-accounts'
): SessionAccount & { actor: Actor } {
	const account = requireAccount(event);
	const actor = requireActor(event);
	const decision = may(actor, action, {
		type: 'organisation',
		organisationId: actor.organisationId
	});
	if (!decision.allowed) error(404, 'Pagina niet gevonden');
	return { ...account, actor };
}

export { accountStates, isAccountState, stateLabels, type AccountState };

/** A route parameter that can be an account id; anything else cannot exist (and must not reach SQL as a cast error). */
export function isAccountId(value: string): boolean {
	return isUuid(value);
}

// --- Filters -------------------------------------------------------------------------------

export const sortOrders = ['naam', 'naam-omgekeerd', 'laatst-ingelogd'] as const;
export type SortOrder = (typeof sortOrders)[number];

export const sortLabels: Record<SortOrder, string> = {
	naam: 'Naam (A–Z)',
	'naam-omgekeerd': 'Naam (Z–A)',
	'laatst-ingelogd': 'Laatst ingelogd'
};

export interface Filters {
	q: string;
	role: Role | '';
	state: AccountState | '';
	sort: SortOrder;
}

export const emptyFilters: Filters = { q: '', role: '', state: '', sort: 'naam' };
export const preferenceKey = 'beheer.accounts.filters';
export const pageSize = 50;

/** Filters from query parameters (the GET form) or a stored preference; unknown values are dropped. */
export function parseFilters(input: {
	q?: unknown;
	rol?: unknown;
	status?: unknown;
	sortering?: unknown;
}): Filters {
	const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
	const role = str(input.rol);
	const state = str(input.status);
	const sort = str(input.sortering);
	return {
		q: str(input.q).slice(0, 100),
		role: isRole(role) ? role : '',
		state: isAccountState(state) ? state : '',
		sort: (sortOrders as readonly string[]).includes(sort) ? (sort as SortOrder) : 'naam'
	};
}

export function toParams(filters: Filters): Record<string, string> {
	return { q: filters.q, rol: filters.role, status: filters.state, sortering: filters.sort };
}

export function isEmpty(filters: Filters): boolean {
	return !filters.q && !filters.role && !filters.state && filters.sort === 'naam';
}

export async function rememberedFilters(
	sql: Sql | TransactionSql,
	accountId: string
): Promise<Filters> {
	const value = await preferences.get(sql, accountId, preferenceKey);
	return value ? parseFilters(value) : { ...emptyFilters };
}

/** Remembers the filters for the next visit; empty filters are forgotten ("Wissen"). */
export async function rememberFilters(
	sql: Sql | TransactionSql,
	accountId: string,
	filters: Filters
): Promise<void> {
	if (isEmpty(filters)) await preferences.clear(sql, accountId, preferenceKey);
	else await preferences.set(sql, accountId, preferenceKey, toParams(filters));
}

export async function clearFilters(sql: Sql | TransactionSql, accountId: string): Promise<void> {
	await preferences.clear(sql, accountId, preferenceKey);
}

// --- List and details ----------------------------------------------------------------------

export interface AccountSummary {
	id: string;
	username: string;
	displayName: string;
	email: string;
	roles: Role[];
	state: AccountState;
	functionTitle: string;
	lastLoginAt: Date | null;
}

export interface AccountPage {
	accounts: AccountSummary[];
	total: number;
	page: number;
	pages: number;
}

function likePattern(q: string): string {
	return '%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%';
}

export async function list(
	sql: Sql | TransactionSql,
	organisationId: string,
	filters: Filters,
	page = 1
): Promise<AccountPage> {
	const pattern = filters.q ? likePattern(filters.q) : null;
	const where = sql`
		organisation_id = ${organisationId}
		${pattern ? sql`and (display_name ilike ${pattern} or username ilike ${pattern} or email ilike ${pattern})` : sql``}
		${filters.role ? sql`and ${filters.role} = any(roles)` : sql``}
		${filters.state ? sql`and state = ${filters.state}` : sql``}`;
	const [count] = await sql<{ n: number }[]>`select count(*)::int as n from account where ${where}`;
	const total = count?.n ?? 0;
	const pages = Math.max(1, Math.ceil(total / pageSize));
	const current = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
	const order =
		filters.sort === 'naam-omgekeerd'
			? sql`lower(display_name) desc, lower(username) desc`
			: filters.sort === 'laatst-ingelogd'
				? sql`last_login_at desc nulls last, lower(display_name), lower(username)`
				: sql`lower(display_name), lower(username)`;
	const accounts = await sql<AccountSummary[]>`
		select id, username, display_name, email, roles, state, function_title, last_login_at
		from account where ${where}
		order by ${order}
		limit ${pageSize} offset ${(current - 1) * pageSize}`;
	return { accounts, total, page: current, pages };
}

export interface AccountDetail extends AccountSummary {
	createdAt: Date;
	blockedAt: Date | null;
	deactivatedAt: Date | null;
	failedCodes: number;
	hasPassword: boolean;
	activeAuthenticators: number;
	/** When the newest activation link that still works was sent. */
	activationSentAt: Date | null;
}

/** One account of the beheerder's organisation, or null (also for another organisation's id). */
export async function get(
	sql: Sql | TransactionSql,
	organisationId: string,
	id: string
): Promise<AccountDetail | null> {
	if (!isAccountId(id)) return null;
	const [row] = await sql<AccountDetail[]>`
		select a.id, a.username, a.display_name, a.email, a.roles, a.state, a.function_title,
			a.last_login_at, a.created_at, a.blocked_at, a.deactivated_at, a.failed_codes,
			a.password_hash is not null as has_password,
			(select count(*)::int from totp_secret t where t.account_id = a.id and t.state = 'active')
				as active_authenticators,
			(select max(created_at) from auth_token k
				where k.account_id = a.id and k.kind = 'activation' and k.used_at is null
					and k.superseded_at is null and k.expires_at > now()) as activation_sent_at
		from account a
		where a.id = ${id} and a.organisation_id = ${organisationId}`;
	return row ?? null;
}

// --- Validation of a new account -----------------------------------------------------------

export interface NewAccountFields {
	displayName: string;
	username: string;
	email: string;
	roles: string[];
	functionTitle: string;
}

const usernamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Dutch messages per field; empty when the input is acceptable. */
export function validateNew(fields: NewAccountFields): Record<string, string> {
	const errors: Record<string, string> = {};
	if (!fields.displayName) errors.naam = 'Vul de naam in.';
	else if (fields.displayName.length > 200)
		errors.naam = 'De naam is te lang (hoogstens 200 tekens).';

	if (!fields.username) errors.gebruikersnaam = 'Vul een gebruikersnaam in.';
	else if (fields.username.length < 2 || fields.username.length > 60)
		errors.gebruikersnaam = 'Een gebruikersnaam heeft 2 tot 60 tekens.';
	else if (!usernamePattern.test(fields.username))
		errors.gebruikersnaam =
			'Gebruik alleen letters zonder accenten, cijfers, punt (.), streepje (-) en liggend streepje (_), zonder spaties. Begin met een letter of cijfer.';

	if (!fields.email) errors.email = 'Vul het e-mailadres in.';
	else if (!isEmail(fields.email))
		errors.email = 'Dit is geen geldig e-mailadres. Voorbeeld: naam@school.nl';

	const errorRoles = validateRoles(fields.roles);
	if (errorRoles) errors.rollen = errorRoles;

	if (fields.functionTitle.length > 200)
		errors.functie = 'De functie is te lang (hoogstens 200 tekens).';
	return errors;
}

/** Usernames are unique per organisation regardless of case. */
export async function usernameTaken(
	sql: Sql | TransactionSql,
	organisationId: string,
	username: string
): Promise<boolean> {
	const [row] = await sql`
		select 1 from account
		where organisation_id = ${organisationId} and lower(username) = ${username.trim().toLowerCase()}`;
	return !!row;
}

export function validateRoles(values: string[]): string | null {
	if (values.length === 0) return 'Kies ten minste één rol.';
	if (!values.every(isRole)) return 'Kies rollen uit de lijst.';
	return null;
}
