/**
 * PPO Rotterdam's demo dossiers at Montessorischool De Linde (through OSO), and the child who
 * moved from De Vuurtoren to Het Kompas.
 *
 * The order counts: seeding numbers the dossiers of an organisation in this order.
 */
import type { DemoDossier } from './dossier-model';

export const rotterdamLinde: DemoDossier[] = [
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
	}
];
