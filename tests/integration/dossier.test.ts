import { NotAllowed } from '../../src/lib/server/access/authorize';
import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/lib/server/db';
import * as dossier from '../../src/lib/server/dossiers/dossier';
import { makeDossier, seedWorld, type World } from '../support/demo-world';

let w: World;

beforeAll(async () => {
	w = await seedWorld(sql);
});

const period = (schoolId: string): dossier.SchoolPeriodInput => ({
	schoolId,
	groep: '4',
	aanvrager: 'Lotte van Dam',
	contactpersoon: 'Lotte van Dam',
	email: 'ib@vuurtoren.example.nl',
	phone: '010-1234567',
	startDate: '2025-08-25',
	endDate: null
});

const basis = (over: Partial<dossier.Basisgegevens> = {}): dossier.Basisgegevens => ({
	roepnaam: 'Noor',
	tussenvoegsel: 'de',
	achternaam: 'Vries',
	geboortedatum: '2018-06-02',
	geslacht: 'v',
	woonadres: { straat: 'Kade', huisnummer: '1', postcode: '3011 AB', plaats: 'Rotterdam' },
	postadres: null,
	adresOpmerking: '',
	...over
});

async function auditCount(action: string, targetId: string): Promise<number> {
	const [r] = await sql<{ n: number }[]>`
		select count(*)::int as n from audit_log where action = ${action} and target_id = ${targetId}`;
	return r!.n;
}

describe('searchSchools', () => {
	it('gives a school user only their own schools, by name, BRIN or city', async () => {
		const rachid = await w.acting('rachid.elamrani');
		expect((await dossier.searchSchools(sql, rachid, '')).map((s) => s.brinVestiging)).toEqual([
			'21XC00',
			'21XD00'
		]);
		expect(await dossier.searchSchools(sql, rachid, 'vuurtoren')).toEqual([]);
		expect((await dossier.searchSchools(sql, rachid, '21xd')).map((s) => s.name)).toEqual([
			'OBS De Regenboog'
		]);
	});

	it('gives SWV staff every school of their own organisation only', async () => {
		const nora = await w.acting('nora.yilmaz');
		const all = await dossier.searchSchools(sql, nora, '');
		expect(all).toHaveLength(5);
		expect(all.every((s) => s.brinVestiging.startsWith('21'))).toBe(true);
		expect((await dossier.searchSchools(sql, nora, 'rotterdam')).length).toBe(5);
		expect(await dossier.searchSchools(sql, nora, 'Dronten')).toEqual([]);
		const bram = await w.acting('bram.kok');
		expect((await dossier.searchSchools(sql, bram, 'dronten')).map((s) => s.name)).toEqual([
			'OBS De Stroming'
		]);
	});

	it('treats % and _ as plain characters', async () => {
		const nora = await w.acting('nora.yilmaz');
		expect(await dossier.searchSchools(sql, nora, '%')).toEqual([]);
		expect(await dossier.searchSchools(sql, nora, '_')).toEqual([]);
	});
});

describe('create and get', () => {
	it('stores basisgegevens, the school period and the parents, with an audit row', async () => {
		const lotte = await w.acting('lotte.vandam');
		const id = await dossier.create(sql, lotte, {
			basis: basis(),
			period: period(w.school('21XA00')),
			parentEmails: ['ouder.devries@example.com']
		});
		const d = await dossier.get(sql, w.org.PO2806, id);
		expect(d).toMatchObject({
			id,
			organisationId: w.org.PO2806,
			roepnaam: 'Noor',
			tussenvoegsel: 'de',
			achternaam: 'Vries',
			geboortedatum: '2018-06-02',
			geslacht: 'v',
			woonadres: { straat: 'Kade', huisnummer: '1', postcode: '3011 AB', plaats: 'Rotterdam' },
			postadres: null,
			version: 1,
			parentEmails: ['ouder.devries@example.com']
		});
		expect(d!.periods).toHaveLength(1);
		expect(d!.periods[0]).toMatchObject({
			schoolId: w.school('21XA00'),
			schoolName: 'OBS De Vuurtoren',
			brinVestiging: '21XA00',
			region: 'IJsselmonde',
			groep: '4',
			startDate: '2025-08-25',
			endDate: null
		});
		expect(await auditCount('dossier.create', id)).toBe(1);
	});

	it('is not found from the other organisation', async () => {
		const lotte = await w.acting('lotte.vandam');
		const id = await makeDossier(sql, lotte, w.school('21XA00'));
		expect(await dossier.get(sql, w.org.PO2507, id)).toBeUndefined();
		expect(await dossier.periods(sql, w.org.PO2507, id)).toEqual([]);
	});

	it('refuses a school that is not the school user’s own, or not of the organisation', async () => {
		const lotte = await w.acting('lotte.vandam');
		const input = { basis: basis(), parentEmails: [] };
		for (const schoolId of [w.school('21XC00'), w.school('27YA00'), 'geen-uuid']) {
			await expect(
				dossier.create(sql, lotte, { ...input, period: period(schoolId) })
			).rejects.toBeInstanceOf(dossier.Invalid);
		}
		// SWV staff may pick any school of their organisation, not of another.
		const nora = await w.acting('nora.yilmaz');
		await expect(
			dossier.create(sql, nora, { ...input, period: period(w.school('21XC00')) })
		).resolves.toMatch(/^[0-9a-f-]{36}$/);
		await expect(
			dossier.create(sql, nora, { ...input, period: period(w.school('27YA00')) })
		).rejects.toBeInstanceOf(dossier.Invalid);
	});
});

describe('findDuplicates', () => {
	it('finds the same birth date with a similar name, whatever the tussenvoegsel', async () => {
		const nora = await w.acting('nora.yilmaz');
		const id = await makeDossier(sql, nora, w.school('21XD00'), {
			roepnaam: 'Daan',
			tussenvoegsel: 'van',
			achternaam: 'Dijk',
			geboortedatum: '2017-09-09'
		});
		const byAchternaam = await dossier.findDuplicates(
			sql,
			nora,
			{ roepnaam: 'Daniel', achternaam: 'Dijk' },
			'2017-09-09'
		);
		expect(byAchternaam.map((d) => d.id)).toEqual([id]);
		expect(byAchternaam[0]).toMatchObject({
			roepnaam: 'Daan',
			tussenvoegsel: 'van',
			achternaam: 'Dijk',
			geboortedatum: '2017-09-09',
			schools: ['OBS De Regenboog'],
			visible: true
		});
		// An IB'er of another school learns only that such a child exists, not who it is.
		const other = await dossier.findDuplicates(
			sql,
			await w.acting('lotte.vandam'),
			{ roepnaam: 'Daniel', achternaam: 'Dijk' },
			'2017-09-09'
		);
		expect(other).toEqual([
			{
				id: '',
				roepnaam: '',
				tussenvoegsel: '',
				achternaam: '',
				geboortedatum: '2017-09-09',
				schools: [],
				visible: false
			}
		]);
		// Typed with the tussenvoegsel in the achternaam field.
		expect(
			(
				await dossier.findDuplicates(
					sql,
					nora,
					{ roepnaam: '', achternaam: 'van Dijk' },
					'2017-09-09'
				)
			).map((d) => d.id)
		).toEqual([id]);
		// Same roepnaam, different achternaam (a new surname after a move).
		expect(
			(
				await dossier.findDuplicates(
					sql,
					nora,
					{ roepnaam: 'daan', achternaam: 'Bakker' },
					'2017-09-09'
				)
			).map((d) => d.id)
		).toEqual([id]);
	});

	it('finds nothing on another birth date or in the other organisation', async () => {
		const nora = await w.acting('nora.yilmaz');
		await makeDossier(sql, nora, w.school('21XD00'), {
			roepnaam: 'Sem',
			achternaam: 'Kuiper',
			geboortedatum: '2016-01-20'
		});
		const name = { roepnaam: 'Sem', achternaam: 'Kuiper' };
		expect(await dossier.findDuplicates(sql, nora, name, '2016-01-21')).toEqual([]);
		expect(
			await dossier.findDuplicates(sql, await w.acting('bram.kok'), name, '2016-01-20')
		).toEqual([]);
		expect(
			await dossier.findDuplicates(
				sql,
				nora,
				{ roepnaam: 'Ali', achternaam: 'Yildiz' },
				'2016-01-20'
			)
		).toEqual([]);
		// A wildcard in the typed name is a character, not "any name".
		for (const achternaam of ['%', '_'])
			expect(
				await dossier.findDuplicates(sql, nora, { roepnaam: '', achternaam }, '2016-01-20')
			).toEqual([]);
	});
});

describe('updateBasis', () => {
	it('saves with the version the form showed and replaces the parents', async () => {
		const lotte = await w.acting('lotte.vandam');
		const id = await makeDossier(sql, lotte, w.school('21XA00'), {}, [
			'oud@example.com',
			'blijft@example.com'
		]);
		await dossier.updateBasis(sql, lotte, id, 1, basis({ roepnaam: 'Nora', postadres: null }), [
			'blijft@example.com',
			'nieuw@example.com'
		]);
		const d = await dossier.get(sql, w.org.PO2806, id);
		expect(d!.roepnaam).toBe('Nora');
		expect(d!.version).toBe(2);
		expect([...d!.parentEmails].sort()).toEqual(['blijft@example.com', 'nieuw@example.com']);
		expect(await auditCount('dossier.update', id)).toBe(1);
	});

	it('refuses a stale version with a clear Dutch message and keeps the first change', async () => {
		const lotte = await w.acting('lotte.vandam');
		const henk = await w.acting('henk.degroot');
		const id = await makeDossier(sql, lotte, w.school('21XA00'));
		await dossier.updateBasis(sql, lotte, id, 1, basis({ roepnaam: 'Eerste' }), []);
		const second = dossier.updateBasis(sql, henk, id, 1, basis({ roepnaam: 'Tweede' }), []);
		await expect(second).rejects.toBeInstanceOf(dossier.Conflict);
		await expect(second).rejects.toThrow(/Iemand anders heeft dit dossier intussen gewijzigd/);
		const d = await dossier.get(sql, w.org.PO2806, id);
		expect(d).toMatchObject({ roepnaam: 'Eerste', version: 2 });
		expect(await auditCount('dossier.update', id)).toBe(1);
	});

	it('treats a missing or tampered version as a stale form, not a database error', async () => {
		const lotte = await w.acting('lotte.vandam');
		const id = await makeDossier(sql, lotte, w.school('21XA00'));
		for (const version of [Number.NaN, 1.5]) {
			await expect(
				dossier.updateBasis(sql, lotte, id, version, basis({ roepnaam: 'Nee' }), [])
			).rejects.toBeInstanceOf(dossier.Conflict);
		}
		expect((await dossier.get(sql, w.org.PO2806, id))!.version).toBe(1);
	});

	it('cannot change a dossier of another organisation', async () => {
		const lotte = await w.acting('lotte.vandam');
		const karin = await w.acting('karin.dekker');
		const id = await makeDossier(sql, lotte, w.school('21XA00'));
		await expect(
			dossier.updateBasis(sql, karin, id, 1, basis({ roepnaam: 'Indringer' }), [])
		).rejects.toBeInstanceOf(NotAllowed);
		expect((await dossier.get(sql, w.org.PO2806, id))!.roepnaam).not.toBe('Indringer');
	});
});

describe('school periods', () => {
	it('adds and updates a period, with audit rows', async () => {
		const nora = await w.acting('nora.yilmaz');
		const id = await makeDossier(sql, nora, w.school('21XA00'));
		const periodId = await dossier.addPeriod(sql, nora, id, {
			...period(w.school('21XC00')),
			startDate: '2026-01-05'
		});
		let periods = await dossier.periods(sql, w.org.PO2806, id);
		expect(periods.map((p) => p.brinVestiging).sort()).toEqual(['21XA00', '21XC00']);
		await dossier.updatePeriod(sql, nora, id, periodId, {
			...period(w.school('21XC00')),
			groep: '6',
			startDate: '2026-01-05',
			endDate: '2026-07-10'
		});
		periods = await dossier.periods(sql, w.org.PO2806, id);
		expect(periods.find((p) => p.id === periodId)).toMatchObject({
			groep: '6',
			endDate: '2026-07-10'
		});
		expect(await auditCount('dossier.school_period.add', id)).toBe(1);
		expect(await auditCount('dossier.school_period.update', id)).toBe(1);
	});

	it('refuses a school of another organisation and an unknown period', async () => {
		const nora = await w.acting('nora.yilmaz');
		const id = await makeDossier(sql, nora, w.school('21XA00'));
		await expect(
			dossier.addPeriod(sql, nora, id, period(w.school('27YA00')))
		).rejects.toBeInstanceOf(dossier.Invalid);
		await expect(
			dossier.updatePeriod(sql, nora, id, crypto.randomUUID(), period(w.school('21XA00')))
		).rejects.toBeInstanceOf(dossier.Invalid);
	});

	it('cannot add or change a period of a dossier of another organisation', async () => {
		const nora = await w.acting('nora.yilmaz');
		const bram = await w.acting('bram.kok');
		const id = await makeDossier(sql, nora, w.school('21XA00'));
		const [p] = await dossier.periods(sql, w.org.PO2806, id);
		await expect(
			dossier.addPeriod(sql, bram, id, period(w.school('27YA00')))
		).rejects.toBeInstanceOf(NotAllowed);
		await expect(
			dossier.updatePeriod(sql, bram, id, p!.id, { ...period(w.school('21XA00')), groep: 'X' })
		).rejects.toBeInstanceOf(NotAllowed);
		const periods = await dossier.periods(sql, w.org.PO2806, id);
		expect(periods).toHaveLength(1);
		expect(periods[0]!.groep).toBe('3');
	});

	it('refuses a dossier that does not exist as not there for the actor, not a database error', async () => {
		const nora = await w.acting('nora.yilmaz');
		await expect(
			dossier.addPeriod(sql, nora, crypto.randomUUID(), period(w.school('21XA00')))
		).rejects.toBeInstanceOf(NotAllowed);
	});
});

describe('Mijn notities', () => {
	it('are private to their author', async () => {
		const lotte = await w.acting('lotte.vandam');
		const henk = await w.acting('henk.degroot');
		const femke = await w.acting('beheer.femke');
		const id = await makeDossier(sql, lotte, w.school('21XA00'));
		const noteId = await dossier.addNote(sql, lotte, id, 'Moeder belt donderdag terug.');
		await dossier.addNote(sql, henk, id, 'Notitie van de directeur.');
		expect((await dossier.notes(sql, lotte, id)).map((n) => n.body)).toEqual([
			'Moeder belt donderdag terug.'
		]);
		expect((await dossier.notes(sql, henk, id)).map((n) => n.body)).toEqual([
			'Notitie van de directeur.'
		]);
		expect(await dossier.notes(sql, femke, id)).toEqual([]);
		// Nobody else can delete it, its author can.
		expect(await dossier.deleteNote(sql, henk, noteId)).toBe(false);
		expect(await dossier.deleteNote(sql, femke, noteId)).toBe(false);
		expect(await dossier.notes(sql, lotte, id)).toHaveLength(1);
		expect(await dossier.deleteNote(sql, lotte, noteId)).toBe(true);
		expect(await dossier.notes(sql, lotte, id)).toEqual([]);
	});

	it('cannot be added to a dossier of another organisation', async () => {
		const lotte = await w.acting('lotte.vandam');
		const karin = await w.acting('karin.dekker');
		const id = await makeDossier(sql, lotte, w.school('21XA00'));
		await expect(dossier.addNote(sql, karin, id, 'x')).rejects.toBeInstanceOf(NotAllowed);
		expect(await dossier.notes(sql, karin, id)).toEqual([]);
	});
});
