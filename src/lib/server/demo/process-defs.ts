/**
 * The shape of a demo process, and what the demo organisations' processes share: who may set
 * a status, and the statuses every process has.
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
	/** The status that follows when the SWV records an aanpak, or a TLV. */
	statusAfterAanpak?: { status: string; target: string }[];
	statusAfterTlv?: { status: string; target: string }[];
}

export const school: Role[] = ['ib', 'directeur'];
export const swv: Role[] = ['scp', 'coordinator', 'tlv_admin', 'jk_specialist'];

export const common: StatusDef[] = [
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
