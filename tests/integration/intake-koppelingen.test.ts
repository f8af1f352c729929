import { beforeAll, describe, expect, it } from 'vitest';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import type { Actor } from '../../src/lib/server/access/actor';
import { sql } from '../../src/lib/server/db';
import { Invalid } from '../../src/lib/server/dossiers/dossier';
import * as koppelingen from '../../src/lib/server/intake/koppelingen';
import { seedWorld, type World } from '../support/demo-world';
import { demoCode } from '../support/intake';
import { caller, callsPerMinute, unknownPerTenMinutes } from '../../src/lib/server/intake/http';

let w: World;
let femke: Actor; // beheerder PPO Rotterdam
let stromenland: Actor; // beheerder Stromenland
let nora: Actor; // SCP
let rachid: Actor; // IB'er Het Kompas
let kompas: string;

beforeAll(async () => {
	w = await seedWorld(sql);
	femke = await w.acting('beheer.femke');
	nora = await w.acting('nora.yilmaz');
	rachid = await w.acting('rachid.elamrani');
	const [beheerder] = await sql<{ username: string }[]>`
		select a.username from account a join organisation o on o.id = a.organisation_id
		where o.code = 'PO2507' and 'beheerder' = any(a.roles) limit 1`;
	stromenland = await w.acting(beheerder!.username);
	kompas = w.school('21XC00');
});

const status = async (code: string) => {
	const a = await koppelingen.authenticate(sql, code);
	return a.ok ? 'ok' : a.status;
};

describe('a verificatiecode', () => {
	it('starts with the BRIN and vestiging and is 20 to 50 visible characters', () => {
		expect(koppelingen.codeProblem('21XC00-lang-genoeg-123', '21XC00')).toBeNull();
		expect(koppelingen.codeProblem('21xc00-kleine-letters-ok', '21XC00')).toBeNull();
		expect(koppelingen.codeProblem('21XC00-kort', '21XC00')).toMatch(/20 tot 50 tekens/);
		expect(koppelingen.codeProblem('21XC00-' + 'x'.repeat(44), '21XC00')).toMatch(/20 tot 50/);
		expect(koppelingen.codeProblem('21XD00-lang-genoeg-123', '21XC00')).toMatch(
			/begint met .*21XC00/
		);
		expect(koppelingen.codeProblem('21XC00 met spaties erin', '21XC00')).toMatch(/zonder spaties/);
		expect(koppelingen.codeProblem('21XC00-één-twee-drie-vier', '21XC00')).toMatch(/accenten/);
	});

	it('is stored only as a keyed hash, with a hint to tell codes apart', async () => {
		const code = '21XC00-opslag-test-9876';
		await koppelingen.enter(sql, femke, { schoolId: kompas, code, label: 'Esis bovenbouw' });
		const rows = await sql<
			Record<string, unknown>[]
		>`select * from intake_koppeling where label = 'Esis bovenbouw'`;
		expect(rows).toHaveLength(1);
		expect(JSON.stringify(rows[0])).not.toContain(code);
		expect(rows[0]!.codeHint).toBe('21XC00…76');
	});
});

describe('entering, pausing, resuming', () => {
	it('a beheerder enters it; deleting pauses (403); entering it again resumes', async () => {
		const code = '21XC00-pauze-en-hervat-01';
		expect(await status(code)).toBe(401);
		const first = await koppelingen.enter(sql, femke, { schoolId: kompas, code, label: '' });
		expect(first.resumed).toBe(false);
		expect(await status(code)).toBe('ok');
		await koppelingen.pause(sql, femke, first.id);
		expect(await status(code)).toBe(403);
		const again = await koppelingen.enter(sql, femke, { schoolId: kompas, code, label: '' });
		expect(again).toEqual({ id: first.id, resumed: true });
		expect(await status(code)).toBe('ok');
		const listed = await koppelingen.list(sql, femke, kompas);
		expect(listed.find((k) => k.id === first.id)?.state).toBe('actief');
	});

	it('a school has several codes, one per environment', async () => {
		await koppelingen.enter(sql, femke, {
			schoolId: kompas,
			code: '21XC00-omgeving-een-001',
			label: 'Een'
		});
		await koppelingen.enter(sql, femke, {
			schoolId: kompas,
			code: '21XC00-omgeving-twee-02',
			label: 'Twee'
		});
		expect(await status('21XC00-omgeving-een-001')).toBe('ok');
		expect(await status('21XC00-omgeving-twee-02')).toBe('ok');
		expect(await status(demoCode)).toBe('ok');
	});

	it('one code is not used for two schools', async () => {
		await expect(
			koppelingen.enter(sql, femke, { schoolId: w.school('21XD00'), code: demoCode, label: '' })
		).rejects.toBeInstanceOf(Invalid);
	});

	it('rotation: the old code works for a day beside the new one, then no longer', async () => {
		const old = await koppelingen.enter(sql, femke, {
			schoolId: kompas,
			code: '21XC00-rotatie-oud-0001',
			label: ''
		});
		await koppelingen.enter(sql, femke, {
			schoolId: kompas,
			code: '21XC00-rotatie-nieuw-002',
			label: '',
			replaces: old.id
		});
		expect(await status('21XC00-rotatie-oud-0001')).toBe('ok');
		expect(await status('21XC00-rotatie-nieuw-002')).toBe('ok');
		const [row] = await sql<{ hours: number }[]>`
			select extract(epoch from valid_until - now()) / 3600 as hours from intake_koppeling where id = ${old.id}`;
		expect(Number(row!.hours)).toBeGreaterThan(23.9);
		expect(Number(row!.hours)).toBeLessThanOrEqual(24);
		expect((await koppelingen.list(sql, femke, kompas)).find((k) => k.id === old.id)?.state).toBe(
			'vervalt'
		);
		// A day later.
		await sql`update intake_koppeling set valid_until = now() - interval '1 second' where id = ${old.id}`;
		expect(await status('21XC00-rotatie-oud-0001')).toBe(401);
		expect(await status('21XC00-rotatie-nieuw-002')).toBe('ok');
	});
});

describe('who may keep the codes', () => {
	it('only a beheerder of the organisation', async () => {
		for (const actor of [nora, rachid]) {
			await expect(
				koppelingen.enter(sql, actor, {
					schoolId: kompas,
					code: '21XC00-niet-toegestaan-1',
					label: ''
				})
			).rejects.toBeInstanceOf(NotAllowed);
			await expect(koppelingen.list(sql, actor, kompas)).rejects.toBeInstanceOf(NotAllowed);
		}
		const [demo] = await sql<{ id: string }[]>`
			select id from intake_koppeling where school_id = ${kompas} and label = 'Demo-schoolsysteem'`;
		await expect(koppelingen.pause(sql, rachid, demo!.id)).rejects.toBeInstanceOf(NotAllowed);
		// Another organisation's beheerder: the school does not exist for them.
		await expect(
			koppelingen.enter(sql, stromenland, {
				schoolId: kompas,
				code: '21XC00-andere-organisatie',
				label: ''
			})
		).rejects.toBeInstanceOf(Invalid);
		await expect(koppelingen.pause(sql, stromenland, demo!.id)).rejects.toBeInstanceOf(Invalid);
		expect(await status(demoCode)).toBe('ok');
	});
});

describe('the rate limits of the intake API', () => {
	const event = (code: string | null, ipHash: string) => ({
		request: new Request('https://kindkring.test/api/v1/intake', {
			headers: code ? { authorization: `Bearer ${code}` } : {}
		}),
		locals: { ipHash } as App.Locals
	});

	it('a code gets 60 calls a minute, then 429 with Retry-After, audited', async () => {
		const code = '21XC00-limiet-per-code-01';
		await koppelingen.enter(sql, femke, { schoolId: kompas, code, label: 'Limiet' });
		for (let i = 0; i < callsPerMinute; i++) {
			expect((await caller(sql, event(code, 'ip-a'), 'intake.status')).ok).toBe(true);
		}
		const over = await caller(sql, event(code, 'ip-b'), 'intake.status');
		expect(over.ok).toBe(false);
		if (over.ok) return;
		expect(over.response.status).toBe(429);
		expect(Number(over.response.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(((await over.response.json()) as { code: string }).code).toBe('te_veel_verzoeken');
		// Another code of the same school is not slowed down by it.
		expect((await caller(sql, event(demoCode, 'ip-b'), 'intake.status')).ok).toBe(true);
		const [row] = await sql<{ n: number }[]>`
			select count(*)::int as n from audit_log
			where action = 'intake.status' and details->>'result' = 'te_veel_verzoeken'`;
		expect(row!.n).toBe(1);
	});

	it('unknown codes from one address: 20 in ten minutes, then 429', async () => {
		for (let i = 0; i < unknownPerTenMinutes; i++) {
			const r = await caller(
				sql,
				event(`21XC00-geraden-code-${i}0000`, 'ip-raden'),
				'intake.receive'
			);
			expect(!r.ok && r.response.status).toBe(401);
		}
		const over = await caller(
			sql,
			event('21XC00-geraden-code-x0000', 'ip-raden'),
			'intake.receive'
		);
		expect(!over.ok && over.response.status).toBe(429);
		// Another address still gets its 401.
		const other = await caller(
			sql,
			event('21XC00-geraden-code-y0000', 'ip-ander'),
			'intake.receive'
		);
		expect(!other.ok && other.response.status).toBe(401);
		// The real code from the guessing address still works: the limit counts failures only.
		expect((await caller(sql, event(demoCode, 'ip-raden'), 'intake.receive')).ok).toBe(true);
	});
});
