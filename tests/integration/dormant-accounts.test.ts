import { beforeAll, describe, expect, it } from 'vitest';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import type { Actor } from '../../src/lib/server/access/actor';
import { sql } from '../../src/lib/server/db';
import { Invalid } from '../../src/lib/server/dossiers/dossier';
import { runDormant, setDormantMonths, warningDays } from '../../src/lib/server/beheer/dormant';
import { seedWorld, type World } from '../support/demo-world';

let w: World;
let femke: Actor; // beheerder PPO Rotterdam
let nora: Actor;

const day = 24 * 3600_000;
const now = new Date('2027-06-01T08:00:00Z');

beforeAll(async () => {
	w = await seedWorld(sql);
	femke = await w.acting('beheer.femke');
	nora = await w.acting('nora.yilmaz');
	// Everyone in Rotterdam logged in yesterday; the tests make some of them sleep.
	await sql`update account set last_login_at = ${new Date(now.getTime() - day)}
		where organisation_id = ${w.org.PO2806}`;
});

const state = async (username: string) => {
	const [row] = await sql<{ state: string; dormantWarnedAt: Date | null }[]>`
		select state, dormant_warned_at from account where username = ${username}`;
	return row!;
};
const lastLogin = (username: string, at: Date) =>
	sql`update account set last_login_at = ${at} where username = ${username}`;
const mailsTo = async (username: string, kind: string) => {
	const [row] = await sql<{ n: number }[]>`
		select count(*)::int as n from outbox o join account a on a.id = o.account_id
		where a.username = ${username} and o.kind = ${kind}`;
	return row!.n;
};

describe('slapende accounts', () => {
	it('only a beheerder sets the months, 1 to 60 or never', async () => {
		await expect(setDormantMonths(sql, nora, 12)).rejects.toBeInstanceOf(NotAllowed);
		await expect(setDormantMonths(sql, femke, 0)).rejects.toBeInstanceOf(Invalid);
		await expect(setDormantMonths(sql, femke, 61)).rejects.toBeInstanceOf(Invalid);
		await setDormantMonths(sql, femke, 12);
		const [org] = await sql<{ dormantMonths: number }[]>`
			select dormant_months from organisation where id = ${w.org.PO2806}`;
		expect(org!.dormantMonths).toBe(12);
	});

	it('warns two weeks before, deactivates after, unless the holder logs in', async () => {
		await setDormantMonths(sql, femke, 12);
		// Unused for 12 months less 10 days: inside the two weeks.
		const sleeping = new Date(now.getTime() - 365 * day + 10 * day);
		await lastLogin('mila.jansen', sleeping);
		await lastLogin('anouk.smit', sleeping);
		// Unused for 11 months: not yet.
		await lastLogin('pieter.verbeek', new Date(now.getTime() - 335 * day));

		const first = await runDormant(sql, now, 'https://kindkring.test');
		expect(first.warned).toBe(2);
		expect(first.deactivated).toBe(0);
		expect((await state('mila.jansen')).dormantWarnedAt).not.toBeNull();
		expect((await state('pieter.verbeek')).dormantWarnedAt).toBeNull();
		expect(await mailsTo('mila.jansen', 'dormant-warning')).toBe(1);

		// A rerun the same day warns nobody twice.
		expect(await runDormant(sql, now)).toEqual({ warned: 0, deactivated: 0 });

		// Anouk logs in within the two weeks; Mila does not.
		const later = new Date(now.getTime() + (warningDays + 1) * day);
		await lastLogin('anouk.smit', new Date(now.getTime() + 3 * day));
		const second = await runDormant(sql, later);
		expect(second.deactivated).toBe(1);
		expect((await state('mila.jansen')).state).toBe('deactivated');
		expect((await state('anouk.smit')).state).toBe('active');
		expect(await mailsTo('mila.jansen', 'deactivated')).toBe(1);
		const [row] = await sql<{ n: number }[]>`
			select count(*)::int as n from audit_log l join account a on a.id = l.target_id::uuid
			where a.username = 'mila.jansen' and l.action in ('account.dormant_warned', 'account.dormant_deactivated')`;
		expect(row!.n).toBe(2);
		expect(await runDormant(sql, later)).toEqual({ warned: 0, deactivated: 0 });
	});

	it('never the only active beheerder, and nothing where the organisation chose never', async () => {
		const long = new Date(now.getTime() - 800 * day);
		await sql`update account set last_login_at = ${long}, dormant_warned_at = null
			where organisation_id = ${w.org.PO2507}`;
		// Stromenland has not chosen: nobody there is warned.
		const before = await runDormant(sql, now);
		const [stromenland] = await sql<{ n: number }[]>`
			select count(*)::int as n from account
			where organisation_id = ${w.org.PO2507} and dormant_warned_at is not null`;
		expect(stromenland!.n).toBe(0);
		expect(before.warned).toBe(0);

		// Rotterdam: everyone asleep; the only beheerder stays.
		await sql`update account set last_login_at = ${long}, dormant_warned_at = null
			where organisation_id = ${w.org.PO2806} and state = 'active'`;
		await runDormant(sql, now);
		await runDormant(sql, new Date(now.getTime() + 15 * day));
		expect((await state('beheer.femke')).state).toBe('active');
		expect((await state('beheer.femke')).dormantWarnedAt).toBeNull();
		expect((await state('nora.yilmaz')).state).toBe('deactivated');
	});
});
