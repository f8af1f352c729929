import type { Role } from '../../roles';

/**
 * Demo data: two fictional samenwerkingsverbanden with fictional schools and people.
 * Names are invented; e-mail addresses use the reserved example.* domains; BRIN codes and
 * phone numbers do not exist. Never put a real person here.
 */

export interface DemoOrganisation {
	code: string;
	name: string;
	shortName: string;
	helpdeskText: string;
}

export interface DemoSchool {
	organisation: string;
	brinVestiging: string;
	name: string;
	region: string;
	bestuur: string;
	city: string;
}

export interface DemoAccount {
	organisation: string;
	username: string;
	email: string;
	displayName: string;
	roles: Role[];
	functionTitle: string;
	schools: string[];
}

export const organisations: DemoOrganisation[] = [
	{
		code: 'PO2806',
		name: 'PPO Rotterdam',
		shortName: 'PPO Rotterdam',
		helpdeskText:
			'Helpdesk PPO Rotterdam: 010 000 28 06 (maandag t/m vrijdag 8.30–16.30 uur) of helpdesk@ppo-rotterdam.example.nl.'
	},
	{
		code: 'PO2507',
		name: 'Samenwerkingsverband Stromenland',
		shortName: 'Stromenland',
		helpdeskText:
			'Helpdesk Stromenland: 0320 000 25 07 (maandag t/m donderdag 9.00–16.00 uur) of helpdesk@stromenland.example.nl.'
	}
];

export const schools: DemoSchool[] = [
	// PPO Rotterdam, IJsselmonde (own TLV process: "TLV-aanvraag (IJsselmonde)").
	{
		organisation: 'PO2806',
		brinVestiging: '21XA00',
		name: 'OBS De Vuurtoren',
		region: 'IJsselmonde',
		bestuur: 'Stichting Maasoever',
		city: 'Rotterdam'
	},
	{
		organisation: 'PO2806',
		brinVestiging: '21XB00',
		name: 'CBS De Akker',
		region: 'IJsselmonde',
		bestuur: 'Stichting Maasoever',
		city: 'Rotterdam'
	},
	// PPO Rotterdam, other regions.
	{
		organisation: 'PO2806',
		brinVestiging: '21XC00',
		name: 'Basisschool Het Kompas',
		region: 'Noord',
		bestuur: 'Stichting Rijnmond Onderwijs',
		city: 'Rotterdam'
	},
	{
		organisation: 'PO2806',
		brinVestiging: '21XD00',
		name: 'OBS De Regenboog',
		region: 'Centrum',
		bestuur: 'Stichting Rijnmond Onderwijs',
		city: 'Rotterdam'
	},
	{
		organisation: 'PO2806',
		brinVestiging: '21XE01',
		name: 'Montessorischool De Linde',
		region: 'Zuid',
		bestuur: 'Stichting Rijnmond Onderwijs',
		city: 'Rotterdam'
	},
	// Stromenland.
	{
		organisation: 'PO2507',
		brinVestiging: '27YA00',
		name: 'OBS De Stroming',
		region: 'Noord',
		bestuur: 'Stichting Polderwijs',
		city: 'Dronten'
	},
	{
		organisation: 'PO2507',
		brinVestiging: '27YB00',
		name: 'CBS De Wilgenhoek',
		region: 'Zuid',
		bestuur: 'Stichting Polderwijs',
		city: 'Lelystad'
	},
	{
		organisation: 'PO2507',
		brinVestiging: '27YC00',
		name: 'Basisschool Het Anker',
		region: 'Zuid',
		bestuur: 'Stichting Flevo Primair',
		city: 'Lelystad'
	}
];

export const accounts: DemoAccount[] = [
	// PPO Rotterdam
	{
		organisation: 'PO2806',
		username: 'beheer.femke',
		email: 'femke.visser@ppo-rotterdam.example.nl',
		displayName: 'Femke Visser',
		roles: ['beheerder'],
		functionTitle: 'Applicatiebeheerder',
		schools: []
	},
	{
		organisation: 'PO2806',
		username: 'lotte.vandam',
		email: 'l.vandam@vuurtoren.example.nl',
		displayName: 'Lotte van Dam',
		roles: ['ib'],
		functionTitle: "IB'er",
		schools: ['21XA00']
	},
	{
		organisation: 'PO2806',
		username: 'rachid.elamrani',
		email: 'r.elamrani@hetkompas.example.nl',
		displayName: 'Rachid El Amrani',
		roles: ['ib'],
		functionTitle: "IB'er",
		schools: ['21XC00', '21XD00']
	},
	{
		organisation: 'PO2806',
		username: 'henk.degroot',
		email: 'directie@vuurtoren.example.nl',
		displayName: 'Henk de Groot',
		roles: ['directeur'],
		functionTitle: 'Directeur',
		schools: ['21XA00']
	},
	{
		organisation: 'PO2806',
		username: 'nora.yilmaz',
		email: 'n.yilmaz@ppo-rotterdam.example.nl',
		displayName: 'Nora Yilmaz',
		roles: ['scp'],
		functionTitle: 'Schoolcontactpersoon',
		schools: []
	},
	{
		organisation: 'PO2806',
		username: 'pieter.verbeek',
		email: 'p.verbeek@ppo-rotterdam.example.nl',
		displayName: 'Pieter Verbeek',
		roles: ['coordinator'],
		functionTitle: 'Coördinator Herstart/KANS',
		schools: []
	},
	{
		organisation: 'PO2806',
		username: 'anouk.smit',
		email: 'tlv@ppo-rotterdam.example.nl',
		displayName: 'Anouk Smit',
		roles: ['tlv_admin'],
		functionTitle: 'TLV-administratie',
		schools: []
	},
	{
		organisation: 'PO2806',
		username: 'sanne.bakker',
		email: 'sanne.bakker@example.com',
		displayName: 'Sanne Bakker',
		roles: ['ouder'],
		functionTitle: '',
		schools: []
	},
	{
		organisation: 'PO2806',
		username: 'mila.jansen',
		email: 'm.jansen@logopedie-zuid.example.nl',
		displayName: 'Mila Jansen',
		roles: ['extern'],
		functionTitle: 'Logopedist',
		schools: []
	},
	// Stromenland
	{
		organisation: 'PO2507',
		username: 'beheer.joost',
		email: 'j.mulder@stromenland.example.nl',
		displayName: 'Joost Mulder',
		roles: ['beheerder'],
		functionTitle: 'Applicatiebeheerder',
		schools: []
	},
	{
		organisation: 'PO2507',
		username: 'esther.bos',
		email: 'e.bos@stromenland.example.nl',
		displayName: 'Esther Bos',
		roles: ['jk_specialist'],
		functionTitle: 'Jonge Kind-specialist',
		schools: []
	},
	{
		organisation: 'PO2507',
		username: 'fatima.ouali',
		email: 'f.ouali@hetbolletje.example.nl',
		displayName: 'Fatima Ouali',
		roles: ['voorschool'],
		functionTitle: 'Peuterspeelzaal Het Bolletje',
		schools: []
	},
	{
		organisation: 'PO2507',
		username: 'karin.dekker',
		email: 'k.dekker@destroming.example.nl',
		displayName: 'Karin Dekker',
		roles: ['ib'],
		functionTitle: "IB'er",
		schools: ['27YA00']
	},
	{
		organisation: 'PO2507',
		username: 'willem.hendriks',
		email: 'directie@destroming.example.nl',
		displayName: 'Willem Hendriks',
		roles: ['directeur'],
		functionTitle: 'Directeur',
		schools: ['27YA00']
	},
	{
		organisation: 'PO2507',
		username: 'yara.peters',
		email: 'y.peters@stromenland.example.nl',
		displayName: 'Yara Peters',
		roles: ['scp'],
		functionTitle: 'Schoolcontactpersoon',
		schools: []
	},
	{
		organisation: 'PO2507',
		username: 'bram.kok',
		email: 'b.kok@stromenland.example.nl',
		displayName: 'Bram Kok',
		roles: ['coordinator'],
		functionTitle: 'Coördinator ondersteuning',
		schools: []
	},
	{
		organisation: 'PO2507',
		username: 'ingrid.meijer',
		email: 'i.meijer@stromenland.example.nl',
		displayName: 'Ingrid Meijer',
		roles: ['tlv_admin'],
		functionTitle: 'TLV-administratie',
		schools: []
	},
	{
		organisation: 'PO2507',
		username: 'tom.vanleeuwen',
		email: 'tom.vanleeuwen@example.com',
		displayName: 'Tom van Leeuwen',
		roles: ['ouder'],
		functionTitle: '',
		schools: []
	},
	{
		organisation: 'PO2507',
		username: 'daan.smits',
		email: 'd.smits@ggd-flevo.example.nl',
		displayName: 'Daan Smits',
		roles: ['extern'],
		functionTitle: 'Jeugdarts',
		schools: []
	}
];
