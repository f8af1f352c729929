import { beforeAll, describe, expect, it } from 'vitest';
import * as login from '../../src/lib/server/auth/login';
import * as session from '../../src/lib/server/auth/session';
import * as totp from '../../src/lib/server/auth/totp';
import { sql } from '../../src/lib/server/db';
import { demoPassword, demoTotpSecret } from '../../src/lib/server/demo/credentials';
import * as demo from '../../src/lib/server/demo/seed';

const origin = 'https://kindkring.test';

beforeAll(async () => {
	await demo.seed(sql);
});

function code(username: string, at = Date.now(), org = 'PO2806') {
	return totp.generate(demoTotpSecret(org, username), at);
}

function attempt(
	username: string,
	overrides: Partial<login.LoginInput> = {},
	org = 'PO2806'
): Promise<login.LoginResult> {
	return login.attempt(sql, {
		organisationCode: org,
		username,
		password: demoPassword,
		code: code(username, overrides.now?.getTime() ?? Date.now(), org),
		// A fresh address per attempt: the per-address limit has a test of its own.
		ipHash: `test-ip-${Math.random()}`,
		origin,
		...overrides
	});
}

async function accountRow(username: string) {
	const [row] = await sql<{ id: string; state: string; failedCodes: number }[]>`
		select id, state, failed_codes from account where username = ${username}`;
	return row!;
}

describe('login', () => {
	it('logs in with password and a generated code, storing only the token hash', async () => {
		const result = await attempt('lotte.vandam');
		expect(result.kind).toBe('ok');
		if (result.kind !== 'ok') return;
		expect(result.token).toMatch(/^[a-z2-7]{32}$/);
		const rows = await sql<
			{ id: string }[]
		>`select id from session where account_id = ${result.accountId}`;
		expect(rows).toHaveLength(1);
		expect(rows[0]!.id).not.toBe(result.token);
		expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/);
		const [audit] =
			await sql`select action from audit_log where account_id = ${result.accountId} and action = 'login.success'`;
		expect(audit).toBeDefined();
	});

	it('matches the username case-insensitively', async () => {
		const result = await attempt('Rachid.ElAmrani', { code: code('rachid.elamrani') });
		expect(result.kind).toBe('ok');
	});

	it('accepts the organisation code in any case and with spaces', async () => {
		const result = await attempt('henk.degroot', { organisationCode: ' po2806 ' });
		expect(result.kind).toBe('ok');
	});

	it('counts a wrong code after a correct password as a failed attempt', async () => {
		const before = await accountRow('nora.yilmaz');
		const wrong = String((Number(code('nora.yilmaz')) + 1) % 1_000_000).padStart(6, '0');
		const result = await attempt('nora.yilmaz', { code: wrong });
		expect(result).toMatchObject({ kind: 'wrongCode', reason: 'mismatch', attemptsLeft: 9 });
		expect((await accountRow('nora.yilmaz')).failedCodes).toBe(before.failedCodes + 1);
		// A successful login resets the counter.
		expect((await attempt('nora.yilmaz')).kind).toBe('ok');
		expect((await accountRow('nora.yilmaz')).failedCodes).toBe(0);
	});

	it('never accepts the same code twice', async () => {
		const now = new Date();
		const c = code('pieter.verbeek', now.getTime());
		expect((await attempt('pieter.verbeek', { code: c, now })).kind).toBe('ok');
		expect(await attempt('pieter.verbeek', { code: c, now })).toMatchObject({
			kind: 'wrongCode',
			reason: 'reused'
		});
	});

	it('accepts a code from one step before or after, and refuses two steps away', async () => {
		const now = new Date();
		const at = (steps: number) => code('anouk.smit', now.getTime() + steps * 30_000);
		expect((await attempt('anouk.smit', { code: at(-2), now })).kind).toBe('wrongCode');
		expect((await attempt('anouk.smit', { code: at(2), now })).kind).toBe('wrongCode');
		expect((await attempt('anouk.smit', { code: at(-1), now })).kind).toBe('ok');
		expect((await attempt('anouk.smit', { code: at(0), now })).kind).toBe('ok');
		expect((await attempt('anouk.smit', { code: at(1), now })).kind).toBe('ok');
	});

	it('gives unknown users and wrong passwords the same answer in about the same time', async () => {
		const timings = { unknown: [] as number[], wrong: [] as number[] };
		for (let i = 0; i < 4; i++) {
			let t = performance.now();
			const unknown = await attempt(`bestaat.niet.${i}`, { password: 'Verkeerd-wachtwoord-1' });
			timings.unknown.push(performance.now() - t);
			t = performance.now();
			const wrong = await attempt('mila.jansen', { password: `Verkeerd-wachtwoord-${i}` });
			timings.wrong.push(performance.now() - t);
			expect(unknown).toEqual({ kind: 'invalid' });
			expect(wrong).toEqual({ kind: 'invalid' });
		}
		const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
		const ratio = median(timings.unknown) / median(timings.wrong);
		// Both verify an argon2id hash; without the dummy hash an unknown user would be ~50×
		// faster (ratio ~0.02). The bounds are wide on purpose: on a loaded 2-core machine the
		// two medians drift apart by 2× while the property (same work) still holds.
		expect(ratio).toBeGreaterThan(0.2);
		expect(ratio).toBeLessThan(5);
		await sql`delete from login_throttle`;
	});
});

describe('lockout', () => {
	it('makes wrong passwords wait (15 minutes after 5 in a row) but never blocks', async () => {
		const t0 = new Date('2026-03-02T09:00:00Z');
		for (let i = 1; i <= 4; i++) {
			expect(await attempt('sanne.bakker', { password: 'fout-fout-fout', now: t0 })).toEqual({
				kind: 'invalid'
			});
		}
		const fifth = await attempt('sanne.bakker', { password: 'fout-fout-fout', now: t0 });
		expect(fifth).toEqual({
			kind: 'wait',
			until: new Date(t0.getTime() + 15 * 60_000),
			device: false
		});
		// During the wait even the right password is not checked.
		expect((await attempt('sanne.bakker', { now: new Date(t0.getTime() + 60_000) })).kind).toBe(
			'wait'
		);
		// The account holder is told.
		const mails =
			await sql`select kind from outbox where to_address = 'sanne.bakker@example.com' and kind = 'locked'`;
		expect(mails).toHaveLength(1);

		// Many more wrong passwords, each after the previous wait: never a longer wait than
		// 15 minutes, and never a block.
		let now = new Date(t0.getTime() + 16 * 60_000);
		const waits: number[] = [];
		for (let i = 0; i < 20; i++) {
			const r = await attempt('sanne.bakker', { password: 'fout-fout-fout', now });
			if (r.kind === 'wait') {
				waits.push(r.until.getTime() - now.getTime());
				now = new Date(r.until.getTime() + 1000);
			}
		}
		expect(waits).toHaveLength(20);
		expect(Math.max(...waits)).toBe(15 * 60_000);
		expect((await accountRow('sanne.bakker')).state).toBe('active');
		// The holder is told at most once a day.
		expect(
			await sql`select 1 from outbox where to_address = 'sanne.bakker@example.com' and kind = 'locked'`
		).toHaveLength(1);
		const [throttled] = await sql<{ lockedUntil: Date }[]>`
			select locked_until from login_throttle where username_key = 'sanne.bakker'`;

		// After the wait, the right password and code log in and reset the counter.
		const after = new Date(throttled!.lockedUntil.getTime() + 1000);
		expect((await attempt('sanne.bakker', { now: after })).kind).toBe('ok');
		expect(
			await sql`select 1 from login_throttle where username_key = 'sanne.bakker'`
		).toHaveLength(0);
	});

	it('keeps the wait for a username that does not exist, so announcing it reveals nothing', async () => {
		const now = new Date('2026-03-02T10:00:00Z');
		let last: login.LoginResult | undefined;
		for (let i = 0; i < 5; i++) {
			last = await attempt('niemand.hier', { password: 'fout-fout-fout', now });
		}
		expect(last).toEqual({
			kind: 'wait',
			until: new Date(now.getTime() + 15 * 60_000),
			device: false
		});
	});

	it('counts 50 parallel wrong passwords exactly: 5 start the wait, the other 45 fall in it', async () => {
		const now = new Date('2026-03-03T09:00:00Z');
		const results = await Promise.all(
			Array.from({ length: 50 }, () =>
				attempt('yara.peters', { password: 'fout-fout-fout', now }, 'PO2507')
			)
		);
		const [row] = await sql<{ failures: number; lockedUntil: Date }[]>`
			select failures, locked_until from login_throttle where username_key = 'yara.peters'`;
		expect(row!.failures).toBe(5);
		expect(row!.lockedUntil).toEqual(new Date(now.getTime() + 15 * 60_000));
		expect(results.filter((r) => r.kind === 'invalid')).toHaveLength(4);
		expect(results.filter((r) => r.kind === 'wait')).toHaveLength(46);
		const { id } = await accountRow('yara.peters');
		expect(
			await sql`select 1 from outbox where account_id = ${id} and kind = 'locked'`
		).toHaveLength(1);
	});

	it('refuses attempts during a wait without checking or counting them, so a stranger cannot lengthen it', async () => {
		const t0 = new Date('2026-03-05T09:00:00Z');
		for (let i = 0; i < 5; i++) {
			await attempt('bram.kok', { password: 'fout-fout-fout', now: t0 }, 'PO2507');
		}
		const until = new Date(t0.getTime() + 15 * 60_000);
		for (let i = 1; i <= 30; i++) {
			const during = new Date(t0.getTime() + i * 20_000);
			expect(
				await attempt('bram.kok', { password: 'fout-fout-fout', now: during }, 'PO2507')
			).toEqual({ kind: 'wait', until, device: false });
		}
		const [row] = await sql<{ failures: number; lockedUntil: Date }[]>`
			select failures, locked_until from login_throttle where username_key = 'bram.kok'`;
		expect(row).toMatchObject({ failures: 5, lockedUntil: until });
		const { id } = await accountRow('bram.kok');
		const refused = await sql`
			select 1 from audit_log where account_id = ${id} and action = 'login.failure'
				and details->>'reason' = 'waiting'`;
		expect(refused).toHaveLength(30);
		// Right after the wait the right password and code get in.
		const after = new Date(until.getTime() + 1000);
		expect((await attempt('bram.kok', { now: after }, 'PO2507')).kind).toBe('ok');
	});

	it('blocks an account after 10 wrong codes behind a correct password, ends its sessions and tells the holder', async () => {
		const ok = await attempt('karin.dekker', {}, 'PO2507');
		expect(ok.kind).toBe('ok');
		const wrong = '000000' === code('karin.dekker', Date.now(), 'PO2507') ? '111111' : '000000';
		let result: login.LoginResult | undefined;
		for (let i = 0; i < 10; i++) result = await attempt('karin.dekker', { code: wrong }, 'PO2507');
		expect(result).toMatchObject({
			kind: 'blocked',
			organisationName: 'Samenwerkingsverband Stromenland'
		});
		expect((result as { helpdeskText: string }).helpdeskText).toContain('Helpdesk Stromenland');
		const row = await accountRow('karin.dekker');
		expect(row.state).toBe('blocked');
		expect(await sql`select 1 from session where account_id = ${row.id}`).toHaveLength(0);
		expect(
			await sql`select 1 from outbox where account_id = ${row.id} and kind = 'blocked'`
		).toHaveLength(1);
		expect(
			await sql`select 1 from audit_log where target_id is null and account_id = ${row.id} and action = 'account.blocked'`
		).toHaveLength(1);
		// Even a right code (of the next step, inside the accepted window) does not get in now;
		// a wrong password still says nothing about the block.
		expect(
			(
				await attempt(
					'karin.dekker',
					{ code: code('karin.dekker', Date.now() + 30_000, 'PO2507') },
					'PO2507'
				)
			).kind
		).toBe('blocked');
		expect(await attempt('karin.dekker', { password: 'fout-fout-fout' }, 'PO2507')).toEqual({
			kind: 'invalid'
		});
	});

	it('limits attempts per client address', async () => {
		const now = new Date('2026-03-04T09:00:00Z');
		let last: login.LoginResult | undefined;
		for (let i = 0; i <= login.ipLimit.attempts; i++) {
			last = await login.attempt(sql, {
				organisationCode: 'PO9999',
				username: `x${i}`,
				password: 'x',
				code: '000000',
				ipHash: 'one-busy-address',
				origin,
				now
			});
		}
		expect(last).toMatchObject({
			kind: 'addressLimited',
			until: new Date(now.getTime() + 15 * 60_000)
		});
	});

	it('gives exactly one session for 20 parallel logins with one code', async () => {
		const now = new Date();
		const c = code('esther.bos', now.getTime(), 'PO2507');
		const results = await Promise.all(
			Array.from({ length: 20 }, () => attempt('esther.bos', { code: c, now }, 'PO2507'))
		);
		expect(results.filter((r) => r.kind === 'ok')).toHaveLength(1);
		expect(results.filter((r) => r.kind === 'wrongCode' && r.reason === 'reused')).toHaveLength(19);
		const { id, state } = await accountRow('esther.bos');
		expect(await sql`select 1 from session where account_id = ${id}`).toHaveLength(1);
		// A reused code is not a guess: it does not count towards the block.
		expect(state).toBe('active');
	});
});

describe('sessions', () => {
	async function newSession(username: string, now = new Date()) {
		const [row] = await sql<{ id: string }[]>`select id from account where username = ${username}`;
		const created = await session.create(sql, row!.id, now);
		return { accountId: row!.id, ...created };
	}

	it('slides the idle expiry on use and ends after the idle timeout', async () => {
		const t0 = new Date('2026-04-01T08:00:00Z');
		const s = await newSession('willem.hendriks', t0);
		expect(s.expiresAt.getTime()).toBe(t0.getTime() + 10 * 60_000);
		const t1 = new Date(t0.getTime() + 9 * 60_000);
		const used = await session.validate(sql, s.token, { now: t1 });
		expect(used?.expiresAt.getTime()).toBe(t1.getTime() + 10 * 60_000);
		expect(
			await session.validate(sql, s.token, { now: new Date(t1.getTime() + 10 * 60_000 + 1) })
		).toBeNull();
		expect(await sql`select 1 from session where account_id = ${s.accountId}`).toHaveLength(0);
	});

	it('uses the organisation idle timeout', async () => {
		await sql`update organisation set idle_timeout_minutes = 2 where code = 'PO2507'`;
		const t0 = new Date('2026-04-01T09:00:00Z');
		const s = await newSession('bram.kok', t0);
		expect(s.expiresAt.getTime()).toBe(t0.getTime() + 2 * 60_000);
		await sql`update organisation set idle_timeout_minutes = 10 where code = 'PO2507'`;
	});

	it('ends after 12 hours however active', async () => {
		const t0 = new Date('2026-04-02T06:00:00Z');
		const s = await newSession('ingrid.meijer', t0);
		let now = t0;
		for (let i = 0; i < 80; i++) {
			now = new Date(now.getTime() + 9 * 60_000);
			const v = await session.validate(sql, s.token, { now });
			if (now.getTime() - t0.getTime() >= 12 * 60 * 60_000) expect(v).toBeNull();
			else expect(v).not.toBeNull();
		}
	});

	it('a read without touch does not extend the session', async () => {
		const t0 = new Date('2026-04-03T08:00:00Z');
		const s = await newSession('tom.vanleeuwen', t0);
		const later = new Date(t0.getTime() + 5 * 60_000);
		const read = await session.validate(sql, s.token, { now: later, touch: false });
		expect(read?.expiresAt.getTime()).toBe(s.expiresAt.getTime());
	});

	it('cleans up expired rows', async () => {
		const s = await newSession('daan.smits', new Date('2020-01-01T00:00:00Z'));
		expect(await session.deleteExpired(sql)).toBeGreaterThanOrEqual(1);
		expect(await sql`select 1 from session where account_id = ${s.accountId}`).toHaveLength(0);
	});
});
