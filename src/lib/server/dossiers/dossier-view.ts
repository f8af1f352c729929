/**
 * The dossier as a viewer may read it. A secret address (the child's, or a verzorger's) is
 * shown to SWV staff and beheerders only (`seesSecretAddress`): for everyone else it is
 * blanked, and the page says that it is secret.
 */
import { seesSecretAddress, type Actor } from '../access/policy';
import type { Adres, Dossier } from './dossier';

/** A parent or carer as the school's system sent them. */
export interface Verzorger {
	naam: string;
	/** Codelijst 41: 1 vader, 2 moeder, …; empty when not sent. */
	relatie: string;
	wettigVertegenwoordiger: boolean | null;
	telefoon: string;
	adres: Adres | null;
	adresGeheim: boolean;
}

export interface OsoOndersteuning {
	opp: { ingangsdatum: string; einddatum: string | null } | null;
	tlvs: {
		ingangsdatum: string;
		categorie: string;
		beschikkingsnummer: string;
		einddatum: string | null;
	}[];
	ontvangenOp: string;
}

/** The dossier as `actor` may read it; `adresVerborgen` says that something was blanked. */
export function forViewer(actor: Actor, d: Dossier): Dossier & { adresVerborgen: boolean } {
	const sees = seesSecretAddress(actor);
	const hideChild = d.adresGeheim && !sees;
	return {
		...d,
		...(hideChild ? { woonadres: null, postadres: null, adresOpmerking: '' } : {}),
		verzorgers: d.verzorgers.map((v) => (v.adresGeheim && !sees ? { ...v, adres: null } : v)),
		adresVerborgen: hideChild || (!sees && d.verzorgers.some((v) => v.adresGeheim))
	};
}
