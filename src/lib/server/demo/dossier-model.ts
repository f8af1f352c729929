/**
 * The shape of a demo dossier (see dossiers.ts), and the facts the demo dossiers and their
 * seeding share: the schools' contacts, the teachers, and names used in many dossiers.
 */
import type { DocumentKind } from './documents';

/** The last day of demo activity; every date of the demo data lies on or before it. */
export const demoToday = '2026-11-20';

export interface Adres {
	straat: string;
	huisnummer: string;
	postcode: string;
	plaats: string;
}

/** A step of a status history: the status, or the status with its reason. */
type Step =
	| string
	| [status: string, reason: string]
	| {
			status: string;
			reason?: string;
			/** Username of who sets it; default: who usually does (see `actorFor`). */
			by?: string;
			/** Set by an automation (JK: after the pre-school's bijlage). */
			automatic?: boolean;
			/** Days after the previous step; default: a seeded 4 to 18. */
			gap?: number;
	  };

interface DemoBijlage {
	kind: DocumentKind;
	/** Added while the hulpvraag had the status reached at this step (0: the initial one). */
	at: number;
	/** Username; default: the IB'er for school documents, the SCP for reports, etc. */
	by?: string;
	parentVisible?: boolean;
	/** Added right before the next step (the step it triggers, or a closing status). */
	justBefore?: boolean;
}

interface DemoHulpvraag {
	titel: string;
	/** BRIN+vestiging of the school that asked, when not the current one: an earlier school. */
	school?: string;
	/** YYYY-MM-DD: the day the hulpvraag was made. */
	start: string;
	steps: Step[];
	omschrijving: string;
	labels?: string[];
	coordinator?: string;
	bijlagen?: DemoBijlage[];
}

interface DemoSchoolPeriod {
	school: string;
	groep?: string;
	start: string | null;
	end?: string;
}

export interface DemoDossier {
	organisation: string;
	roepnaam: string;
	tussenvoegsel?: string;
	achternaam: string;
	geboortedatum: string;
	geslacht: 'm' | 'v';
	woonadres: Adres;
	postadres?: Adres;
	adresOpmerking?: string;
	parents?: string[];
	/** BRIN+vestiging of the current school; none for a toddler without one (Jonge Kind). */
	school?: string;
	/** Start of the current school period when not the day after the fourth birthday. */
	schoolStart?: string | null;
	groep?: string;
	earlierSchools?: DemoSchoolPeriod[];
	/** What the worries are about; used in the documents. */
	focus: string;
	hulpvragen: DemoHulpvraag[];
	/** "Mijn notities" of lotte.vandam: local time 'YYYY-MM-DD HH:MM' and text. */
	notes?: { at: string; body: string }[];
}

/** School-side facts for the schoolgegevens: who to call, with a landline. */
export const schoolContacts: Record<string, { aanvrager: string; email: string; phone: string }> = {
	'21XA00': {
		aanvrager: 'Lotte van Dam',
		email: 'l.vandam@vuurtoren.example.nl',
		phone: '010-000 21 10'
	},
	'21XB00': {
		aanvrager: 'Marloes Timmer',
		email: 'zorg@deakker.example.nl',
		phone: '010-000 21 20'
	},
	'21XC00': {
		aanvrager: 'Rachid El Amrani',
		email: 'r.elamrani@hetkompas.example.nl',
		phone: '010-000 21 30'
	},
	'21XD00': {
		aanvrager: 'Rachid El Amrani',
		email: 'ib@deregenboog.example.nl',
		phone: '010-000 21 40'
	},
	'21XE01': { aanvrager: 'Joyce Hamers', email: 'ib@delinde.example.nl', phone: '010-000 21 51' },
	'27YA00': {
		aanvrager: 'Karin Dekker',
		email: 'k.dekker@destroming.example.nl',
		phone: '0321-000 270'
	},
	'27YB00': {
		aanvrager: 'Gerda Wolters',
		email: 'ib@dewilgenhoek.example.nl',
		phone: '0320-000 271'
	},
	'27YC00': {
		aanvrager: 'Samira Azzouzi',
		email: 'zorg@hetanker.example.nl',
		phone: '0320-000 272'
	}
};

export const teachers = [
	'Eva Claassen',
	'Jeroen Vos',
	'Marit Hoogland',
	'Kees Lammers',
	'Priya Ramsaran',
	'Bas Timmermans',
	'Hanneke Wouters',
	'Ricardo Martina',
	'Ilse Brinkman'
];

export const jk = 'Jonge kind (3,2 - 4 jr) advisering';
export const sanne = 'sanne.bakker@example.com';
export const tom = 'tom.vanleeuwen@example.com';
export const addedByJk = { status: 'JK bijlagen toegevoegd', automatic: true } as const;
