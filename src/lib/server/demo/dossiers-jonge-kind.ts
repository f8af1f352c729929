/**
 * Stromenland's Jonge Kind demo dossiers: toddlers of 3 with the peuterspeelzaal.
 *
 * The order counts: seeding numbers the dossiers of an organisation in this order.
 */
import { jk, addedByJk, type DemoDossier } from './dossier-model';

export const stromenlandJongeKind: DemoDossier[] = [
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
