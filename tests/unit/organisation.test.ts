import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/lib/server/organisation';

const choices = [
	{ code: 'PO2806', name: 'PPO Rotterdam', shortName: 'PPO Rotterdam' },
	{ code: 'PO2507', name: 'Samenwerkingsverband Stromenland', shortName: 'Stromenland' },
	{ code: 'PO2801', name: 'Passend Primair Onderwijs Noord', shortName: 'PPO Noord' }
];

describe('organisation field', () => {
	it.each([
		['PO2806 PPO Rotterdam', 'PO2806'],
		['po2806', 'PO2806'],
		['2806', 'PO2806'],
		['PPO Rotterdam', 'PO2806'],
		['stromenland', 'PO2507'],
		['Stromen', 'PO2507']
	])('resolves "%s"', (input, code) => {
		expect(resolve(input, choices)?.code).toBe(code);
	});

	it.each(['', 'PPO', 'PO9999', '28', 'Amsterdam'])(
		'refuses the ambiguous or unknown "%s"',
		(input) => {
			expect(resolve(input, choices)).toBeNull();
		}
	);
});
