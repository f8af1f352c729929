import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	inspectForm,
	inspectQuery,
	inspectValues,
	maxFieldLength,
	maxFormBytes
} from '../../src/lib/server/input-guard';

const post = (body: BodyInit, type: string, headers: Record<string, string> = {}) =>
	new Request('http://localhost/dossiers/nieuw', {
		method: 'POST',
		body,
		headers: { 'content-type': type, ...headers },
		duplex: 'half'
	} as RequestInit);

describe('form values', () => {
	it('accept text with tabs, line breaks (CRLF) and any script', () => {
		expect(inspectValues([['omschrijving', 'Regel één\r\nRegel\ttwee — ي 学 🙂']])).toBeNull();
	});

	it('refuse a NUL and every other control character, naming the field', () => {
		for (const c of [
			'\u0000',
			'\u0001',
			'\u0008',
			'\u000b',
			'\u000c',
			'\u001b',
			'\u001f',
			'\u007f'
		]) {
			const refusal = inspectValues([
				['voornaam', 'Sam'],
				['omschrijving', `a${c}b`]
			]);
			expect(refusal, JSON.stringify(c)).toMatchObject({ status: 400, field: 'omschrijving' });
			expect(refusal!.message).toContain('‘omschrijving’');
		}
	});

	it('refuse more than the limit with the length and the limit, never cut', () => {
		expect(inspectValues([['omschrijving', 'x'.repeat(maxFieldLength)]])).toBeNull();
		const refusal = inspectValues([['omschrijving', 'x'.repeat(maxFieldLength + 1)]]);
		expect(refusal).toMatchObject({ status: 400, field: 'omschrijving' });
		expect(refusal!.message).toContain('10.001 tekens, ten hoogste 10.000');
	});

	it('refuse exactly the values with a control character or past the limit (property)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
				// eslint-disable-next-line no-control-regex
				const bad = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(value);
				expect(inspectValues([['veld', value]]) !== null).toBe(bad);
			}),
			{ numRuns: 2000 }
		);
	});
});

describe('query and path', () => {
	it('refuse a NUL in a search term or in the path', () => {
		expect(inspectQuery(new URL('http://localhost/hulpvragen?q=Jan%00sen'))).toMatchObject({
			status: 400,
			field: 'q'
		});
		expect(inspectQuery(new URL('http://localhost/dossiers/%00'))).toMatchObject({ status: 400 });
		expect(inspectQuery(new URL('http://localhost/dossiers/%E0%A4%A'))).toMatchObject({
			status: 400
		});
		expect(inspectQuery(new URL('http://localhost/hulpvragen?q=de%20Vries&status=a'))).toBeNull();
	});
});

describe('form bodies', () => {
	it('refuse text/plain and JSON with 415', async () => {
		expect(await inspectForm(post('a=b', 'text/plain'))).toMatchObject({ status: 415 });
		expect(await inspectForm(post('{}', 'application/json'))).toMatchObject({ status: 415 });
	});

	it('read urlencoded and multipart bodies and leave the original for the action', async () => {
		const form = new FormData();
		form.set('omschrijving', 'a\u0000b');
		const multipart = new Request('http://localhost/x', { method: 'POST', body: form });
		expect(await inspectForm(multipart)).toMatchObject({ status: 400, field: 'omschrijving' });

		const good = post(
			'voornaam=Sam&omschrijving=Regel%0D%0Atwee',
			'application/x-www-form-urlencoded'
		);
		expect(await inspectForm(good)).toBeNull();
		expect((await good.formData()).get('omschrijving')).toBe('Regel\r\ntwee');
	});

	it('refuse a form body past the limit, declared or not', async () => {
		const big = 'a=' + 'x'.repeat(maxFormBytes);
		expect(await inspectForm(post(big, 'application/x-www-form-urlencoded'))).toMatchObject({
			status: 413
		});
		const chunked = new ReadableStream({
			start(controller) {
				for (let i = 0; i < 20; i++)
					controller.enqueue(new TextEncoder().encode('x'.repeat(65_536)));
				controller.close();
			}
		});
		expect(await inspectForm(post(chunked, 'application/x-www-form-urlencoded'))).toMatchObject({
			status: 413
		});
	});
});
