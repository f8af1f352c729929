/**
 * The demo form templates: the Ondersteuningsbudget aanvraag with its besluit and evaluatie,
 * the TLV-aanvraagformulier of IJsselmonde, the deskundige's advice and the Jonge Kind
 * aanvraag. Each is published as version 1 in the organisations named.
 */
import type { Role } from '../../roles';
import type {
	ApprovalKind,
	Audience,
	Definition,
	Prefill,
	Question,
	Section
} from '$lib/forms/definition';
import type { Purpose } from '../forms/templates';

export interface DemoTemplate {
	name: string;
	purpose: Purpose;
	description: string;
	organisations: string[];
	definition: Definition;
}

const who = (roles: Role[], more: Partial<Omit<Audience, 'roles'>> = {}): Audience => ({
	roles,
	aanvrager: more.aanvrager ?? false,
	coordinator: more.coordinator ?? false
});

type Extra = Partial<Omit<Question, 'key' | 'type' | 'label'>>;
const q = (key: string, type: Question['type'], label: string, extra: Extra = {}): Question => ({
	key,
	type,
	label,
	help: '',
	required: false,
	options: [],
	...extra
});
const required = (key: string, type: Question['type'], label: string, extra: Extra = {}) =>
	q(key, type, label, { ...extra, required: true });
const prefill = (key: string, label: string, what: Prefill) =>
	q(key, 'prefill', label, { prefill: what });
const approval = (key: string, label: string, kind: ApprovalKind) =>
	required(key, 'approval', label, { approval: kind });

type SectionExtra = Partial<Pick<Section, 'help' | 'grantable' | 'shareableWithParents'>>;
const section = (
	key: string,
	title: string,
	writers: Audience,
	readers: Audience,
	questions: Question[],
	extra: SectionExtra = {}
): Section => ({
	key,
	title,
	help: extra.help ?? '',
	writers,
	readers,
	grantable: extra.grantable ?? false,
	shareableWithParents: extra.shareableWithParents ?? false,
	questions
});

const both = ['PO2806', 'PO2507'];
const school = who(['ib'], { aanvrager: true });
const swvReads = who(['scp', 'coordinator'], { coordinator: true });

const leerling = section('leerling', 'Leerling', school, swvReads, [
	prefill('naam', 'Naam', 'naam'),
	prefill('geboortedatum', 'Geboortedatum', 'geboortedatum'),
	prefill('school', 'School', 'school'),
	prefill('brin', 'BRIN en vestiging', 'brin')
]);

export const obAanvraag = 'Aanvraag Ondersteuningsbudget';
export const obBesluit = 'Besluit aanvraag ondersteuningsbudget';
export const obEvaluatie = 'Evaluatieformulier OB';
export const tlvIjsselmonde = 'TLV-aanvraagformulier IJsselmonde';
export const deskundigeadvies = 'Deskundigeadvies';
export const jkAanvraag = 'JK aanvraag onderwijsadvies';

export const demoTemplates: DemoTemplate[] = [
	{
		name: obAanvraag,
		purpose: 'formulier',
		description: 'De aanvraag van de school, met het OPP en de instemming van het bevoegd gezag.',
		organisations: both,
		definition: {
			intro:
				'Vul de aanvraag volledig in en voeg het OPP toe aan de bijlagen. Geef daarna de directeur schrijfrecht op het laatste onderdeel, zodat die kan instemmen.',
			sections: [
				leerling,
				section('behoeften', 'Onderwijsbehoeften en doelen', school, swvReads, [
					required('behoeften', 'textarea', 'Wat heeft de leerling nodig?'),
					required('doelen', 'textarea', 'Welke doelen wilt u met het budget bereiken?'),
					q('aanpak', 'textarea', 'Wat heeft de school al gedaan?')
				]),
				section('budget', 'Het budget', school, swvReads, [
					required('uren', 'number', 'Aantal uren per week'),
					required('vanaf', 'date', 'Van'),
					required('tot', 'date', 'Tot en met'),
					required('oppbesproken', 'yesno', 'Is het OPP met ouders besproken?'),
					required('opp', 'bijlage', 'Het OPP', {
						help: 'Kies het OPP uit de bijlagen van deze hulpvraag.'
					})
				]),
				section(
					'bevoegd',
					'Instemming bevoegd gezag',
					who([]),
					who(['ib', 'scp', 'coordinator'], { aanvrager: true, coordinator: true }),
					[approval('instemming', 'Het bevoegd gezag stemt in met deze aanvraag', 'instemming')],
					{
						grantable: true,
						help: 'De directeur (of een ander namens het bevoegd gezag) krijgt schrijfrecht op dit onderdeel.'
					}
				)
			]
		}
	},
	{
		name: obBesluit,
		purpose: 'formulier',
		description: 'Het besluit van het samenwerkingsverband over de aanvraag.',
		organisations: both,
		definition: {
			intro: '',
			sections: [
				section(
					'besluit',
					'Besluit',
					who(['scp', 'coordinator'], { coordinator: true }),
					who(['ib', 'directeur'], { aanvrager: true }),
					[
						required('besluit', 'choice', 'Besluit', { options: ['Toegekend', 'Afgewezen'] }),
						required('motivering', 'textarea', 'Motivering'),
						q('bedrag', 'number', 'Toegekend bedrag (euro)', {
							showWhen: { question: 'besluit', equals: 'Toegekend' }
						})
					]
				)
			]
		}
	},
	{
		name: obEvaluatie,
		purpose: 'formulier',
		description: 'De evaluatie van de school van het ingezette budget.',
		organisations: both,
		definition: {
			intro: '',
			sections: [
				section(
					'evaluatie',
					'Evaluatie',
					school,
					who(['scp', 'coordinator'], { coordinator: true }),
					[
						required('inzet', 'textarea', 'Hoe is het budget ingezet?'),
						required('resultaat', 'textarea', 'Welke doelen zijn bereikt?'),
						q('vervolg', 'textarea', 'Wat is er na deze periode nodig?'),
						q('klaar', 'yesno', 'Informeer coördinator', {
							help: 'Kies ja als de evaluatie klaar is: de coördinator krijgt dan bericht.',
							notifyCoordinator: true
						})
					]
				)
			]
		}
	},
	{
		name: tlvIjsselmonde,
		purpose: 'formulier',
		description: 'De TLV-aanvraag van de scholen in IJsselmonde, ondertekend door ouders.',
		organisations: ['PO2806'],
		definition: {
			intro:
				'Vul de onderdelen van de school in; daarna ondertekenen ouders en stemt het bevoegd gezag in.',
			sections: [
				{ ...leerling, shareableWithParents: true },
				section(
					'onderbouwing',
					'Onderbouwing van de school',
					school,
					swvReads,
					[
						required('ondersteuning', 'textarea', 'Welke ondersteuning heeft de school geboden?'),
						required('reden', 'textarea', 'Waarom is speciaal (basis)onderwijs nodig?'),
						required('soort', 'choice', 'Gevraagde TLV', {
							options: ['SBO', 'SO cluster 2', 'SO cluster 3', 'SO cluster 4']
						}),
						required('opp', 'bijlage', 'Het OPP')
					],
					{ shareableWithParents: true }
				),
				section(
					'ouders',
					'Ouders',
					who(['ouder']),
					who(['ib', 'scp', 'coordinator'], { aanvrager: true }),
					[
						q('zienswijze', 'textarea', 'Wat vinden ouders van de aanvraag?'),
						approval('ondertekening', 'Handtekening ouder of verzorger', 'ondertekening')
					],
					{ shareableWithParents: true }
				),
				section(
					'bevoegd',
					'Instemming bevoegd gezag',
					who([]),
					who(['ib', 'scp', 'coordinator'], { aanvrager: true }),
					[approval('instemming', 'Het bevoegd gezag stemt in met deze aanvraag', 'instemming')],
					{ grantable: true }
				)
			]
		}
	},
	{
		name: deskundigeadvies,
		purpose: 'advies',
		description: 'Het advies van de deskundige van het samenwerkingsverband.',
		organisations: both,
		definition: {
			intro: '',
			sections: [
				section(
					'advies',
					'Advies',
					who(['deskundige', 'scp']),
					who(['ib', 'directeur', 'coordinator'], { aanvrager: true, coordinator: true }),
					[
						required('bevindingen', 'textarea', 'Bevindingen'),
						required('onderbouwing', 'textarea', 'Onderbouwing van het advies'),
						required('advies', 'choice', 'Advies', {
							options: ['Toekennen', 'Toekennen met aanpassingen', 'Niet toekennen']
						})
					]
				)
			]
		}
	},
	{
		name: jkAanvraag,
		purpose: 'formulier',
		description: 'De aanvraag van de voorschool voor een onderwijsadvies Jonge Kind.',
		organisations: ['PO2507'],
		definition: {
			intro: '',
			sections: [
				section(
					'kind',
					'Het kind',
					who(['voorschool', 'jk_specialist']),
					who(['coordinator'], { coordinator: true }),
					[
						prefill('naam', 'Naam', 'naam'),
						prefill('geboortedatum', 'Geboortedatum', 'geboortedatum'),
						required('ontwikkeling', 'textarea', 'Hoe ontwikkelt het kind zich?'),
						required('vraag', 'textarea', 'Welke vraag heeft de voorschool?'),
						required('oudersakkoord', 'yesno', 'Zijn ouders akkoord met de aanvraag?')
					]
				)
			]
		}
	}
];
