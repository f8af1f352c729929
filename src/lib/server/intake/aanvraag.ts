/**
 * The envelope of an intake: the `aanvraag` part (JSON) that a school system sends beside
 * the OSO dossier. Every rule with the Dutch message its IT person reads; a refusal names
 * the field (`aanvraag.contactpersoon.email`).
 */
import * as v from 'valibot';
import { isCalendarDate } from '../../calendar-date';
import { isEmail } from '../input';

const text = (min: number, max: number, what: string) =>
	v.pipe(
		v.string(`${what} moet tekst zijn.`),
		v.trim(),
		v.minLength(min, `${what} ontbreekt.`),
		v.maxLength(max, `${what} is te lang (ten hoogste ${max} tekens).`)
	);

const optionalText = (max: number, what: string) => v.optional(text(0, max, what), '');

export const aanvraagSchema = v.object({
	brin: v.pipe(
		v.string('brin moet tekst zijn.'),
		v.trim(),
		v.toUpperCase(),
		v.regex(
			/^[0-9]{2}[A-Z]{2}$/,
			'brin is de BRIN-code van de school: twee cijfers en twee letters, zoals 21XC.'
		)
	),
	vestiging: v.pipe(
		v.string('vestiging moet tekst zijn.'),
		v.trim(),
		v.regex(/^[0-9]{2}$/, 'vestiging is het vestigingsnummer van twee cijfers, zoals 00.')
	),
	samenwerkingsverband: v.pipe(
		v.string('samenwerkingsverband moet tekst zijn.'),
		v.trim(),
		v.toUpperCase(),
		v.regex(
			/^(PO|VO)[0-9]{4}$/,
			'samenwerkingsverband is de code van het samenwerkingsverband, zoals PO2806.'
		)
	),
	aanvraagtype: text(1, 200, 'aanvraagtype'),
	omschrijving: optionalText(10_000, 'omschrijving'),
	datum: v.optional(
		v.pipe(
			v.string('datum moet tekst zijn.'),
			v.check(isCalendarDate, 'datum is een datum als 2026-03-14.')
		)
	),
	contactpersoon: v.object(
		{
			naam: text(1, 200, 'contactpersoon.naam'),
			email: v.pipe(
				v.string('contactpersoon.email moet tekst zijn.'),
				v.trim(),
				v.check(
					(e) => isEmail(e),
					'contactpersoon.email is het e-mailadres van de contactpersoon, zoals ib@school.nl.'
				)
			),
			telefoon: optionalText(40, 'contactpersoon.telefoon'),
			functie: optionalText(100, 'contactpersoon.functie')
		},
		'contactpersoon ontbreekt: naam en e-mailadres van wie de aanvraag indient.'
	),
	verzenden: v.optional(v.boolean('verzenden is true of false.'), true),
	kenmerk: text(1, 200, 'kenmerk')
});

export type Aanvraag = v.InferOutput<typeof aanvraagSchema>;

export type Refusal = { ok: false; code: string; fout: string; veld?: string };

/** Reads the `aanvraag` part; the first problem is answered. */
export function parseAanvraag(
	json: string | undefined
): { ok: true; aanvraag: Aanvraag } | Refusal {
	if (json === undefined) {
		return {
			ok: false,
			code: 'verplicht_ontbreekt',
			fout: 'Het onderdeel aanvraag (JSON) ontbreekt in het verzoek.',
			veld: 'aanvraag'
		};
	}
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		return {
			ok: false,
			code: 'geen_json',
			fout: 'Het onderdeel aanvraag is geen geldige JSON.',
			veld: 'aanvraag'
		};
	}
	const result = v.safeParse(aanvraagSchema, value);
	if (result.success) return { ok: true, aanvraag: result.output };
	const issue = result.issues[0];
	const path = (issue.path ?? []).map((p) => String(p.key)).join('.');
	const veld = path ? `aanvraag.${path}` : 'aanvraag';
	return issue.input === undefined
		? { ok: false, code: 'verplicht_ontbreekt', fout: `Het veld ${veld} ontbreekt.`, veld }
		: { ok: false, code: 'ongeldig_veld', fout: issue.message, veld };
}

/** A Dutch mobile number: a school's contactpersoon should give the school's own number. */
export function looksPrivate(telefoon: string): boolean {
	const digits = telefoon.replace(/[\s\-().]/g, '');
	return /^(\+316|00316|06)\d{8}$/.test(digits);
}
