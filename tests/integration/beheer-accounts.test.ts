import { beforeAll, describe, expect, it } from 'vitest';
import * as login from '../../src/lib/server/auth/login';
import * as session from '../../src/lib/server/auth/session';
import * as tokens from '../../src/lib/server/auth/tokens';
import * as totp from '../../src/lib/server/auth/totp';
import * as change from '../../src/lib/server/beheer/account-actions';
import * as accounts from '../../src/lib/server/beheer/accounts';
import { sql } from '../../src/lib/server/db';
import type { Actor } from '../../src/lib/server/access/policy';
import { actorOfUser } from '../support/actors';
import { actorOf } from '../../src/lib/server/access/actor';
import type { Role } from '../../src/lib/roles';
import { demoPassword, demoTotpSecret } from '../../src/lib/server/demo/credentials';
import * as demo from '../../src/lib/server/demo/seed';

const origin = 'https://kindkring.test';

let rotterdam: string;
let stromenland: string;
let femke: Actor;
let joost: Actor;

async function idOf(code: string, username: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		select a.id from account a join organisation o on o.id = a.organisation_id
		where o.code = ${code} and a.username = ${username}`;
	return row!.id;
}

async function accountRow(id: string) {
	const [row] = await sql<
		{
			state: string;
			failedCodes: number;
			blockedAt: Date | null;
			deactivatedAt: Date | null;
			passwordHash: string | null;
			roles: string[];
		}[]
	>`select state, failed_codes, blocked_at, deactivated_at, password_hash, roles from account where id = ${id}`;
	return row!;
}

async function sessionsOf(id: string): Promise<number> {
	const [row] = await sql<
		{ n: number }[]
	>`select count(*)::int as n from session where account_id = ${id}`;
	return row!.n;
}

async function auditOf(targetId: string, action: string) {
	return sql<{ accountId: string; organisationId: string; details: Record<string, unknown> }[]>`
		select account_id, organisation_id, details from audit_log
		where target_type = 'account' and target_id = ${targetId} and action = ${action}`;
}

async function mailsTo(accountId: string, kind: string) {
	return sql<{ subject: string; textBody: string; toAddress: string }[]>`
		select subject, text_body, to_address from outbox where account_id = ${accountId} and kind = ${kind}
		order by id`;
}

function loginAttempt(code: string, username: string, at = new Date()) {
	return login.attempt(sql, {
		organisationCode: code,
		username,
		password: demoPassword,
		code: totp.generate(demoTotpSecret(code, username), at.getTime()),
		ipHash: null,
		origin,
		now: at
	});
}

beforeAll(async () => {
	await demo.seed(sql);
	const orgs = await sql<{ id: string; code: string }[]>`select id, code from organisation`;
	rotterdam = orgs.find((o) => o.code === 'PO2806')!.id;
	stromenland = orgs.find((o) => o.code === 'PO2507')!.id;
	femke = await actorOfUser(sql, 'PO2806', 'beheer.femke', { ipHash: 'test-ip', origin });
	joost = await actorOfUser(sql, 'PO2507', 'beheer.joost', { ipHash: null, origin });
});

describe('who may manage accounts', () => {
	it('is only a beheerder', () => {
		expect(accounts.isBeheerder({ roles: ['beheerder'] })).toBe(true);
		expect(accounts.isBeheerder({ roles: ['ib', 'beheerder'] })).toBe(true);
		for (const role of ['ib', 'directeur', 'scp', 'coordinator', 'ouder', 'extern', 'voorschool']) {
			expect(accounts.isBeheerder({ roles: [role] })).toBe(false);
		}
		expect(accounts.isBeheerder(null)).toBe(false);
	});

	it('answers 404 to everyone else', () => {
		const event = (roles: Role[]) => {
			const account = { id: 'x', organisationId: rotterdam, roles, schoolIds: [], email: '' };
			const origin = 'https://kindkring.test';
			return {
				url: new URL(`${origin}/beheer/accounts`),
				locals: { ipHash: null, account, actor: actorOf(account, { ipHash: null, origin }) }
			} as unknown as Parameters<typeof accounts.requireBeheerder>[0];
		};
		expect(() => accounts.requireBeheerder(event(['ib']))).toThrow(
			expect.objectContaining({ status: 404 })
		);
		expect(accounts.requireBeheerder(event(['beheerder'])).actor).toMatchObject({
			accountId: 'x',
			organisationId: rotterdam,
			origin: 'https://kindkring.test'
		});
	});

	it("does not find another organisation's account, nor let anything be done to it", async () => {
		const lotte = await idOf('PO2806', 'lotte.vandam');
		expect(await accounts.get(sql, stromenland, lotte)).toBeNull();
		expect(await accounts.get(sql, rotterdam, lotte)).not.toBeNull();
		expect(await accounts.get(sql, rotterdam, 'not-a-uuid')).toBeNull();
		for (const act of [
			() => change.block(sql, joost, lotte),
			() => change.unblock(sql, joost, lotte),
			() => change.deactivate(sql, joost, lotte),
			() => change.reactivate(sql, joost, lotte),
			() => change.resetTotp(sql, joost, lotte),
			() => change.resendActivation(sql, joost, lotte),
			() => change.setRoles(sql, joost, lotte, ['beheerder'])
		]) {
			expect(await act()).toEqual({ ok: false, reason: 'not-found' });
		}
		expect(await accountRow(lotte)).toMatchObject({ state: 'active', roles: ['ib'] });
		const [audit] = await sql<{ n: number }[]>`
			select count(*)::int as n from audit_log where target_id = ${lotte}`;
		expect(audit!.n).toBe(0);
	});
});

describe('the account list', () => {
	it('lists only the own organisation, sorted by name, with a count', async () => {
		const page = await accounts.list(sql, rotterdam, accounts.emptyFilters);
		expect(page.total).toBe(9);
		expect(page.accounts).toHaveLength(9);
		expect(page.accounts.map((a) => a.username)).not.toContain('beheer.joost');
		const names = page.accounts.map((a) => a.displayName.toLowerCase());
		expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
		expect(page.accounts[0]).toHaveProperty('lastLoginAt');
	});

	it('searches name, username and e-mail regardless of case', async () => {
		const byUsername = await accounts.list(sql, rotterdam, {
			...accounts.emptyFilters,
			q: 'LOTTE.VAN'
		});
		expect(byUsername.accounts.map((a) => a.username)).toEqual(['lotte.vandam']);
		const lotte = byUsername.accounts[0]!;
		const byName = await accounts.list(sql, rotterdam, {
			...accounts.emptyFilters,
			q: lotte.displayName.split(' ')[0]!.toUpperCase()
		});
		expect(byName.accounts.map((a) => a.username)).toContain('lotte.vandam');
		const byEmail = await accounts.list(sql, rotterdam, {
			...accounts.emptyFilters,
			q: lotte.email.toUpperCase()
		});
		expect(byEmail.accounts.map((a) => a.username)).toEqual(['lotte.vandam']);
		// A LIKE wildcard in the search is a character, not "anything".
		const wildcard = await accounts.list(sql, rotterdam, { ...accounts.emptyFilters, q: '%' });
		expect(wildcard.total).toBe(0);
	});

	it('filters on role and state', async () => {
		const ib = await accounts.list(sql, rotterdam, { ...accounts.emptyFilters, role: 'ib' });
		expect(ib.accounts.map((a) => a.username).sort()).toEqual(['lotte.vandam', 'rachid.elamrani']);
		const pending = await accounts.list(sql, rotterdam, {
			...accounts.emptyFilters,
			state: 'pending'
		});
		expect(pending.total).toBe(0);
		const active = await accounts.list(sql, rotterdam, {
			...accounts.emptyFilters,
			role: 'ib',
			state: 'active'
		});
		expect(active.total).toBe(2);
	});

	it('pages by 50', async () => {
		await sql`
			insert into account (organisation_id, username, email, display_name, roles)
			select ${stromenland}, 'bulk' || n, 'bulk' || n || '@example.nl', 'Bulk ' || lpad(n::text, 3, '0'),
				array['extern']
			from generate_series(1, 60) as n`;
		const filters = { ...accounts.emptyFilters, q: 'bulk' };
		const first = await accounts.list(sql, stromenland, filters, 1);
		expect(first).toMatchObject({ total: 60, page: 1, pages: 2 });
		expect(first.accounts).toHaveLength(50);
		const second = await accounts.list(sql, stromenland, filters, 2);
		expect(second.accounts).toHaveLength(10);
		expect(second.accounts[0]!.displayName).toBe('Bulk 051');
		expect((await accounts.list(sql, stromenland, filters, 99)).page).toBe(2);
	});

	it('remembers the filters per user and forgets them on "Wissen"', async () => {
		expect(await accounts.rememberedFilters(sql, femke.accountId)).toEqual(accounts.emptyFilters);
		const filters = accounts.parseFilters({
			q: ' lotte ',
			rol: 'ib',
			status: 'active',
			sortering: 'naam-omgekeerd'
		});
		expect(filters).toEqual({ q: 'lotte', role: 'ib', state: 'active', sort: 'naam-omgekeerd' });
		await accounts.rememberFilters(sql, femke.accountId, filters);
		expect(await accounts.rememberedFilters(sql, femke.accountId)).toEqual(filters);
		// Another beheerder's filters are their own.
		expect(await accounts.rememberedFilters(sql, joost.accountId)).toEqual(accounts.emptyFilters);
		const [row] = await sql<{ value: unknown }[]>`
			select value from account_preference where account_id = ${femke.accountId} and key = 'beheer.accounts.filters'`;
		expect(row!.value).toMatchObject({ q: 'lotte', rol: 'ib' });

		await accounts.rememberFilters(sql, femke.accountId, accounts.emptyFilters);
		expect(await accounts.rememberedFilters(sql, femke.accountId)).toEqual(accounts.emptyFilters);
		const [gone] = await sql<{ n: number }[]>`
			select count(*)::int as n from account_preference where account_id = ${femke.accountId}`;
		expect(gone!.n).toBe(0);
	});

	it('drops unknown filter values instead of trusting them', () => {
		expect(
			accounts.parseFilters({ q: 5, rol: 'superuser', status: 'x', sortering: 'drop table' })
		).toEqual(accounts.emptyFilters);
	});
});

describe('creating an account', () => {
	const fields = {
		displayName: 'Eva de Wit',
		username: 'Eva.deWit',
		email: 'eva.dewit@example.nl',
		roles: ['ib', 'directeur'],
		functionTitle: 'Intern begeleider'
	};

	it('validates every field in Dutch', () => {
		expect(accounts.validateNew(fields)).toEqual({});
		expect(
			accounts.validateNew({
				displayName: '',
				username: '',
				email: '',
				roles: [],
				functionTitle: ''
			})
		).toEqual({
			naam: 'Vul de naam in.',
			gebruikersnaam: 'Vul een gebruikersnaam in.',
			email: 'Vul het e-mailadres in.',
			rollen: 'Kies ten minste één rol.'
		});
		const bad = accounts.validateNew({
			...fields,
			username: 'eva de wit',
			email: 'eva@',
			roles: ['root']
		});
		expect(bad.gebruikersnaam).toMatch(/alleen letters/);
		expect(bad.email).toMatch(/geen geldig e-mailadres/);
		expect(bad.rollen).toBe('Kies rollen uit de lijst.');
	});

	it('creates a pending account and queues the welcome mail with an activation link', async () => {
		const result = await change.create(sql, femke, fields);
		expect(result.ok).toBe(true);
		const id = (result as { id: string }).id;
		const detail = await accounts.get(sql, rotterdam, id);
		expect(detail).toMatchObject({
			username: 'Eva.deWit',
			state: 'pending',
			roles: ['ib', 'directeur'],
			functionTitle: 'Intern begeleider',
			hasPassword: false
		});
		expect(detail!.activationSentAt).toBeInstanceOf(Date);
		const [mail] = await mailsTo(id, 'welcome');
		expect(mail!.toAddress).toBe('eva.dewit@example.nl');
		expect(mail!.textBody).toMatch(new RegExp(`${origin}/activeren/[a-z0-9]{32}`));
		const [audit] = await auditOf(id, 'account.created');
		expect(audit).toMatchObject({ accountId: femke.accountId, organisationId: rotterdam });
	});

	it('refuses a username that exists in another case', async () => {
		expect(await accounts.usernameTaken(sql, rotterdam, ' eva.DEWIT ')).toBe(true);
		expect(await accounts.usernameTaken(sql, stromenland, 'eva.dewit')).toBe(false);
		const result = await change.create(sql, femke, {
			...fields,
			username: 'EVA.DEWIT',
			email: 'andere@example.nl'
		});
		expect(result).toEqual({ ok: false, usernameTaken: true });
		const [n] = await sql<{ n: number }[]>`
			select count(*)::int as n from outbox where to_address = 'andere@example.nl'`;
		expect(n!.n).toBe(0);
	});

	it('allows the same username in another organisation', async () => {
		expect((await change.create(sql, joost, fields)).ok).toBe(true);
	});

	it('resends the activation link only for a pending account and supersedes the old one', async () => {
		const id = await idOf('PO2806', 'Eva.deWit');
		const [before] = await sql<{ id: string }[]>`
			select id from auth_token where account_id = ${id} and superseded_at is null`;
		expect(await change.resendActivation(sql, femke, id)).toEqual({ ok: true });
		const [old] = await sql<{ supersededAt: Date | null }[]>`
			select superseded_at from auth_token where id = ${before!.id}`;
		expect(old!.supersededAt).not.toBeNull();
		expect(await mailsTo(id, 'welcome')).toHaveLength(2);
		expect(await auditOf(id, 'account.activation-sent')).toHaveLength(1);

		const lotte = await idOf('PO2806', 'lotte.vandam');
		expect(await change.resendActivation(sql, femke, lotte)).toMatchObject({
			ok: false,
			reason: 'state'
		});
	});
});

describe('roles', () => {
	it('changes roles, audits and tells the holder', async () => {
		const rachid = await idOf('PO2806', 'rachid.elamrani');
		expect(await change.setRoles(sql, femke, rachid, ['ib', 'directeur'])).toEqual({ ok: true });
		expect((await accountRow(rachid)).roles).toEqual(['ib', 'directeur']);
		const [audit] = await auditOf(rachid, 'account.roles-changed');
		expect(audit!.details).toEqual({ from: 'ib', to: 'ib,directeur' });
		expect((await mailsTo(rachid, 'roles-changed'))[0]!.textBody).toContain('Directeur');
	});

	it('needs at least one valid role', async () => {
		const rachid = await idOf('PO2806', 'rachid.elamrani');
		expect(await change.setRoles(sql, femke, rachid, [])).toMatchObject({ reason: 'invalid' });
		expect(await change.setRoles(sql, femke, rachid, ['root'])).toMatchObject({
			reason: 'invalid'
		});
		expect((await accountRow(rachid)).roles).toEqual(['ib', 'directeur']);
	});

	it('does not let a beheerder remove their own beheerder role', async () => {
		expect(await change.setRoles(sql, femke, femke.accountId, ['ib'])).toMatchObject({
			ok: false,
			reason: 'self'
		});
		expect((await accountRow(femke.accountId)).roles).toEqual(['beheerder']);
	});
});

describe('block and unblock', () => {
	it('block ends every session and stops login; unblock resets the counter and login works', async () => {
		const henk = await idOf('PO2806', 'henk.degroot');
		await session.create(sql, henk);
		await session.create(sql, henk);
		await sql`update account set failed_codes = 4 where id = ${henk}`;
		expect(await sessionsOf(henk)).toBe(2);

		expect(await change.block(sql, femke, henk)).toEqual({ ok: true });
		expect(await sessionsOf(henk)).toBe(0);
		expect(await accountRow(henk)).toMatchObject({ state: 'blocked' });
		expect((await accountRow(henk)).blockedAt).toBeInstanceOf(Date);
		expect((await loginAttempt('PO2806', 'henk.degroot')).kind).toBe('blocked');
		expect(await auditOf(henk, 'account.blocked')).toEqual([
			expect.objectContaining({
				accountId: femke.accountId,
				details: { reason: 'by-admin', sessions: 2 }
			})
		]);
		expect(await mailsTo(henk, 'blocked-by-admin')).toHaveLength(1);
		expect(
			(
				await accounts.list(sql, rotterdam, { ...accounts.emptyFilters, state: 'blocked' })
			).accounts.map((a) => a.username)
		).toEqual(['henk.degroot']);

		expect(await change.block(sql, femke, henk)).toMatchObject({ reason: 'state' });

		expect(await change.unblock(sql, femke, henk)).toEqual({ ok: true });
		expect(await accountRow(henk)).toMatchObject({
			state: 'active',
			failedCodes: 0,
			blockedAt: null
		});
		expect(await auditOf(henk, 'account.unblocked')).toHaveLength(1);
		expect(await mailsTo(henk, 'unblocked')).toHaveLength(1);
		const result = await loginAttempt('PO2806', 'henk.degroot');
		expect(result.kind).toBe('ok');
	});

	it('unblocks an account blocked by 10 wrong codes, also ending a password wait', async () => {
		const nora = await idOf('PO2806', 'nora.yilmaz');
		const now = new Date();
		for (let i = 0; i < login.maxWrongCodes; i++) {
			await login.attempt(sql, {
				organisationCode: 'PO2806',
				username: 'nora.yilmaz',
				password: demoPassword,
				code: '000000',
				ipHash: null,
				origin,
				now
			});
		}
		expect(await accountRow(nora)).toMatchObject({ state: 'blocked', failedCodes: 10 });
		await sql`
			insert into login_throttle (organisation_id, username_key, failures, locked_until)
			values (${rotterdam}, 'nora.yilmaz', 5, now() + interval '10 minutes')`;

		expect(await change.unblock(sql, femke, nora)).toEqual({ ok: true });
		expect(await accountRow(nora)).toMatchObject({ state: 'active', failedCodes: 0 });
		expect((await loginAttempt('PO2806', 'nora.yilmaz')).kind).toBe('ok');
	});

	it('does not let a beheerder block themselves', async () => {
		expect(await change.block(sql, femke, femke.accountId)).toMatchObject({
			ok: false,
			reason: 'self',
			message: 'U kunt uw eigen account niet blokkeren.'
		});
		expect((await accountRow(femke.accountId)).state).toBe('active');
	});
});

describe('deactivate and reactivate', () => {
	it('deactivates: no login, no sessions, old links dead; reactivates to active', async () => {
		const pieter = await idOf('PO2806', 'pieter.verbeek');
		await session.create(sql, pieter);
		const { token } = await tokens.issue(sql, pieter, 'reset');

		expect(await change.deactivate(sql, femke, pieter)).toEqual({ ok: true });
		const row = await accountRow(pieter);
		expect(row.state).toBe('deactivated');
		expect(row.deactivatedAt).toBeInstanceOf(Date);
		expect(await sessionsOf(pieter)).toBe(0);
		expect((await tokens.lookup(sql, token, 'reset')).state).toBe('expired');
		expect((await loginAttempt('PO2806', 'pieter.verbeek')).kind).toBe('invalid');
		expect(await auditOf(pieter, 'account.deactivated')).toHaveLength(1);
		expect(await mailsTo(pieter, 'deactivated')).toHaveLength(1);

		expect(await change.reactivate(sql, femke, pieter)).toEqual({ ok: true, state: 'active' });
		expect(await accountRow(pieter)).toMatchObject({ state: 'active', deactivatedAt: null });
		expect(await auditOf(pieter, 'account.reactivated')).toHaveLength(1);
		expect((await loginAttempt('PO2806', 'pieter.verbeek')).kind).toBe('ok');
	});

	it('reactivates a never-activated account as pending', async () => {
		const eva = await idOf('PO2806', 'Eva.deWit');
		expect(await change.deactivate(sql, femke, eva)).toEqual({ ok: true });
		expect(await change.reactivate(sql, femke, eva)).toEqual({ ok: true, state: 'pending' });
	});

	it('does not let a beheerder deactivate themselves', async () => {
		expect(await change.deactivate(sql, femke, femke.accountId)).toMatchObject({ reason: 'self' });
		expect((await accountRow(femke.accountId)).state).toBe('active');
	});
});

describe('2FA opnieuw instellen', () => {
	it('replaces the authenticators, deletes recovery codes, ends sessions and sends a new activation link', async () => {
		const anouk = await idOf('PO2806', 'anouk.smit');
		await session.create(sql, anouk);
		await sql`insert into recovery_code (account_id, code_hash) values (${anouk}, 'a'), (${anouk}, 'b')`;
		const old = await tokens.issue(sql, anouk, 'activation');
		const { passwordHash } = await accountRow(anouk);

		expect(await change.resetTotp(sql, femke, anouk)).toEqual({ ok: true });

		const secrets = await sql<{ state: string; replacedAt: Date | null }[]>`
			select state, replaced_at from totp_secret where account_id = ${anouk}`;
		expect(secrets.length).toBeGreaterThan(0);
		for (const s of secrets) {
			expect(s.state).toBe('replaced');
			expect(s.replacedAt).toBeInstanceOf(Date);
		}
		const [codes] = await sql<{ n: number }[]>`
			select count(*)::int as n from recovery_code where account_id = ${anouk}`;
		expect(codes!.n).toBe(0);
		expect(await sessionsOf(anouk)).toBe(0);
		const row = await accountRow(anouk);
		expect(row.state).toBe('pending');
		expect(row.passwordHash).toBe(passwordHash);
		expect((await tokens.lookup(sql, old.token, 'activation')).state).toBe('superseded');
		const [live] = await sql<{ n: number }[]>`
			select count(*)::int as n from auth_token
			where account_id = ${anouk} and kind = 'activation' and used_at is null and superseded_at is null and expires_at > now()`;
		expect(live!.n).toBe(1);
		const [mail] = await mailsTo(anouk, 'authenticator-reset');
		expect(mail!.textBody).toMatch(new RegExp(`${origin}/activeren/[a-z0-9]{32}`));
		expect(mail!.textBody).toContain('Uw wachtwoord blijft hetzelfde.');
		const [audit] = await auditOf(anouk, 'totp.reset-by-admin');
		expect(audit).toMatchObject({ accountId: femke.accountId, organisationId: rotterdam });
		expect(audit!.details).toMatchObject({ recoveryCodes: 2, sessions: 1 });
		// The old phone's code no longer opens the account.
		expect((await loginAttempt('PO2806', 'anouk.smit')).kind).toBe('invalid');
	});

	it('does not let a beheerder reset their own 2FA', async () => {
		expect(await change.resetTotp(sql, femke, femke.accountId)).toMatchObject({ reason: 'self' });
		const [active] = await sql<{ n: number }[]>`
			select count(*)::int as n from totp_secret where account_id = ${femke.accountId} and state = 'active'`;
		expect(active!.n).toBe(1);
	});
});
