import { beforeAll, describe, expect, it } from 'vitest';
import * as device from '../../src/lib/server/auth/device';
import * as login from '../../src/lib/server/auth/login';
import * as password from '../../src/lib/server/auth/password';
import * as passwordChange from '../../src/lib/server/auth/password-change';
import * as recovery from '../../src/lib/server/auth/recovery';
import * as session from '../../src/lib/server/auth/session';
import * as totp from '../../src/lib/server/auth/totp';
import { sql } from '../../src/lib/server/db';
import { demoPassword, demoTotpSecret } from '../../src/lib/server/demo/credentials';
import * as demo from '../../src/lib/server/demo/seed';

const origin = 'https://kindkring.test';
const newPassword = 'Zeven blauwe fietsen op het dak';
const step = 30_000;

beforeAll(async () => {
	await demo.seed(sql);
});

async function account(username: string): Promise<passwordChange.ChangeAccount> {
	const [row] = await sql<passwordChange.ChangeAccount[]>`
		select a.id, a.organisation_id, a.username, a.email, a.display_name,
			o.name as organisation_name, o.short_name as organisation_short_name, o.code as organisation_code
		from account a join organisation o on o.id = a.organisation_id
		where a.username = ${username}`;
	return row!;
}

function codeFor(username: string, at: number): string {
	return totp.generate(demoTotpSecret('PO2806', username), at);
}

function change(
	who: passwordChange.ChangeAccount,
	at: Date,
	overrides: Partial<passwordChange.ChangeInput> = {}
) {
	return passwordChange.change(sql, who, {
		current: demoPassword,
		password: newPassword,
		repeat: newPassword,
		code: codeFor(who.username, at.getTime()),
		recoveryCode: '',
		deviceCookies: [],
		ipHash: 'hash-of-address',
		origin,
		now: at,
		...overrides
	});
}

async function hashOf(id: string): Promise<string> {
	const [row] = await sql<{ passwordHash: string }[]>`
		select password_hash from account where id = ${id}`;
	return row!.passwordHash;
}

describe('changing the password on Mijn account', () => {
	it('needs the current password, the new one twice and a code; ends every other session and mails', async () => {
		const henk = await account('henk.degroot');
		const here = await session.create(sql, henk.id);
		await session.create(sql, henk.id);
		await session.create(sql, henk.id);
		const at = new Date();

		const result = await change(henk, at);
		if (result.kind !== 'done') throw new Error(`expected done, got ${result.kind}`);
		expect(await password.verify(await hashOf(henk.id), newPassword)).toBe(true);
		// Every old session is gone, this one too; this browser goes on with a new token.
		const left = await sql<{ id: string }[]>`select id from session where account_id = ${henk.id}`;
		expect(left).toHaveLength(1);
		expect(await session.validate(sql, here.token)).toBeNull();
		expect(await session.validate(sql, result.token)).not.toBeNull();

		const [audit] = await sql<{ details: Record<string, unknown>; row: string }[]>`
			select details, row_to_json(audit_log)::text as row from audit_log
			where account_id = ${henk.id} and action = 'password.changed'`;
		expect(audit!.details).toMatchObject({ factor: 'totp', otherSessionsEnded: 2 });
		expect(audit!.row).not.toContain(newPassword);
		const [mail] = await sql<{ subject: string; textBody: string }[]>`
			select subject, text_body from outbox where account_id = ${henk.id} and kind = 'password-changed'`;
		expect(mail!.subject).toBe('Kindkring: uw wachtwoord is gewijzigd');
		expect(mail!.textBody).toContain('Op alle andere apparaten bent u uitgelogd.');
		expect(mail!.textBody).not.toContain(newPassword);
		expect(mail!.textBody).not.toContain(demoPassword);

		// The new password logs in, the old one no longer.
		const later = new Date(at.getTime() + step);
		const attempt = (pw: string) =>
			login.attempt(sql, {
				organisationCode: 'PO2806',
				username: 'henk.degroot',
				password: pw,
				code: codeFor('henk.degroot', later.getTime()),
				ipHash: null,
				origin,
				now: later
			});
		expect(await attempt(demoPassword)).toEqual({ kind: 'invalid' });
		expect((await attempt(newPassword)).kind).toBe('ok');
	});

	it('refuses a weak or mistyped new password, or one without a code, without costing an attempt', async () => {
		const lotte = await account('lotte.vandam');
		const before = await hashOf(lotte.id);
		const at = new Date();
		for (const weak of ['Welkom2026!!', 'Rotterdam2026!', 'kort']) {
			expect(
				await change(lotte, at, { current: 'Niet-het-wachtwoord', password: weak, repeat: weak })
			).toMatchObject({ kind: 'password', problem: { field: 'password' } });
		}
		expect(await change(lotte, at, { repeat: newPassword + '!' })).toMatchObject({
			kind: 'password',
			problem: { field: 'passwordRepeat' }
		});
		expect(await change(lotte, at, { code: '' })).toEqual({ kind: 'factorMissing' });
		expect(await hashOf(lotte.id)).toBe(before);
		expect(
			await sql`select 1 from login_throttle where username_key = 'lotte.vandam'`
		).toHaveLength(0);
	});

	it('counts a wrong current password like a wrong login password, so it is no way to guess', async () => {
		const nora = await account('nora.yilmaz');
		const t0 = new Date('2026-06-01T08:00:00Z');
		for (let i = 0; i < 4; i++) {
			expect(await change(nora, t0, { current: `Gok-nummer-${i}` })).toEqual({
				kind: 'wrongCurrent'
			});
		}
		const until = new Date(t0.getTime() + 15 * 60_000);
		expect(await change(nora, t0, { current: 'Gok-nummer-5' })).toEqual({
			kind: 'wait',
			until,
			device: false
		});
		// The same wait as the login's: the right password does not get through, here or there.
		const t1 = new Date(t0.getTime() + step);
		expect(await change(nora, t1)).toEqual({ kind: 'wait', until, device: false });
		expect(
			await login.attempt(sql, {
				organisationCode: 'PO2806',
				username: 'nora.yilmaz',
				password: demoPassword,
				code: codeFor('nora.yilmaz', t1.getTime()),
				ipHash: null,
				origin,
				now: t1
			})
		).toMatchObject({ kind: 'wait' });
		expect(await password.verify(await hashOf(nora.id), demoPassword)).toBe(true);
		const failures = await sql`
			select 1 from audit_log where account_id = ${nora.id} and action = 'password.change-failure'
				and details->>'reason' = 'password'`;
		expect(failures).toHaveLength(5);
	});

	it('counts wrong current passwords from a known device for that device', async () => {
		const pieter = await account('pieter.verbeek');
		const own = device.issue(pieter.id);
		const t0 = new Date();
		let last: passwordChange.ChangeResult | undefined;
		for (let i = 0; i < 5; i++) {
			last = await change(pieter, t0, { current: `Gok-nummer-${i}`, deviceCookies: [own] });
		}
		expect(last).toMatchObject({ kind: 'wait', device: true });
		// Other browsers are not held up by it.
		expect(
			await sql`select 1 from login_throttle where username_key = 'pieter.verbeek'`
		).toHaveLength(0);
	});

	it('refuses a wrong or used code, and takes a recovery code once', async () => {
		const anouk = await account('anouk.smit');
		const at = new Date();
		const right = codeFor('anouk.smit', at.getTime());
		const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
		expect(await change(anouk, at, { code: wrong })).toEqual({
			kind: 'wrongCode',
			reason: 'mismatch'
		});
		const codes = await sql.begin((tx) => recovery.replace(tx, anouk.id));
		const withRecovery = await change(anouk, at, { code: '', recoveryCode: codes[0]! });
		expect(withRecovery.kind).toBe('done');
		expect(await recovery.remaining(sql, anouk.id)).toBe(9);
		const again = await change(anouk, at, {
			current: newPassword,
			password: 'Negen groene kikkers in de sloot',
			repeat: 'Negen groene kikkers in de sloot',
			code: '',
			recoveryCode: codes[0]!
		});
		expect(again).toEqual({ kind: 'wrongRecoveryCode' });
		// The same new password as the current one is no change.
		expect(await change(anouk, at, { current: newPassword })).toEqual({ kind: 'same' });
	});
});
