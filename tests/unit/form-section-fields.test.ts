/**
 * SectionFields as the server renders it (before JavaScript runs): every question but
 * approvals as a field named `q.<key>`, a conditional question with its note, and the
 * read-only answers of a section the reader does not write.
 */
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import SectionFields from '../../src/lib/components/forms/SectionFields.svelte';
import type { Definition } from '../../src/lib/forms/definition';

const all: Definition = {
	intro: '',
	sections: [
		{
			key: 'a',
			title: 'Thuiszitten',
			help: '',
			writers: { roles: ['ib'], aanvrager: false, coordinator: false },
			readers: { roles: [], aanvrager: false, coordinator: false },
			grantable: false,
			shareableWithParents: false,
			questions: [
				{
					key: 'naam',
					type: 'prefill',
					label: 'Naam',
					help: '',
					required: false,
					options: [],
					prefill: 'naam'
				},
				{
					key: 'thuis',
					type: 'yesno',
					label: 'Zit het kind thuis?',
					help: 'Langer dan een week.',
					required: true,
					options: []
				},
				{
					key: 'sinds',
					type: 'date',
					label: 'Sinds wanneer?',
					help: '',
					required: false,
					options: [],
					showWhen: { question: 'thuis', equals: 'ja' }
				},
				{
					key: 'wie',
					type: 'multi',
					label: 'Wie is betrokken?',
					help: '',
					required: false,
					options: ['Leerplicht', 'Jeugdhulp']
				},
				{
					key: 'verslag',
					type: 'bijlage',
					label: 'Verslag',
					help: '',
					required: false,
					options: []
				},
				{
					key: 'akkoord',
					type: 'approval',
					label: 'Akkoord ouders',
					help: '',
					required: false,
					options: [],
					approval: 'instemming'
				}
			]
		}
	]
};

const section = all.sections[0]!;
const common = {
	section,
	all,
	prefilled: { naam: 'Sam de Vries' },
	bijlagen: [{ id: 'b1', name: 'Verslag.pdf' }]
};

describe('SectionFields on the server', () => {
	it('renders fields named q.<key>, the condition as a note, and no approval', () => {
		const { body } = render(SectionFields, {
			props: {
				...common,
				answers: { thuis: true, wie: ['Jeugdhulp'] },
				writable: true,
				errors: { 'q.thuis': 'Kies ja of nee.' }
			}
		});
		expect(body).toContain('name="q.thuis"');
		expect(body).toContain('name="q.sinds"');
		expect(body).toContain('type="date"');
		expect(body).toContain('name="q.verslag"');
		expect(body).not.toContain('name="q.naam"');
		expect(body).not.toContain('Akkoord ouders');
		expect(body).toContain('Sam de Vries');
		expect(body).toContain('Zit het kind thuis? (verplicht)');
		expect(body).toContain('Kies ja of nee.');
		expect(body).toContain('Alleen invullen als ‘Zit het kind thuis?’ ‘ja’ is.');
		expect(body).toMatch(/value="ja"[^>]*checked/);
		expect(body).toMatch(/value="Jeugdhulp"[^>]*checked/);
		expect(body).toContain('Verslag.pdf');
	});

	it('shows the answers read-only, hiding what its condition hides', () => {
		const { body } = render(SectionFields, {
			props: { ...common, answers: { thuis: false, verslag: 'b1' }, writable: false }
		});
		expect(body).not.toContain('<input');
		expect(body).toContain('<dl');
		expect(body).toContain('Nee');
		expect(body).not.toContain('Sinds wanneer?');
		expect(body).toContain('Niet ingevuld');
		expect(body).toContain('Verslag.pdf');
		expect(body).toContain('Sam de Vries');
	});
});
