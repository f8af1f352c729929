/**
 * PPO Rotterdam's demo dossiers at OBS De Vuurtoren (21XA00, IJsselmonde), Lotte van Dam's school.
 *
 * The order counts: seeding numbers the dossiers of an organisation in this order.
 */
import { sanne, type DemoDossier } from './dossier-model';

export const rotterdamVuurtoren: DemoDossier[] = [
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
				labels: ['taal-spraak'],
				bijlagen: [{ kind: 'opp', at: 0 }]
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
	}
];
