import { describe, expect, it } from 'vitest';
import { parseBasis, parseEmails, parseSchoolPeriod } from '../../src/lib/server/dossiers/dossier';
import { parseNew } from '../../src/lib/server/dossiers/hulpvraag';
import { mobileWarning } from '../../src/lib/phone';

function form(fields: Record<string, string>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
}

const today = new Date('2026-03-01T12:00:00Z');

describe('parseBasis', () => {
	it('accepts a complete child and trims, normalises the postcode', () => {
		const { values, errors } = parseBasis(
			form({
				roepnaam: '  Noah ',
				tussenvoegsel: 'van der',
				achternaam: 'Berg',
				geboortedatum: '2019-03-14',
				geslacht: 'm',
				woonadres_straat: 'Dorpsstraat',
				woonadres_huisnummer: '12a',
				woonadres_postcode: '3011 ab',
				woonadres_plaats: 'Rotterdam',
				adres_opmerking: 'Postadres via de voogd'
			}),
			today
		);
		expect(errors).toEqual({});
		expect(values).toEqual({
			roepnaam: 'Noah',
			tussenvoegsel: 'van der',
			achternaam: 'Berg',
			geboortedatum: '2019-03-14',
			geslacht: 'm',
			woonadres: {
				straat: 'Dorpsstraat',
				huisnummer: '12a',
				postcode: '3011 AB',
				plaats: 'Rotterdam'
			},
			postadres: null,
			adresOpmerking: 'Postadres via de voogd'
		});
	});

	it('names every missing field in Dutch', () => {
		const { values, errors } = parseBasis(form({}), today);
		expect(errors).toEqual({
			roepnaam: 'Vul de roepnaam in.',
			achternaam: 'Vul de achternaam in.',
			geboortedatum: 'Vul de geboortedatum in.',
			geslacht: 'Kies het geslacht.'
		});
		expect(values.geslacht).toBe('onbekend');
	});

	it('rejects impossible, future and implausibly old birth dates', () => {
		const base = { roepnaam: 'A', achternaam: 'B', geslacht: 'v' };
		expect(parseBasis(form({ ...base, geboortedatum: '2019-02-30' }), today).errors).toHaveProperty(
			'geboortedatum',
			'Vul een geldige datum in, bijvoorbeeld 14-03-2019.'
		);
		expect(parseBasis(form({ ...base, geboortedatum: '14-03-2019' }), today).errors).toHaveProperty(
			'geboortedatum'
		);
		expect(parseBasis(form({ ...base, geboortedatum: '2027-01-01' }), today).errors).toHaveProperty(
			'geboortedatum',
			'De geboortedatum ligt in de toekomst.'
		);
		expect(parseBasis(form({ ...base, geboortedatum: '1990-01-01' }), today).errors).toHaveProperty(
			'geboortedatum',
			'Controleer de geboortedatum: het kind is ouder dan 25.'
		);
	});

	it('wants street and place of an address, and a Dutch postcode', () => {
		const base = { roepnaam: 'A', achternaam: 'B', geslacht: 'x', geboortedatum: '2018-01-01' };
		expect(
			parseBasis(form({ ...base, postadres_postcode: '3011AB' }), today).errors.postadres
		).toBe('Vul bij een adres ten minste straat en plaats in.');
		expect(
			parseBasis(
				form({ ...base, woonadres_straat: 'S', woonadres_plaats: 'P', woonadres_postcode: '301' }),
				today
			).errors.woonadres
		).toBe('Vul een postcode in als 1234 AB.');
	});

	it('refuses an unknown sex instead of storing it', () => {
		const r = parseBasis(
			form({ roepnaam: 'A', achternaam: 'B', geslacht: 'hacker', geboortedatum: '2018-01-01' }),
			today
		);
		expect(r.errors.geslacht).toBe('Kies het geslacht.');
		expect(r.values.geslacht).toBe('onbekend');
	});
});

describe('parseEmails', () => {
	it('splits on lines, commas, semicolons and spaces; lowercases and deduplicates', () => {
		const r = parseEmails('Ouder@Example.com, tweede@example.com;\nouder@example.com  derde@x.nl');
		expect(r.errors).toEqual({});
		expect(r.emails).toEqual(['ouder@example.com', 'tweede@example.com', 'derde@x.nl']);
	});

	it('names the wrong addresses and keeps the right ones', () => {
		const r = parseEmails('goed@example.com, fout@, @ook.fout');
		expect(r.emails).toEqual(['goed@example.com']);
		expect(r.errors.ouders).toBe('Geen geldig e-mailadres: fout@, @ook.fout');
	});

	it('gives nothing for an empty field', () => {
		expect(parseEmails('   ')).toEqual({ emails: [], errors: {} });
	});
});

describe('parseSchoolPeriod', () => {
	const base = { school_id: '00000000-0000-4000-8000-000000000001' };

	it('accepts a school number without warning', () => {
		const r = parseSchoolPeriod(
			form({ ...base, groep: '5', email: 'IB@School.example.nl', telefoon: '010-1234567' })
		);
		expect(r.errors).toEqual({});
		expect(r.warnings).toEqual({});
		expect(r.values.email).toBe('ib@school.example.nl');
		expect(r.values.startDate).toBeNull();
	});

	it.each(['06-12345678', '06 1234 5678', '+31 6 12345678', '0031612345678'])(
		'warns (does not refuse) for the private mobile number %s',
		(telefoon) => {
			const r = parseSchoolPeriod(form({ ...base, telefoon }));
			expect(r.errors).toEqual({});
			expect(r.warnings.telefoon).toBe(mobileWarning);
		}
	);

	it('refuses letters in a phone number, a wrong e-mail and a missing school', () => {
		const r = parseSchoolPeriod(form({ telefoon: 'bel mij', email: 'geen-mail' }));
		expect(Object.keys(r.errors).sort()).toEqual(['email', 'school_id', 'telefoon']);
		expect(r.warnings).toEqual({});
	});

	it('checks the dates and their order', () => {
		expect(parseSchoolPeriod(form({ ...base, start_date: '2025-13-01' })).errors.start_date).toBe(
			'Vul een geldige datum in.'
		);
		expect(
			parseSchoolPeriod(form({ ...base, start_date: '2025-08-01', end_date: '2025-07-01' })).errors
				.end_date
		).toBe('De einddatum ligt vóór de begindatum.');
		const ok = parseSchoolPeriod(
			form({ ...base, start_date: '2025-08-01', end_date: '2026-07-01' })
		);
		expect(ok.errors).toEqual({});
		expect(ok.values).toMatchObject({ startDate: '2025-08-01', endDate: '2026-07-01' });
	});
});

describe('the date of a new hulpvraag', () => {
	it('refuses a date that does not exist with a Dutch message instead of a database error', () => {
		const form = new FormData();
		form.set('titel_id', '00000000-0000-4000-8000-000000000000');
		form.set('school_id', '00000000-0000-4000-8000-000000000001');
		for (const datum of ['2026-02-30', '2026-13-01', 'gisteren']) {
			form.set('datum', datum);
			expect(parseNew(form, '2026-11-23').errors.datum).toMatch(/geldige datum/);
		}
		form.set('datum', '2026-02-28');
		expect(parseNew(form, '2026-11-23').errors.datum).toBeUndefined();
	});
});

describe('over-long text', () => {
	const child = {
		roepnaam: 'Noah',
		achternaam: 'Berg',
		geboortedatum: '2019-03-14',
		geslacht: 'm'
	};

	it('is refused with the length and the limit, never cut to fit', () => {
		const { values, errors } = parseBasis(form({ ...child, roepnaam: 'N'.repeat(101) }), today);
		expect(errors.roepnaam).toBe(
			'Dit is te lang: 101 tekens, ten hoogste 100. Er is niets opgeslagen.'
		);
		expect(values.roepnaam).toHaveLength(101);
		expect(parseBasis(form({ ...child, roepnaam: 'N'.repeat(100) }), today).errors).toEqual({});
	});

	it('in an address is refused under the address', () => {
		const { errors } = parseBasis(
			form({
				...child,
				woonadres_straat: 'S'.repeat(151),
				woonadres_plaats: 'Rotterdam'
			}),
			today
		);
		expect(errors.woonadres).toContain('ten hoogste 150');
	});

	it('in a school period is refused per field', () => {
		const { errors } = parseSchoolPeriod(form({ school_id: 'x', contactpersoon: 'C'.repeat(201) }));
		expect(errors.contactpersoon).toContain('ten hoogste 200');
	});
});

describe('a new hulpvraag with over-long text', () => {
	it('is refused per field, never cut', () => {
		const { values, errors } = parseNew(
			form({ titel_id: 't', omschrijving: 'o'.repeat(10_001), labels: 'a,b,c,d,e,f,g,h,i,j,k' }),
			'2026-03-01'
		);
		expect(errors.omschrijving).toContain('ten hoogste 10.000');
		expect(values.omschrijving).toHaveLength(10_001);
		expect(errors.labels).toBe('Gebruik hoogstens 10 labels.');
	});
});
