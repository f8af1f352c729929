import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as account from '../../src/lib/server/account';
import * as activation from '../../src/lib/server/auth/activation';
import * as login from '../../src/lib/server/auth/login';
import type { MailAccount } from '../../src/lib/server/auth/mails';
import * as password from '../../src/lib/server/auth/password';
import * as recovery from '../../src/lib/server/auth/recovery';
import * as totp from '../../src/lib/server/auth/totp';
import { encrypt } from '../../src/lib/server/crypto';
import { sql } from '../../src/lib/server/db';
import { demoTotpSecret } from '../../src/lib/server/demo/credentials';
import * as demo from '../../src/lib/server/demo/seed';

const origin = 'https://kindkring.test';
const chosenPassword = 'Zeven blauwe fietsen op het dak';
let organisationId = '';

async function createPending(username: string): Promise<{ id: string; token: string }> {
	const email = `${username}@ouders.example.nl`;
	const { id } = await sql.begin((tx) =>
		account.create(
			tx,
			{ organisationId, username, email, displayName: `Ouder ${username}`, roles: ['ouder'] },
			{ origin, actorId: null, ipHash: null }
		)
	);
	return { id, token: await latestToken(id) };
}

async function latestToken(accountId: string): Promise<string> {
	const [mail] = await sql<{ textBody: string }[]>`
		select text_body from outbox where account_id = ${accountId} and kind = 'welcome'
		order by id desc limit 1`;
	return /\/activeren\/([a-z0-9]+)/.exec(mail!.textBody)![1]!;
}

async function opened(token: string) {
	const result = await activation.open(sql, token);
	if (result.state !== 'valid') throw new Error(`link is ${result.state}`);
	return result;
}

async function withPassword(username: string) {
	const created = await createPending(username);
	const problem = await activation.choosePassword(
		sql,
		await opened(created.token),
		chosenPassword,
		chosenPassword,
		null
	);
	expect(problem).toBeNull();
	return created;
}

function secretOf(view: activation.SetupView): string {
	return view.groupedKey.replaceAll(' ', '').toUpperCase();
}

async function secrets(accountId: string) {
	return sql<
		{ id: string; state: string; lastUsedStep: string | null; confirmedAt: Date | null }[]
	>`
		select id, state, last_used_step, confirmed_at from totp_secret where account_id = ${accountId}
		order by created_at`;
}

beforeAll(async () => {
	await demo.seed(sql);
	const [org] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2806'`;
	organisationId = org!.id;
});

describe('the activation link', () => {
	it('opens for a pending account', async () => {
		const { token } = await createPending('ouder.open');
		const result = await opened(token);
		expect(result.account).toMatchObject({ username: 'ouder.open', hasPassword: false });
	});

	it('says it was replaced, with the time of the newest mail', async () => {
		const { id, token } = await createPending('ouder.vervangen');
		await sql.begin((tx) =>
			account.resendActivation(tx, id, organisationId, { origin, actorId: null, ipHash: null })
		);
		const old = await activation.open(sql, token);
		expect(old.state).toBe('superseded');
		const [newest] = await sql<{ createdAt: Date }[]>`
			select created_at from auth_token where account_id = ${id} order by created_at desc limit 1`;
		expect(old.state === 'superseded' && old.newestSentAt.getTime()).toBe(
			newest!.createdAt.getTime()
		);
		expect((await activation.open(sql, await latestToken(id))).state).toBe('valid');
	});

	it('expires after 7 days', async () => {
		const { token } = await createPending('ouder.verlopen');
		const later = new Date(Date.now() + 7 * 24 * 60 * 60_000 + 60_000);
		expect((await activation.open(sql, token, later)).state).toBe('expired');
	});

	it('is unknown for a made-up token', async () => {
		expect((await activation.open(sql, 'abcdefghijklmnopqrstuvwxyz234567')).state).toBe('unknown');
	});
});

describe('step 1: the password', () => {
	it('refuses weak and mismatched passwords and stores nothing', async () => {
		const { id, token } = await createPending('ouder.zwak');
		const link = await opened(token);
		expect(await activation.choosePassword(sql, link, 'kort', 'kort', null)).toMatchObject({
			field: 'password'
		});
		// Leaning on the username is not strong.
		expect(
			await activation.choosePassword(sql, link, 'ouder.zwak12', 'ouder.zwak12', null)
		).toMatchObject({ field: 'password' });
		// A word with a year and punctuation, the organisation's city, or Kindkring itself.
		for (const weak of ['Welkom2026!!', 'Rotterdam2026!', 'Kindkring2026']) {
			expect(await activation.choosePassword(sql, link, weak, weak, null)).toMatchObject({
				field: 'password',
				message: expect.stringContaining('jaartal')
			});
		}
		expect(
			await activation.choosePassword(sql, link, chosenPassword, chosenPassword + 'x', null)
		).toMatchObject({ field: 'passwordRepeat' });
		const [row] = await sql`select password_hash, state from account where id = ${id}`;
		expect(row).toMatchObject({ passwordHash: null, state: 'pending' });
	});

	it('stores the hash and keeps the account pending (it cannot log in yet)', async () => {
		const { id } = await withPassword('ouder.wachtwoord');
		const [row] = await sql<{ passwordHash: string; state: string }[]>`
			select password_hash, state from account where id = ${id}`;
		expect(row!.state).toBe('pending');
		expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
		expect(await password.verify(row!.passwordHash, chosenPassword)).toBe(true);
	});
});

describe('step 2: the authenticator', () => {
	it('shows the same pending secret on every visit (scanning twice cannot go stale)', async () => {
		const { id, token } = await withPassword('ouder.tweemaal');
		const link = await opened(token);
		// Several tabs at once, the first visit included: still one secret.
		const views = await Promise.all(
			Array.from({ length: 8 }, () => activation.setupView(sql, link.account))
		);
		const first = views[0]!;
		const second = views[1]!;
		expect(new Set(views.map((v) => v.groupedKey)).size).toBe(1);
		const third = await activation.setupView(sql, (await opened(token)).account);
		expect(second.groupedKey).toBe(first.groupedKey);
		expect(third.groupedKey).toBe(first.groupedKey);
		expect(first.groupedKey).toMatch(/^([a-z2-7]{4} )+[a-z2-7]{1,4}$/);
		expect(first.label).toBe('PPO Rotterdam: ouder.tweemaal');
		expect(first.uri).toContain('otpauth://totp/Kindkring:');
		expect(first.qr).toMatch(/^data:image\/svg\+xml;base64,/);
		const rows = await secrets(id);
		expect(rows).toHaveLength(1);
		expect(rows[0]!.state).toBe('pending');
		// Encrypted at rest.
		const [raw] = await sql<{ secretEncrypted: string }[]>`
			select secret_encrypted from totp_secret where account_id = ${id}`;
		expect(raw!.secretEncrypted).not.toContain(secretOf(first));
	});

	it('saves nothing for a wrong code', async () => {
		const { id, token } = await withPassword('ouder.fout');
		const view = await activation.setupView(sql, (await opened(token)).account);
		const right = totp.generate(secretOf(view));
		const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
		const result = await activation.complete(sql, { token, code: wrong, ipHash: null, origin });
		expect(result.kind).toBe('wrongCode');

		const [row] = await sql`select state from account where id = ${id}`;
		expect(row!.state).toBe('pending');
		const rows = await secrets(id);
		expect(rows.map((s) => s.state)).toEqual(['pending']);
		expect(rows[0]!.lastUsedStep).toBeNull();
		expect((await activation.open(sql, token)).state).toBe('valid');
		const [codes] = await sql<{ n: number }[]>`
			select count(*)::int as n from recovery_code where account_id = ${id}`;
		expect(codes!.n).toBe(0);
		const audit = await sql`
			select 1 from audit_log where account_id = ${id} and action in ('activation.completed', 'totp.setup')`;
		expect(audit).toHaveLength(0);
	});

	it('needs the password first', async () => {
		const { token } = await createPending('ouder.zonderwachtwoord');
		const result = await activation.complete(sql, { token, code: '123456', ipHash: null, origin });
		expect(result.kind).toBe('noPassword');
	});

	it('activates everything at once with the right code, then lets the account log in', async () => {
		const username = 'ouder.klaar';
		const { id, token } = await withPassword(username);
		const view = await activation.setupView(sql, (await opened(token)).account);
		const secret = secretOf(view);
		const now = Date.now();
		const result = await activation.complete(sql, {
			token,
			code: totp.generate(secret, now),
			ipHash: 'hash-of-address',
			origin,
			now: new Date(now)
		});
		if (result.kind !== 'done') throw new Error(`expected done, got ${result.kind}`);

		expect(result.codes).toHaveLength(10);
		expect(await recovery.remaining(sql, id)).toBe(10);
		const [row] = await sql`select state from account where id = ${id}`;
		expect(row!.state).toBe('active');
		const [active] = await secrets(id);
		expect(active!.state).toBe('active');
		expect(active!.confirmedAt).not.toBeNull();
		expect(Number(active!.lastUsedStep)).toBe(totp.currentStep(now));
		expect((await activation.open(sql, token)).state).toBe('unknown');

		const audit = await sql<{ action: string; row: string }[]>`
			select action, row_to_json(audit_log)::text as row from audit_log where account_id = ${id}`;
		expect(audit.map((a) => a.action)).toEqual(
			expect.arrayContaining(['activation.completed', 'totp.setup', 'activation.password-set'])
		);
		for (const a of audit) {
			expect(a.row).not.toContain('@');
			expect(a.row).not.toContain(secret);
		}
		const [notice] = await sql<{ subject: string; toAddress: string }[]>`
			select subject, to_address from outbox where account_id = ${id} and kind = 'activated'`;
		expect(notice!.subject).toContain('geactiveerd');
		expect(notice!.toAddress).toBe(`${username}@ouders.example.nl`);

		// The code used for activation does not log in; the next one does.
		const loginAt = (code: string, at: number) =>
			login.attempt(sql, {
				organisationCode: 'PO2806',
				username,
				password: chosenPassword,
				code,
				ipHash: null,
				origin,
				now: new Date(at)
			});
		expect(await loginAt(totp.generate(secret, now), now)).toMatchObject({
			kind: 'wrongCode',
			reason: 'reused'
		});
		const next = now + totp.period * 1000;
		expect((await loginAt(totp.generate(secret, next), next)).kind).toBe('ok');
	});

	it('throttles guessing on one link', async () => {
		const { token } = await withPassword('ouder.raden');
		await activation.setupView(sql, (await opened(token)).account);
		const kinds: string[] = [];
		for (let i = 0; i <= activation.codeLimit.attempts; i++) {
			kinds.push(
				(await activation.complete(sql, { token, code: '000000', ipHash: null, origin })).kind
			);
		}
		expect(kinds.at(-1)).toBe('limited');
	});
});

describe('replacing an authenticator', () => {
	it('keeps the old secret as replaced when a new one becomes active', async () => {
		const [lotte] = await sql<
			{ id: string }[]
		>`select id from account where username = 'lotte.vandam'`;
		const [old] = await secrets(lotte!.id);
		const id = randomUUID();
		await sql`
			insert into totp_secret (id, account_id, secret_encrypted, state)
			values (${id}, ${lotte!.id}, ${encrypt(totp.newSecret(), `totp:${id}`)}, 'pending')`;
		await sql.begin((tx) => activation.activateSecret(tx, lotte!.id, id, totp.currentStep()));
		const rows = await sql<{ id: string; state: string; replacedAt: Date | null }[]>`
			select id, state, replaced_at from totp_secret where account_id = ${lotte!.id}`;
		expect(rows.find((r) => r.id === old!.id)).toMatchObject({ state: 'replaced' });
		expect(rows.find((r) => r.id === old!.id)!.replacedAt).not.toBeNull();
		expect(rows.find((r) => r.id === id)).toMatchObject({ state: 'active' });
	});
});

describe('recovery codes from Mijn account', () => {
	it('need a current code and replace every older code', async () => {
		const [rachid] = await sql<MailAccount[]>`
			select id, organisation_id, username, email, display_name from account where username = 'rachid.elamrani'`;
		const old = await sql.begin((tx) => recovery.replace(tx, rachid!.id));
		const wrong = await recovery.renew(sql, rachid!, '000000', { ipHash: null, origin });
		expect(wrong.kind).toBe('wrongCode');
		expect(await recovery.use(sql, rachid!.id, old[0]!)).toBe(true);

		const code = totp.generate(demoTotpSecret('PO2806', 'rachid.elamrani'));
		const renewed = await recovery.renew(sql, rachid!, code, { ipHash: null, origin });
		if (renewed.kind !== 'done') throw new Error(renewed.kind);
		expect(renewed.codes).toHaveLength(10);
		expect(await recovery.use(sql, rachid!.id, old[1]!)).toBe(false);
		expect(await recovery.remaining(sql, rachid!.id)).toBe(10);
		expect(await recovery.use(sql, rachid!.id, renewed.codes[0]!)).toBe(true);
		expect(await recovery.use(sql, rachid!.id, renewed.codes[0]!)).toBe(false);
	});
});
