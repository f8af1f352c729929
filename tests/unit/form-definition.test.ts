import { describe, expect, it } from 'vitest';
import {
	answered,
	questionsOf,
	readDefinition,
	shown,
	type Definition,
	type Question,
	type Section
} from '../../src/lib/forms/definition';
import { accessOf, answerText, conditionNote } from '../../src/lib/forms/display';
import {
	chunks,
	cleanDefinition,
	conditionCandidates,
	move,
	newQuestion,
	newSection
} from '../../src/lib/forms/editing';

function q(key: string, over: Partial<Question> = {}): Question {
	return { key, type: 'text', label: key, help: '', required: false, options: [], ...over };
}

function section(key: string, questions: Question[], over: Partial<Section> = {}): Section {
	return {
		key,
		title: key,
		help: '',
		writers: { roles: ['ib'], aanvrager: false, coordinator: false },
		readers: { roles: ['scp'], aanvrager: false, coordinator: true },
		grantable: false,
		shareableWithParents: false,
		questions,
		...over
	};
}

const chained: Definition = {
	intro: '',
	sections: [
		section('a', [
			q('thuis', { type: 'yesno', label: 'Zit het kind thuis?' }),
			q('hoelang', {
				type: 'choice',
				label: 'Hoe lang?',
				options: ['Korter dan een maand', 'Langer'],
				showWhen: { question: 'thuis', equals: 'ja' }
			})
		]),
		section('b', [
			q('waarom', {
				type: 'textarea',
				label: 'Waarom zo lang?',
				showWhen: { question: 'hoelang', equals: 'Langer' }
			})
		])
	]
};

describe('readDefinition', () => {
	it('takes a valid template and fills the optional properties', () => {
		const result = readDefinition({
			sections: [
				{
					key: 'a',
					title: ' Algemeen ',
					writers: { roles: ['ib', 'ib'] },
					readers: { roles: [] },
					questions: [{ key: 'naam', type: 'prefill', label: 'Naam', prefill: 'naam' }]
				}
			]
		});
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const s = result.definition.sections[0]!;
		expect(s.title).toBe('Algemeen');
		expect(s.writers).toEqual({ roles: ['ib'], aanvrager: false, coordinator: false });
		expect(s.grantable).toBe(false);
		expect(s.questions[0]!.options).toEqual([]);
		expect(result.definition.intro).toBe('');
	});

	it('refuses what is not a definition, saying where in Dutch', () => {
		expect(readDefinition('nee')).toMatchObject({ ok: false });
		const result = readDefinition({
			sections: [section('a', [q('x'), q('Ongeldig')])]
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems[0]!.message).toMatch(
			/sleutel begint met een kleine letter.*onderdeel 1, vraag 2/
		);
	});

	it('refuses a key with an underscore: the database would read its answer back renamed', () => {
		const result = readDefinition({ sections: [section('a', [q('opp_besproken')])] });
		expect(result.ok).toBe(false);
		expect(readDefinition({ sections: [section('a', [q('opp-besproken')])] }).ok).toBe(true);
	});

	it('refuses the rules across questions: keys, options, conditions, writers', () => {
		const result = readDefinition({
			intro: '',
			sections: [
				section('a', [
					q('x'),
					q('x'),
					q('kies', { type: 'choice', label: 'Kies', options: ['Alleen'] }),
					q('later', { showWhen: { question: 'verderop', equals: 'ja' } }),
					q('verderop', { type: 'yesno' })
				]),
				section('b', [q('y')], { writers: { roles: [], aanvrager: false, coordinator: false } })
			]
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const messages = result.problems.map((p) => p.message);
		expect(messages).toEqual(
			expect.arrayContaining([
				'Twee vragen hebben de sleutel ‘x’.',
				'‘Kies’ heeft ten minste twee keuzemogelijkheden nodig.',
				'‘later’ hangt af van een vraag die er eerder niet is.',
				'‘b’ heeft niemand die het invult.'
			])
		);
		expect(result.problems.find((p) => p.question === 'later')?.section).toBe('a');
	});
});

describe('shown', () => {
	const all = questionsOf(chained);
	const [hoelang, waarom] = [all.get('hoelang')!, all.get('waarom')!];

	it('follows a chain of conditions across sections', () => {
		expect(shown(hoelang, all, {})).toBe(false);
		expect(shown(hoelang, all, { thuis: true })).toBe(true);
		expect(shown(hoelang, all, { thuis: 'ja' })).toBe(true);
		expect(shown(hoelang, all, { thuis: false })).toBe(false);
		expect(shown(waarom, all, { thuis: true, hoelang: 'Langer' })).toBe(true);
		// The answer it names is still there, but the question it hangs on is hidden.
		expect(shown(waarom, all, { thuis: false, hoelang: 'Langer' })).toBe(false);
		expect(shown(waarom, all, { thuis: true, hoelang: 'Korter dan een maand' })).toBe(false);
	});

	it('reads a multiple choice as any of its options', () => {
		const d: Definition = {
			intro: '',
			sections: [
				section('a', [
					q('wie', { type: 'multi', options: ['Ouder', 'School'] }),
					q('school', { showWhen: { question: 'wie', equals: 'School' } })
				])
			]
		};
		const map = questionsOf(d);
		expect(shown(map.get('school')!, map, { wie: ['Ouder', 'School'] })).toBe(true);
		expect(shown(map.get('school')!, map, { wie: ['Ouder'] })).toBe(false);
	});
});

describe('answered', () => {
	it('counts given answers only', () => {
		expect(answered(undefined)).toBe(false);
		expect(answered('  ')).toBe(false);
		expect(answered([])).toBe(false);
		expect(answered('tekst')).toBe(true);
		expect(answered(0)).toBe(true);
		expect(answered(false)).toBe(true);
		expect(answered(['a'])).toBe(true);
	});
});

describe('showing answers and sections', () => {
	const context = {
		prefilled: { naam: 'Sam de Vries' },
		bijlagen: [{ id: 'b1', name: 'Verslag.pdf' }]
	};

	it('writes answers as a reader sees them', () => {
		expect(answerText(q('x'), undefined, context)).toBe('Niet ingevuld');
		expect(answerText(q('x', { type: 'yesno' }), true, context)).toBe('Ja');
		expect(answerText(q('x', { type: 'date' }), '2019-03-14', context)).toBe('14 maart 2019');
		expect(answerText(q('x', { type: 'multi' }), ['a', 'b'], context)).toBe('a, b');
		expect(answerText(q('x', { type: 'bijlage' }), 'b1', context)).toBe('Verslag.pdf');
		expect(answerText(q('x', { type: 'prefill', prefill: 'naam' }), undefined, context)).toBe(
			'Sam de Vries'
		);
	});

	it('notes a condition for a page without JavaScript', () => {
		const all = questionsOf(chained);
		expect(conditionNote(all.get('hoelang')!, all)).toBe(
			'Alleen invullen als ‘Zit het kind thuis?’ ‘ja’ is.'
		);
		expect(conditionNote(all.get('thuis')!, all)).toBeNull();
	});

	it('tells what a viewer does with a section', () => {
		const s = section('a', [q('x')], { shareableWithParents: true });
		const as = (role: 'ib' | 'scp' | 'ouder' | 'extern', more = {}) =>
			accessOf(s, { role, aanvrager: false, coordinator: false, ...more });
		expect(as('ib')).toBe('write');
		expect(as('scp')).toBe('read');
		expect(as('ouder')).toBe('parents');
		expect(as('extern')).toBe('none');
		expect(as('extern', { coordinator: true })).toBe('read');
	});
});

describe('editing', () => {
	it('adds sections and questions with free keys, and what it makes is valid once named', () => {
		const d = structuredClone(chained);
		const s = newSection(d);
		expect(s.key).toBe('onderdeel-1');
		expect(newQuestion(d).key).toBe('vraag-1');
		s.title = 'Nieuw';
		s.questions[0]!.label = 'Vraag';
		d.sections.push(s);
		expect(readDefinition(cleanDefinition(d)).ok).toBe(true);
	});

	it('moves items up and down, never past an end', () => {
		const list = ['a', 'b', 'c'];
		expect(move(list, 0, 1)).toBe(1);
		expect(list).toEqual(['b', 'a', 'c']);
		expect(move(list, 0, -1)).toBe(0);
		expect(list).toEqual(['b', 'a', 'c']);
	});

	it('offers only earlier choice and yes/no questions for a condition', () => {
		const all = questionsOf(chained);
		expect(conditionCandidates(chained, all.get('waarom')!).map((x) => x.key)).toEqual([
			'thuis',
			'hoelang'
		]);
		expect(conditionCandidates(chained, all.get('thuis')!)).toEqual([]);
	});

	it('leaves out the properties another type has', () => {
		const d: Definition = {
			intro: '',
			sections: [
				section('a', [q('x', { options: ['a'], prefill: 'naam', notifyCoordinator: true })])
			]
		};
		expect(cleanDefinition(d).sections[0]!.questions[0]).toEqual(q('x'));
	});

	it('splits long JSON into form fields without breaking a character', () => {
		const text = 'a'.repeat(8999) + '😀' + 'b'.repeat(20000);
		const pieces = chunks(text);
		expect(pieces.join('')).toBe(text);
		expect(pieces.every((p) => p.length <= 9000)).toBe(true);
		expect(pieces[0]!.endsWith('a')).toBe(true);
	});
});

describe('telling unsaved changes', () => {
	it('gives equal JSON for a definition whatever order its keys came in (as from jsonb)', () => {
		const mine = cleanDefinition(chained);
		const stored = JSON.parse(
			JSON.stringify(chained, (_, value: unknown) =>
				value && typeof value === 'object' && !Array.isArray(value)
					? Object.fromEntries(Object.entries(value).reverse())
					: value
			)
		) as Definition;
		expect(JSON.stringify(cleanDefinition(stored))).toBe(JSON.stringify(mine));
	});
});
