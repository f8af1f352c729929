/**
 * PPO Rotterdam's demo dossiers at CBS De Akker (through OSO), Basisschool Het Kompas and OBS De
 * Regenboog.
 *
 * The order counts: seeding numbers the dossiers of an organisation in this order.
 */
import type { DemoDossier } from './dossier-model';

export const rotterdamAkkerKompasRegenboog: DemoDossier[] = [
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
	}
];
