/**
 * The demo organisations' processes (domain.md): PPO Rotterdam's with the Ondersteuningsbudget
 * and TLV processes, Stromenland's with the Jonge Kind process. Processes are data:
 * beheerders change them in Beheer; this is only where the demo starts.
 *
 * A new hulpvraag starts in "Aanmelding": submitted, visible to the SWV. Only the processes
 * that ask the school to prepare first start voorlopig (Ondersteuningsbudget, the IJsselmonde
 * TLV); the school submits them itself. A school may also take a hulpvraag in Aanmelding back
 * to "Voorlopige aanmelding", e.g. for an overlegronde without the SWV.
 *
 * Statuses are shared by all titles, transitions are not per title: so a process whose steps
 * differ from the common ones has statuses of its own (an OB aanvraag that is incomplete
 * goes back to "OB aanvraag indienen", not to "Aanmelding"; the TLV statuses are numbered,
 * TLV_1_… meaning the school must act).
 */
import type { Role } from '../../roles';

export interface StatusDef {
	name: string;
	parentText: string;
	nextStep?: string;
	/** What the school must do while the hulpvraag is in this status ("Wat moet u nu doen"). */
	instruction?: string;
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
	statusAfterAttachment?: { status: string; target: string }[];
}

const school: Role[] = ['ib', 'directeur'];
const swv: Role[] = ['scp', 'coordinator', 'tlv_admin', 'jk_specialist'];

const common: StatusDef[] = [
	{
		name: 'Voorlopige aanmelding',
		parentText: 'De school bereidt de aanvraag voor.',
		nextStep: 'De school dient de aanvraag in bij het samenwerkingsverband.',
		instruction:
			'Maak de hulpvraag compleet: vul de omschrijving aan en voeg de bijlagen toe die erbij horen (in elk geval het OPP). Dien hem daarna in met ‘Aanmelding’. Gebruikt u deze hulpvraag alleen voor een overlegronde zonder het samenwerkingsverband, dan laat u hem in deze status.',
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
		instruction:
			'Voeg de ontbrekende informatie (zie de reden) toe aan deze hulpvraag, niet aan een nieuwe. Zet de status daarna weer op ‘Aanmelding’.',
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

const tlvTitles = ['TLV -Nieuw', 'TLV -Verlaging/ophoging', 'TLV -Verlenging'];

export const processes: ProcessDef[] = [
	{
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
			{ status: 'Akkoord coördinator Herstart/KANS', username: 'pieter.verbeek' }
		]
	},
	{
		organisation: 'PO2507',
		defaultInitialStatus: 'Aanmelding',
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
			[
				'Aanmelding',
				['Voorlopige aanmelding', 'Dossier compleet', 'Dossier incompleet', 'Niet ontvankelijk']
			],
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
