/**
 * The aanpak and TLV forms as Valibot schemas of the input blocks, each field with its
 * Dutch message. The domain functions parse with these, so a form and a test that calls
 * the domain directly meet the same rules.
 */
import { aanpakTypes, parseEuro, soTypes, tlvCategories } from '../../arrangements';
import { choice, date, integer, parse, text, uuid, v, type Errors } from '../input';

/** Input that cannot be stored, with a Dutch message per field. */
export class Invalid extends Error {
	constructor(readonly errors: Errors) {
		super('Ongeldige invoer');
	}
}

/** The output of `schema` for `input`, or `Invalid` with the messages. */
export function parseOrThrow<T>(schema: v.GenericSchema<unknown, T>, input: unknown): T {
	const parsed = parse(schema, input);
	if (!parsed.success) throw new Invalid(parsed.errors);
	return parsed.output;
}

const budget = v.pipe(
	text(20, { tooLong: 'Vul een bedrag in euro’s in, bijvoorbeeld 1250 of 1250,50.' }),
	v.transform(parseEuro),
	v.check(
		(cents) => cents === null || !Number.isNaN(cents),
		'Vul een bedrag in euro’s in, bijvoorbeeld 1250 of 1250,50.'
	)
);

const nullable = (s: string) => (s === '' ? null : s);

export const aanpakSchema = v.pipe(
	v.object({
		type: choice(aanpakTypes, 'Kies het soort aanpak.'),
		behandelaar: text(200),
		startdatum: date({ required: 'Vul de startdatum in.' }),
		einddatum: v.pipe(date(), v.transform(nullable)),
		evaluatiedatum: v.pipe(date(), v.transform(nullable)),
		budget,
		toelichting: text(4000)
	}),
	v.forward(
		v.check(
			(a) => a.einddatum === null || a.einddatum >= a.startdatum,
			'De einddatum ligt vóór de startdatum.'
		),
		['einddatum']
	),
	v.forward(
		v.check(
			(a) => a.evaluatiedatum === null || a.evaluatiedatum >= a.startdatum,
			'De evaluatiedatum ligt vóór de startdatum.'
		),
		['evaluatiedatum']
	)
);
export type AanpakInput = v.InferOutput<typeof aanpakSchema>;

/** The version of the aanpak the edit form showed. */
export const versionSchema = v.object({
	versie: v.pipe(
		integer(),
		v.check((n) => Number.isInteger(n) && n > 0, 'Deze aanpak bestaat niet.')
	)
});

export const tlvSchema = v.pipe(
	v.object({
		swv_nummer: text(60, { required: 'Vul het TLV-nummer van het samenwerkingsverband in.' }),
		categorie: choice(tlvCategories, 'Kies de categorie.'),
		soort: choice(soTypes, 'Kies speciaal basisonderwijs (SBO) of speciaal onderwijs (SO).'),
		ingangsdatum: date({ required: 'Vul de ingangsdatum in.' }),
		einddatum: date({ required: 'Vul de einddatum in.' }),
		beschikkingsnummer: text(60),
		bijlage_id: v.pipe(
			uuid('Kies een bijlage van deze hulpvraag.', { optional: true }),
			v.transform(nullable)
		)
	}),
	v.forward(
		v.check(
			(t) => t.einddatum >= t.ingangsdatum,
			'De einddatum ligt vóór de ingangsdatum. Een TLV loopt van de ingangsdatum tot en met de einddatum.'
		),
		['einddatum']
	)
);
export type TlvInput = v.InferOutput<typeof tlvSchema>;

/** Which hulpvraag a form is about, and which aanpak or TLV. */
export const hulpvraagSchema = v.object({ hulpvraag: uuid('Kies een hulpvraag van dit dossier.') });
export const aanpakIdSchema = v.object({ aanpak: uuid('Deze aanpak bestaat niet.') });
export const tlvIdSchema = v.object({ tlv: uuid('Deze TLV bestaat niet.') });
