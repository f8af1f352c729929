import { beforeAll, describe, expect, it } from 'vitest';
import * as device from '../../src/lib/server/auth/device';
import * as login from '../../src/lib/server/auth/login';
import * as totp from '../../src/lib/server/auth/totp';
import { sql } from '../../src/lib/server/db';
import { demoPassword, demoTotpSecret } from '../../src/lib/server/demo/credentials';
import * as demo from '../../src/lib/server/demo/seed';

const origin = 'https://kindkring.test';
const step = 30_000;

beforeAll(async () => {
	await demo.seed(sql);
});

function attempt(
	username: string,
	now: Date,
	overrides: Partial<login.LoginInput> = {}
): Promise<login.LoginResult> {
	return login.attempt(sql, {
		organisationCode: 'PO2806',
		username,
		password: demoPassword,
		code: totp.generate(demoTotpSecret('PO2806', username), now.getTime()),
		ipHash: `device-test-${Math.random()}`,
		origin,
		now,
		...overrides
	});
}

async function accountId(username: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`select id from account where username = ${username}`;
	return row!.id;
}

/** Logs in at `now` and returns the device cookie the browser would keep. */
async function trustedDevice(username: string, now: Date): Promise<string> {
	const result = await attempt(username, now);
	if (result.kind !== 'ok') throw new Error(`expected ok, got ${result.kind}`);
	return result.deviceCookie;
}

async function strangerLocksOut(username: string, now: Date) {
	let last: login.LoginResult | undefined;
	for (let i = 0; i < 5; i++)
		last = await attempt(username, now, { password: 'Gok-van-een-vreemde' });
	expect(last).toMatchObject({ kind: 'wait', device: false });
}

describe('device cookies', () => {
	it('are signed, name the account and are recognised only for it', async () => {
		const lotte = await accountId('lotte.vandam');
		const henk = await accountId('henk.degroot');
		const value = device.issue(lotte);
		expect(value.split('.')).toHaveLength(5);
		expect(value).toContain(lotte);
		expect(device.recognise([value], lotte)).not.toBeNull();
		expect(device.recognise([value], henk)).toBeNull();
		// Another signature, another account in a signed value, or a cookie past its lifetime.
		expect(device.recognise([value.slice(0, -4) + 'abcd'], lotte)).toBeNull();
		expect(device.recognise([value.replace(lotte, henk)], henk)).toBeNull();
		const old = new Date(Date.now() - (device.lifetimeDays + 1) * 24 * 60 * 60_000);
		expect(device.recognise([device.issue(lotte, old)], lotte)).toBeNull();
		// One of several cookies in the browser is enough.
		expect(device.recognise([device.issue(henk), value], lotte)).not.toBeNull();
		// The cookie name does not reveal the account.
		expect(device.cookieName(lotte)).not.toContain(lotte);
		expect(device.cookieName(lotte)).not.toBe(device.cookieName(henk));
	});

	it('let a device that logged in before sign in while a stranger has locked the username', async () => {
		const t0 = new Date('2026-05-04T08:00:00Z');
		const own = await trustedDevice('rachid.elamrani', t0);
		const t1 = new Date(t0.getTime() + 10 * step);
		await strangerLocksOut('rachid.elamrani', t1);

		// Any other browser waits, even with the right password …
		const t2 = new Date(t1.getTime() + step);
		expect(await attempt('rachid.elamrani', t2)).toMatchObject({ kind: 'wait', device: false });
		// … but the user's own device gets in, and gets a new device cookie.
		const t3 = new Date(t2.getTime() + step);
		const ok = await attempt('rachid.elamrani', t3, { deviceCookies: [own] });
		expect(ok).toMatchObject({ kind: 'ok' });
		expect((ok as { deviceCookie: string }).deviceCookie).not.toBe(own);
		// The strangers still wait: a login from the own device does not let them try again.
		const t4 = new Date(t3.getTime() + step);
		expect(await attempt('rachid.elamrani', t4)).toMatchObject({ kind: 'wait', device: false });

		const id = await accountId('rachid.elamrani');
		const [success] = await sql<{ details: { knownDevice: boolean } }[]>`
			select details from audit_log where account_id = ${id} and action = 'login.success'
			order by id desc limit 1`;
		expect(success!.details.knownDevice).toBe(true);
		expect(
			await sql`select 1 from audit_log where account_id = ${id} and action = 'login.locked'`
		).toHaveLength(1);
	});

	it('count a device’s own wrong passwords apart and lock out only that device', async () => {
		const t0 = new Date('2026-05-05T08:00:00Z');
		const own = await trustedDevice('nora.yilmaz', t0);
		const t1 = new Date(t0.getTime() + 10 * step);
		let last: login.LoginResult | undefined;
		for (let i = 0; i < 5; i++) {
			last = await attempt('nora.yilmaz', t1, {
				password: 'Vergeten-wachtwoord',
				deviceCookies: [own]
			});
		}
		const until = new Date(t1.getTime() + 15 * 60_000);
		expect(last).toEqual({ kind: 'wait', until, device: true });
		// The device waits, even with the right password, and the wait does not grow.
		const t2 = new Date(t1.getTime() + step);
		expect(await attempt('nora.yilmaz', t2, { deviceCookies: [own] })).toEqual({
			kind: 'wait',
			until,
			device: true
		});
		// Another browser is not held up by this device's failures.
		expect((await attempt('nora.yilmaz', new Date(t2.getTime() + step))).kind).toBe('ok');
		expect(await sql`select 1 from login_throttle where username_key = 'nora.yilmaz'`).toHaveLength(
			0
		);
		const id = await accountId('nora.yilmaz');
		expect(
			await sql`select 1 from audit_log where account_id = ${id} and action = 'login.device-locked'`
		).toHaveLength(1);
		// No lock mail: the device is the holder's own.
		expect(
			await sql`select 1 from outbox where account_id = ${id} and kind = 'locked'`
		).toHaveLength(0);
	});

	it('count a forged or another account’s cookie as no cookie', async () => {
		const t0 = new Date('2026-05-06T08:00:00Z');
		const henks = await trustedDevice('henk.degroot', t0);
		const t1 = new Date(t0.getTime() + 10 * step);
		await strangerLocksOut('anouk.smit', t1);
		const t2 = new Date(t1.getTime() + step);
		const forged = `v1.${await accountId('anouk.smit')}.${Math.floor(t2.getTime() / 1000)}.abc.def`;
		for (const cookies of [[henks], [forged]]) {
			expect(await attempt('anouk.smit', t2, { deviceCookies: cookies })).toMatchObject({
				kind: 'wait',
				device: false
			});
		}
	});

	it('keep unknown users and wrong passwords alike, with or without a cookie of another account', async () => {
		const t0 = new Date('2026-05-07T08:00:00Z');
		const henks = await trustedDevice('henk.degroot', t0);
		const t1 = new Date(t0.getTime() + 10 * step);
		for (const username of ['bestaat.echt.niet', 'pieter.verbeek']) {
			expect(
				await attempt(username, t1, { password: 'Verkeerd-wachtwoord', deviceCookies: [henks] })
			).toEqual({ kind: 'invalid' });
		}
	});

	it('still block an account after 10 wrong codes behind the right password', async () => {
		const t0 = new Date('2026-05-08T08:00:00Z');
		const own = await trustedDevice('mila.jansen', t0);
		const t1 = new Date(t0.getTime() + 10 * step);
		const right = totp.generate(demoTotpSecret('PO2806', 'mila.jansen'), t1.getTime());
		const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
		let last: login.LoginResult | undefined;
		for (let i = 0; i < 10; i++) {
			last = await attempt('mila.jansen', t1, { code: wrong, deviceCookies: [own] });
		}
		expect(last).toMatchObject({ kind: 'blocked' });
		await sql`update account set state = 'active', blocked_at = null, failed_codes = 0 where username = 'mila.jansen'`;
	});
});
