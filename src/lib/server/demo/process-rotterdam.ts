/**
 * PPO Rotterdam's demo process: the common statuses, the Ondersteuningsbudget and TLV
 * statuses, the titles with their region limits, who coordinates from which status, and
 * the status that follows a recorded aanpak or TLV.
 */
import { common, school, swv, type ProcessDef } from './process-defs';

const tlvTitles = ['TLV -Nieuw', 'TLV -Verlaging/ophoging', 'TLV -Verlenging'];

export const rotterdam: ProcessDef = {
	organisation: 'PO2806',
	defaultInitialStatus: 'Aanmelding',
	statuses: [
		...common,
		{
			name: 'OB voorlopige aanvraag',
			parentText: 'De school bereidt een aanvraag voor een ondersteuningsbudget voor.',
			nextStep: 'De school maakt de aanvraag compleet en de directeur stemt ermee in.',
			instruction:
				'Beschrijf in de omschrijving waarvoor het budget is, voeg het OPP toe aan de bijlagen en laat de directeur (het bevoegd gezag) instemmen met de aanvraag. Kies daarna ‘OB aanvraag indienen’: pas dan ziet het samenwerkingsverband de aanvraag.',
			settableBy: school,
			voorlopig: true,
			parentVisible: false
		},
		{
			name: 'OB aanvraag indienen',
			parentText: 'De aanvraag voor een ondersteuningsbudget is ingediend.',
			nextStep: 'Het samenwerkingsverband beoordeelt de aanvraag.',
			settableBy: school
		},
		{
			name: 'Dossier incompleet OB',
			parentText:
				'Er ontbreekt nog informatie voor het ondersteuningsbudget. De school vult die aan.',
			nextStep: 'De school vult de aanvraag aan en dient hem opnieuw in.',
			instruction:
				'Voeg de ontbrekende informatie (zie de reden) toe aan deze hulpvraag, niet aan een nieuwe. Kies daarna opnieuw ‘OB aanvraag indienen’: anders wordt de aanvraag niet verder behandeld.',
			settableBy: swv,
			reasonRequired: true
		},
		{
			name: 'Gearrangeerd budget',
			parentText:
				'Het ondersteuningsbudget is toegekend. De school zet de ondersteuning in en evalueert die.',
			nextStep: 'Na de evaluatie rondt het samenwerkingsverband de aanvraag af.',
			instruction:
				'Het budget is toegekend; het besluit en de deadline van de evaluatie staan in de reden. Voeg de evaluatie vóór die deadline als bijlage toe aan deze hulpvraag.',
			settableBy: ['coordinator']
		},
		{
			name: 'Afgewezen regiomanager',
			parentText:
				'De aanvraag voor een ondersteuningsbudget is afgewezen. De school bespreekt met u de reden en wat nu kan.',
			settableBy: ['coordinator'],
			final: true,
			reasonRequired: true
		},
		{
			name: 'TLV_1_voorlopig (IJsselmonde)',
			parentText: 'De school bereidt een aanvraag voor een toelaatbaarheidsverklaring voor.',
			nextStep: 'De school maakt de aanvraag compleet en dient hem in.',
			instruction:
				'Vul het aanvraagformulier volledig in, laat het ondertekenen door de ouders en het bevoegd gezag, en voeg het met de andere bijlagen (in elk geval het OPP) toe aan deze hulpvraag. Kies daarna ‘TLV_2_aanvraag indienen’: pas dan ziet het samenwerkingsverband de aanvraag.',
			settableBy: school,
			voorlopig: true,
			parentVisible: false
		},
		{
			name: 'TLV_1_incompleet',
			parentText:
				'Er ontbreekt nog informatie voor de toelaatbaarheidsverklaring. De school vult die aan.',
			nextStep: 'De school vult de aanvraag aan en dient hem opnieuw in.',
			instruction:
				'Vul de ontbrekende informatie (zie de reden) aan in deze hulpvraag, niet in een nieuwe. Zet de status daarna op ‘TLV_2_aanvraag indienen’: de aanvraag komt dan direct bij de TLV-coördinatie.',
			settableBy: swv,
			reasonRequired: true
		},
		{
			name: 'TLV_2_aanvraag indienen',
			parentText: 'De aanvraag voor een toelaatbaarheidsverklaring is ingediend.',
			nextStep: 'De TLV-coördinatie bekijkt of de aanvraag compleet is.',
			settableBy: school
		},
		{
			name: 'TLV_3_in behandeling',
			parentText: 'De deskundigen beoordelen de aanvraag voor een toelaatbaarheidsverklaring.',
			nextStep: 'Daarna besluit het samenwerkingsverband over de toelaatbaarheidsverklaring.',
			settableBy: ['tlv_admin']
		},
		{
			name: 'TLV afgegeven',
			parentText: 'De toelaatbaarheidsverklaring is afgegeven.',
			settableBy: ['tlv_admin'],
			final: true,
			closesAttachments: true
		},
		{
			name: 'Doorzetten SCP',
			parentText: 'De aanvraag is doorgestuurd naar de schoolcontactpersoon.',
			settableBy: swv
		},
		{
			name: 'Akkoord coördinator Herstart/KANS',
			parentText: 'Er is een besluit genomen; de ondersteuning wordt geregeld.',
			settableBy: ['coordinator']
		},
		{
			name: 'Wacht op plaatsing',
			parentText: 'Er wordt gewacht op een plek bij de aanbieder.',
			settableBy: swv
		},
		{
			name: 'Thuiszitter',
			parentText: 'Uw kind is aangemeld als thuiszitter. Er wordt gezocht naar een oplossing.',
			settableBy: swv
		}
	],
	transitions: [
		['Voorlopige aanmelding', ['Aanmelding']],
		['OB voorlopige aanvraag', ['OB aanvraag indienen']],
		[
			'OB aanvraag indienen',
			[
				'Dossier incompleet OB',
				'Gearrangeerd budget',
				'Afgewezen regiomanager',
				'Niet ontvankelijk'
			]
		],
		['Dossier incompleet OB', ['OB aanvraag indienen']],
		['Gearrangeerd budget', ['Afgerond']],
		['TLV_1_voorlopig (IJsselmonde)', ['TLV_2_aanvraag indienen']],
		[
			'TLV_2_aanvraag indienen',
			[
				'TLV_1_incompleet',
				'TLV_3_in behandeling',
				'TLV afgegeven',
				'Afgewezen',
				'Niet ontvankelijk'
			]
		],
		['TLV_1_incompleet', ['TLV_2_aanvraag indienen']],
		['TLV_3_in behandeling', ['TLV_1_incompleet', 'TLV afgegeven', 'Afgewezen']],
		[
			'Aanmelding',
			[
				'Voorlopige aanmelding',
				'Doorzetten SCP',
				'Dossier compleet',
				'Dossier incompleet',
				'Niet ontvankelijk',
				'Thuiszitter'
			]
		],
		['Doorzetten SCP', ['Dossier compleet', 'Dossier incompleet']],
		[
			'Dossier compleet',
			[
				'Toegekend',
				'Akkoord coördinator Herstart/KANS',
				'Wacht op plaatsing',
				'In behandeling',
				'Afgewezen'
			]
		],
		['Dossier incompleet', ['Aanmelding']],
		['Toegekend', ['Wacht op plaatsing', 'In behandeling', 'Afgerond']],
		['Akkoord coördinator Herstart/KANS', ['In behandeling']],
		['Wacht op plaatsing', ['In behandeling']],
		['In behandeling', ['Afgerond']],
		['Thuiszitter', ['In behandeling', 'Afgerond']]
	],
	titels: [
		{ name: 'Aanvangsklas -aanvraag' },
		{ name: 'Aanvangsklas -plaatsing' },
		{ name: 'Ambulante Begeleiding' },
		{ name: 'Budget inclusief onderwijs' },
		{ name: 'CAR met bestaande TLV' },
		{ name: 'Dyslexie -Vergoede zorg' },
		{ name: 'GAAF -Leerling met ontwikkelingsvoorsprong/(hoog)begaafdheid' },
		{ name: 'Herstart junior' },
		{ name: 'Jonge kind (3,2 - 4 jr) advisering' },
		{ name: 'KANS' },
		{ name: 'Ouderfunctionaris inzet' },
		{ name: 'Ondersteuningsbudget', initialStatus: 'OB voorlopige aanvraag' },
		{ name: 'Perspectief in Praktijk' },
		{ name: 'Preventie SCP' },
		{ name: 'Psychodiagnostisch onderzoek' },
		{ name: 'STAP-arrangement' },
		{ name: 'Terugplaatsing' },
		{ name: 'Thuiszitter' },
		// Outside IJsselmonde the TLV is submitted when it is made, as before, and follows the
		// numbered TLV statuses from there.
		...tlvTitles.map((name) => ({
			name,
			excludedRegions: ['IJsselmonde'],
			initialStatus: 'TLV_2_aanvraag indienen'
		})),
		{
			name: 'TLV-aanvraag (IJsselmonde)',
			onlyRegions: ['IJsselmonde'],
			initialStatus: 'TLV_1_voorlopig (IJsselmonde)'
		},
		{ name: 'Informatieuitwisseling overig' }
	],
	coordinatorFromStatus: [
		{ status: 'Akkoord coördinator Herstart/KANS', username: 'pieter.verbeek' },
		// A submitted OB aanvraag goes to the coördinator who decides on it.
		{ status: 'OB aanvraag indienen', username: 'pieter.verbeek' }
	],
	statusAfterAanpak: [{ status: 'Dossier compleet', target: 'Toegekend' }],
	statusAfterTlv: [{ status: 'TLV_3_in behandeling', target: 'TLV afgegeven' }]
};
