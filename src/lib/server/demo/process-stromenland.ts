/**
 * Stromenland's demo process: the common statuses and the Jonge Kind statuses, with the
 * automation that moves a hulpvraag on once the pre-school adds its bijlage.
 */
import { common, type ProcessDef } from './process-defs';

export const stromenland: ProcessDef = {
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
	],
	statusAfterAanpak: [{ status: 'Dossier compleet', target: 'Toegekend' }]
};
