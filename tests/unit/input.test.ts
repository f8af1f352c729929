import { describe, expect, it } from 'vitest';
import {
	checkbox,
	choice,
	code,
	date,
	email,
	invalid,
	isEmail,
	list,
	parse,
	parseForm,
	secret,
	text,
	tooLongMessage,
	uuid,
	v
} from '../../src/lib/server/input';

function form(fields: Record<string, string | string[]>): FormData {
	const f = new FormData();
	for (const [k, value] of Object.entries(fields)) {
		for (const x of Array.isArray(value) ? value : [value]) f.append(k, x);
	}
	return f;
}

describe('text', () => {
	const schema = v.object({
		naam: text(10, { required: 'Vul de naam in.' }),
		opmerking: text(5)
	});

	it('trims and accepts a missing optional field as empty', () => {
		const r = parseForm(schema, form({ naam: '  Noah  ' }));
		expect(r).toEqual({
			success: true,
			output: { naam: 'Noah', opmerking: '' },
			values: { naam: 'Noah' }
		});
	});

	it('says in Dutch what is missing and what is too long, never cutting it short', () => {
		const r = parseForm(schema, form({ naam: '   ', opmerking: 'zes tek' }));
		expect(r.success).toBe(false);
		if (r.success) return;
		expect(r.errors).toEqual({ naam: 'Vul de naam in.', opmerking: tooLongMessage(7, 5) });
		expect(r.errors.opmerking).toBe(
			'Dit is te lang: 7 tekens, ten hoogste 5. Er is niets opgeslagen.'
		);
		expect(r.values).toEqual({ naam: '', opmerking: 'zes tek' });
	});

	it('counts the limit after trimming and takes a message of its own', () => {
		const s = v.object({ reden: text(3, { tooLong: (n, max) => `${n} > ${max}` }) });
		expect(parseForm(s, form({ reden: '  abc  ' })).success).toBe(true);
		const r = parseForm(s, form({ reden: 'abcd' }));
		expect(!r.success && r.errors.reden).toBe('4 > 3');
	});

	it('gives one message per field: the first rule that fails', () => {
		const s = v.object({ e: email({ required: 'Vul het e-mailadres in.' }) });
		const r = parseForm(s, form({ e: '' }));
		expect(!r.success && r.errors).toEqual({ e: 'Vul het e-mailadres in.' });
	});
});

describe('email', () => {
	const schema = v.object({ email: email() });
	it.each(['a@b.nl', 'Jan.de.Vries+kk@school.example.org', '  ouder@voorbeeld.nl '])(
		'accepts %s',
		(address) => {
			const r = parseForm(schema, form({ email: address }));
			expect(r.success && r.output.email).toBe(address.trim().toLowerCase());
		}
	);
	it.each(['jan', 'jan@', '@school.nl', 'jan@school', 'jan de vries@school.nl', 'a@b@c', 'x@y.'])(
		'refuses %s with a Dutch message',
		(address) => {
			const r = parseForm(schema, form({ email: address }));
			expect(!r.success && r.errors.email).toBe('Vul een geldig e-mailadres in.');
		}
	);
	it('refuses an address over 254 characters and allows an empty optional one', () => {
		expect(isEmail(`${'a'.repeat(250)}@b.nl`)).toBe(false);
		expect(isEmail('a@b.nl', 5)).toBe(false);
		expect(parseForm(schema, form({ email: '' })).success).toBe(true);
	});
});

describe('date, uuid, choice, checkbox, list', () => {
	const schema = v.object({
		datum: date({ required: 'Vul de datum in.' }),
		id: uuid('Kies iemand uit de lijst.'),
		kleur: choice(['rood', 'blauw'], 'Kies een kleur.'),
		aan: checkbox('ja'),
		ids: list(uuid('Geen id.'))
	});
	const ok = {
		datum: '2026-03-14',
		id: '0b6a3f0e-2d6c-4b1e-9c8e-6d2f3a4b5c6d',
		kleur: 'rood',
		aan: 'ja'
	};

	it('accepts what they describe', () => {
		const r = parseForm(schema, form({ ...ok, ids: [ok.id, ok.id] }));
		expect(r.success && r.output).toEqual({ ...ok, aan: true, ids: [ok.id, ok.id] });
		const one = parseForm(schema, form({ ...ok, aan: 'nee' }));
		expect(one.success && one.output.aan).toBe(false);
		expect(one.success && one.output.ids).toEqual([]);
	});

	it('refuses a date that does not exist, a non-uuid and a value off the list', () => {
		const r = parseForm(schema, form({ datum: '2026-02-30', id: "1' or 1=1", kleur: 'groen' }));
		expect(!r.success && r.errors).toEqual({
			datum: 'Vul een geldige datum in.',
			id: 'Kies iemand uit de lijst.',
			kleur: 'Kies een kleur.'
		});
		const other = parseForm(schema, form({ ...ok, datum: '14-03-2026' }));
		expect(!other.success && other.errors.datum).toBe('Vul een geldige datum in.');
	});
});

describe('secrets', () => {
	const schema = v.object({
		gebruikersnaam: text(100, { required: 'Vul uw gebruikersnaam in.' }),
		geheim: secret({ required: 'Vul uw wachtwoord in.' }),
		code: code('De code bestaat uit 6 cijfers.'),
		herstelcode: text(20)
	});

	it('never puts a password or a code in the values that re-fill the form', () => {
		const r = parseForm(
			schema,
			form({
				gebruikersnaam: ' lotte ',
				geheim: ' Geheim 1 ',
				code: '12 34 5',
				herstelcode: 'abcd-efgh-jk',
				wachtwoord: 'x',
				wachtwoordHerhaling: 'x',
				huidig: 'y'
			})
		);
		expect(r.values).toEqual({ gebruikersnaam: 'lotte' });
		expect(!r.success && r.errors).toEqual({ code: 'De code bestaat uit 6 cijfers.' });
	});

	it('keeps a password as typed and a code without its spaces', () => {
		const r = parseForm(
			schema,
			form({ gebruikersnaam: 'lotte', geheim: ' a b ', code: '123 456' })
		);
		expect(r.success && r.output).toEqual({
			gebruikersnaam: 'lotte',
			geheim: ' a b ',
			code: '123456',
			herstelcode: ''
		});
	});
});

describe('parse and invalid', () => {
	it('reads a JSON body with the same blocks', () => {
		const schema = v.object({ naam: text(3, { required: 'Vul de naam in.' }) });
		expect(parse(schema, { naam: 'abcd' })).toEqual({
			success: false,
			errors: { naam: tooLongMessage(4, 3) }
		});
		expect(parse(schema, null).success).toBe(false);
	});

	it('answers every failure in one shape', () => {
		expect(invalid(400, { message: 'Nee.' })).toMatchObject({
			status: 400,
			data: { values: {}, errors: {}, message: 'Nee.' }
		});
		expect(invalid(409, { form: 'b', errors: { x: 'y' } }).data).toEqual({
			values: {},
			errors: { x: 'y' },
			message: '',
			form: 'b'
		});
	});
});
