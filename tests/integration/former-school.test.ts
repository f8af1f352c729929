/**
 * A child that left a school: the school's staff keep reading the hulpvraag it asked and the
 * bijlagen its own staff added, and nothing else; the school that has the child now sees the
 * dossier. The facts come from the school periods (an end date before today in
 * Europe/Amsterdam ends one) and from who added each bijlage.
 */
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { may } from '../../src/lib/server/access/policy';
import { sql } from '../../src/lib/server/db';
import * as bijlagen from '../../src/lib/server/dossiers/bijlagen';
import { dossierFacts, hulpvraagFacts } from '../../src/lib/server/dossiers/facts';
import { dossierFor, hulpvraagFor } from '../../src/lib/server/dossiers/guard';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import { makeDossier, seedWorld, type World } from '../support/demo-world';
import { minimalPdf } from '../support/files';

let w: World;
let lotte: Actor; // IB'er, OBS De Vuurtoren (21XA00)
let rachid: Actor; // IB'er, Het Kompas (21XC00)
let nora: Actor; // SCP

beforeAll(async () => {
	w = await seedWorld(sql);
	lotte = await w.acting('lotte.vandam');
	rachid = await w.acting('rachid.elamrani');
	nora = await w.acting('nora.yilmaz');
});

/** A submitted hulpvraag of De Vuurtoren, for a child with one open period there. */
async function atVuurtoren(): Promise<{ id: string; dossierId: string }> {
	const dossierId = await makeDossier(sql, lotte, w.school('21XA00'));
	const id = await hulpvraag.create(sql, lotte, {
		dossierId,
		schoolId: w.school('21XA00'),
		datum: '2024-03-04',
		titelId: w.titel('PO2806', 'Ambulante Begeleiding'),
		omschrijving: '',
		coordinatorId: null,
		labels: []
	});
	// Submitted when made.
	expect((await hulpvraag.get(sql, w.org.PO2806, id))!.status).toBe('Aanmelding');
	return { id, dossierId };
}

/** Ends the period at De Vuurtoren `days` days from today (Amsterdam); Het Kompas takes over. */
async function leaveVuurtoren(dossierId: string, days: number) {
	await sql`update school_period
		set end_date = (now() at time zone 'Europe/Amsterdam')::date + ${days}::int
		where dossier_id = ${dossierId} and school_id = ${w.school('21XA00')}`;
	await sql`insert into school_period (dossier_id, school_id, start_date)
		values (${dossierId}, ${w.school('21XC00')},
			(now() at time zone 'Europe/Amsterdam')::date + ${days + 1}::int)`;
}

async function* one(name: string, text: string) {
	yield { name, stream: Readable.from([minimalPdf(text)]) };
}

describe('when a school period has ended', () => {
	it('on its end date the school still has the child; the day after, it reads only', async () => {
		const today = await atVuurtoren();
		await leaveVuurtoren(today.dossierId, 0);
		const stillThere = (await hulpvraagFacts(sql, w.org.PO2806, today.id))!;
		expect(may(lotte, 'change-status', stillThere).allowed).toBe(true);
		expect(
			may(lotte, 'view', (await dossierFacts(sql, w.org.PO2806, today.dossierId))!).allowed
		).toBe(true);

		const yesterday = await atVuurtoren();
		await leaveVuurtoren(yesterday.dossierId, -1);
		const left = (await hulpvraagFacts(sql, w.org.PO2806, yesterday.id))!;
		expect(left.currentSchoolIds).toEqual([w.school('21XC00')]);
		expect(may(lotte, 'view', left).allowed).toBe(true);
		for (const action of [
			'edit',
			'change-status',
			'add-attachment',
			'manage-overlegronde'
		] as const)
			expect(may(lotte, action, left).allowed, action).toBe(false);
		const dossier = (await dossierFacts(sql, w.org.PO2806, yesterday.dossierId))!;
		expect(dossier.schoolIds).toEqual([w.school('21XC00')]);
		expect(may(lotte, 'view', dossier).allowed).toBe(false);
		expect(may(rachid, 'view', dossier).allowed).toBe(true);
		expect(may(rachid, 'view', left).allowed).toBe(false);
	});

	it('a period that starts later counts: the school that takes the child in sees the dossier', async () => {
		const h = await atVuurtoren();
		await leaveVuurtoren(h.dossierId, 30);
		const dossier = (await dossierFacts(sql, w.org.PO2806, h.dossierId))!;
		expect([...dossier.schoolIds].sort()).toEqual([w.school('21XA00'), w.school('21XC00')].sort());
		expect(may(rachid, 'view', dossier).allowed).toBe(true);
		expect(may(lotte, 'edit', dossier).allowed).toBe(true);
	});

	it('answers 404 at the door of the dossier and of every write, not of the hulpvraag', async () => {
		const h = await atVuurtoren();
		await leaveVuurtoren(h.dossierId, -400);
		await expect(hulpvraagFor(sql, lotte, h.id)).resolves.toMatchObject({ id: h.id });
		for (const action of [
			'edit',
			'change-status',
			'add-attachment',
			'manage-overlegronde'
		] as const)
			await expect(hulpvraagFor(sql, lotte, h.id, action), action).rejects.toMatchObject({
				status: 404
			});
		for (const action of ['view', 'edit', 'add-note', 'create-hulpvraag'] as const)
			await expect(dossierFor(sql, lotte, h.dossierId, action), action).rejects.toMatchObject({
				status: 404
			});
	});
});

describe('bijlagen after the child left', () => {
	it('records the school of whoever added a bijlage, and shows the former school only its own', async () => {
		const h = await atVuurtoren();
		const facts = (await hulpvraagFacts(sql, w.org.PO2806, h.id))!;
		const byLotte = await bijlagen.upload(sql, lotte, facts, one('OPP_school.pdf', 'OPP'));
		const byNora = await bijlagen.upload(sql, nora, facts, one('Verslag_SCP.pdf', 'Verslag'));
		const lotteId = byLotte.results[0]!.id!;
		const noraId = byNora.results[0]!.id!;
		const rows = await sql<{ id: string; addedBySchoolId: string | null }[]>`
			select id, added_by_school_id from bijlage where hulpvraag_id = ${h.id} order by added_at`;
		expect(rows).toEqual([
			{ id: lotteId, addedBySchoolId: w.school('21XA00') },
			{ id: noraId, addedBySchoolId: null }
		]);

		const shown = async (actor: Actor) => {
			const current = (await hulpvraagFacts(sql, w.org.PO2806, h.id))!;
			return (await bijlagen.list(sql, actor, current)).map((b) => b.id).sort();
		};
		expect(await shown(lotte)).toEqual([lotteId, noraId].sort());

		await leaveVuurtoren(h.dossierId, -1);
		expect(await shown(lotte)).toEqual([lotteId]);
		expect(await shown(nora)).toEqual([lotteId, noraId].sort());
		const opener = (id: string) => hulpvraagFacts(sql, w.org.PO2806, id);
		expect(await bijlagen.open(sql, lotte, opener, lotteId, 'view')).toBeDefined();
		expect(await bijlagen.open(sql, lotte, opener, noraId, 'download')).toBeUndefined();
		expect(await bijlagen.open(sql, rachid, opener, lotteId, 'view')).toBeUndefined();
	});
});
