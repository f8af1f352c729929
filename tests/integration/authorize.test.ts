/**
 * The domain functions that change data check access themselves, on facts they read in
 * their own transaction, whatever their caller checked: an actor that may not gets
 * `NotAllowed` and the database is as it was. An upload checks again once a file is read,
 * so a status that closes bijlagen while it streams keeps the file out.
 */
import type postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import { sql } from '../../src/lib/server/db';
import * as aanvrager from '../../src/lib/server/dossiers/aanvrager';
import * as bijlagen from '../../src/lib/server/dossiers/bijlagen';
import * as dossier from '../../src/lib/server/dossiers/dossier';
import { hulpvraagFacts } from '../../src/lib/server/dossiers/facts';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import * as voorschool from '../../src/lib/server/dossiers/voorschool';
import * as jobs from '../../src/lib/server/jobs';
import { minimalPdf } from '../support/files';
import { seedWorld, type World } from '../support/demo-world';
import { newVuurtorenHulpvraag } from '../support/vuurtoren';

let w: World;
let lotte: Actor; // IB'er of De Vuurtoren, the school that asks
let pieter: Actor; // coördinator of the SWV
const deniers: Record<string, Actor> = {};

beforeAll(async () => {
	w = await seedWorld(sql);
	lotte = await w.acting('lotte.vandam');
	pieter = await w.acting('pieter.verbeek');
	for (const username of [
		'rachid.elamrani', // IB'er of other schools of the same SWV
		'sanne.bakker', // a parent
		'mila.jansen', // an extern
		'esther.bos', // JK-specialist of another organisation
		'fatima.ouali' // voorschoolse contactpersoon of another organisation
	]) {
		deniers[username] = await w.acting(username);
	}
});

const fresh = (what: string) =>
	newVuurtorenHulpvraag(sql as unknown as postgres.Sql, {
		roepnaam: 'Toegang',
		omschrijving: `Testhulpvraag: ${what}.`
	});

/** Everything a refused change could have touched, to compare before and after. */
async function stateOf(id: string) {
	const [row] = await sql<{ version: number; statusId: string }[]>`
		select version, status_id from hulpvraag where id = ${id}`;
	const [counts] = await sql<{ changes: number; links: number; files: number; audit: number }[]>`
		select (select count(*)::int from status_change where hulpvraag_id = ${id}) as changes,
			(select count(*)::int from hulpvraag_link where hulpvraag_id = ${id}) as links,
			(select count(*)::int from bijlage where hulpvraag_id = ${id}) as files,
			(select count(*)::int from audit_log where target_id = ${id}
				and action <> 'hulpvraag.view') as audit`;
	return { ...row!, ...counts! };
}

async function* one(name: string, data: Buffer): AsyncGenerator<bijlagen.IncomingFile> {
	yield {
		name,
		stream: (async function* () {
			yield new Uint8Array(data);
		})()
	};
}

describe('every mutating function refuses an actor that may not, and changes nothing', () => {
	it('hulpvraag.changeStatus', async () => {
		const id = await fresh('status');
		const [{ version } = { version: 0 }] = await sql<{ version: number }[]>`
			select version from hulpvraag where id = ${id}`;
		const before = await stateOf(id);
		for (const [username, actor] of Object.entries(deniers)) {
			await expect(
				hulpvraag.changeStatus(sql, actor, {
					hulpvraagId: id,
					toStatusId: w.status('PO2806', 'Dossier compleet'),
					reason: 'Mag niet',
					version
				}),
				username
			).rejects.toBeInstanceOf(NotAllowed);
		}
		expect(await stateOf(id)).toEqual(before);
		// The same call by the coördinator goes through: the refusals were about the actor.
		await hulpvraag.changeStatus(sql, pieter, {
			hulpvraagId: id,
			toStatusId: w.status('PO2806', 'Dossier compleet'),
			reason: '',
			version
		});
		expect((await stateOf(id)).changes).toBe(before.changes + 1);
	});

	it('voorschool.add and voorschool.remove (SWV staff only)', async () => {
		const id = await fresh('voorschool');
		const contact = w.account('fatima.ouali').id;
		const before = await stateOf(id);
		for (const [username, actor] of Object.entries({ ...deniers, 'lotte.vandam': lotte })) {
			await expect(voorschool.add(sql, actor, id, contact), username).rejects.toBeInstanceOf(
				NotAllowed
			);
			await expect(voorschool.remove(sql, actor, id, contact), username).rejects.toBeInstanceOf(
				NotAllowed
			);
		}
		expect(await stateOf(id)).toEqual(before);
	});

	it('bijlagen.upload, before a byte of the file is read', async () => {
		const id = await fresh('upload');
		const facts = (await hulpvraagFacts(sql, w.org.PO2806, id))!;
		const before = await stateOf(id);
		for (const [username, actor] of Object.entries(deniers)) {
			let read = false;
			const incoming = (async function* (): AsyncGenerator<bijlagen.IncomingFile> {
				read = true;
				yield* one('Verslag.pdf', minimalPdf('Verslag'));
			})();
			await expect(bijlagen.upload(sql, actor, facts, incoming), username).rejects.toBeInstanceOf(
				NotAllowed
			);
			expect(read, username).toBe(false);
		}
		expect(await stateOf(id)).toEqual(before);
	});

	it('the dossier: basisgegevens, school periods, notes; the aanvrager', async () => {
		const id = await fresh('dossier');
		const [{ dossierId } = { dossierId: '' }] = await sql<{ dossierId: string }[]>`
			select dossier_id from hulpvraag where id = ${id}`;
		const [period] = await dossier.periods(sql, w.org.PO2806, dossierId);
		const basis: dossier.Basisgegevens = {
			roepnaam: 'Indringer',
			tussenvoegsel: '',
			achternaam: 'Onbevoegd',
			geboortedatum: '2019-03-14',
			geslacht: 'onbekend',
			woonadres: null,
			postadres: null,
			adresOpmerking: ''
		};
		const newPeriod: dossier.SchoolPeriodInput = {
			schoolId: w.school('21XA00'),
			groep: 'X',
			aanvrager: '',
			contactpersoon: '',
			email: '',
			phone: '',
			startDate: null,
			endDate: null
		};
		const before = await stateOf(id);
		const dossierBefore = await dossier.get(sql, w.org.PO2806, dossierId);
		for (const [username, actor] of Object.entries(deniers)) {
			const refused = (call: Promise<unknown>) =>
				expect(call, username).rejects.toBeInstanceOf(NotAllowed);
			await refused(dossier.updateBasis(sql, actor, dossierId, 1, basis, []));
			// Of another organisation, the school itself is unknown to the actor: refused as input.
			if (actor.organisationId === w.org.PO2806) {
				await refused(dossier.addPeriod(sql, actor, dossierId, newPeriod));
			}
			await refused(dossier.updatePeriod(sql, actor, dossierId, period!.id, newPeriod));
			await refused(dossier.addNote(sql, actor, dossierId, 'Mag niet'));
			await refused(aanvrager.change(sql, actor, id, actor.accountId));
		}
		expect(await stateOf(id)).toEqual(before);
		expect(await dossier.get(sql, w.org.PO2806, dossierId)).toEqual(dossierBefore);
		expect(await dossier.periods(sql, w.org.PO2806, dossierId)).toHaveLength(1);
		const [{ notes } = { notes: -1 }] = await sql<{ notes: number }[]>`
			select count(*)::int as notes from dossier_note where dossier_id = ${dossierId}`;
		expect(notes).toBe(0);
	});

	it('dossier.create and hulpvraag.create', async () => {
		const child: dossier.Basisgegevens = {
			roepnaam: 'Nieuw',
			tussenvoegsel: '',
			achternaam: 'Onbevoegd',
			geboortedatum: '2019-03-14',
			geslacht: 'onbekend',
			woonadres: null,
			postadres: null,
			adresOpmerking: ''
		};
		const dossiers = async () =>
			(await sql<{ n: number }[]>`select count(*)::int as n from dossier`)[0]!.n;
		const before = await dossiers();
		for (const username of ['sanne.bakker', 'mila.jansen', 'fatima.ouali']) {
			await expect(
				dossier.create(sql, deniers[username]!, { basis: child, period: null, parentEmails: [] }),
				username
			).rejects.toBeInstanceOf(NotAllowed);
		}
		expect(await dossiers()).toBe(before);

		// Rachid may ask for his own school, but not on a dossier of a child at De Vuurtoren.
		const id = await fresh('another school asks');
		const [{ dossierId } = { dossierId: '' }] = await sql<{ dossierId: string }[]>`
			select dossier_id from hulpvraag where id = ${id}`;
		const count = async () =>
			(
				await sql<{ n: number }[]>`select count(*)::int as n from hulpvraag
					where dossier_id = ${dossierId}`
			)[0]!.n;
		await expect(
			hulpvraag.create(sql, deniers['rachid.elamrani']!, {
				dossierId,
				schoolId: w.school('21XC00'),
				datum: '2026-12-01',
				titelId: w.titel('PO2806', 'Ambulante Begeleiding'),
				omschrijving: 'Mag niet',
				coordinatorId: null,
				labels: []
			})
		).rejects.toBeInstanceOf(NotAllowed);
		expect(await count()).toBe(1);
	});

	it('an id that is no uuid is a thing that does not exist, not a database error', async () => {
		await expect(dossier.addNote(sql, lotte, 'geen-uuid', 'x')).rejects.toBeInstanceOf(NotAllowed);
		await expect(
			hulpvraag.changeStatus(sql, pieter, {
				hulpvraagId: 'geen-uuid',
				toStatusId: w.status('PO2806', 'Dossier compleet'),
				reason: '',
				version: 1
			})
		).rejects.toBeInstanceOf(NotAllowed);
		await expect(
			voorschool.add(sql, pieter, 'geen-uuid', w.account('fatima.ouali').id)
		).rejects.toBeInstanceOf(NotAllowed);
	});

	it('jobs.list and jobs.runNow (beheerders only)', async () => {
		for (const actor of [lotte, pieter, ...Object.values(deniers)]) {
			await expect(jobs.list(sql, actor)).rejects.toBeInstanceOf(NotAllowed);
			await expect(jobs.runNow(sql, actor, 'denials')).rejects.toBeInstanceOf(NotAllowed);
		}
	});
});

it('a status that closes bijlagen while a file streams keeps that file out, and says why', async () => {
	const id = await fresh('status changes mid-upload');
	const facts = (await hulpvraagFacts(sql, w.org.PO2806, id))!;
	const pdf = minimalPdf('Laat');
	const incoming = (async function* (): AsyncGenerator<bijlagen.IncomingFile> {
		yield {
			name: 'Laat verslag.pdf',
			stream: (async function* () {
				yield new Uint8Array(pdf.subarray(0, 16));
				// Meanwhile the SWV closes the hulpvraag.
				await sql`update hulpvraag set status_id = ${w.status('PO2806', 'Afgerond')}
					where id = ${id}`;
				yield new Uint8Array(pdf.subarray(16));
			})()
		};
	})();
	const outcome = await bijlagen.upload(sql, lotte, facts, incoming);
	expect(outcome.results).toEqual([
		expect.objectContaining({
			name: 'Laat verslag.pdf',
			ok: false,
			error: expect.stringMatching(/niet toegevoegd/)
		})
	]);
	expect((await stateOf(id)).files).toBe(0);
	const [refusal] = await sql<{ details: { reason: string } }[]>`
		select details from audit_log where action = 'bijlage.refused' and target_id = ${id}`;
	expect(refusal?.details.reason).toBe('not_allowed');
});
