/**
 * The demo world for the aanpak and TLV tests: the actors by role, a hulpvraag of De
 * Vuurtoren in any status, and forms that are fine as they are.
 */
import type { Actor } from '../../src/lib/server/access/actor';
import { sql } from '../../src/lib/server/db';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import { makeDossier, seedWorld, type World } from './demo-world';

export interface ArrangementWorld {
	w: World;
	lotte: Actor; // IB'er, OBS De Vuurtoren
	henk: Actor; // directeur, OBS De Vuurtoren
	nora: Actor; // SCP
	anouk: Actor; // TLV-administratie
	femke: Actor; // beheerder
	sanne: Actor; // ouder
	mila: Actor; // extern (logopedist)
	fatima: Actor; // voorschool, Stromenland
	/** A hulpvraag of De Vuurtoren asked by Lotte, put in `status` (and its parents' addresses). */
	hulpvraagIn(status: string, options?: { titel?: string; parents?: string[] }): Promise<string>;
}

export async function arrangementWorld(): Promise<ArrangementWorld> {
	const w = await seedWorld(sql);
	const lotte = await w.acting('lotte.vandam');
	return {
		w,
		lotte,
		henk: await w.acting('henk.degroot'),
		nora: await w.acting('nora.yilmaz'),
		anouk: await w.acting('anouk.smit'),
		femke: await w.acting('beheer.femke'),
		sanne: await w.acting('sanne.bakker'),
		mila: await w.acting('mila.jansen'),
		fatima: await w.acting('fatima.ouali'),
		hulpvraagIn: async (status, { titel = 'Ambulante Begeleiding', parents = [] } = {}) => {
			const dossierId = await makeDossier(sql, lotte, w.school('21XA00'), {}, parents);
			const id = await hulpvraag.create(sql, lotte, {
				dossierId,
				schoolId: w.school('21XA00'),
				datum: '2026-09-01',
				titelId: w.titel('PO2806', titel),
				omschrijving: '',
				coordinatorId: w.account('pieter.verbeek').id,
				labels: []
			});
			await sql`update hulpvraag set status_id = ${w.status('PO2806', status)} where id = ${id}`;
			return id;
		}
	};
}

export const goodAanpak = {
	type: 'Ambulante begeleiding',
	behandelaar: 'Ambulante dienst',
	startdatum: '2026-09-07',
	einddatum: '2027-02-05',
	evaluatiedatum: '',
	budget: '1.250,50',
	toelichting: 'Tien momenten in de klas.'
};

export const goodTlv = {
	swv_nummer: 'TLV-2026-0900',
	categorie: 'midden',
	soort: 'so',
	ingangsdatum: '2026-08-01',
	einddatum: '2028-07-31',
	beschikkingsnummer: 'B-0900',
	bijlage_id: ''
};
