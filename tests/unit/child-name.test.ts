import { describe, expect, it } from 'vitest';
import { full, sortable, split } from '../../src/lib/child-name';

describe("naming rules of the schools' manual (adding basisgegevens)", () => {
	it('example 1: Jan van Boven keeps the tussenvoegsel apart', () => {
		expect(split('Jan van Boven')).toEqual({
			roepnaam: 'Jan',
			tussenvoegsel: 'van',
			achternaam: 'Boven'
		});
	});

	it('example 2: Hasna El-Makrini keeps the supposed tussenvoegsel with the achternaam', () => {
		expect(split('Hasna El-Makrini')).toEqual({
			roepnaam: 'Hasna',
			tussenvoegsel: '',
			achternaam: 'El-Makrini'
		});
	});

	it('example 3: Pedro Fortes Monteiro keeps both surnames as achternaam', () => {
		expect(split('Pedro Fortes Monteiro')).toEqual({
			roepnaam: 'Pedro',
			tussenvoegsel: '',
			achternaam: 'Fortes Monteiro'
		});
	});

	it('takes the longest tussenvoegsel', () => {
		expect(split('Sem van der Berg')).toEqual({
			roepnaam: 'Sem',
			tussenvoegsel: 'van der',
			achternaam: 'Berg'
		});
		expect(split("Noor van 't Hof")).toEqual({
			roepnaam: 'Noor',
			tussenvoegsel: "van 't",
			achternaam: 'Hof'
		});
		expect(split('Daan ten Cate')).toEqual({
			roepnaam: 'Daan',
			tussenvoegsel: 'ten',
			achternaam: 'Cate'
		});
	});

	it('does not take a capitalised word for a tussenvoegsel, nor a lone one for an achternaam', () => {
		expect(split('Bram Van Dijk').tussenvoegsel).toBe('');
		expect(split('Lisa de')).toEqual({ roepnaam: 'Lisa', tussenvoegsel: '', achternaam: 'de' });
	});

	it('writes names in full and sortable', () => {
		const jan = { roepnaam: 'Jan', tussenvoegsel: 'van', achternaam: 'Boven' };
		expect(full(jan)).toBe('Jan van Boven');
		expect(sortable(jan)).toBe('Boven, Jan van');
		expect(sortable({ roepnaam: 'Hasna', tussenvoegsel: '', achternaam: 'El-Makrini' })).toBe(
			'El-Makrini, Hasna'
		);
	});
});
