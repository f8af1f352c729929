import { beforeAll, describe, expect, it } from 'vitest';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import type { Actor } from '../../src/lib/server/access/actor';
import * as schools from '../../src/lib/server/beheer/schools';
import { sql } from '../../src/lib/server/db';
import * as koppelingen from '../../src/lib/server/intake/koppelingen';
import { seedWorld, type World } from '../support/demo-world';

let w: World;
let femke: Actor; // beheerder PPO Rotterdam
let stromenland: Actor; // beheerder Stromenland
let nora: Actor; // SCP PPO Rotterdam

beforeAll(async () => {
	w = await seedWorld(sql);
	femke = await w.acting('beheer.femke');
	nora = await w.acting('nora.yilmaz');
	const [beheerder] = await sql<{ username: string }[]>`
		select a.username from account a join organisation o on o.id = a.organisation_id
		where o.code = 'PO2507' and 'beheerder' = any(a.roles) limit 1`;
	stromenland = await w.acting(beheerder!.username);
});

describe('Beheer → Scholen', () => {
	it("lists only the beheerder's own organisation's schools, by name", async () => {
		const own = await schools.list(sql, femke);
		expect(own.map((s) => s.brinVestiging)).toContain('21XC00');
		expect(own.map((s) => s.brinVestiging)).not.toContain('27YA00');
		const names = own.map((s) => s.name.toLowerCase());
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));
		const other = await schools.list(sql, stromenland);
		expect(other.map((s) => s.brinVestiging)).not.toContain('21XC00');
	});

	it('finds a school by a part of its name or its BRIN, any case; wildcards are text', async () => {
		expect((await schools.list(sql, femke, '21xc00')).map((s) => s.name)).toEqual([
			'Basisschool Het Kompas'
		]);
		expect((await schools.list(sql, femke, 'kompas')).map((s) => s.brinVestiging)).toEqual([
			'21XC00'
		]);
		expect(await schools.list(sql, femke, '%')).toEqual([]);
		expect(await schools.list(sql, femke, '27YA00')).toEqual([]);
	});

	it('counts the active codes: not a paused one, not one being replaced', async () => {
		const kompas = w.school('21XC00');
		const count = async () =>
			(await schools.list(sql, femke, '21XC00')).find((s) => s.id === kompas)!.activeKoppelingen;
		const before = await count();
		const old = await koppelingen.enter(sql, femke, {
			schoolId: kompas,
			code: '21XC00-telling-oud-12345',
			label: 'Telling oud'
		});
		expect(await count()).toBe(before + 1);
		await koppelingen.enter(sql, femke, {
			schoolId: kompas,
			code: '21XC00-telling-nieuw-12345',
			label: 'Telling nieuw',
			replaces: old.id
		});
		expect(await count()).toBe(before + 1);
		await sql`delete from intake_koppeling where label in ('Telling oud', 'Telling nieuw')`;
		expect(await count()).toBe(before);
	});

	it("gives one school of the organisation; another's is not there", async () => {
		const kompas = w.school('21XC00');
		expect((await schools.get(sql, femke, kompas))?.name).toBe('Basisschool Het Kompas');
		expect(await schools.get(sql, stromenland, kompas)).toBeNull();
		expect(await schools.get(sql, femke, 'geen-uuid')).toBeNull();
	});

	it('is for beheerders only', async () => {
		await expect(schools.list(sql, nora)).rejects.toBeInstanceOf(NotAllowed);
		await expect(schools.get(sql, nora, w.school('21XC00'))).rejects.toBeInstanceOf(NotAllowed);
	});
});
