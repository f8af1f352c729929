/**
 * The demo organisations' processes, from the seeds (003 for PPO Rotterdam, 004 for the
 * Jonge Kind process of Stromenland) and domain.md. Processes are data: beheerders change
 * them in Beheer; this is only where the demo starts.
 */
import type { Role } from '../../roles';

export interface StatusDef {
	name: string;
	parentText: string;
	nextStep?: string;
	settableBy: Role[];
	voorlopig?: boolean;
	final?: boolean;
	parentVisible?: boolean;
	reasonRequired?: boolean;
	closesAttachments?: boolean;
	endsVoorschoolAccess?: boolean;
}

export interface TitelDef {
	name: string;
	onlyRegions?: string[];
	excludedRegions?: string[];
	initialStatus?: string;
}

export interface ProcessDef {
	organisation: string;
	defaultInitialStatus: string;
	statuses: StatusDef[];
	transitions: [from: string, to: string[]][];
	titels: TitelDef[];
	coordinatorFromStatus?: { status: string; username: string }[];
	omschrijvingFromStatus?: { status: string; text: string }[];
	statusAfterAttachment?: { status: string; target: string }[];
}

const school: Role[] = ['ib', 'directeur'];
const swv: Role[] = ['scp', 'coordinator', 'tlv_admin', 'jk_specialist'];

const common: StatusDef[] = [
	{
		name: 'Voorlopige aanmelding',
		parentText: 'De school bereidt de aanvraag voor.',
		nextStep: 'De school dient de aanvraag in bij het samenwerkingsverband.',
		settableBy: school,
		voorlopig: true,
		parentVisible: false
	},
	{
		name: 'Aanmelding',
		parentText: 'De aanvraag is ontvangen en wordt bekeken.',
		nextStep: 'Het samenwerkingsverband bekijkt of alle informatie er is.',
		settableBy: school
	},
	{
		name: 'Dossier compleet',
		parentText: 'Alle informatie is binnen. De aanvraag wordt beoordeeld.',
		nextStep: 'Het samenwerkingsverband neemt een besluit.',
		settableBy: swv
	},
	{
		name: 'Dossier incompleet',
		parentText: 'Er ontbreekt nog informatie. De school vult die aan.',
		nextStep: 'De school voegt de ontbrekende informatie toe aan dezelfde aanvraag.',
		settableBy: swv,
		reasonRequired: true
	},
	{
		name: 'Toegekend',
		parentText: 'De ondersteuning is toegekend, maar nog niet begonnen.',
		nextStep: 'De school of de aanbieder neemt contact met u op over de start.',
		settableBy: swv
	},
	{
		name: 'In behandeling',
		parentText: 'De ondersteuning loopt.',
		settableBy: swv
	},
	{
		name: 'Afgerond',
		parentText: 'De ondersteuning is afgerond.',
		settableBy: swv,
		final: true,
		closesAttachments: true
	},
	{
		name: 'Afgewezen',
		parentText:
			'De aanvraag is afgewezen. De school bespreekt met u wat de reden is en wat nu kan.',
		settableBy: swv,
		final: true,
		reasonRequired: true
	},
	{
		name: 'Niet ontvankelijk',
		parentText:
			'Deze aanvraag hoort niet bij dit samenwerkingsverband. De school bespreekt met u wat nu kan.',
		settableBy: swv,
		final: true,
		reasonRequired: true
	}
];

export const processes: ProcessDef[] = [
	{
		organisation: 'PO2806',
		defaultInitialStatus: 'Voorlopige aanmelding',
		statuses: [
			...common,
			{
				name: 'OB voorlopige aanvraag',
				parentText: 'De school bereidt een aanvraag voor een ondersteuningsbudget voor.',
				nextStep: 'De school vult het formulier in en de directeur keurt het goed.',
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
				name: 'TLV_1_voorlopig (IJsselmonde)',
				parentText: 'De school bereidt een aanvraag voor een toelaatbaarheidsverklaring voor.',
				settableBy: school,
				voorlopig: true,
				parentVisible: false
			},
			{
				name: 'TLV_2_aanvraag indienen',
				parentText: 'De aanvraag voor een toelaatbaarheidsverklaring is ingediend.',
				nextStep: 'De commissie beoordeelt de aanvraag.',
				settableBy: school
			},
			{
				name: 'TLV_1_incompleet',
				parentText:
					'Er ontbreekt nog informatie voor de toelaatbaarheidsverklaring. De school vult die aan.',
				settableBy: swv,
				reasonRequired: true
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
				['Toegekend', 'Dossier incompleet', 'Afgewezen', 'Niet ontvankelijk']
			],
			['TLV_1_voorlopig (IJsselmonde)', ['TLV_2_aanvraag indienen']],
			['TLV_2_aanvraag indienen', ['TLV_1_incompleet', 'TLV afgegeven', 'Afgewezen']],
			['TLV_1_incompleet', ['TLV_2_aanvraag indienen']],
			[
				'Aanmelding',
				[
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
			{ name: 'TLV -Nieuw', excludedRegions: ['IJsselmonde'] },
			{ name: 'TLV -Verlaging/ophoging', excludedRegions: ['IJsselmonde'] },
			{ name: 'TLV -Verlenging', excludedRegions: ['IJsselmonde'] },
			{
				name: 'TLV-aanvraag (IJsselmonde)',
				onlyRegions: ['IJsselmonde'],
				initialStatus: 'TLV_1_voorlopig (IJsselmonde)'
			},
			{ name: 'Informatieuitwisseling overig' }
		],
		coordinatorFromStatus: [
			{ status: 'Akkoord coördinator Herstart/KANS', username: 'pieter.verbeek' }
		],
		omschrijvingFromStatus: [
			{
				status: 'Dossier incompleet',
				text: 'Voeg de ontbrekende informatie toe aan deze hulpvraag (niet aan een nieuwe) en zet de status daarna weer op Aanmelding.'
			}
		]
	},
	{
		organisation: 'PO2507',
		defaultInitialStatus: 'Voorlopige aanmelding',
		statuses: [
			...common,
			{
				name: 'JK onderwijsadvies aanvraag',
				parentText: 'Er is een onderwijsadvies voor uw kind aangevraagd.',
				nextStep:
					'De peuterspeelzaal of het kinderdagverblijf voegt het aanvraagformulier en andere stukken toe.',
				settableBy: ['jk_specialist']
			},
			{
				name: 'JK bijlagen toegevoegd',
				parentText: 'De stukken van de peuterspeelzaal of het kinderdagverblijf zijn binnen.',
				nextStep: 'De Jonge Kind-specialist bespreekt het advies met u en anderen.',
				settableBy: ['voorschool', 'jk_specialist']
			},
			{
				name: 'JK Onderwijsadvies',
				parentText: 'De Jonge Kind-specialist stelt het onderwijsadvies op.',
				settableBy: ['jk_specialist']
			},
			{
				name: 'JK aanmelden school',
				parentText: 'Uw kind wordt aangemeld bij de school van uw voorkeur.',
				settableBy: ['jk_specialist']
			},
			{
				name: 'JK advies afgerond',
				parentText: 'De school heeft uw kind aangenomen. Het advies is afgerond.',
				settableBy: ['jk_specialist']
			},
			{
				name: 'JK afgewezen',
				parentText: 'De school kan uw kind niet plaatsen. Er wordt een nieuwe school gezocht.',
				settableBy: ['jk_specialist'],
				reasonRequired: true
			},
			{
				name: 'advies afgerond',
				parentText: 'Het onderwijsadvies is afgerond.',
				settableBy: ['jk_specialist'],
				final: true,
				closesAttachments: true,
				endsVoorschoolAccess: true
			}
		],
		transitions: [
			['Voorlopige aanmelding', ['Aanmelding']],
			['Aanmelding', ['Dossier compleet', 'Dossier incompleet', 'Niet ontvankelijk']],
			['Dossier compleet', ['Toegekend', 'In behandeling', 'Afgewezen']],
			['Dossier incompleet', ['Aanmelding']],
			['Toegekend', ['In behandeling', 'Afgerond']],
			['In behandeling', ['Afgerond']],
			['JK onderwijsadvies aanvraag', ['JK bijlagen toegevoegd']],
			['JK bijlagen toegevoegd', ['JK Onderwijsadvies']],
			['JK Onderwijsadvies', ['JK aanmelden school']],
			['JK aanmelden school', ['JK advies afgerond', 'JK afgewezen']],
			['JK afgewezen', ['JK aanmelden school']],
			['JK advies afgerond', ['advies afgerond']]
		],
		titels: [
			{ name: 'Jonge kind (3,2 - 4 jr) advisering', initialStatus: 'JK onderwijsadvies aanvraag' },
			{ name: 'Ondersteuningsbudget' },
			{ name: 'Ambulante Begeleiding' },
			{ name: 'TLV -Nieuw' },
			{ name: 'Thuiszitter' },
			{ name: 'Informatieuitwisseling overig' }
		],
		statusAfterAttachment: [
			{ status: 'JK onderwijsadvies aanvraag', target: 'JK bijlagen toegevoegd' }
		]
	}
];
