import { beforeAll, describe, expect, it } from 'vitest';
import * as recovery from '../../src/lib/server/auth/recovery';
import * as authenticators from '../../src/lib/server/auth/authenticators';
import * as login from '../../src/lib/server/auth/login';
import * as totp from '../../src/lib/server/auth/totp';
import { hmac } from '../../src/lib/server/crypto';
import { sql } from '../../src/lib/server/db';
import { demoPassword, demoTotpSecret } from '../../src/lib/server/demo/credentials';
import * as demo from '../../src/lib/server/demo/seed';

const origin = 'https://kindkring.test';
const sessionId = 'session-hash-of-this-test';

async function holder(code: string, username: string): Promise<authenticators.Holder> {
	const [row] = await sql<authenticators.Holder[]>`
		select a.id, a.organisation_id, a.username, a.email, a.display_name,
			o.short_name as organisation_short_name
		from account a join organisation o on o.id = a.organisation_id
		where o.code = ${code} and a.username = ${username}`;
	return row!;
}

function ctx(now: Date, session = sessionId): authenticators.Context {
	return { sessionId: session, ipHash: 'test-ip', origin, now };
}

function attempt(h: authenticators.Holder, code: string, now: Date) {
	return login.attempt(sql, {
		organisationCode: orgCode.get(h.organisationId)!,
		username: h.username,
		password: demoPassword,
		code,
		ipHash: null,
		origin,
		now
	});
}

async function secretsOf(accountId: string) {
	return sql<{ id: string; name: string; state: string; replacedAt: Date | null }[]>`
		select id, name, state, replaced_at from totp_secret where account_id = ${accountId}
		order by created_at, id`;
}

async function mailsTo(accountId: string, kind: string) {
	return sql<{ subject: string; textBody: string }[]>`
		select subject, text_body from outbox where account_id = ${accountId} and kind = ${kind} order by id`;
}

async function auditCount(accountId: string, action: string): Promise<number> {
	const [row] = await sql<{ n: number }[]>`
		select count(*)::int as n from audit_log where account_id = ${accountId} and action = ${action}`;
	return row!.n;
}

/** The pending secret as the page shows it: the key without spaces, upper case. */
function keyOf(view: authenticators.SetupView): string {
	return view.groupedKey.replace(/\s/g, '').toUpperCase();
}

const orgCode = new Map<string, string>();
// Each test works at its own minute, so a code's time step is never claimed twice by accident.
const base = Date.UTC(2026, 2, 2, 9, 0, 0);
const at = (minute: number, second = 0) => new Date(base + minute * 60_000 + second * 1000);

beforeAll(async () => {
	await demo.seed(sql);
	for (const o of await sql<{ id: string; code: string }[]>`select id, code from organisation`) {
		orgCode.set(o.id, o.code);
	}
});

describe('adding an authenticator', () => {
	it('needs a current code from an existing authenticator; then both log in', async () => {
		const lotte = await holder('PO2806', 'lotte.vandam');
		const first = demoTotpSecret('PO2806', 'lotte.vandam');

		expect(await authenticators.setup(sql, lotte, sessionId, at(0))).toBeNull();
		const proof = await authenticators.prove(
			sql,
			lotte,
			totp.generate(first, at(0).getTime()),
			ctx(at(0))
		);
		expect(proof).toEqual({ kind: 'ok', method: 'code' });

		const view = (await authenticators.setup(sql, lotte, sessionId, at(0, 10)))!;
		expect(view).not.toBeNull();
		expect(view.label).toBe('PPO Rotterdam: lotte.vandam');
		expect(view.uri).toMatch(/^otpauth:\/\/totp\/Kindkring:PPO%20Rotterdam%3A%20lotte\.vandam\?/);
		expect(view.appUrl).toBe(`/authenticator#uri=${encodeURIComponent(view.uri)}`);
		expect(view.qr).toMatch(/^data:image\/svg\+xml;base64,/);
		expect(view.groupedKey).toMatch(/^([a-z2-7]{4} )+[a-z2-7]{4}$/);
		// Another session (a stolen cookie elsewhere) sees nothing.
		expect(await authenticators.setup(sql, lotte, 'another-session', at(0, 10))).toBeNull();

		const second = keyOf(view);
		// Pending: it does not log in yet.
		const early = await attempt(lotte, totp.generate(second, at(1).getTime()), at(1));
		expect(early.kind).toBe('wrongCode');

		const wrong = await authenticators.confirm(
			sql,
			lotte,
			{ name: 'iPhone', code: '000000' },
			ctx(at(1, 30))
		);
		expect(wrong).toEqual({ kind: 'wrongCode' });
		const nameless = await authenticators.confirm(
			sql,
			lotte,
			{ name: '   ', code: totp.generate(second, at(1, 30).getTime()) },
			ctx(at(1, 30))
		);
		expect(nameless.kind).toBe('invalidName');

		// Sessions of this account: this one, and one on another device.
		for (const id of [sessionId, 'session-elsewhere']) {
			await sql`
				insert into session (id, account_id, expires_at, absolute_expires_at)
				values (${id}, ${lotte.id}, now() + interval '10 minutes', now() + interval '12 hours')`;
		}
		const done = await authenticators.confirm(
			sql,
			lotte,
			{ name: '  Kindkring-app   op tablet ', code: totp.generate(second, at(2).getTime()) },
			ctx(at(2))
		);
		expect(done).toMatchObject({ kind: 'ok', name: 'Kindkring-app op tablet' });
		// A TOTP change ends the other sessions, not the one that made it.
		const left = await sql<{ id: string }[]>`select id from session where account_id = ${lotte.id}`;
		expect(left.map((r) => r.id)).toEqual([sessionId]);

		const list = await authenticators.list(sql, lotte.id);
		expect(list.map((a) => a.name).sort()).toEqual([
			'Authenticator-app',
			'Kindkring-app op tablet'
		]);
		const byName = new Map(list.map((a) => [a.name, a]));
		// Last use comes from the claimed step: the proof code for the first, the confirmation for the second.
		expect(byName.get('Authenticator-app')!.lastUsedAt).toEqual(at(0));
		expect(byName.get('Kindkring-app op tablet')!.lastUsedAt).toEqual(at(2));

		// The confirmation's code does not log in a second time.
		expect(await attempt(lotte, totp.generate(second, at(2).getTime()), at(2))).toMatchObject({
			kind: 'wrongCode',
			reason: 'reused'
		});
		const withFirst = await attempt(lotte, totp.generate(first, at(3).getTime()), at(3));
		expect(withFirst.kind).toBe('ok');
		const withSecond = await attempt(lotte, totp.generate(second, at(4).getTime()), at(4));
		expect(withSecond.kind).toBe('ok');

		expect(await auditCount(lotte.id, 'totp.added')).toBe(1);
		const mails = await mailsTo(lotte.id, 'authenticator-added');
		expect(mails).toHaveLength(1);
		expect(mails[0]!.textBody).toContain(
			'Er is een authenticator toegevoegd: Kindkring-app op tablet'
		);
		// The setup window closed with the confirmation.
		expect(await authenticators.setup(sql, lotte, sessionId, at(4))).toBeNull();
	});

	it('refuses without a valid code, and a used code does not count', async () => {
		const rachid = await holder('PO2806', 'rachid.elamrani');
		const secret = demoTotpSecret('PO2806', 'rachid.elamrani');
		expect((await authenticators.prove(sql, rachid, '123456', ctx(at(10)))).kind).toBe('wrong');
		expect((await authenticators.prove(sql, rachid, 'abcd-efgh-jk', ctx(at(10)))).kind).toBe(
			'wrong'
		);
		expect((await authenticators.prove(sql, rachid, '', ctx(at(10)))).kind).toBe('wrong');
		// A code that just logged someone in cannot also open the setup.
		const code = totp.generate(secret, at(11).getTime());
		expect((await attempt(rachid, code, at(11))).kind).toBe('ok');
		expect((await authenticators.prove(sql, rachid, code, ctx(at(11, 5)))).kind).toBe('wrong');

		expect(await authenticators.setup(sql, rachid, sessionId, at(11, 5))).toBeNull();
		const [pending] = await sql`
			select 1 from totp_secret where account_id = ${rachid.id} and state = 'pending'`;
		expect(pending).toBeUndefined();
		// Without proof a confirmation has nothing to confirm.
		expect(
			await authenticators.confirm(sql, rachid, { name: 'x', code: '123456' }, ctx(at(11, 10)))
		).toEqual({ kind: 'expired' });
		expect(await authenticators.list(sql, rachid.id)).toHaveLength(1);
		expect(await auditCount(rachid.id, 'totp.add-refused')).toBe(4);
	});

	it('is limited to a few wrong proofs per account', async () => {
		const henk = await holder('PO2806', 'henk.degroot');
		const secret = demoTotpSecret('PO2806', 'henk.degroot');
		for (let i = 0; i < authenticators.proofLimit.attempts; i++) {
			expect((await authenticators.prove(sql, henk, '000000', ctx(at(20)))).kind).toBe('wrong');
		}
		const right = totp.generate(secret, at(20).getTime());
		expect((await authenticators.prove(sql, henk, right, ctx(at(20)))).kind).toBe('limited');
	});

	it('with a recovery code, which then works only once', async () => {
		const nora = await holder('PO2806', 'nora.yilmaz');
		await sql`
			insert into recovery_code (account_id, code_hash)
			values (${nora.id}, ${hmac('recovery', 'abcdefghjk')}), (${nora.id}, ${hmac('recovery', 'mnpqrstv12')})`;
		// Typed in capitals with spaces instead of dashes: still the code.
		const first = await authenticators.prove(sql, nora, 'ABCD EFGH JK', ctx(at(30)));
		expect(first).toEqual({ kind: 'ok', method: 'recovery' });
		expect(await auditCount(nora.id, 'recovery.used')).toBe(1);
		expect((await authenticators.prove(sql, nora, 'abcd-efgh-jk', ctx(at(30, 5)))).kind).toBe(
			'wrong'
		);
		const [unused] = await sql<{ n: number }[]>`
			select count(*)::int as n from recovery_code where account_id = ${nora.id} and used_at is null`;
		expect(unused!.n).toBe(1);

		const view = (await authenticators.setup(sql, nora, sessionId, at(30, 10)))!;
		const key = keyOf(view);
		const done = await authenticators.confirm(
			sql,
			nora,
			{ name: 'Tablet', code: totp.generate(key, at(31).getTime()) },
			ctx(at(31))
		);
		expect(done.kind).toBe('ok');
		expect((await attempt(nora, totp.generate(key, at(32).getTime()), at(32))).kind).toBe('ok');
		expect(
			(
				await attempt(
					nora,
					totp.generate(demoTotpSecret('PO2806', 'nora.yilmaz'), at(33).getTime()),
					at(33)
				)
			).kind
		).toBe('ok');
	});

	it('reuses the pending secret on reload and on a new proof; never a second one', async () => {
		const pieter = await holder('PO2806', 'pieter.verbeek');
		const secret = demoTotpSecret('PO2806', 'pieter.verbeek');
		await authenticators.prove(sql, pieter, totp.generate(secret, at(40).getTime()), ctx(at(40)));
		const a = (await authenticators.setup(sql, pieter, sessionId, at(40, 5)))!;
		const reload = (await authenticators.setup(sql, pieter, sessionId, at(41)))!;
		expect(keyOf(reload)).toBe(keyOf(a));
		// The window closes after a while; proving again shows the same secret.
		expect(
			await authenticators.setup(sql, pieter, sessionId, at(40 + authenticators.setupMinutes + 1))
		).toBeNull();
		await authenticators.prove(
			sql,
			pieter,
			totp.generate(secret, at(60).getTime()),
			ctx(at(60), 'second-tab-session')
		);
		const again = (await authenticators.setup(sql, pieter, 'second-tab-session', at(60, 5)))!;
		expect(keyOf(again)).toBe(keyOf(a));
		const pending = (await secretsOf(pieter.id)).filter((s) => s.state === 'pending');
		expect(pending).toHaveLength(1);
		// The database itself refuses a second pending secret.
		await expect(
			sql`insert into totp_secret (account_id, secret_encrypted, state) values (${pieter.id}, 'x', 'pending')`
		).rejects.toMatchObject({ code: '23505' });
	});
});

describe('removing an authenticator', () => {
	it('keeps the other working; the removed one gets the "old entry" hint; the last stays', async () => {
		const anouk = await holder('PO2806', 'anouk.smit');
		const first = demoTotpSecret('PO2806', 'anouk.smit');
		await authenticators.prove(sql, anouk, totp.generate(first, at(70).getTime()), ctx(at(70)));
		const second = keyOf((await authenticators.setup(sql, anouk, sessionId, at(70, 5)))!);
		await authenticators.confirm(
			sql,
			anouk,
			{ name: 'iPhone', code: totp.generate(second, at(71).getTime()) },
			ctx(at(71))
		);
		const list = await authenticators.list(sql, anouk.id);
		const old = list.find((a) => a.name === 'Authenticator-app');
		const phone = list.find((a) => a.name === 'iPhone');
		expect(phone).toBeDefined();

		// Someone else's authenticator is not found, whatever its id.
		const lotte = await holder('PO2806', 'lotte.vandam');
		const [lotteSecret] = await authenticators.list(sql, lotte.id);
		expect(
			await authenticators.remove(sql, anouk, lotteSecret!.id, { ipHash: null, origin })
		).toEqual({ kind: 'notFound' });
		expect(await authenticators.remove(sql, anouk, 'nonsense', { ipHash: null, origin })).toEqual({
			kind: 'notFound'
		});

		const removed = await authenticators.remove(sql, anouk, old!.id, {
			ipHash: null,
			origin,
			now: at(72)
		});
		expect(removed).toEqual({ kind: 'ok', name: 'Authenticator-app' });
		const rows = await secretsOf(anouk.id);
		expect(rows.find((r) => r.id === old!.id)).toMatchObject({ state: 'replaced' });
		expect(rows.find((r) => r.id === old!.id)!.replacedAt).toEqual(at(72));
		expect(await auditCount(anouk.id, 'totp.removed')).toBe(1);
		expect((await mailsTo(anouk.id, 'authenticator-removed'))[0]!.textBody).toContain(
			'Er is een authenticator verwijderd: Authenticator-app'
		);

		expect((await attempt(anouk, totp.generate(second, at(73).getTime()), at(73))).kind).toBe('ok');
		const stale = await attempt(anouk, totp.generate(first, at(74).getTime()), at(74));
		expect(stale.kind).toBe('wrongCode');
		if (stale.kind !== 'wrongCode') throw new Error('unreachable');
		expect(stale.hint.kind).toBe('replaced');

		expect(await authenticators.remove(sql, anouk, phone!.id, { ipHash: null, origin })).toEqual({
			kind: 'last'
		});
		expect(await authenticators.list(sql, anouk.id)).toHaveLength(1);
		expect((await attempt(anouk, totp.generate(second, at(75).getTime()), at(75))).kind).toBe('ok');
	});

	it('two removals at once cannot remove both', async () => {
		const sanne = await holder('PO2806', 'sanne.bakker');
		const first = demoTotpSecret('PO2806', 'sanne.bakker');
		await authenticators.prove(sql, sanne, totp.generate(first, at(80).getTime()), ctx(at(80)));
		const second = keyOf((await authenticators.setup(sql, sanne, sessionId, at(80, 5)))!);
		await authenticators.confirm(
			sql,
			sanne,
			{ name: 'Tweede', code: totp.generate(second, at(81).getTime()) },
			ctx(at(81))
		);
		const [a, b] = await authenticators.list(sql, sanne.id);
		const results = await Promise.all([
			authenticators.remove(sql, sanne, a!.id, { ipHash: null, origin }),
			authenticators.remove(sql, sanne, b!.id, { ipHash: null, origin })
		]);
		expect(results.map((r) => r.kind).sort()).toEqual(['last', 'ok']);
		expect(await authenticators.list(sql, sanne.id)).toHaveLength(1);
	});
});

describe('recovery code normalisation', () => {
	it('matches what is printed, whatever the case, spaces or dashes', () => {
		expect(recovery.normalise('7KQ2-M9XA-4F')).toBe('7kq2m9xa4f');
		expect(recovery.normalise(' 7kq2 m9xa 4f ')).toBe('7kq2m9xa4f');
		// Look-alikes read from paper.
		expect(recovery.normalise('7kq2-m9xa-4O')).toBe('7kq2m9xa40');
		expect(recovery.normalise('123456')).toBeNull();
	});
});
