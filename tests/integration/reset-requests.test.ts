import { beforeAll, describe, expect, it } from 'vitest';
import * as login from '../../src/lib/server/auth/login';
import * as requests from '../../src/lib/server/auth/reset-requests';
import * as totp from '../../src/lib/server/auth/totp';
import { sql } from '../../src/lib/server/db';
import type { Actor } from '../../src/lib/server/access/policy';
import { actorOfUser } from '../support/actors';
import { demoPassword, demoTotpSecret } from '../../src/lib/server/demo/credentials';
import * as demo from '../../src/lib/server/demo/seed';

const origin = 'https://kindkring.test';

let rotterdam: string;
let stromenland: string;
let femke: Actor;
let joost: Actor;

async function account(code: string, username: string) {
	const [row] = await sql<{ id: string; email: string }[]>`
		select a.id, a.email from account a join organisation o on o.id = a.organisation_id
		where o.code = ${code} and a.username = ${username}`;
	return row!;
}

async function requestsOf(accountId: string) {
	return sql<{ id: string; state: string; message: string; declineReason: string | null }[]>`
		select id, state, message, decline_reason from totp_reset_request where account_id = ${accountId}
		order by created_at`;
}

async function mailsTo(accountId: string, kind: string) {
	return sql<{ subject: string; textBody: string; toAddress: string }[]>`
		select subject, text_body, to_address from outbox where account_id = ${accountId} and kind = ${kind}
		order by id`;
}

async function auditCount(action: string, targetId: string): Promise<number> {
	const [row] = await sql<{ n: number }[]>`
		select count(*)::int as n from audit_log where action = ${action} and target_id = ${targetId}`;
	return row!.n;
}

function ask(
	organisationId: string,
	username: string,
	email: string,
	{ message = '', ipHash = null as string | null } = {}
) {
	return requests.request(sql, { organisationId, username, email, message, ipHash, origin });
}

beforeAll(async () => {
	await demo.seed(sql);
	const orgs = await sql<{ id: string; code: string }[]>`select id, code from organisation`;
	rotterdam = orgs.find((o) => o.code === 'PO2806')!.id;
	stromenland = orgs.find((o) => o.code === 'PO2507')!.id;
	femke = await actorOfUser(sql, 'PO2806', 'beheer.femke', { ipHash: 'ip', origin });
	joost = await actorOfUser(sql, 'PO2507', 'beheer.joost', { ipHash: null, origin });
});

describe('asking for a 2FA reset', () => {
	it('is stored only when username and e-mail belong together; the answer is the same', async () => {
		const lotte = await account('PO2806', 'lotte.vandam');
		const answers = [
			await ask(rotterdam, 'lotte.vandam', 'iemand@example.nl'),
			await ask(rotterdam, 'niemand', lotte.email),
			await ask(stromenland, 'lotte.vandam', lotte.email),
			// Case does not matter, for username nor e-mail: people type either as they remember it.
			await ask(rotterdam, 'Lotte.VanDam', lotte.email.toUpperCase(), {
				message: 'Telefoon gestolen, herstelcodes lagen in de la thuis.'
			})
		];
		expect(answers).toEqual(Array(4).fill({ kind: 'accepted' }));
		const stored = await requestsOf(lotte.id);
		expect(stored).toHaveLength(1);
		expect(stored[0]).toMatchObject({
			state: 'open',
			message: 'Telefoon gestolen, herstelcodes lagen in de la thuis.'
		});
		const [all] = await sql<{ n: number }[]>`select count(*)::int as n from totp_reset_request`;
		expect(all!.n).toBe(1);
		const mails = await mailsTo(lotte.id, 'reset-request-received');
		expect(mails).toHaveLength(1);
		expect(mails[0]!.toAddress).toBe(lotte.email);
		expect(mails[0]!.textBody).toContain('doorgestuurd naar PPO Rotterdam');
		expect(await auditCount('totp.reset-requested', stored[0]!.id)).toBe(1);

		// Asking again keeps one open request, with the newest message.
		await ask(rotterdam, 'lotte.vandam', lotte.email, { message: 'Nog een keer' });
		const again = await requestsOf(lotte.id);
		expect(again).toHaveLength(1);
		expect(again[0]!.message).toBe('Nog een keer');
	});

	it('stores nothing for a deactivated account', async () => {
		const daan = await account('PO2507', 'daan.smits');
		await sql`update account set state = 'deactivated' where id = ${daan.id}`;
		expect(await ask(stromenland, 'daan.smits', daan.email)).toEqual({ kind: 'accepted' });
		expect(await requestsOf(daan.id)).toHaveLength(0);
		await sql`update account set state = 'active' where id = ${daan.id}`;
	});

	it('is throttled per account (silently) and per client address (said)', async () => {
		const rachid = await account('PO2806', 'rachid.elamrani');
		for (let i = 0; i < requests.accountLimit.attempts + 2; i++) {
			expect(await ask(rotterdam, 'rachid.elamrani', rachid.email)).toEqual({ kind: 'accepted' });
		}
		// Mails stop at the limit, so nobody can flood a mailbox through this form.
		expect(await mailsTo(rachid.id, 'reset-request-received')).toHaveLength(
			requests.accountLimit.attempts
		);
		// An unknown username is limited the same way, so the limit reveals nothing.
		for (let i = 0; i < requests.accountLimit.attempts + 2; i++) {
			expect(await ask(rotterdam, 'bestaat.niet', 'x@example.nl')).toEqual({ kind: 'accepted' });
		}

		const results = [];
		for (let i = 0; i < requests.addressLimit.attempts + 1; i++) {
			results.push(await ask(rotterdam, `onbekend${i}`, 'x@example.nl', { ipHash: 'one-address' }));
		}
		expect(results.slice(0, -1).every((r) => r.kind === 'accepted')).toBe(true);
		expect(results.at(-1)!.kind).toBe('addressLimited');
		const henk = await account('PO2806', 'henk.degroot');
		expect((await ask(rotterdam, 'henk.degroot', henk.email, { ipHash: 'one-address' })).kind).toBe(
			'addressLimited'
		);
		expect(await requestsOf(henk.id)).toHaveLength(0);
	});
});

describe('the beheer queue', () => {
	it("lists only the own organisation's open requests; another organisation cannot act on them", async () => {
		const karin = await account('PO2507', 'karin.dekker');
		const lotte = await account('PO2806', 'lotte.vandam');
		await ask(stromenland, 'karin.dekker', karin.email, { message: 'Nieuwe telefoon' });
		const [karinRequest] = await requestsOf(karin.id);
		const [lotteRequest] = await requestsOf(lotte.id);

		const rotterdamQueue = await requests.listOpen(sql, rotterdam);
		expect(rotterdamQueue.map((r) => r.username)).toContain('lotte.vandam');
		expect(rotterdamQueue.map((r) => r.username)).not.toContain('karin.dekker');
		const stromenlandQueue = await requests.listOpen(sql, stromenland);
		expect(stromenlandQueue.map((r) => r.username)).toEqual(['karin.dekker']);
		expect(stromenlandQueue[0]).toMatchObject({
			displayName: 'Karin Dekker',
			message: 'Nieuwe telefoon'
		});
		expect(await requests.countOpen(sql, stromenland)).toBe(1);

		// A beheerder of PO2507 (joost) and a PO2806 request (lotte): nothing happens.
		expect(await requests.approve(sql, joost, lotteRequest!.id)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await requests.decline(sql, joost, lotteRequest!.id, '')).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await requests.approve(sql, femke, karinRequest!.id)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await requests.approve(sql, femke, 'not-a-uuid')).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect((await requestsOf(lotte.id))[0]!.state).toBe('open');
		const [secrets] = await sql<{ n: number }[]>`
			select count(*)::int as n from totp_secret where account_id = ${lotte.id} and state = 'active'`;
		expect(secrets!.n).toBe(1);
	});

	it('approval replaces every authenticator, ends access and mails a fresh activation link', async () => {
		const lotte = await account('PO2806', 'lotte.vandam');
		await sql`insert into recovery_code (account_id, code_hash) values (${lotte.id}, 'x')`;
		const [open] = await requestsOf(lotte.id);
		expect(await requests.approve(sql, femke, open!.id)).toEqual({ ok: true });

		expect((await requestsOf(lotte.id))[0]!.state).toBe('approved');
		const secrets = await sql<{ state: string }[]>`
			select state from totp_secret where account_id = ${lotte.id}`;
		expect(secrets.every((s) => s.state === 'replaced')).toBe(true);
		const [codes] = await sql<{ n: number }[]>`
			select count(*)::int as n from recovery_code where account_id = ${lotte.id}`;
		expect(codes!.n).toBe(0);
		const [token] = await sql<{ kind: string }[]>`
			select kind from auth_token where account_id = ${lotte.id} and used_at is null and superseded_at is null`;
		expect(token!.kind).toBe('activation');
		const mail = (await mailsTo(lotte.id, 'authenticator-reset')).at(-1)!;
		expect(mail.textBody).toMatch(/https:\/\/kindkring\.test\/activeren\/[a-z0-9]{32}/);
		expect(await auditCount('totp.reset-request-approved', open!.id)).toBe(1);
		expect(await auditCount('totp.reset-by-admin', lotte.id)).toBe(1);

		// The old authenticator no longer logs in.
		const result = await login.attempt(sql, {
			organisationCode: 'PO2806',
			username: 'lotte.vandam',
			password: demoPassword,
			code: totp.generate(demoTotpSecret('PO2806', 'lotte.vandam')),
			ipHash: null,
			origin
		});
		expect(result.kind).toBe('invalid');
		// Decided once: it is no longer in the queue and cannot be decided again.
		expect(await requests.approve(sql, femke, open!.id)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect((await requests.listOpen(sql, rotterdam)).map((r) => r.username)).not.toContain(
			'lotte.vandam'
		);
	});

	it('a beheerder cannot approve a request for their own account', async () => {
		const me = await account('PO2806', 'beheer.femke');
		await ask(rotterdam, 'beheer.femke', me.email);
		const [mine] = await requestsOf(me.id);
		const result = await requests.approve(sql, femke, mine!.id);
		expect(result).toMatchObject({ ok: false, reason: 'refused' });
		expect((await requestsOf(me.id))[0]!.state).toBe('open');
	});

	it('declining mails the requester with the reason and leaves the account alone', async () => {
		const karin = await account('PO2507', 'karin.dekker');
		const [open] = await requestsOf(karin.id);
		expect(await requests.decline(sql, joost, open!.id, 'We konden u niet bereiken.')).toEqual({
			ok: true
		});
		expect((await requestsOf(karin.id))[0]).toMatchObject({
			state: 'declined',
			declineReason: 'We konden u niet bereiken.'
		});
		const mail = (await mailsTo(karin.id, 'reset-request-declined'))[0]!;
		expect(mail.subject).toContain('afgewezen');
		expect(mail.textBody).toContain('Reden: We konden u niet bereiken.');
		expect(await auditCount('totp.reset-request-declined', open!.id)).toBe(1);
		const [active] = await sql<{ n: number }[]>`
			select count(*)::int as n from totp_secret where account_id = ${karin.id} and state = 'active'`;
		expect(active!.n).toBe(1);
		expect(await requests.countOpen(sql, stromenland)).toBe(0);
	});
});
