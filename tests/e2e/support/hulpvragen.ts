import { newVuurtorenHulpvraag as create } from '../../support/vuurtoren';
import { db } from './db';

/** A fresh hulpvraag of De Vuurtoren in Aanmelding, in the database behind the app under test. */
export function newVuurtorenHulpvraag(roepnaam: string, omschrijving: string): Promise<string> {
	return create(db(), { roepnaam, omschrijving });
}
