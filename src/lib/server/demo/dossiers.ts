/**
 * Demo dossiers: about twenty fictional children per demo organisation,
 * with hulpvragen spread over every status of the process, a status history that follows
 * the process, a few small real PDF bijlagen and some notes, so every screen has something
 * real to show.
 *
 * The histories are written as paths of statuses; seeding checks each step against the
 * process in the database (process_transition, settable_by, reason_required, voorlopig,
 * closes_attachments, region rules, automations) and refuses demo data that breaks it.
 *
 * Deterministic: fixed dates up to `demoToday`, times from a seeded generator, PDFs with
 * fixed dates; the same run gives the same names, dates and blob hashes every time.
 * Names, addresses, e-mail addresses (example.* domains) and phone numbers are invented.
 */
import { Readable } from 'node:stream';
import type { Role } from '../../roles';
import type { TransactionSql } from '../db';
import * as files from '../files';
import type { FileStore } from '../files/store';
import { demoDocument, type DocumentKind } from './documents';
import { renderPdf } from './pdf';

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
const schoolContacts: Record<string, { aanvrager: string; email: string; phone: string }> = {
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

const teachers = [
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

const jk = 'Jonge kind (3,2 - 4 jr) advisering';
const sanne = 'sanne.bakker@example.com';
const tom = 'tom.vanleeuwen@example.com';
const addedByJk = { status: 'JK bijlagen toegevoegd', automatic: true } as const;

export const dossiers: DemoDossier[] = [
	// PPO Rotterdam. OBS De Vuurtoren (21XA00, IJsselmonde) is Lotte van Dam's school.
	{
		organisation: 'PO2806',
		roepnaam: 'Noah',
		achternaam: 'Bakker',
		geboortedatum: '2018-05-14',
		geslacht: 'm',
		woonadres: {
			straat: 'Zeilmakerslaan',
			huisnummer: '41',
			postcode: '3078 KP',
			plaats: 'Rotterdam'
		},
		parents: [sanne],
		school: '21XA00',
		focus: 'lezen en spellen',
		hulpvragen: [
			{
				titel: 'Dyslexie -Vergoede zorg',
				start: '2026-04-14',
				steps: [
					'Dossier compleet',
					[
						'Toegekend',
						'Onderzoek naar ernstige enkelvoudige dyslexie bij een gecontracteerde aanbieder.'
					]
				],
				omschrijving:
					'Noah leest na twee perioden intensieve leesbegeleiding nog op het niveau van eind groep 3. Het leesdossier is toegevoegd; ouders staan achter de aanvraag.',
				bijlagen: [
					{ kind: 'leesdossier', at: 0, parentVisible: true },
					{ kind: 'groeidocument', at: 0 }
				]
			},
			{
				titel: 'Psychodiagnostisch onderzoek',
				start: '2026-11-12',
				// Not ready yet: the school took it back to prepare it first.
				steps: [{ status: 'Voorlopige aanmelding', gap: 0 }],
				omschrijving:
					'Concept: na het dyslexieonderzoek willen we ook concentratie en werkhouding laten onderzoeken. Eerst bespreken met ouders.'
			}
		],
		notes: [
			{
				at: '2026-10-06 16:10',
				body: 'Moeder belde: Noah slaapt slecht sinds oma bij hen is ingetrokken. Meenemen in het oudergesprek van november.'
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Lieke',
		achternaam: 'Bakker',
		geboortedatum: '2021-11-02',
		geslacht: 'v',
		woonadres: {
			straat: 'Zeilmakerslaan',
			huisnummer: '41',
			postcode: '3078 KP',
			plaats: 'Rotterdam'
		},
		parents: [sanne],
		school: '21XA00',
		focus: 'taal en spraak',
		hulpvragen: [
			{
				titel: 'Preventie SCP',
				start: '2026-03-09',
				steps: [
					'Dossier compleet',
					'In behandeling',
					[
						'Afgerond',
						'Na acht weken observatie en advies aan de leerkracht gaat het goed; geen verdere ondersteuning nodig.'
					]
				],
				omschrijving:
					'Lieke praat in de klas weinig en is lastig te verstaan. Graag een observatie en advies voor de leerkracht van groep 1.',
				bijlagen: [{ kind: 'observatie', at: 2, parentVisible: true }]
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Mohammed',
		achternaam: 'El Amrani',
		geboortedatum: '2016-02-19',
		geslacht: 'm',
		woonadres: {
			straat: 'Kaapstanderhof',
			huisnummer: '7',
			postcode: '3077 BD',
			plaats: 'Rotterdam'
		},
		parents: ['fam.elamrani@example.com'],
		school: '21XA00',
		focus: 'gedrag en werkhouding',
		hulpvragen: [
			{
				titel: 'TLV-aanvraag (IJsselmonde)',
				start: '2026-05-11',
				steps: [
					'TLV_2_aanvraag indienen',
					['TLV_1_incompleet', 'Het ondertekende OPP ontbreekt; het groeidocument is niet genoeg.'],
					'TLV_2_aanvraag indienen',
					'TLV afgegeven'
				],
				omschrijving:
					'Mohammed loopt ondanks een jaar extra begeleiding vast in de groep. Na het MDO adviseren school en ouders het speciaal basisonderwijs.',
				labels: ['gedrag'],
				bijlagen: [
					{ kind: 'groeidocument', at: 0 },
					{ kind: 'opp', at: 2 },
					{ kind: 'tlv-besluit', at: 3, justBefore: true, parentVisible: true }
				]
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Sophie',
		tussenvoegsel: 'van der',
		achternaam: 'Meer',
		geboortedatum: '2017-09-30',
		geslacht: 'v',
		woonadres: { straat: 'Ankerkade', huisnummer: '112', postcode: '3074 HA', plaats: 'Rotterdam' },
		parents: ['j.vandermeer@example.com', 'r.vandermeer-koster@example.com'],
		school: '21XA00',
		focus: 'rekenen en zelfstandig werken',
		hulpvragen: [
			{
				titel: 'TLV-aanvraag (IJsselmonde)',
				start: '2026-09-21',
				steps: [
					'TLV_2_aanvraag indienen',
					[
						'TLV_1_incompleet',
						'Het OPP ontbreekt en de handtekening van ouders op het aanvraagformulier ontbreekt.'
					]
				],
				omschrijving:
					'Sophie heeft een rekenachterstand van ruim twee jaar en raakt daardoor gefrustreerd. School en ouders vragen een TLV voor het speciaal basisonderwijs.',
				bijlagen: [{ kind: 'groeidocument', at: 0 }]
			}
		],
		notes: [
			{
				at: '2026-11-13 12:05',
				body: 'OPP afmaken vóór 27 november; handtekening ouders vragen bij het gesprek van donderdag.'
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Finn',
		tussenvoegsel: 'de',
		achternaam: 'Jong',
		geboortedatum: '2019-03-08',
		geslacht: 'm',
		woonadres: {
			straat: 'Boegsprietstraat',
			huisnummer: '3',
			postcode: '3079 RS',
			plaats: 'Rotterdam'
		},
		parents: ['ouders.dejong@example.com'],
		school: '21XA00',
		focus: 'sociaal-emotionele ontwikkeling',
		hulpvragen: [
			{
				titel: 'TLV-aanvraag (IJsselmonde)',
				start: '2026-11-03',
				steps: [],
				omschrijving:
					'In voorbereiding: Finn heeft veel woedeaanvallen en is twee keer naar huis gestuurd. Het groeidocument staat klaar, het OPP volgt.',
				bijlagen: [{ kind: 'groeidocument', at: 0 }]
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Amira',
		achternaam: 'Benali',
		geboortedatum: '2015-12-11',
		geslacht: 'v',
		woonadres: {
			straat: 'Roergangerweg',
			huisnummer: '58',
			postcode: '3075 LN',
			plaats: 'Rotterdam'
		},
		parents: ['h.benali@example.com'],
		school: '21XA00',
		schoolStart: '2024-08-26',
		earlierSchools: [{ school: '21XC00', groep: '5', start: '2019-12-12', end: '2024-07-12' }],
		focus: 'begrijpend lezen en taalontwikkeling',
		hulpvragen: [
			{
				titel: 'TLV-aanvraag (IJsselmonde)',
				start: '2026-09-28',
				steps: ['TLV_2_aanvraag indienen'],
				omschrijving:
					'Amira heeft een ernstige taalontwikkelingsstoornis (TOS). School vraagt een TLV voor een school voor kinderen met een auditieve of communicatieve beperking.',
				bijlagen: [
					{ kind: 'opp', at: 0 },
					{ kind: 'groeidocument', at: 0 }
				]
			},
			{
				titel: 'Ouderfunctionaris inzet',
				start: '2026-10-19',
				steps: ['Doorzetten SCP'],
				omschrijving:
					'Moeder spreekt weinig Nederlands en wil graag begrijpen wat een TLV betekent. Graag inzet van de ouderfunctionaris bij de gesprekken.'
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Jesse',
		achternaam: 'Verhoeven-Kuijpers',
		geboortedatum: '2018-12-01',
		geslacht: 'm',
		woonadres: {
			straat: 'Schipperswerf',
			huisnummer: '19',
			postcode: '3076 EP',
			plaats: 'Rotterdam'
		},
		school: '21XA00',
		focus: 'motoriek en schrijven',
		hulpvragen: [
			{
				titel: 'Ondersteuningsbudget',
				start: '2026-06-02',
				steps: [
					{ status: 'OB aanvraag indienen', by: 'henk.degroot' },
					[
						'Gearrangeerd budget',
						'Budget toegekend voor schooljaar 2026-2027: inzet onderwijsassistent 4 uur per week. Lever de evaluatie aan vóór 1 juli 2027.'
					]
				],
				omschrijving:
					'Jesse heeft een ontwikkelingscoördinatiestoornis. Met een onderwijsassistent in de schrijflessen en een laptop kan hij het programma van de groep volgen.',
				bijlagen: [
					{ kind: 'opp', at: 0 },
					{ kind: 'groeidocument', at: 0 }
				]
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Tess',
		tussenvoegsel: 'van den',
		achternaam: 'Berg',
		geboortedatum: '2020-04-22',
		geslacht: 'v',
		woonadres: {
			straat: 'Loggerstraat',
			huisnummer: '88',
			postcode: '3074 CG',
			plaats: 'Rotterdam'
		},
		school: '21XA00',
		focus: 'taal en spraak',
		hulpvragen: [
			{
				titel: 'Ondersteuningsbudget',
				start: '2026-11-16',
				steps: [],
				omschrijving: 'In voorbereiding: budget voor een taalgroep van vier leerlingen in groep 3.',
				labels: ['taal-spraak']
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Nina',
		tussenvoegsel: 'van',
		achternaam: 'Dijk',
		geboortedatum: '2019-05-21',
		geslacht: 'v',
		woonadres: { straat: 'Sloepweg', huisnummer: '5', postcode: '3077 TW', plaats: 'Rotterdam' },
		parents: ['ouders.vandijk@example.com'],
		school: '21XA00',
		focus: 'taal en spraak',
		hulpvragen: [
			{
				titel: 'Preventie SCP',
				start: '2026-02-09',
				steps: ['Dossier compleet', 'In behandeling', 'Afgerond'],
				omschrijving:
					'Nina is erg stil in de klas. Graag meedenken over hoe we haar beter kunnen betrekken.'
			},
			{
				titel: 'Perspectief in Praktijk',
				start: '2026-08-31',
				steps: [
					'Dossier compleet',
					'Toegekend',
					['Wacht op plaatsing', 'De aanbieder heeft pas na de kerstvakantie ruimte.']
				],
				omschrijving:
					'Na het preventietraject blijft Nina achter in de taalontwikkeling. Graag een plek in het programma Perspectief in Praktijk.',
				bijlagen: [{ kind: 'groeidocument', at: 0 }]
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Daan',
		achternaam: 'Willemsen',
		geboortedatum: '2022-01-14',
		geslacht: 'm',
		woonadres: {
			straat: 'Kaapstanderhof',
			huisnummer: '23',
			postcode: '3077 BD',
			plaats: 'Rotterdam'
		},
		parents: ['ouders.willemsen@example.com'],
		school: '21XA00',
		focus: 'taal en spraak',
		hulpvragen: [
			{
				titel: 'Aanvangsklas -aanvraag',
				start: '2026-09-07',
				steps: [
					['Dossier incompleet', 'De observatie van de leerkracht van groep 1 ontbreekt.'],
					'Aanmelding',
					'Dossier compleet'
				],
				omschrijving:
					'Daan is net vier en spreekt nog in losse woorden. School vraagt een plek in de aanvangsklas met extra taalaanbod.',
				bijlagen: [
					{ kind: 'groeidocument', at: 0 },
					{ kind: 'observatie', at: 1, by: 'lotte.vandam' }
				]
			}
		],
		notes: [
			{
				at: '2026-09-30 10:20',
				body: 'Ouders willen eerst de aanvangsklas bekijken. Afspraak op de locatie gemaakt voor 8 oktober, 9.00 uur.'
			}
		]
	},
	// CBS De Akker (21XB00, IJsselmonde): no staff account in the demo, its requests come in
	// through OSO from ParnasSys.
	{
		organisation: 'PO2806',
		roepnaam: 'Luuk',
		achternaam: 'Hendriksen',
		geboortedatum: '2019-07-16',
		geslacht: 'm',
		woonadres: {
			straat: 'Wantijstraat',
			huisnummer: '14',
			postcode: '3072 VS',
			plaats: 'Rotterdam'
		},
		school: '21XB00',
		focus: 'gedrag en werkhouding',
		hulpvragen: [
			{
				titel: 'KANS',
				start: '2026-08-31',
				steps: ['Dossier compleet', 'Akkoord coördinator Herstart/KANS'],
				omschrijving:
					'Luuk heeft moeite zich aan regels te houden en loopt weg uit de klas. School vraagt een KANS-traject van twaalf weken.',
				labels: ['gedrag'],
				bijlagen: [{ kind: 'observatie', at: 1 }]
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Sara',
		achternaam: 'Öztürk',
		geboortedatum: '2016-06-05',
		geslacht: 'v',
		woonadres: {
			straat: 'Wantijstraat',
			huisnummer: '60',
			postcode: '3072 VT',
			plaats: 'Rotterdam'
		},
		parents: ['familie.ozturk@example.com'],
		school: '21XB00',
		focus: 'sociaal-emotionele ontwikkeling',
		hulpvragen: [
			{
				titel: 'Herstart junior',
				start: '2026-06-22',
				steps: [
					'Dossier compleet',
					[
						'Wacht op plaatsing',
						'Aangemeld bij Herstart junior; de eerstvolgende plek is naar verwachting in januari.'
					]
				],
				omschrijving:
					'Sara heeft na een moeilijke thuissituatie veel gemist en durft de klas niet meer in. Graag een plek in Herstart junior.'
			}
		]
	},
	// Basisschool Het Kompas (21XC00, Noord) and OBS De Regenboog (21XD00, Centrum): Rachid El Amrani.
	{
		organisation: 'PO2806',
		roepnaam: 'Ilias',
		achternaam: 'Bouzid',
		geboortedatum: '2014-10-20',
		geslacht: 'm',
		woonadres: {
			straat: 'Lijnbaanstraat',
			huisnummer: '9B',
			postcode: '3035 KD',
			plaats: 'Rotterdam'
		},
		parents: ['ouders.bouzid@example.com'],
		school: '21XC00',
		focus: 'schoolverzuim en angst',
		hulpvragen: [
			{
				titel: 'Thuiszitter',
				start: '2026-09-14',
				steps: [
					[
						'Thuiszitter',
						'Ilias is sinds 1 september niet meer op school geweest. Leerplicht is op de hoogte.'
					]
				],
				omschrijving:
					'Ilias zit sinds het begin van het schooljaar thuis met angstklachten. Jeugdhulp is betrokken; school zoekt samen met het samenwerkingsverband een plek.',
				labels: ['thuiszitter', 'spoed'],
				coordinator: 'pieter.verbeek',
				bijlagen: [{ kind: 'groeidocument', at: 0 }]
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Emma',
		achternaam: 'Koster',
		geboortedatum: '2017-01-25',
		geslacht: 'v',
		woonadres: {
			straat: 'Bergselaan',
			huisnummer: '170',
			postcode: '3037 BN',
			plaats: 'Rotterdam'
		},
		school: '21XC00',
		focus: 'rekenen',
		hulpvragen: [
			{
				titel: 'TLV -Nieuw',
				start: '2026-09-07',
				steps: ['TLV_3_in behandeling'],
				omschrijving:
					'Emma heeft een licht verstandelijke beperking (TIQ 68). School vraagt een TLV voor het speciaal basisonderwijs.',
				bijlagen: [
					{ kind: 'opp', at: 0 },
					{ kind: 'groeidocument', at: 0 },
					{ kind: 'observatie', at: 1 }
				]
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Milan',
		tussenvoegsel: 'van',
		achternaam: 'Wijk',
		geboortedatum: '2018-08-09',
		geslacht: 'm',
		woonadres: {
			straat: 'Zwaanshals',
			huisnummer: '301',
			postcode: '3035 KS',
			plaats: 'Rotterdam'
		},
		parents: ['m.vanwijk@example.com'],
		school: '21XC00',
		focus: 'concentratie en werkhouding',
		hulpvragen: [
			{
				titel: 'Ambulante Begeleiding',
				start: '2026-11-09',
				steps: [],
				omschrijving:
					'Milan is snel afgeleid en komt niet tot werken. Graag ambulante begeleiding voor de leerkracht en Milan.'
			},
			{
				titel: 'Ondersteuningsbudget',
				start: '2026-09-21',
				steps: [
					'OB aanvraag indienen',
					[
						'Dossier incompleet OB',
						'Het OPP ontbreekt bij de aanvraag en de directeur heeft nog niet ingestemd. Voeg het OPP toe en dien de aanvraag daarna opnieuw in.'
					]
				],
				omschrijving:
					'Budget voor een time-outplek met begeleiding in de klas, drie ochtenden per week.'
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Julia',
		achternaam: 'Kramer-de Bruijn',
		geboortedatum: '2016-11-03',
		geslacht: 'v',
		woonadres: { straat: 'Gordelweg', huisnummer: '77', postcode: '3039 GA', plaats: 'Rotterdam' },
		school: '21XC00',
		focus: 'werkhouding en motivatie',
		hulpvragen: [
			{
				titel: 'Ondersteuningsbudget',
				start: '2026-10-05',
				steps: ['OB aanvraag indienen'],
				omschrijving:
					'Budget voor begeleiding door een onderwijsassistent bij het plannen van taken, twee ochtenden per week.'
			},
			{
				titel: 'Psychodiagnostisch onderzoek',
				start: '2026-09-15',
				steps: [
					[
						'Dossier incompleet',
						'Het groeidocument is niet actueel: de laatste toetsgegevens zijn van januari. Voeg de toetsgegevens van juni toe.'
					]
				],
				omschrijving:
					'Julia presteert ver onder wat we van haar verwachten. Graag een onderzoek naar intelligentie en werkhouding.'
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Liam',
		achternaam: 'Brouwer',
		geboortedatum: '2019-10-12',
		geslacht: 'm',
		woonadres: {
			straat: 'Goudsesingel',
			huisnummer: '46',
			postcode: '3011 KC',
			plaats: 'Rotterdam'
		},
		school: '21XD00',
		focus: 'taal en spraak',
		hulpvragen: [
			{
				titel: 'Ondersteuningsbudget',
				start: '2026-05-18',
				steps: [
					'OB aanvraag indienen',
					[
						'Afgewezen regiomanager',
						'Extra logopedie valt onder de zorgverzekering, niet onder het ondersteuningsbudget. Bespreek met ouders een verwijzing via de huisarts.'
					]
				],
				omschrijving: 'Budget voor twee keer per week logopedie onder schooltijd.',
				bijlagen: [{ kind: 'groeidocument', at: 0 }]
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Zoë',
		achternaam: 'Dijkstra',
		geboortedatum: '2020-02-28',
		geslacht: 'v',
		woonadres: {
			straat: 'Mariniersweg',
			huisnummer: '12',
			postcode: '3011 NM',
			plaats: 'Rotterdam'
		},
		postadres: { straat: 'Oppert', huisnummer: '150', postcode: '3011 HW', plaats: 'Rotterdam' },
		adresOpmerking:
			'Ouders wonen apart; Zoë woont om de week bij moeder (woonadres) en bij vader (postadres). Post naar beide adressen.',
		parents: ['moeder.dijkstra@example.com', 'vader.dijkstra@example.com'],
		school: '21XD00',
		focus: 'werkhouding',
		hulpvragen: [
			{
				titel: 'Aanvangsklas -aanvraag',
				start: '2026-10-12',
				steps: [
					[
						'Niet ontvankelijk',
						'Zoë zit al in groep 3; de aanvangsklas is voor groep 1 en 2. Overleg met de schoolcontactpersoon over Ambulante Begeleiding.'
					]
				],
				omschrijving: 'Zoë kan in groep 3 nog niet meekomen. Graag een plek in de aanvangsklas.'
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Sem',
		tussenvoegsel: 'de',
		achternaam: 'Wit',
		geboortedatum: '2017-05-17',
		geslacht: 'm',
		woonadres: {
			straat: 'Hoogstraat',
			huisnummer: '203',
			postcode: '3011 PL',
			plaats: 'Rotterdam'
		},
		school: '21XD00',
		focus: 'gedrag',
		hulpvragen: [
			{
				titel: 'TLV -Verlaging/ophoging',
				start: '2026-06-08',
				steps: [
					'TLV_3_in behandeling',
					[
						'Afgewezen',
						'Ophoging naar categorie hoog is onvoldoende onderbouwd: het OPP beschrijft geen ondersteuning die niet binnen categorie laag past.'
					]
				],
				omschrijving:
					'Sem heeft een TLV categorie laag. School vraagt ophoging naar categorie hoog.',
				labels: ['gedrag'],
				bijlagen: [
					{ kind: 'opp', at: 0 },
					{ kind: 'mdo', at: 1 }
				]
			}
		]
	},
	// Montessorischool De Linde (21XE01, Zuid): through OSO.
	{
		organisation: 'PO2806',
		roepnaam: 'Fenna',
		achternaam: 'Bosman',
		geboortedatum: '2015-03-03',
		geslacht: 'v',
		woonadres: {
			straat: 'Dordtselaan',
			huisnummer: '65',
			postcode: '3073 GB',
			plaats: 'Rotterdam'
		},
		school: '21XE01',
		focus: 'faalangst',
		hulpvragen: [
			{
				titel: 'STAP-arrangement',
				start: '2026-04-20',
				steps: [
					[
						'Dossier incompleet',
						'Het groeidocument ontbreekt; alleen het aanmeldformulier is binnengekomen.'
					],
					'Aanmelding',
					'Dossier compleet',
					'In behandeling'
				],
				omschrijving:
					'Fenna heeft zoveel faalangst dat ze bij toetsen blokkeert. Graag een STAP-arrangement als voorbereiding op de overstap naar het voortgezet onderwijs.',
				bijlagen: [{ kind: 'observatie', at: 3 }]
			}
		]
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Ayoub',
		achternaam: 'Chaouch',
		geboortedatum: '2018-01-30',
		geslacht: 'm',
		woonadres: {
			straat: 'Pretorialaan',
			huisnummer: '118',
			postcode: '3072 EL',
			plaats: 'Rotterdam'
		},
		school: '21XE01',
		focus: 'ontwikkelingsvoorsprong',
		hulpvragen: [
			{
				titel: 'GAAF -Leerling met ontwikkelingsvoorsprong/(hoog)begaafdheid',
				start: '2026-03-16',
				steps: [
					'Doorzetten SCP',
					'Dossier compleet',
					['Toegekend', 'Plusklas één ochtend per week tot de zomervakantie.'],
					'Afgerond'
				],
				omschrijving: 'Ayoub verveelt zich en haakt af. Graag een plek in de plusklas.'
			}
		]
	},
	{
		// Moved from De Vuurtoren to Het Kompas in the summer of 2024: De Vuurtoren keeps
		// read-only access to the hulpvraag it asked, Het Kompas has the dossier now.
		organisation: 'PO2806',
		roepnaam: 'Jasmijn',
		achternaam: 'Verstraten',
		geboortedatum: '2016-06-11',
		geslacht: 'v',
		woonadres: {
			straat: 'Vlietlandplein',
			huisnummer: '23',
			postcode: '3034 SH',
			plaats: 'Rotterdam'
		},
		parents: ['fam.verstraten@example.com'],
		school: '21XC00',
		schoolStart: '2024-08-26',
		earlierSchools: [{ school: '21XA00', groep: '4', start: '2020-06-12', end: '2024-07-12' }],
		focus: 'concentratie en werkhouding',
		hulpvragen: [
			{
				titel: 'Ambulante Begeleiding',
				school: '21XA00',
				start: '2023-10-09',
				steps: ['Dossier compleet', 'Toegekend', 'In behandeling'],
				omschrijving:
					'Jasmijn raakt snel afgeleid en maakt weinig werk af. Graag ambulante begeleiding op het gebied van werkhouding, ook voor de leerkracht.',
				bijlagen: [
					{ kind: 'groeidocument', at: 0 },
					{ kind: 'observatie', at: 3 }
				]
			},
			{
				titel: 'TLV -Nieuw',
				start: '2026-09-07',
				steps: [],
				omschrijving:
					'Na de verhuizing en twee jaar begeleiding blijft Jasmijn vastlopen in de groep. School en ouders vragen een TLV voor het speciaal basisonderwijs.',
				bijlagen: [{ kind: 'opp', at: 0 }]
			}
		]
	},

	// Stromenland. OBS De Stroming (27YA00, Dronten) is Karin Dekker's school.
	{
		organisation: 'PO2507',
		roepnaam: 'Eva',
		tussenvoegsel: 'van',
		achternaam: 'Leeuwen',
		geboortedatum: '2017-08-11',
		geslacht: 'v',
		woonadres: { straat: 'Wisselweg', huisnummer: '27', postcode: '8253 AL', plaats: 'Dronten' },
		parents: [tom],
		school: '27YA00',
		focus: 'concentratie en werkhouding',
		hulpvragen: [
			{
				titel: 'Ambulante Begeleiding',
				start: '2026-05-25',
				steps: [
					'Dossier compleet',
					{
						status: 'Toegekend',
						by: 'bram.kok',
						reason: 'Tien begeleidingsmomenten in de klas, verdeeld over het eerste half jaar.'
					},
					'In behandeling'
				],
				omschrijving:
					'Eva komt moeilijk tot werken en raakt snel afgeleid. Graag ambulante begeleiding voor Eva en advies voor de leerkracht.',
				bijlagen: [
					{ kind: 'groeidocument', at: 0 },
					{ kind: 'observatie', at: 3, parentVisible: true }
				]
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Mees',
		tussenvoegsel: 'van',
		achternaam: 'Leeuwen',
		geboortedatum: '2023-06-02',
		geslacht: 'm',
		woonadres: { straat: 'Wisselweg', huisnummer: '27', postcode: '8253 AL', plaats: 'Dronten' },
		parents: [tom],
		focus: 'taal en spraak',
		hulpvragen: [
			{
				titel: jk,
				start: '2026-09-14',
				steps: [addedByJk, 'JK Onderwijsadvies'],
				omschrijving:
					'Mees praat nog weinig en speelt vooral alleen. Ouders en peuterspeelzaal willen weten welke school en ondersteuning bij hem passen.',
				bijlagen: [
					{ kind: 'jk-aanvraag', at: 0, justBefore: true },
					{ kind: 'jk-observatie', at: 0, justBefore: true, parentVisible: true }
				]
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Anna',
		tussenvoegsel: 'de',
		achternaam: 'Boer',
		geboortedatum: '2016-04-09',
		geslacht: 'v',
		woonadres: { straat: 'De Rede', huisnummer: '104', postcode: '8251 EZ', plaats: 'Dronten' },
		school: '27YA00',
		focus: 'rekenen en werkhouding',
		hulpvragen: [
			{
				titel: 'TLV -Nieuw',
				start: '2026-06-15',
				steps: [
					'Dossier compleet',
					[
						'Afgewezen',
						'De deskundigen zien nog mogelijkheden binnen het regulier onderwijs: eerst een jaar Ambulante Begeleiding.'
					]
				],
				omschrijving:
					'Anna loopt op alle vakken achter. School vraagt een TLV voor het speciaal basisonderwijs.',
				bijlagen: [
					{ kind: 'opp', at: 0 },
					{ kind: 'groeidocument', at: 0 }
				]
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Thijs',
		achternaam: 'Hoekstra',
		geboortedatum: '2018-09-21',
		geslacht: 'm',
		woonadres: { straat: 'Educalaan', huisnummer: '6', postcode: '8251 GA', plaats: 'Dronten' },
		parents: ['hoekstra.thuis@example.com'],
		school: '27YA00',
		focus: 'motoriek',
		hulpvragen: [
			{
				titel: 'Ondersteuningsbudget',
				start: '2026-10-26',
				steps: [
					['Dossier incompleet', 'Het aanvraagformulier is niet door de directeur ondertekend.']
				],
				omschrijving: 'Budget voor een aangepaste werkplek en begeleiding bij de gymles.'
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Lina',
		achternaam: 'Haddou',
		geboortedatum: '2019-12-05',
		geslacht: 'v',
		woonadres: { straat: 'Gangboord', huisnummer: '31', postcode: '8253 BW', plaats: 'Dronten' },
		school: '27YA00',
		focus: 'taal en spraak',
		hulpvragen: [
			{
				titel: 'Ondersteuningsbudget',
				start: '2026-11-17',
				// Not ready yet: the school took it back to prepare it first.
				steps: [{ status: 'Voorlopige aanmelding', gap: 0 }],
				omschrijving: 'In voorbereiding: budget voor extra taalondersteuning in groep 3.'
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Ruben',
		tussenvoegsel: 'van der',
		achternaam: 'Linden',
		geboortedatum: '2015-07-07',
		geslacht: 'm',
		woonadres: {
			straat: 'Berkenlaan',
			huisnummer: '2',
			postcode: '8256 HC',
			plaats: 'Biddinghuizen'
		},
		postadres: { straat: 'Postbus', huisnummer: '1207', postcode: '8200 BE', plaats: 'Lelystad' },
		adresOpmerking:
			'Ruben woont in een pleeggezin. Post voor de gezaghebbende naar het postadres (voogd bij de jeugdbescherming).',
		school: '27YA00',
		focus: 'schoolverzuim',
		hulpvragen: [
			{
				titel: 'Thuiszitter',
				start: '2026-03-02',
				steps: [
					'Dossier compleet',
					'In behandeling',
					{
						status: 'Afgerond',
						by: 'bram.kok',
						reason: 'Ruben gaat sinds de herfstvakantie weer volledige dagen naar school.'
					}
				],
				omschrijving:
					'Ruben komt na een verhuizing naar een pleeggezin nog maar twee ochtenden naar school. Graag hulp bij een opbouwplan.',
				labels: ['thuiszitter'],
				coordinator: 'bram.kok',
				bijlagen: [{ kind: 'mdo', at: 1 }]
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Noa',
		achternaam: 'Postma',
		geboortedatum: '2021-08-30',
		geslacht: 'v',
		woonadres: { straat: 'Wisselweg', huisnummer: '3', postcode: '8253 AL', plaats: 'Dronten' },
		school: '27YA00',
		focus: 'sociaal-emotionele ontwikkeling',
		hulpvragen: [
			{
				titel: 'Informatieuitwisseling overig',
				start: '2026-11-10',
				steps: [],
				omschrijving:
					'Overdracht van de gegevens van het consultatiebureau en de jeugdarts, met toestemming van ouders.'
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Yusuf',
		achternaam: 'Aydin',
		geboortedatum: '2017-02-14',
		geslacht: 'm',
		woonadres: { straat: 'De Rede', huisnummer: '62', postcode: '8251 EX', plaats: 'Dronten' },
		parents: ['familie.aydin@example.com'],
		school: '27YA00',
		focus: 'begrijpend lezen',
		hulpvragen: [
			{
				titel: 'Ambulante Begeleiding',
				start: '2026-10-05',
				steps: ['Dossier compleet'],
				omschrijving:
					'Yusuf begrijpt teksten slecht, ook bij zaakvakken. Graag ambulante begeleiding.',
				bijlagen: [{ kind: 'groeidocument', at: 0 }]
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Zara',
		achternaam: 'Mensah',
		geboortedatum: '2016-05-25',
		geslacht: 'v',
		woonadres: { straat: 'Gangboord', huisnummer: '12', postcode: '8253 BV', plaats: 'Dronten' },
		school: '27YA00',
		focus: 'werkhouding',
		hulpvragen: [
			{
				titel: 'Informatieuitwisseling overig',
				start: '2026-04-07',
				steps: ['Dossier compleet', 'In behandeling', 'Afgerond'],
				omschrijving:
					'Zara komt uit Ghana en stroomt in groep 6 in. Overdracht van het onderwijskundig rapport.'
			}
		]
	},
	// CBS De Wilgenhoek (27YB00) and Het Anker (27YC00), Lelystad: through OSO.
	{
		organisation: 'PO2507',
		roepnaam: 'Isa',
		achternaam: 'Vermeulen-Bakker',
		geboortedatum: '2018-03-27',
		geslacht: 'v',
		woonadres: { straat: 'Botter', huisnummer: '40-12', postcode: '8232 JR', plaats: 'Lelystad' },
		school: '27YB00',
		focus: 'rekenen',
		hulpvragen: [
			{
				titel: 'Ondersteuningsbudget',
				start: '2026-09-07',
				steps: ['Dossier compleet', 'Toegekend'],
				omschrijving: 'Budget voor rekenbegeleiding in een kleine groep, drie keer per week.'
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Jayden',
		achternaam: 'Kuipers',
		geboortedatum: '2016-12-19',
		geslacht: 'm',
		woonadres: { straat: 'Schouw', huisnummer: '18', postcode: '8232 ZC', plaats: 'Lelystad' },
		school: '27YB00',
		focus: 'gedrag',
		hulpvragen: [
			{
				titel: 'TLV -Nieuw',
				start: '2026-10-12',
				steps: [
					[
						'Niet ontvankelijk',
						'Het gezin verhuist per 1 december naar Zwolle en Jayden is daar al ingeschreven; de aanvraag hoort bij het samenwerkingsverband van de nieuwe school.'
					]
				],
				omschrijving:
					'Jayden is in een jaar drie keer geschorst. School vraagt een TLV voor het speciaal onderwijs.'
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Noor',
		tussenvoegsel: 'el',
		achternaam: 'Idrissi',
		geboortedatum: '2017-10-10',
		geslacht: 'v',
		woonadres: { straat: 'Jol', huisnummer: '22', postcode: '8243 EA', plaats: 'Lelystad' },
		school: '27YC00',
		focus: 'taalontwikkeling (Nederlands als tweede taal)',
		hulpvragen: [
			{
				titel: 'Ambulante Begeleiding',
				start: '2026-03-23',
				steps: [
					['Dossier incompleet', 'Het groeidocument ontbreekt.'],
					'Aanmelding',
					'Dossier compleet',
					'Toegekend',
					'Afgerond'
				],
				omschrijving:
					'Noor is een jaar in Nederland en leert snel, maar de woordenschat blijft achter.'
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Gijs',
		achternaam: 'Schouten',
		geboortedatum: '2019-01-08',
		geslacht: 'm',
		woonadres: { straat: 'Kogge', huisnummer: '71', postcode: '8243 HE', plaats: 'Lelystad' },
		school: '27YC00',
		focus: 'schoolverzuim',
		hulpvragen: [
			{
				titel: 'Thuiszitter',
				start: '2026-10-01',
				steps: ['Dossier compleet', 'In behandeling'],
				omschrijving:
					'Gijs weigert sinds de zomervakantie naar school te gaan. Ouders en school zijn radeloos.',
				labels: ['thuiszitter', 'spoed'],
				coordinator: 'bram.kok',
				bijlagen: [{ kind: 'observatie', at: 2 }]
			}
		]
	},
	// Jonge Kind: toddlers of 3 with Fatima Ouali of peuterspeelzaal Het Bolletje.
	{
		organisation: 'PO2507',
		roepnaam: 'Saar',
		achternaam: 'Veenstra',
		geboortedatum: '2023-03-15',
		geslacht: 'v',
		woonadres: {
			straat: 'Klokbekerstraat',
			huisnummer: '8',
			postcode: '8253 RP',
			plaats: 'Dronten'
		},
		parents: ['ouders.veenstra@example.com'],
		focus: 'motoriek en zindelijkheid',
		hulpvragen: [
			{
				titel: jk,
				start: '2026-11-09',
				steps: [],
				omschrijving:
					'Saar is motorisch onzeker en nog niet zindelijk. Graag een onderwijsadvies voordat ouders een school kiezen.'
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Adam',
		achternaam: 'Bakkali',
		geboortedatum: '2023-01-20',
		geslacht: 'm',
		woonadres: {
			straat: 'Klokbekerstraat',
			huisnummer: '30',
			postcode: '8253 RP',
			plaats: 'Dronten'
		},
		focus: 'taal en spraak',
		hulpvragen: [
			{
				titel: jk,
				start: '2026-10-19',
				steps: [addedByJk],
				omschrijving: 'Adam spreekt thuis Arabisch en op de peuterspeelzaal nog bijna niets.',
				bijlagen: [{ kind: 'jk-aanvraag', at: 0, justBefore: true }]
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Roos',
		tussenvoegsel: "van 't",
		achternaam: 'Hof',
		geboortedatum: '2022-12-04',
		geslacht: 'v',
		woonadres: { straat: 'Runderweg', huisnummer: '3', postcode: '8251 PN', plaats: 'Dronten' },
		parents: ['ouders.vanthof@example.com'],
		school: '27YA00',
		schoolStart: '2026-12-07',
		groep: '1',
		focus: 'sociaal-emotionele ontwikkeling',
		hulpvragen: [
			{
				titel: jk,
				start: '2026-06-08',
				steps: [addedByJk, 'JK Onderwijsadvies', 'JK aanmelden school'],
				omschrijving:
					'Roos is erg teruggetrokken en huilt veel bij wisselingen. Advies over een passende school.',
				bijlagen: [
					{ kind: 'jk-aanvraag', at: 0, justBefore: true },
					{ kind: 'jk-observatie', at: 0, justBefore: true },
					{ kind: 'onderwijsadvies', at: 2, parentVisible: true }
				]
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Hugo',
		tussenvoegsel: 'de',
		achternaam: 'Ridder',
		geboortedatum: '2022-09-28',
		geslacht: 'm',
		woonadres: {
			straat: 'Kempenaar',
			huisnummer: '21-07',
			postcode: '8231 BR',
			plaats: 'Lelystad'
		},
		parents: ['ouders.deridder@example.com'],
		school: '27YB00',
		schoolStart: '2026-09-29',
		groep: '1',
		focus: 'taal en spraak',
		hulpvragen: [
			{
				titel: jk,
				start: '2026-03-02',
				steps: [
					addedByJk,
					'JK Onderwijsadvies',
					'JK aanmelden school',
					'JK advies afgerond',
					{ status: 'advies afgerond', gap: 40 }
				],
				omschrijving:
					'Hugo heeft een spraak-taalachterstand. Advies over ondersteuning bij de start in groep 1.',
				bijlagen: [
					{ kind: 'jk-aanvraag', at: 0, justBefore: true },
					{ kind: 'jk-observatie', at: 1, by: 'fatima.ouali' },
					{ kind: 'onderwijsadvies', at: 2, parentVisible: true }
				]
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Fleur',
		achternaam: 'Zijlstra',
		geboortedatum: '2022-11-17',
		geslacht: 'v',
		woonadres: { straat: 'Meerkoet', huisnummer: '88', postcode: '8245 CD', plaats: 'Lelystad' },
		parents: ['ouders.zijlstra@example.com'],
		school: '27YC00',
		schoolStart: '2026-11-18',
		groep: '1',
		focus: 'concentratie en spel',
		hulpvragen: [
			{
				titel: jk,
				start: '2026-05-11',
				steps: [addedByJk, 'JK Onderwijsadvies', 'JK aanmelden school', 'JK advies afgerond'],
				omschrijving:
					'Fleur is druk en kan zich moeilijk bij één spel houden. Advies voor de start op de basisschool.',
				bijlagen: [
					{ kind: 'jk-aanvraag', at: 0, justBefore: true },
					{ kind: 'onderwijsadvies', at: 2 }
				]
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Mehmet',
		achternaam: 'Kaya',
		geboortedatum: '2023-02-09',
		geslacht: 'm',
		woonadres: {
			straat: 'Zilverschoon',
			huisnummer: '15',
			postcode: '8244 BH',
			plaats: 'Lelystad'
		},
		school: '27YB00',
		schoolStart: null,
		groep: '1',
		focus: 'zelfredzaamheid',
		hulpvragen: [
			{
				titel: jk,
				start: '2026-06-29',
				steps: [
					addedByJk,
					'JK Onderwijsadvies',
					'JK aanmelden school',
					[
						'JK afgewezen',
						'De Wilgenhoek heeft in groep 1 geen plek met de ondersteuning die Mehmet nodig heeft. Met ouders wordt een tweede school van voorkeur gekozen.'
					]
				],
				omschrijving: 'Mehmet heeft veel hulp nodig bij eten, aankleden en naar de wc gaan.',
				bijlagen: [
					{ kind: 'jk-aanvraag', at: 0, justBefore: true },
					{ kind: 'jk-observatie', at: 0, justBefore: true }
				]
			}
		]
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Ravi',
		achternaam: 'Ramdin',
		geboortedatum: '2023-05-30',
		geslacht: 'm',
		woonadres: { straat: 'Educalaan', huisnummer: '41', postcode: '8251 GB', plaats: 'Dronten' },
		parents: ['familie.ramdin@example.com'],
		school: '27YA00',
		schoolStart: '2027-05-31',
		groep: '1',
		focus: 'sociaal-emotionele ontwikkeling',
		hulpvragen: [
			{
				titel: jk,
				start: '2026-08-31',
				steps: [
					{ ...addedByJk, gap: 6 },
					{ status: 'JK Onderwijsadvies', gap: 8 },
					{ status: 'JK aanmelden school', gap: 10 },
					{
						status: 'JK afgewezen',
						gap: 12,
						reason: 'Het Anker kan Ravi niet plaatsen: groep 1 zit vol tot de zomer van 2027.'
					},
					{ status: 'JK aanmelden school', gap: 9 }
				],
				omschrijving:
					'Ravi is snel overstuur en speelt nog niet samen. Advies voor een school met een rustige kleutergroep.',
				bijlagen: [{ kind: 'jk-aanvraag', at: 0, justBefore: true }]
			}
		]
	}
];

// ---------------------------------------------------------------------------------------
// Calendar: days since 1970-01-01, local Dutch time.

function toDay(iso: string): number {
	return Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

function isoOf(day: number): string {
	return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The same day on a weekday, else the Monday after. */
function workday(day: number): number {
	const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
	return weekday === 6 ? day + 2 : weekday === 0 ? day + 1 : day;
}

/** March and October both have 31 days. */
function lastSunday(year: number, month: 3 | 10): number {
	const last = toDay(`${year}-${String(month).padStart(2, '0')}-31`);
	return last - ((last + 4) % 7);
}

/** The instant of a local time in the Netherlands (CET, CEST from the last Sunday of March). */
function amsterdam(day: number, minute: number): Date {
	const year = Number(isoOf(day).slice(0, 4));
	const utcGuess = day * 1440 + minute - 60;
	const summerStart = lastSunday(year, 3) * 1440 + 60;
	const summerEnd = lastSunday(year, 10) * 1440 + 60;
	const offset = utcGuess >= summerStart && utcGuess < summerEnd ? 120 : 60;
	return new Date((day * 1440 + minute - offset) * 60_000);
}

interface Moment {
	day: number;
	minute: number;
}

const after = (a: Moment, b: Moment) => a.day > b.day || (a.day === b.day && a.minute > b.minute);

/** A small seeded generator (mulberry32 on an FNV-1a hash), so every run is the same. */
function generator(seedText: string): () => number {
	let h = 2166136261;
	for (let i = 0; i < seedText.length; i++) h = Math.imul(h ^ seedText.charCodeAt(i), 16777619);
	let a = h >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Moments of the creation and each step: working days, office hours, not after demoToday. */
function schedule(
	start: string,
	gapsWanted: (number | undefined)[],
	random: () => number
): Moment[] {
	const end = toDay(demoToday);
	const first = workday(toDay(start));
	let gaps = gapsWanted.map((g) => g ?? 4 + Math.floor(random() * 15));
	const total = gaps.reduce((a, b) => a + b, 0);
	if (first + total > end) gaps = gaps.map((g) => Math.floor((g * (end - first)) / total));
	const moments: Moment[] = [{ day: first, minute: 510 + Math.floor(random() * 420) }];
	for (const gap of gaps) {
		const previous = moments[moments.length - 1]!;
		const day = Math.max(previous.day, Math.min(end, workday(previous.day + gap)));
		let minute = 510 + Math.floor(random() * 480);
		if (day === previous.day && minute <= previous.minute) minute = previous.minute + 20;
		moments.push({ day, minute });
	}
	return moments;
}

// ---------------------------------------------------------------------------------------
// Seeding.

interface StatusRow {
	id: string;
	name: string;
	settableBy: string[];
	voorlopig: boolean;
	reasonRequired: boolean;
	closesAttachments: boolean;
}

interface AccountRow {
	id: string;
	username: string;
	displayName: string;
	functionTitle: string;
	roles: Role[];
	schools: string[];
}

interface SchoolRow {
	id: string;
	brinVestiging: string;
	name: string;
	region: string;
}

interface Process {
	organisationId: string;
	code: string;
	status: (name: string) => StatusRow;
	transitions: Set<string>;
	titel: (name: string) => { id: string; onlyRegions: string[]; excludedRegions: string[] };
	initialStatus: (titelId: string) => StatusRow;
	coordinatorFromStatus: Map<string, string>;
	statusAfterAttachment: Map<string, string>;
	account: (username: string) => AccountRow;
	withRole: (role: Role) => AccountRow;
	staffOf: (brin: string) => AccountRow | undefined;
	school: (brin: string) => SchoolRow;
}

async function loadProcess(
	tx: TransactionSql,
	organisationId: string,
	code: string
): Promise<Process> {
	const statuses = await tx<StatusRow[]>`
		select id, name, settable_by, voorlopig, reason_required, closes_attachments
		from process_status where organisation_id = ${organisationId} and active`;
	const transitions = await tx<{ fromStatusId: string; toStatusId: string }[]>`
		select from_status_id, to_status_id from process_transition where organisation_id = ${organisationId}`;
	const titels = await tx<
		{ id: string; name: string; onlyRegions: string[]; excludedRegions: string[] }[]
	>`
		select id, name, only_regions, excluded_regions from hulpvraag_titel
		where organisation_id = ${organisationId} and active`;
	const automations = await tx<
		{
			kind: string;
			titelId: string | null;
			statusId: string | null;
			targetStatusId: string | null;
			coordinatorId: string | null;
		}[]
	>`
		select kind, titel_id, status_id, target_status_id, coordinator_id
		from process_automation where organisation_id = ${organisationId} and active`;
	const accounts = await tx<AccountRow[]>`
		select a.id, a.username, a.display_name, a.function_title, a.roles,
			coalesce(array_agg(s.brin_vestiging order by s.brin_vestiging)
				filter (where s.id is not null), '{}') as schools
		from account a
		left join account_school x on x.account_id = a.id
		left join school s on s.id = x.school_id
		where a.organisation_id = ${organisationId}
		group by a.id order by a.created_at, a.username`;
	const schools = await tx<SchoolRow[]>`
		select id, brin_vestiging, name, region from school where organisation_id = ${organisationId}`;

	const need = <T>(value: T | undefined, what: string): T => {
		if (value === undefined) throw new Error(`Demo dossiers of ${code}: ${what} not found`);
		return value;
	};
	const byId = new Map(statuses.map((s) => [s.id, s]));
	const initial = automations.filter((a) => a.kind === 'initial_status_from_titel');
	const pairs = (kind: string, value: (a: (typeof automations)[number]) => string | null) =>
		new Map(automations.filter((a) => a.kind === kind).map((a) => [a.statusId!, value(a)!]));
	return {
		organisationId,
		code,
		status: (name) =>
			need(
				statuses.find((s) => s.name === name),
				`status "${name}"`
			),
		transitions: new Set(transitions.map((t) => `${t.fromStatusId}>${t.toStatusId}`)),
		titel: (name) =>
			need(
				titels.find((t) => t.name === name),
				`titel "${name}"`
			),
		initialStatus: (titelId) => {
			const rule =
				initial.find((a) => a.titelId === titelId) ?? initial.find((a) => a.titelId === null);
			return need(byId.get(rule?.targetStatusId ?? ''), 'initial status');
		},
		coordinatorFromStatus: pairs('coordinator_from_status', (a) => a.coordinatorId),
		statusAfterAttachment: pairs('status_after_attachment', (a) => a.targetStatusId),
		account: (username) =>
			need(
				accounts.find((a) => a.username === username),
				`account ${username}`
			),
		withRole: (role) =>
			need(
				accounts.find((a) => a.roles.includes(role)),
				`an account with role ${role}`
			),
		staffOf: (brin) =>
			accounts.find((a) => a.roles.includes('ib') && a.schools.includes(brin)) ??
			accounts.find((a) => a.roles.includes('directeur') && a.schools.includes(brin)),
		school: (brin) =>
			need(
				schools.find((s) => s.brinVestiging === brin),
				`school ${brin}`
			)
	};
}

const schoolRoles: Role[] = ['ib', 'directeur'];
const via = 'Ontvangen via OSO (ParnasSys)';

/**
 * Who sets `status` on this hulpvraag: the school's IB'er for school statuses (none: the
 * school has no account here and sends through OSO), else the SWV role that usually does.
 */
function actorFor(
	p: Process,
	status: StatusRow,
	titel: string,
	brin: string | undefined
): AccountRow | null {
	const roles = status.settableBy;
	if (roles.some((r) => schoolRoles.includes(r as Role))) {
		return brin ? (p.staffOf(brin) ?? null) : null;
	}
	const only = (role: Role) => roles.length === 1 && roles[0] === role;
	if (only('jk_specialist') || (titel === jk && roles.includes('jk_specialist')))
		return p.withRole('jk_specialist');
	// A TLV: the SCP checks completeness, the TLV-administratie decides.
	const checks = ['Doorzetten SCP', 'Dossier compleet', 'Dossier incompleet'];
	const tlv = titel.startsWith('TLV') && !checks.includes(status.name);
	if (only('tlv_admin') || (tlv && roles.includes('tlv_admin'))) return p.withRole('tlv_admin');
	if (only('coordinator')) return p.withRole('coordinator');
	if (only('voorschool')) return p.withRole('voorschool');
	return p.withRole('scp');
}

function bijlageAuthor(p: Process, kind: DocumentKind, brin: string | undefined): AccountRow {
	switch (kind) {
		case 'groeidocument':
		case 'opp':
		case 'leesdossier': {
			const staff = brin ? p.staffOf(brin) : undefined;
			if (!staff) throw new Error(`Demo dossiers of ${p.code}: no school account for a ${kind}`);
			return staff;
		}
		case 'tlv-besluit':
			return p.withRole('tlv_admin');
		case 'jk-aanvraag':
		case 'jk-observatie':
			return p.withRole('voorschool');
		case 'onderwijsadvies':
			return p.withRole('jk_specialist');
		default:
			return p.withRole('scp');
	}
}

function groepFor(geboortedatum: string): string {
	const [y, m, d] = geboortedatum.split('-').map(Number);
	// Age on 1 October 2026: four-year-olds are in groep 1.
	const age = 2026 - y! - (m! > 10 || (m === 10 && d! > 1) ? 1 : 0);
	return String(Math.min(8, Math.max(1, age - 3)));
}

function fullName(d: DemoDossier): string {
	return [d.roepnaam, d.tussenvoegsel, d.achternaam].filter(Boolean).join(' ');
}

function fail(d: DemoDossier, message: string): never {
	throw new Error(`Demo dossier ${fullName(d)}: ${message}`);
}

async function seedDossier(
	tx: TransactionSql,
	p: Process,
	d: DemoDossier,
	index: number,
	store: FileStore | undefined
): Promise<void> {
	const school = d.school ? p.school(d.school) : undefined;
	const contact = d.school ? schoolContacts[d.school] : undefined;
	const groep = d.groep ?? (d.school ? groepFor(d.geboortedatum) : '');

	// Plan every hulpvraag first: its moments and who acted, checked against the process.
	const plans = d.hulpvragen.map((h, hi) => {
		const titel = p.titel(h.titel);
		const brin = h.school ?? d.school;
		const earlier = h.school ? d.earlierSchools?.find((e) => e.school === h.school) : undefined;
		if (h.school && !earlier) fail(d, `${h.school} asks, but the child was never there`);
		if (earlier && (h.start < (earlier.start ?? '') || h.start > (earlier.end ?? demoToday)))
			fail(d, `"${h.titel}" was asked by ${h.school} outside the child's period there`);
		const asking = brin ? p.school(brin) : undefined;
		if (asking && titel.onlyRegions.length > 0 && !titel.onlyRegions.includes(asking.region))
			fail(d, `titel "${h.titel}" is only for ${titel.onlyRegions.join(', ')}`);
		if (asking && titel.excludedRegions.includes(asking.region))
			fail(d, `titel "${h.titel}" is not for ${asking.region}`);
		if (!asking && h.titel !== jk) fail(d, 'only a Jonge Kind hulpvraag goes without a school');
		const random = generator(`${d.organisation}:${index}:${hi}`);
		const steps = h.steps.map((s) =>
			typeof s === 'string' ? { status: s } : Array.isArray(s) ? { status: s[0], reason: s[1] } : s
		);
		const moments = schedule(
			h.start,
			steps.map((s) => ('gap' in s ? s.gap : undefined)),
			random
		);
		const initial = p.initialStatus(titel.id);
		const creator = actorFor(p, initial, h.titel, brin);
		const changes = [
			{
				from: null as StatusRow | null,
				to: initial,
				by: creator,
				reason: creator ? '' : via,
				automatic: creator === null,
				at: moments[0]!
			}
		];
		let coordinator = h.coordinator ? p.account(h.coordinator).id : null;
		const omschrijving = h.omschrijving;
		for (const [i, s] of steps.entries()) {
			const from = changes[changes.length - 1]!.to;
			const to = p.status(s.status);
			if (!p.transitions.has(`${from.id}>${to.id}`))
				fail(d, `"${from.name}" → "${to.name}" is not a transition of the process`);
			const reason = s.reason ?? '';
			if (to.reasonRequired && reason === '') fail(d, `"${to.name}" needs a reason`);
			let by: AccountRow | null;
			let automatic = false;
			if ('automatic' in s && s.automatic) {
				if (p.statusAfterAttachment.get(from.id) !== to.id)
					fail(d, `no automation sets "${to.name}" after an attachment`);
				if (!h.bijlagen?.some((b) => b.at === i && b.justBefore))
					fail(d, `"${to.name}" follows a bijlage, but none is added just before it`);
				by = p.withRole('voorschool');
				automatic = true;
			} else {
				by = 'by' in s && s.by ? p.account(s.by) : actorFor(p, to, h.titel, brin);
			}
			if (by && !by.roles.some((r) => to.settableBy.includes(r)))
				fail(d, `${by.username} may not set "${to.name}"`);
			if (!by && !to.settableBy.some((r) => schoolRoles.includes(r as Role)))
				fail(d, `nobody to set "${to.name}"`);
			changes.push({
				from,
				to,
				by,
				reason: by ? reason : reason || via,
				automatic: automatic || by === null,
				at: moments[i + 1]!
			});
			const automaticCoordinator = p.coordinatorFromStatus.get(to.id);
			if (automaticCoordinator) {
				if (coordinator && coordinator !== automaticCoordinator)
					fail(d, `the coordinator differs from the one "${to.name}" assigns`);
				coordinator = automaticCoordinator;
			}
		}
		const current = changes[changes.length - 1]!.to;
		const groepThere = earlier ? (earlier.groep ?? '') : groep;
		return { h, titel, brin, asking, groepThere, changes, coordinator, omschrijving, current };
	});

	const firstPlan = plans.reduce((a, b) => (after(a.changes[0]!.at, b.changes[0]!.at) ? b : a));
	const createdBy = firstPlan.changes[0]!.by;
	const firstMoment = firstPlan.changes[0]!.at;
	const createdAt = amsterdam(firstMoment.day, Math.max(0, firstMoment.minute - 10));

	const [dossier] = await tx<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, tussenvoegsel, achternaam, geboortedatum, geslacht,
			woonadres, postadres, adres_opmerking, created_by, created_at, updated_at)
		values (${p.organisationId}, ${d.roepnaam}, ${d.tussenvoegsel ?? ''}, ${d.achternaam}, ${d.geboortedatum},
			${d.geslacht}, ${tx.json({ ...d.woonadres })},
			${d.postadres ? tx.json({ ...d.postadres }) : null}, ${d.adresOpmerking ?? ''},
			${createdBy?.id ?? null}, ${createdAt}, ${createdAt})
		returning id`;
	const dossierId = dossier!.id;

	for (const email of d.parents ?? []) {
		await tx`
			insert into dossier_parent_email (dossier_id, email, added_by, added_at)
			values (${dossierId}, ${email}, ${createdBy?.id ?? null}, ${createdAt})`;
	}

	for (const [i, period] of (d.earlierSchools ?? []).entries()) {
		const c = schoolContacts[period.school]!;
		await tx`
			insert into school_period (dossier_id, school_id, groep, aanvrager, contactpersoon, email, phone,
				start_date, end_date)
			values (${dossierId}, ${p.school(period.school).id}, ${period.groep ?? ''}, ${c.aanvrager},
				${teachers[(index + i + 3) % teachers.length]!}, ${c.email}, ${c.phone}, ${period.start},
				${period.end ?? null})`;
	}
	if (school && contact) {
		const [y, m, dd] = d.geboortedatum.split('-').map(Number);
		const fourth = isoOf(
			workday(toDay(`${y! + 4}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`) + 1)
		);
		const start = d.schoolStart === undefined ? fourth : d.schoolStart;
		const isJk = d.hulpvragen.every((h) => h.titel === jk);
		await tx`
			insert into school_period (dossier_id, school_id, groep, aanvrager, contactpersoon, email, phone, start_date)
			values (${dossierId}, ${school.id}, ${groep},
				${isJk ? `${p.withRole('jk_specialist').displayName} (Jonge Kind-specialist)` : contact.aanvrager},
				${isJk ? contact.aanvrager : teachers[index % teachers.length]!}, ${contact.email}, ${contact.phone},
				${start})`;
	}

	for (const [hi, plan] of plans.entries()) {
		const { h, changes, brin, asking } = plan;
		const isJk = h.titel === jk;
		const aanvrager = !isJk && brin ? (p.staffOf(brin) ?? null) : null;
		const first = changes[0]!;
		const last = changes[changes.length - 1]!;
		const [row] = await tx<{ id: string }[]>`
			insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id, datum, omschrijving,
				coordinator_id, aanvrager_id, labels, version, created_at, updated_at)
			values (${p.organisationId}, ${dossierId}, ${asking?.id ?? null}, ${plan.titel.id}, ${plan.current.id},
				${isoOf(first.at.day)}, ${plan.omschrijving},
				${plan.coordinator ?? (isJk ? p.withRole('jk_specialist').id : null)}, ${aanvrager?.id ?? null},
				${tx.array(h.labels ?? [])}, ${changes.length}, ${amsterdam(first.at.day, first.at.minute)},
				${amsterdam(last.at.day, last.at.minute)})
			returning id`;
		const hulpvraagId = row!.id;
		for (const c of changes) {
			await tx`
				insert into status_change (organisation_id, hulpvraag_id, from_status_id, to_status_id, changed_by,
					changed_at, reason, automatic)
				values (${p.organisationId}, ${hulpvraagId}, ${c.from?.id ?? null}, ${c.to.id}, ${c.by?.id ?? null},
					${amsterdam(c.at.day, c.at.minute)}, ${c.reason}, ${c.automatic})`;
		}
		if (isJk) {
			await tx`
				insert into hulpvraag_link (hulpvraag_id, account_id, role, added_at)
				values (${hulpvraagId}, ${p.withRole('voorschool').id}, 'voorschool',
					${amsterdam(first.at.day, first.at.minute + 5)})`;
		}

		const bijlagen = h.bijlagen ?? [];
		const random = generator(`${d.organisation}:${index}:${hi}:bijlagen`);
		for (const [bi, b] of bijlagen.entries()) {
			const during = changes[b.at];
			if (!during) fail(d, `a bijlage at step ${b.at} of "${h.titel}"`);
			const next = changes[b.at + 1];
			if (b.justBefore && !next) fail(d, 'a bijlage just before a step that does not come');
			let at: Moment;
			if (next && b.justBefore) {
				at = { day: next.at.day, minute: next.at.minute - 2 * (bijlagen.length - bi) };
			} else if (next) {
				const middle = workday(during.at.day + Math.floor((next.at.day - during.at.day) / 2));
				const day = middle > next.at.day ? during.at.day : middle;
				const minute =
					day === during.at.day ? during.at.minute + 7 + bi : 540 + Math.floor(random() * 420);
				at = { day, minute };
				if (!after(next.at, at)) at = { day: next.at.day, minute: next.at.minute - 5 - bi };
			} else {
				const day = Math.min(toDay(demoToday), workday(during.at.day + 1));
				at = {
					day,
					minute:
						day === during.at.day ? during.at.minute + 40 + bi : 540 + Math.floor(random() * 420)
				};
			}
			if (!after(at, during.at)) fail(d, `a bijlage of "${h.titel}" would predate its status`);
			const status = during.to;
			if (status.closesAttachments) fail(d, `a bijlage while "${status.name}" closes attachments`);
			const author = b.by ? p.account(b.by) : bijlageAuthor(p, b.kind, brin);
			const swvOnly = !author.roles.some((r) => [...schoolRoles, 'beheerder'].includes(r));
			if (status.voorlopig && swvOnly)
				fail(d, `${author.username} cannot see a voorlopige hulpvraag`);
			const addedAt = amsterdam(at.day, at.minute);
			const date = isoOf(at.day);
			const document = demoDocument(b.kind, {
				roepnaam: d.roepnaam,
				fullName: fullName(d),
				geboortedatum: d.geboortedatum,
				geslacht: d.geslacht,
				achternaam: [d.tussenvoegsel, d.achternaam].filter(Boolean).join(' '),
				schoolName: asking?.name ?? '',
				groep: plan.groepThere,
				focus: d.focus,
				authorName: author.displayName,
				authorFunction: author.functionTitle || author.roles.join(', '),
				date,
				dateTime: addedAt
			});
			const bytes = await renderPdf(document.spec);
			const accepted = await files.accept(Readable.from([bytes]), document.fileName, { store });
			const inserted = await files.insert(tx, accepted, {
				organisationId: p.organisationId,
				hulpvraagId,
				addedBy: author.id,
				parentVisible: b.parentVisible ?? false
			});
			await tx`update bijlage set added_at = ${addedAt} where id = ${inserted.id}`;
		}
	}

	for (const note of d.notes ?? []) {
		const [day, time] = note.at.split(' ');
		const [hh, mm] = time!.split(':').map(Number);
		const at = amsterdam(toDay(day!), hh! * 60 + mm!);
		await tx`
			insert into dossier_note (dossier_id, author_id, body, created_at, updated_at)
			values (${dossierId}, ${p.account('lotte.vandam').id}, ${note.body}, ${at}, ${at})`;
	}
}

/**
 * Adds the demo dossiers of each organisation that has none yet (so seeding again, or
 * after a user made dossiers of their own, changes nothing). Bijlagen go into `store`
 * (default: the one in FILES_DIR).
 */
export async function seedDossiers(
	tx: TransactionSql,
	organisationIds: Map<string, string>,
	options: { store?: FileStore } = {}
): Promise<void> {
	for (const [code, organisationId] of organisationIds) {
		const list = dossiers.filter((d) => d.organisation === code);
		if (list.length === 0) continue;
		const [existing] = await tx<{ n: number }[]>`
			select count(*)::int as n from dossier where organisation_id = ${organisationId}`;
		if ((existing?.n ?? 0) > 0) continue;
		const process = await loadProcess(tx, organisationId, code);
		for (const [index, d] of list.entries())
			await seedDossier(tx, process, d, index, options.store);
	}
}
