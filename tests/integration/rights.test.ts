import { beforeAll, describe, expect, it } from 'vitest';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import type { Actor } from '../../src/lib/server/access/actor';
import { may } from '../../src/lib/server/access/policy';
import { csv, ofAccount, ofDossier } from '../../src/lib/server/beheer/rights';
import { sql } from '../../src/lib/server/db';
import { hulpvraagFactsFor } from '../../src/lib/server/dossiers/facts';
import * as participants from '../../src/lib/server/overlegronde/participants';
import * as rounds from '../../src/lib/server/overlegronde/round';
import { seedWorld, type World } from '../support/demo-world';

let w: World;
let femke: Actor;
let nora: Actor;
let lotte: Actor;

beforeAll(async () => {
	w = await seedWorld(sql);
	femke = await w.acting('beheer.femke');
	nora = await w.acting('nora.yilmaz');
	lotte = await w.acting('lotte.vandam');
});

async function allFacts() {
	const ids = await sql<
		{ id: string }[]
	>`select id from hulpvraag where organisation_id = ${w.org.PO2806}`;
	return hulpvraagFactsFor(
		sql,
		w.org.PO2806,
		ids.map((r) => r.id)
	);
}

describe('rechten inzien', () => {
	it('lists for an account exactly the hulpvragen the policy lets it view, with the reason', async () => {
		const facts = await allFacts();
		for (const who of [lotte, nora]) {
			const seen = (await ofAccount(sql, femke, who.accountId))!;
			const expected = [...facts.values()]
				.filter((f) => may(who, 'view', f).allowed)
				.map((f) => f.id);
			expect(seen.map((s) => s.hulpvraagId).sort()).toEqual(expected.sort());
			expect(seen.length).toBeGreaterThan(0);
			for (const s of seen)
				expect(s.reason).toBe(may(who, 'view', facts.get(s.hulpvraagId)!).reason);
		}
		// The SWV never through a voorlopig one.
		const noraSees = (await ofAccount(sql, femke, nora.accountId))!;
		for (const s of noraSees) expect(facts.get(s.hulpvraagId)!.status.voorlopig).toBe(false);
	});

	it('lists what an extern sees through an overlegronde, and says so', async () => {
		const mila = w.account('mila.jansen');
		expect(await ofAccount(sql, femke, mila.id)).toEqual([]);
		// Lotte shares one of her school's hulpvragen with Mila in a round.
		const facts = await allFacts();
		const shared = [...facts.values()].find((f) => may(lotte, 'manage-overlegronde', f).allowed)!;
		const now = new Date();
		const inDays = (n: number) =>
			new Date(now.getTime() + n * 24 * 3600_000).toISOString().slice(0, 10);
		const round = await rounds.create(
			sql,
			lotte,
			{
				hulpvraagId: shared.id,
				onderwerp: 'Advies logopedie',
				omschrijving: '',
				// Reactions close before the inzage does.
				einddatumReacties: inDays(14),
				einddatumInzage: inDays(30),
				besloten: false
			},
			now
		);
		await participants.addExisting(sql, lotte, round, mila.id, now);
		const seen = (await ofAccount(sql, femke, mila.id))!;
		expect(seen.map((s) => s.hulpvraagId)).toEqual([shared.id]);
		expect(seen[0]!.reason).toBe('overlegronde ‘Advies logopedie’: deelnemer');
		// Seeing the hulpvraag is not seeing the dossier.
		const viewers = (await ofDossier(sql, femke, shared.dossierId))!;
		expect(viewers.map((v) => v.username)).not.toContain('mila.jansen');
	});

	it('lists for a dossier exactly the active accounts that may view it', async () => {
		const [d] = await sql<{ dossierId: string }[]>`
			select h.dossier_id from hulpvraag h join school s on s.id = h.school_id
			where s.brin_vestiging = '21XA00' limit 1`;
		const viewers = (await ofDossier(sql, femke, d!.dossierId))!;
		const names = viewers.map((v) => v.username);
		expect(names).toContain('lotte.vandam');
		expect(names).toContain('beheer.femke');
		expect(names).not.toContain('esther.bos'); // another organisation
		expect(viewers.find((v) => v.username === 'beheer.femke')!.reason).toMatch(/beheerder/);
	});

	it('is for beheerders only, and knows nothing of another organisation', async () => {
		await expect(ofAccount(sql, nora, lotte.accountId)).rejects.toBeInstanceOf(NotAllowed);
		await expect(ofDossier(sql, lotte, lotte.accountId)).rejects.toBeInstanceOf(NotAllowed);
		const esther = w.account('esther.bos');
		expect(await ofAccount(sql, femke, esther.id)).toBeUndefined();
		const [other] = await sql<{ id: string }[]>`
			select id from dossier where organisation_id = ${w.org.PO2507} limit 1`;
		expect(await ofDossier(sql, femke, other!.id)).toBeUndefined();
	});

	it('exports CSV for Dutch spreadsheets: BOM, semicolons, quotes, no formulas', () => {
		const out = csv(
			['a', 'b'],
			[
				['x;y', 'zeg "hoi"'],
				['=SOM(1)', 'gewoon']
			]
		);
		expect(out).toBe('\uFEFFa;b\r\n"x;y";"zeg ""hoi"""\r\n\'=SOM(1);gewoon\r\n');
	});
});
