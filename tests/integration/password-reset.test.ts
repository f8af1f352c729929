import { beforeAll, describe, expect, it } from 'vitest';
import * as mails from '../../src/lib/server/auth/mails';
import * as password from '../../src/lib/server/auth/password';
import * as recovery from '../../src/lib/server/auth/recovery';
import * as reset from '../../src/lib/server/auth/reset';
import * as session from '../../src/lib/server/auth/session';
import * as throttle from '../../src/lib/server/auth/throttle';
import * as totp from '../../src/lib/server/auth/totp';
import { sql } from '../../src/lib/server/db';
import * as sender from '../../src/lib/server/mail/sender';
import { demoPassword, demoTotpSecret } from '../../src/lib/server/demo/credentials';
import * as demo from '../../src/lib/server/demo/seed';
import { startSmtp } from '../support/smtp';

const origin = 'https://kindkring.test';
const newPassword = 'Zeven blauwe fietsen op het dak';

interface Mail {
	id: number;
	accountId: string;
	kind: string;
	toAddress: string;
	subject: string;
	textBody: string;
}

async function accountId(username: string, code = 'PO2806'): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		select a.id from account a join organisation o on o.id = a.organisation_id
		where o.code = ${code} and a.username = ${username}`;
	return row!.id;
}

async function mailsTo(accountIdValue: string, kind = 'reset'): Promise<Mail[]> {
	return sql<Mail[]>`
		select id::int, account_id, kind, to_address, subject, text_body from outbox
		where account_id = ${accountIdValue} and kind = ${kind} order by id`;
}

async function resetMailCount(): Promise<number> {
	const [row] = await sql<
		{ n: number }[]
	>`select count(*)::int as n from outbox where kind = 'reset'`;
	return row!.n;
}

function tokenIn(mail: Mail): string {
	const match = /\/wachtwoord-herstellen\/([a-z0-9]+)/.exec(mail.textBody);
	if (!match) throw new Error('no reset link in mail');
	return match[1]!;
}

async function requestFor(
	username: string,
	extra: Partial<reset.RequestInput> = {}
): Promise<string> {
	await reset.request(sql, {
		organisationCode: 'PO2806',
		username,
		email: '',
		ipHash: null,
		origin,
		...extra
	});
	const list = await mailsTo(await accountId(username));
	return tokenIn(list.at(-1)!);
}

function codeFor(username: string, now = Date.now()): string {
	return totp.generate(demoTotpSecret('PO2806', username), now);
}

beforeAll(async () => {
	await demo.seed(sql);
});

describe('asking for a reset mail', () => {
	it('sends one mail for the username alone, naming the organisation and username', async () => {
		const id = await accountId('lotte.vandam');
		const sent = await reset.request(sql, {
			organisationCode: 'PO2806',
			username: 'Lotte.VanDam',
			email: '',
			ipHash: null,
			origin
		});
		expect(sent).toBe(1);
		const [mail] = await mailsTo(id);
		expect(mail!.toAddress).toBe('l.vandam@vuurtoren.example.nl');
		expect(mail!.textBody).toContain('Gebruikersnaam: lotte.vandam');
		expect(mail!.textBody).toContain(`${origin}/wachtwoord-herstellen/`);
	});

	it('sends one mail for the e-mail address alone', async () => {
		const id = await accountId('rachid.elamrani');
		const sent = await reset.request(sql, {
			organisationCode: 'PO2806',
			username: '',
			email: ' R.ElAmrani@hetkompas.example.nl ',
			ipHash: null,
			origin
		});
		expect(sent).toBe(1);
		expect(await mailsTo(id)).toHaveLength(1);
	});

	it('sends one mail when username and e-mail belong together', async () => {
		const id = await accountId('henk.degroot');
		const sent = await reset.request(sql, {
			organisationCode: 'PO2806',
			username: 'henk.degroot',
			email: 'directie@vuurtoren.example.nl',
			ipHash: null,
			origin
		});
		expect(sent).toBe(1);
		expect(await mailsTo(id)).toHaveLength(1);
	});

	it('sends nothing when username and e-mail do not belong together', async () => {
		const before = await resetMailCount();
		const sent = await reset.request(sql, {
			organisationCode: 'PO2806',
			username: 'henk.degroot',
			email: 'l.vandam@vuurtoren.example.nl',
			ipHash: null,
			origin
		});
		expect(sent).toBe(0);
		expect(await resetMailCount()).toBe(before);
	});

	it('sends nothing for an unknown username, address or organisation', async () => {
		const before = await resetMailCount();
		for (const input of [
			{ organisationCode: 'PO2806', username: 'niemand', email: '' },
			{ organisationCode: 'PO2806', username: '', email: 'niemand@example.nl' },
			// Right username, other organisation.
			{ organisationCode: 'PO2507', username: 'lotte.vandam', email: '' }
		]) {
			expect(await reset.request(sql, { ...input, ipHash: null, origin })).toBe(0);
		}
		expect(await resetMailCount()).toBe(before);
	});

	it('sends one mail per account when two accounts share an address, each naming its username, over real SMTP', async () => {
		const shared = 'gedeeld@ppo-rotterdam.example.nl';
		await sql`update account set email = ${shared} where username in ('nora.yilmaz', 'pieter.verbeek')`;
		await sql`update outbox set sent_at = now() where sent_at is null`;
		const sent = await reset.request(sql, {
			organisationCode: 'PO2806',
			username: '',
			email: shared,
			ipHash: null,
			origin
		});
		expect(sent).toBe(2);
		const nora = await mailsTo(await accountId('nora.yilmaz'));
		const pieter = await mailsTo(await accountId('pieter.verbeek'));
		expect(nora).toHaveLength(1);
		expect(pieter).toHaveLength(1);
		expect(nora[0]!.textBody).toContain('Gebruikersnaam: nora.yilmaz');
		expect(pieter[0]!.textBody).toContain('Gebruikersnaam: pieter.verbeek');
		expect(tokenIn(nora[0]!)).not.toBe(tokenIn(pieter[0]!));

		const smtp = await startSmtp();
		const outbox = sender.start(sql, { smtpUrl: smtp.url, fromAddress: 'kindkring@example.nl' });
		try {
			await outbox.runOnce();
			const received = smtp.messages.filter((m) => m.to === shared);
			expect(received).toHaveLength(2);
			expect(received.map((m) => /Gebruikersnaam: (\S+)/.exec(m.text)?.[1]).sort()).toEqual([
				'nora.yilmaz',
				'pieter.verbeek'
			]);
		} finally {
			await outbox.stop();
			await smtp.stop();
		}
	});

	it('does not mail pending or deactivated accounts', async () => {
		await sql`update account set state = 'deactivated' where username = 'anouk.smit'`;
		expect(
			await reset.request(sql, {
				organisationCode: 'PO2806',
				username: 'anouk.smit',
				email: '',
				ipHash: null,
				origin
			})
		).toBe(0);
		await sql`update account set state = 'active' where username = 'anouk.smit'`;
	});

	it('sends at most 3 mails per account per hour; the rest silently nothing', async () => {
		const id = await accountId('beheer.femke');
		const counts: number[] = [];
		for (let i = 0; i < 5; i++) {
			counts.push(
				await reset.request(sql, {
					organisationCode: 'PO2806',
					username: 'beheer.femke',
					email: '',
					ipHash: null,
					origin
				})
			);
		}
		expect(counts).toEqual([1, 1, 1, 0, 0]);
		expect(await mailsTo(id)).toHaveLength(3);
		// An hour later it works again.
		const later = new Date(Date.now() + 61 * 60_000);
		expect(
			await reset.request(sql, {
				organisationCode: 'PO2806',
				username: 'beheer.femke',
				email: '',
				ipHash: null,
				origin,
				now: later
			})
		).toBe(1);
	});

	it('limits per e-mail address too, whichever field was used', async () => {
		const id = await accountId('mila.jansen');
		const email = 'm.jansen@logopedie-zuid.example.nl';
		const input = { organisationCode: 'PO2806', ipHash: null, origin };
		await reset.request(sql, { ...input, username: '', email });
		await reset.request(sql, { ...input, username: '', email });
		await reset.request(sql, { ...input, username: '', email });
		// The fourth, by username: the address has had its 3 this hour.
		expect(await reset.request(sql, { ...input, username: 'mila.jansen', email: '' })).toBe(0);
		expect(await mailsTo(id)).toHaveLength(3);
	});

	it('limits per client address', async () => {
		const ipHash = 'test-address-hash';
		const results: number[] = [];
		for (let i = 0; i < reset.addressLimit.attempts + 1; i++) {
			results.push(
				await reset.request(sql, {
					organisationCode: 'PO2806',
					username: `onbekend-${i}`,
					email: '',
					ipHash,
					origin
				})
			);
		}
		expect(results.every((n) => n === 0)).toBe(true);
		const tom = { organisationCode: 'PO2507', username: 'tom.vanleeuwen', email: '', origin };
		expect(await reset.request(sql, { ...tom, ipHash })).toBe(0);
		// The same request from another address goes through: the address was the limit.
		expect(await reset.request(sql, { ...tom, ipHash: 'another-address-hash' })).toBe(1);
	});
});

describe('the reset link', () => {
	it('says an older link was replaced, with the time of the newest mail', async () => {
		const username = 'sanne.bakker';
		await sql`update account set state = 'active' where username = ${username}`;
		const first = await requestFor(username);
		const second = await requestFor(username);
		const old = await reset.open(sql, first);
		expect(old.state).toBe('superseded');
		const [newest] = await sql<{ createdAt: Date }[]>`
			select created_at from auth_token where account_id = ${await accountId(username)}
			order by created_at desc limit 1`;
		if (old.state !== 'superseded') throw new Error('unreachable');
		expect(old.newestSentAt.getTime()).toBe(newest!.createdAt.getTime());
		expect(mails.formatTime(old.newestSentAt)).toMatch(/^\d{2}:\d{2}$/);
		expect((await reset.open(sql, second)).state).toBe('valid');
	});

	it('expires after 60 minutes and can send a fresh mail from the expired link', async () => {
		const username = 'rachid.elamrani';
		const token = await requestFor(username);
		const later = new Date(Date.now() + 61 * 60_000);
		expect((await reset.open(sql, token, later)).state).toBe('expired');
		const before = (await mailsTo(await accountId(username))).length;
		expect(await reset.renew(sql, token, { ipHash: null, origin, now: later })).toBe(true);
		expect(await mailsTo(await accountId(username))).toHaveLength(before + 1);
		// A valid link cannot be used to send mails.
		const fresh = tokenIn((await mailsTo(await accountId(username))).at(-1)!);
		expect(await reset.renew(sql, fresh, { ipHash: null, origin, now: later })).toBe(false);
	});

	it('knows unknown links', async () => {
		expect((await reset.open(sql, 'abcdefghijklmnopqrstuvwxyz234567')).state).toBe('unknown');
	});

	it('refuses a new password without the current code or a recovery code', async () => {
		const username = 'henk.degroot';
		const id = await accountId(username);
		const token = await requestFor(username);
		const base = {
			token,
			password: newPassword,
			repeat: newPassword,
			recoveryCode: '',
			ipHash: null,
			origin
		};
		expect((await reset.complete(sql, { ...base, code: '' })).kind).toBe('factorMissing');
		const wrong = String((Number(codeFor(username)) + 1) % 1_000_000).padStart(6, '0');
		expect((await reset.complete(sql, { ...base, code: wrong })).kind).toBe('wrongCode');
		expect(
			(await reset.complete(sql, { ...base, code: '', recoveryCode: 'aaaa-bbbb-cc' })).kind
		).toBe('wrongRecoveryCode');
		const [row] = await sql<
			{ passwordHash: string }[]
		>`select password_hash from account where id = ${id}`;
		expect(await password.verify(row!.passwordHash, demoPassword)).toBe(true);
		expect((await reset.open(sql, token)).state).toBe('valid');
		const failures = await sql<{ details: { reason: string } }[]>`
			select details from audit_log where account_id = ${id} and action = 'password.reset-failure'
			order by id`;
		expect(failures.map((f) => f.details.reason)).toEqual(['code', 'recovery-code']);
	});

	it('refuses a weak or mismatched password and changes nothing', async () => {
		const token = await requestFor('henk.degroot');
		const base = { token, code: '', recoveryCode: '', ipHash: null, origin };
		const weak = await reset.complete(sql, {
			...base,
			password: 'wachtwoord',
			repeat: 'wachtwoord'
		});
		expect(weak).toMatchObject({ kind: 'password', problem: { field: 'password' } });
		const pattern = await reset.complete(sql, {
			...base,
			password: 'Zomer2024!!!',
			repeat: 'Zomer2024!!!'
		});
		expect(pattern).toMatchObject({ kind: 'password', problem: { field: 'password' } });
		const mismatch = await reset.complete(sql, {
			...base,
			password: newPassword,
			repeat: newPassword + '!'
		});
		expect(mismatch).toMatchObject({ kind: 'password', problem: { field: 'passwordRepeat' } });
	});

	it('with link and code: new password, every session ended, link used, lockout cleared, audited and mailed', async () => {
		const username = 'lotte.vandam';
		const id = await accountId(username);
		const [org] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2806'`;
		await session.create(sql, id);
		await session.create(sql, id);
		await sql.begin((tx) => throttle.recordPasswordFailure(tx, org!.id, username));
		const token = await requestFor(username);

		const result = await reset.complete(sql, {
			token,
			password: newPassword,
			repeat: newPassword,
			code: codeFor(username),
			recoveryCode: '',
			ipHash: 'hash-of-address',
			origin
		});
		expect(result.kind).toBe('done');

		const [row] = await sql<{ passwordHash: string; passwordChangedAt: Date }[]>`
			select password_hash, password_changed_at from account where id = ${id}`;
		expect(await password.verify(row!.passwordHash, newPassword)).toBe(true);
		expect(await password.verify(row!.passwordHash, demoPassword)).toBe(false);
		expect(Date.now() - row!.passwordChangedAt.getTime()).toBeLessThan(60_000);
		const [sessions] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from session where account_id = ${id}`;
		expect(sessions!.n).toBe(0);
		expect(await throttle.lockedUntil(sql, org!.id, username)).toBeNull();
		const [failures] = await sql`select 1 from login_throttle where username_key = ${username}`;
		expect(failures).toBeUndefined();
		expect((await reset.open(sql, token)).state).toBe('unknown');

		const audit = await sql<{ action: string; details: Record<string, unknown> }[]>`
			select action, details from audit_log where account_id = ${id} and action = 'password.reset'`;
		expect(audit).toHaveLength(1);
		expect(audit[0]!.details).toMatchObject({ factor: 'totp', sessionsEnded: 2 });
		const [notice] = await mailsTo(id, 'password-changed');
		expect(notice!.subject).toContain('wachtwoord is gewijzigd');
		expect(notice!.textBody).toContain('Uw wachtwoord is gewijzigd');

		// The link works once.
		const again = await reset.complete(sql, {
			token,
			password: newPassword,
			repeat: newPassword,
			code: codeFor(username, Date.now() + 30_000),
			recoveryCode: '',
			ipHash: null,
			origin
		});
		expect(again.kind).toBe('gone');
	});

	it('accepts a recovery code once, and says how many are left', async () => {
		const username = 'pieter.verbeek';
		const id = await accountId(username);
		const codes = await sql.begin((tx) => recovery.replace(tx, id));
		expect(codes).toHaveLength(10);
		expect(new Set(codes).size).toBe(10);
		for (const code of codes)
			expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}$/);
		const [stored] = await sql<{ n: number }[]>`
			select count(*)::int as n from recovery_code where account_id = ${id} and code_hash = any(${sql.array(codes)})`;
		expect(stored!.n).toBe(0);

		const first = await requestFor(username);
		// Typed loosely: upper case, spaces instead of hyphens.
		const typed = codes[3]!.toUpperCase().replaceAll('-', ' ');
		const done = await reset.complete(sql, {
			token: first,
			password: newPassword,
			repeat: newPassword,
			code: '',
			recoveryCode: typed,
			ipHash: null,
			origin
		});
		expect(done.kind).toBe('done');
		expect(await recovery.remaining(sql, id)).toBe(9);
		const notice = (await mailsTo(id, 'password-changed')).at(-1)!;
		expect(notice.textBody).toContain('herstelcode');
		expect(notice.textBody).toContain('nog 9 herstelcodes');
		const actions = await sql<{ action: string }[]>`
			select action from audit_log where account_id = ${id} and action in ('password.reset', 'recovery.used')`;
		expect(actions.map((a) => a.action).sort()).toEqual(['password.reset', 'recovery.used']);

		const second = await requestFor(username);
		const reused = await reset.complete(sql, {
			token: second,
			password: newPassword,
			repeat: newPassword,
			code: '',
			recoveryCode: codes[3]!,
			ipHash: null,
			origin
		});
		expect(reused.kind).toBe('wrongRecoveryCode');
		expect((await reset.open(sql, second)).state).toBe('valid');
		expect(await recovery.remaining(sql, id)).toBe(9);
	});

	it('stops guessing codes after 10 attempts per 15 minutes', async () => {
		const username = 'anouk.smit';
		const token = await requestFor(username);
		const base = {
			token,
			password: newPassword,
			repeat: newPassword,
			code: '000000',
			recoveryCode: '',
			ipHash: null,
			origin
		};
		const kinds: string[] = [];
		for (let i = 0; i < reset.factorLimit.attempts + 1; i++) {
			kinds.push((await reset.complete(sql, base)).kind);
		}
		expect(kinds.slice(0, reset.factorLimit.attempts).every((k) => k === 'wrongCode')).toBe(true);
		expect(kinds.at(-1)).toBe('limited');
		// Even the right code is refused while limited.
		expect((await reset.complete(sql, { ...base, code: codeFor(username) })).kind).toBe('limited');
	});
});

describe('audit of the reset flow', () => {
	it('records requests and changes without e-mail addresses, passwords or codes', async () => {
		const rows = await sql<{ action: string; row: string }[]>`
			select action, row_to_json(audit_log)::text as row from audit_log
			where action like 'password.%' or action like 'recovery.%'`;
		const actions = new Set(rows.map((r) => r.action));
		expect(actions).toContain('password.reset-requested');
		expect(actions).toContain('password.reset');
		expect(actions).toContain('recovery.used');
		for (const r of rows) {
			expect(r.row).not.toContain('@');
			expect(r.row).not.toContain(newPassword);
		}
	});
});
