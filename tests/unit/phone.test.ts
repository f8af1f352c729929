import { describe, expect, it } from 'vitest';
import { looksLikeMobile } from '../../src/lib/phone';

describe('private mobile numbers (warned for: they get copied from ParnasSys into hulpvragen)', () => {
	it.each(['06-12345678', '06 1234 5678', '+31 6 12345678', '0031612345678', '(06) 123 456 78'])(
		'warns for %s',
		(n) => {
			expect(looksLikeMobile(n)).toBe(true);
		}
	);

	it.each(['010-1234567', '0320 000 25 07', '+31 10 123 4567', '', '0612345'])(
		'accepts %s',
		(n) => {
			expect(looksLikeMobile(n)).toBe(false);
		}
	);
});
