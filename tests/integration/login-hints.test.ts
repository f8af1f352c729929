import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as login from '../../src/lib/server/auth/login';
import * as totp from '../../src/lib/server/auth/totp';
import { encrypt } from '../../src/lib/server/crypto';
import { sql } from '../../src/lib/server/db';
import { demoPassword, demoTotpSecret } from '../../src/lib/server/demo/credentials';
import * as demo from '../../src/lib/server/demo/seed';

beforeAll(async () => {
	await demo.seed(sql);
});

const step = 30_000;

function attempt(
	org: string,
	username: string,
	code: string,
	now = new Date(),
	password = demoPassword
) {
	return login.attempt(sql, {
		organisationCode: org,
		username,
		password,
		code,
		ipHash: `hint-${Math.random()}`,
		origin: 'https://kindkring.test',
		now
	});
}

async function accountId(username: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`select id from account where username = ${username}`;
	return row!.id;
}

describe('a wrong code after a correct password is explained', () => {
	it('a phone clock four minutes fast: "loopt ongeveer 4 minuten voor"', async () => {
		const now = new Date();
		const code = totp.generate(demoTotpSecret('PO2806', 'henk.degroot'), now.getTime() + 8 * step);
		const result = await attempt('PO2806', 'henk.degroot', code, now);
		expect(result).toMatchObject({
			kind: 'wrongCode',
			hint: { kind: 'clock', offsetSeconds: 240 }
		});
		// It still counts as a failed attempt.
		const [row] = await sql<
			{ failedCodes: number }[]
		>`select failed_codes from account where username = 'henk.degroot'`;
		expect(row!.failedCodes).toBe(1);
	});

	it('a phone clock behind: negative offset', async () => {
		const now = new Date();
		const code = totp.generate(
			demoTotpSecret('PO2806', 'rachid.elamrani'),
			now.getTime() - 15 * step
		);
		expect(await attempt('PO2806', 'rachid.elamrani', code, now)).toMatchObject({
			hint: { kind: 'clock', offsetSeconds: -450 }
		});
	});

	it('a code from a replaced authenticator entry names both dates', async () => {
		const id = await accountId('pieter.verbeek');
		const oldSecret = totp.newSecret();
		const secretId = randomUUID();
		await sql`
			insert into totp_secret (id, account_id, secret_encrypted, state, created_at, confirmed_at, replaced_at)
			values (${secretId}, ${id}, ${encrypt(oldSecret, `totp:${secretId}`)}, 'replaced',
				'2025-09-01T10:00:00Z', '2025-09-01T10:00:00Z', '2025-11-03T10:00:00Z')`;
		const result = await attempt('PO2806', 'pieter.verbeek', totp.generate(oldSecret));
		expect(result).toMatchObject({ kind: 'wrongCode', hint: { kind: 'replaced' } });
		const hint = (result as { hint: { entryAddedAt: Date } }).hint;
		expect(hint.entryAddedAt.toISOString()).toBe('2025-09-01T10:00:00.000Z');
	});

	it('a code of the same person’s account at another organisation names that account', async () => {
		// Lotte also works for Stromenland, with the same e-mail address.
		const [org] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2507'`;
		const [other] = await sql<{ id: string }[]>`
			insert into account (organisation_id, username, email, display_name, roles, state, password_hash)
			values (${org!.id}, 'l.vandam', 'L.VanDam@vuurtoren.example.nl', 'Lotte van Dam', ${sql.array(['ib'])}, 'active', 'x')
			returning id`;
		const secret = totp.newSecret();
		const secretId = randomUUID();
		await sql`
			insert into totp_secret (id, account_id, secret_encrypted, state, confirmed_at)
			values (${secretId}, ${other!.id}, ${encrypt(secret, `totp:${secretId}`)}, 'active', now())`;
		const result = await attempt('PO2806', 'lotte.vandam', totp.generate(secret));
		expect(result).toMatchObject({
			kind: 'wrongCode',
			hint: {
				kind: 'otherAccount',
				username: 'l.vandam',
				organisationName: 'Samenwerkingsverband Stromenland'
			}
		});
	});

	it('an already used code: wait for the next one', async () => {
		const now = new Date();
		const code = totp.generate(demoTotpSecret('PO2806', 'mila.jansen'), now.getTime());
		expect((await attempt('PO2806', 'mila.jansen', code, now)).kind).toBe('ok');
		expect(await attempt('PO2806', 'mila.jansen', code, now)).toMatchObject({
			kind: 'wrongCode',
			reason: 'reused'
		});
	});

	it('no match at all: no specific hint', async () => {
		const now = new Date();
		const right = totp.generate(demoTotpSecret('PO2806', 'anouk.smit'), now.getTime());
		const wrong = String((Number(right) + 123_457) % 1_000_000).padStart(6, '0');
		expect(await attempt('PO2806', 'anouk.smit', wrong, now)).toMatchObject({
			kind: 'wrongCode',
			hint: { kind: 'none' }
		});
	});

	it('gives no hint at all before a correct password', async () => {
		const now = new Date();
		const skewed = totp.generate(demoTotpSecret('PO2806', 'nora.yilmaz'), now.getTime() + 8 * step);
		expect(await attempt('PO2806', 'nora.yilmaz', skewed, now, 'Niet-het-wachtwoord-1')).toEqual({
			kind: 'invalid'
		});
	});
});

describe('drift repair (RFC 6238 §6)', () => {
	it('stores the offset after two consecutive codes at the same offset, and a later exact code resets it', async () => {
		const secret = demoTotpSecret('PO2507', 'bram.kok');
		const t0 = Date.now();
		const ahead = (t: number) => totp.generate(secret, t + 6 * step);

		const first = await attempt('PO2507', 'bram.kok', ahead(t0), new Date(t0));
		expect(first).toMatchObject({ kind: 'wrongCode', hint: { kind: 'clock', offsetSeconds: 180 } });

		const second = await attempt('PO2507', 'bram.kok', ahead(t0 + step), new Date(t0 + step));
		expect(second).toMatchObject({ kind: 'ok', driftRepairedSeconds: 180 });
		const id = await accountId('bram.kok');
		const [stored] = await sql<
			{ driftSteps: number }[]
		>`select drift_steps from totp_secret where account_id = ${id}`;
		expect(stored!.driftSteps).toBe(6);
		expect(
			await sql`select 1 from audit_log where account_id = ${id} and action = 'totp.drift-repaired'`
		).toHaveLength(1);

		// The phone is still ahead: accepted straight away now.
		expect(
			await attempt('PO2507', 'bram.kok', ahead(t0 + 2 * step), new Date(t0 + 2 * step))
		).toMatchObject({
			kind: 'ok',
			driftRepairedSeconds: null
		});

		// The clock was fixed: an exact code resets the drift.
		const exactAt = t0 + 10 * step;
		expect(
			(await attempt('PO2507', 'bram.kok', totp.generate(secret, exactAt), new Date(exactAt))).kind
		).toBe('ok');
		const [reset] = await sql<
			{ driftSteps: number }[]
		>`select drift_steps from totp_secret where account_id = ${id}`;
		expect(reset!.driftSteps).toBe(0);
	});

	it('accepts the exact code at once when the clock is fixed after a repair, and resets the drift', async () => {
		const secret = demoTotpSecret('PO2806', 'beheer.femke');
		const id = await accountId('beheer.femke');
		const t0 = Date.now();
		// The phone runs two minutes (4 steps) ahead.
		const ahead = (t: number) => totp.generate(secret, t + 4 * step);
		expect((await attempt('PO2806', 'beheer.femke', ahead(t0), new Date(t0))).kind).toBe(
			'wrongCode'
		);
		const repaired = await attempt('PO2806', 'beheer.femke', ahead(t0 + step), new Date(t0 + step));
		expect(repaired).toMatchObject({ kind: 'ok', driftRepairedSeconds: 120 });

		// As advised, the user fixes the clock and logs in again half a minute later: the code at
		// the real time was never used, so it works, although the step the repair used lies later.
		const fixedAt = t0 + 2 * step;
		expect(
			await attempt('PO2806', 'beheer.femke', totp.generate(secret, fixedAt), new Date(fixedAt))
		).toMatchObject({ kind: 'ok', driftRepairedSeconds: null });
		const [row] = await sql<{ driftSteps: number }[]>`
			select drift_steps from totp_secret where account_id = ${id} and state = 'active'`;
		expect(row!.driftSteps).toBe(0);

		// A step that was used stays refused: the exact code again, and (now in real time) the
		// code the drift repair used.
		expect(
			await attempt('PO2806', 'beheer.femke', totp.generate(secret, fixedAt), new Date(fixedAt))
		).toMatchObject({ kind: 'wrongCode', reason: 'reused' });
		const repairStepAt = t0 + 5 * step;
		expect(
			await attempt('PO2806', 'beheer.femke', ahead(t0 + step), new Date(repairStepAt))
		).toMatchObject({ kind: 'wrongCode', reason: 'reused' });
		// A step never used, one step before the last accepted one, is accepted.
		expect(
			await attempt(
				'PO2806',
				'beheer.femke',
				totp.generate(secret, repairStepAt - step),
				new Date(repairStepAt)
			)
		).toMatchObject({ kind: 'ok' });
	});

	it('does not repair on one skewed code, nor on two at different offsets', async () => {
		const secret = demoTotpSecret('PO2507', 'ingrid.meijer');
		const t0 = Date.now();
		expect(
			(await attempt('PO2507', 'ingrid.meijer', totp.generate(secret, t0 + 5 * step), new Date(t0)))
				.kind
		).toBe('wrongCode');
		expect(
			(
				await attempt(
					'PO2507',
					'ingrid.meijer',
					totp.generate(secret, t0 + step - 8 * step),
					new Date(t0 + step)
				)
			).kind
		).toBe('wrongCode');
		const id = await accountId('ingrid.meijer');
		const [row] = await sql<
			{ driftSteps: number }[]
		>`select drift_steps from totp_secret where account_id = ${id}`;
		expect(row!.driftSteps).toBe(0);
	});
});

describe('recovery code instead of a code', () => {
	it('logs in once per recovery code, mails the holder, and counts a wrong one', async () => {
		const { replace } = await import('../../src/lib/server/auth/recovery');
		const id = await accountId('tom.vanleeuwen');
		const codes = await sql.begin((tx) => replace(tx, id));
		const withRecovery = (recoveryCode: string) =>
			login.attempt(sql, {
				organisationCode: 'PO2507',
				username: 'tom.vanleeuwen',
				password: demoPassword,
				code: '',
				recoveryCode,
				ipHash: `r-${Math.random()}`,
				origin: 'https://kindkring.test'
			});
		expect(await withRecovery(codes[0]!.toUpperCase())).toMatchObject({
			kind: 'ok',
			recoveryCodesLeft: 9
		});
		expect(await withRecovery(codes[0]!)).toMatchObject({ kind: 'wrongCode' });
		expect(
			await sql`select 1 from outbox where account_id = ${id} and kind = 'recovery-login'`
		).toHaveLength(1);
		const [row] = await sql<
			{ failedCodes: number }[]
		>`select failed_codes from account where id = ${id}`;
		expect(row!.failedCodes).toBe(1);
		// Without the right password a recovery code does nothing.
		const wrongPassword = await login.attempt(sql, {
			organisationCode: 'PO2507',
			username: 'tom.vanleeuwen',
			password: 'Niet-het-wachtwoord-1',
			code: '',
			recoveryCode: codes[1]!,
			ipHash: 'r-x',
			origin: 'https://kindkring.test'
		});
		expect(wrongPassword).toEqual({ kind: 'invalid' });
		expect(await withRecovery(codes[1]!)).toMatchObject({ kind: 'ok', recoveryCodesLeft: 8 });
	});
});
