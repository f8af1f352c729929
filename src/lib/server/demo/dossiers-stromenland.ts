/**
 * Stromenland's demo dossiers at OBS De Stroming, CBS De Wilgenhoek and Het Anker.
 *
 * The order counts: seeding numbers the dossiers of an organisation in this order.
 */
import { jk, tom, addedByJk, type DemoDossier } from './dossier-model';

export const stromenlandScholen: DemoDossier[] = [
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
	}
];
