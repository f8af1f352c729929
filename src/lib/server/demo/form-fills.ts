/**
 * The demo forms on demo hulpvragen, one in each state: half filled, complete and waiting for
 * the directeur, approved, with approvals voided by a later change, a besluit, an evaluatie
 * and an advies.
 */
import type { Answers } from '$lib/forms/definition';
import { jk } from './dossier-model';
import {
	deskundigeadvies,
	jkAanvraag,
	obAanvraag,
	obBesluit,
	obEvaluatie,
	tlvIjsselmonde
} from './form-templates';
/** Stands for the id of the hulpvraag's OPP bijlage; dropped when it has none. */
export const opp = '@opp';

export interface DemoSection {
	key: string;
	by: string;
	answers: Answers;
}

export interface DemoApproval {
	section: string;
	question: string;
	/** An account's username, or the name a parent signed with by link. */
	by: { username: string } | { name: string };
	/** Answers that differed when the approval was given; a later change voided it. */
	voidedBy?: { username: string; before: Answers };
}

export interface DemoForm {
	organisation: string;
	child: [roepnaam: string, achternaam: string];
	titel: string;
	template: string;
	automatic: boolean;
	sections: DemoSection[];
	grants?: { section: string; username: string }[];
	approvals?: DemoApproval[];
}

const obBehoeften = (by: string): DemoSection => ({
	key: 'behoeften',
	by,
	answers: {
		behoeften:
			'Extra begeleiding bij het starten en plannen van taken, in een kleine groep buiten de klas.',
		doelen: 'Zelfstandig een taak van twintig minuten afmaken; minder vaak de klas uit.',
		aanpak: 'Een planbord, een vaste werkplek en wekelijks een gesprek met de leerkracht.'
	}
});
const obBudget = (by: string): DemoSection => ({
	key: 'budget',
	by,
	answers: { uren: 4, vanaf: '2026-09-01', tot: '2027-07-10', oppbesproken: true, opp }
});

export const demoForms: DemoForm[] = [
	{
		organisation: 'PO2806',
		child: ['Milan', 'Wijk'],
		titel: 'Ondersteuningsbudget',
		template: obAanvraag,
		automatic: true,
		sections: [
			obBehoeften('rachid.elamrani'),
			{ key: 'budget', by: 'rachid.elamrani', answers: { uren: 6, vanaf: '2026-10-01' } }
		]
	},
	{
		organisation: 'PO2806',
		child: ['Tess', 'Berg'],
		titel: 'Ondersteuningsbudget',
		template: obAanvraag,
		automatic: true,
		sections: [obBehoeften('lotte.vandam'), obBudget('lotte.vandam')],
		grants: [{ section: 'bevoegd', username: 'henk.degroot' }]
	},
	{
		organisation: 'PO2806',
		child: ['Jesse', 'Verhoeven-Kuijpers'],
		titel: 'Ondersteuningsbudget',
		template: obAanvraag,
		automatic: true,
		sections: [obBehoeften('lotte.vandam'), obBudget('lotte.vandam')],
		grants: [{ section: 'bevoegd', username: 'henk.degroot' }],
		approvals: [{ section: 'bevoegd', question: 'instemming', by: { username: 'henk.degroot' } }]
	},
	{
		organisation: 'PO2806',
		child: ['Jesse', 'Verhoeven-Kuijpers'],
		titel: 'Ondersteuningsbudget',
		template: deskundigeadvies,
		automatic: false,
		sections: [
			{
				key: 'advies',
				by: 'nora.yilmaz',
				answers: {
					bevindingen:
						'Jesse schrijft traag en onleesbaar; met een laptop en begeleiding volgt hij de lesstof goed.',
					onderbouwing:
						'Het OPP beschrijft haalbare doelen; de inzet van een onderwijsassistent past bij wat de school al doet.',
					advies: 'Toekennen'
				}
			}
		]
	},
	{
		organisation: 'PO2806',
		child: ['Jesse', 'Verhoeven-Kuijpers'],
		titel: 'Ondersteuningsbudget',
		template: obBesluit,
		automatic: true,
		sections: [
			{
				key: 'besluit',
				by: 'nora.yilmaz',
				answers: {
					besluit: 'Toegekend',
					motivering:
						'De aanvraag is volledig en onderbouwd; het advies van de deskundige is toekennen.',
					bedrag: 6400
				}
			}
		]
	},
	{
		organisation: 'PO2806',
		child: ['Jesse', 'Verhoeven-Kuijpers'],
		titel: 'Ondersteuningsbudget',
		template: obEvaluatie,
		automatic: true,
		sections: [
			{
				key: 'evaluatie',
				by: 'lotte.vandam',
				answers: {
					inzet: 'De onderwijsassistent begeleidt Jesse vier uur per week in de schrijflessen.',
					resultaat: 'Jesse typt zijn werk en levert het op tijd in; de eerste doelen zijn gehaald.'
				}
			}
		]
	},
	{
		organisation: 'PO2806',
		child: ['Julia', 'Kramer-de Bruijn'],
		titel: 'Ondersteuningsbudget',
		template: obBesluit,
		automatic: true,
		sections: []
	},
	{
		organisation: 'PO2806',
		child: ['Liam', 'Brouwer'],
		titel: 'Ondersteuningsbudget',
		template: obBesluit,
		automatic: true,
		sections: [
			{
				key: 'besluit',
				by: 'nora.yilmaz',
				answers: {
					besluit: 'Afgewezen',
					motivering:
						'Extra logopedie valt onder de zorgverzekering, niet onder het ondersteuningsbudget.'
				}
			}
		]
	},
	...tlvForms()
];

function tlvForms(): DemoForm[] {
	const onderbouwing = (reden: string, soort: string): DemoSection => ({
		key: 'onderbouwing',
		by: 'lotte.vandam',
		answers: {
			ondersteuning:
				'Een jaar extra begeleiding in een kleine groep, een aangepast programma en twee MDO’s.',
			reden,
			soort,
			opp
		}
	});
	const tlv = (child: [string, string]) => ({
		organisation: 'PO2806',
		child,
		titel: 'TLV-aanvraag (IJsselmonde)',
		template: tlvIjsselmonde,
		automatic: true
	});
	const henk = { username: 'henk.degroot' };
	return [
		{
			...tlv(['Mohammed', 'El Amrani']),
			sections: [
				onderbouwing('Mohammed loopt ondanks extra begeleiding vast in de groep.', 'SBO'),
				{
					key: 'ouders',
					by: 'lotte.vandam',
					answers: { zienswijze: 'Ouders steunen de aanvraag.' }
				}
			],
			grants: [{ section: 'bevoegd', username: 'henk.degroot' }],
			approvals: [
				{ section: 'ouders', question: 'ondertekening', by: { name: 'A. El Amrani' } },
				{ section: 'bevoegd', question: 'instemming', by: henk }
			]
		},
		{
			...tlv(['Amira', 'Benali']),
			sections: [
				onderbouwing(
					'Amira heeft een ernstige taalontwikkelingsstoornis en heeft een school voor cluster 2 nodig.',
					'SO cluster 2'
				)
			],
			grants: [{ section: 'bevoegd', username: 'henk.degroot' }],
			approvals: [
				{
					section: 'ouders',
					question: 'ondertekening',
					by: { name: 'H. Benali' },
					voidedBy: { username: 'lotte.vandam', before: { soort: 'SBO' } }
				},
				{
					section: 'bevoegd',
					question: 'instemming',
					by: henk,
					voidedBy: { username: 'lotte.vandam', before: { soort: 'SBO' } }
				}
			]
		},
		{
			...tlv(['Sophie', 'Meer']),
			sections: [onderbouwing('Sophie heeft een rekenachterstand van ruim twee jaar.', 'SBO')]
		},
		{
			organisation: 'PO2507',
			child: ['Saar', 'Veenstra'],
			titel: jk,
			template: jkAanvraag,
			automatic: false,
			sections: [
				{
					key: 'kind',
					by: 'fatima.ouali',
					answers: {
						ontwikkeling: 'Saar praat weinig en speelt vooral alleen; zindelijk, motoriek goed.'
					}
				}
			]
		}
	];
}
