/**
 * The shape of a parsed OSO dossier, as far as Kindkring reads it. Unknown elements are
 * ignored; a message of a check is the stable code of the refusal it leads to.
 */
import * as v from 'valibot';
import { isCalendarDate } from '../../calendar-date';

// Unknown elements are ignored (valibot's object drops keys it does not name). An element with
// attributes arrives as { '#text': …, '@_…': … }; `text` takes its text.

const textOf = (value: unknown) =>
	value !== null && typeof value === 'object' && '#text' in value
		? (value as { '#text': unknown })['#text']
		: value;
const text = v.pipe(v.unknown(), v.transform(textOf), v.string('ongeldige_waarde'), v.trim());
const optText = v.optional(text);
const xsDate = /^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;
const date = v.pipe(
	text,
	v.check((s) => xsDate.test(s) && isCalendarDate(s.slice(0, 10)), 'ongeldige_datum'),
	v.transform((s) => s.slice(0, 10))
);
const optDate = v.optional(date);
const bool = v.pipe(
	text,
	v.picklist(['true', 'false', '1', '0'], 'ongeldige_boolean'),
	v.transform((s) => s === 'true' || s === '1')
);
const optBool = v.optional(bool);
const list = <T extends v.GenericSchema>(item: T) => v.optional(v.array(item), []);

const document = v.object({
	bestandsnaam: optText,
	omschrijving: optText,
	bestandsinhoud: optText
});
export const documents = list(document);

const adres = v.object({
	soortadres: optText,
	straat: optText,
	nummer: optText,
	toevoeging: optText,
	postcode: optText,
	plaats: optText,
	gemeente: optText,
	land: optText
});
const adreslijst = v.optional(v.object({ adres: list(adres) }), { adres: [] });
const communicatie = v.object({
	soort: optText,
	aanduiding: optText,
	nummer: optText,
	geheim: optBool
});
const communicatielijst = v.optional(v.object({ communicatie: list(communicatie) }), {
	communicatie: []
});

const persoon = {
	voornaam: list(text),
	voorvoegsel: optText,
	achternaam: text,
	roepnaam: optText,
	geboortedatum: optDate,
	geslacht: v.optional(v.pipe(text, v.picklist(['0', '1', '2'], 'ongeldig_geslacht'))),
	adresgeheim: optBool,
	adreslijst,
	communicatielijst
};

const verzorger = v.object({
	...persoon,
	relatietotkind: optText,
	wettigevertegenwoordiger: optBool,
	overleden: optBool
});

const onderwijsondersteuning = v.object({
	toelichting_onderwijsbehoeften: v.optional(v.object({ document: documents })),
	opp: v.optional(v.object({ opp_ingangdatum: date, opp_einddatum: optDate, document: documents })),
	tlv: list(
		v.object({
			tlvingangdatum: date,
			tlvswvnummer: text,
			tlvcategorie: text,
			tlvbeschikkingsnummer: text,
			tlveinddatum: optDate,
			document: documents
		})
	),
	arrangement_cluster12: list(
		v.object({
			arrangement_datum: date,
			arrangement_brin: optText,
			arrangement_vestigingscode: optText,
			document: documents
		})
	),
	arrangement_pao: list(
		v.object({
			arrangement_datum: date,
			arrangement_kenmerk: optText,
			arrangement_beschikkingsnr: optText,
			arrangement_einddatum: optDate,
			document: documents
		})
	)
});

export const dossierSchema = v.object({
	metadata: v.object({
		categorie_uitlevering: v.optional(v.record(v.string(), text)),
		overstap: optText,
		standaardversie: optText,
		pakketnaam: optText
	}),
	overdrachtsoort: text,
	inzage: v.optional(
		v.object({
			voorlopigdossier: bool,
			inzage: optBool,
			inzagedatum: optDate,
			akkoord: optText,
			redennietakkoord: optText,
			toestemming: optText
		})
	),
	huidigeschool: v.object({
		naam: text,
		brincode: v.pipe(text, v.regex(/^\d{2}[A-Z]{2}$/, 'ongeldige_brincode')),
		vestigingscode: optText,
		aanleverpunt: optText,
		naamdirecteur: optText,
		leerling: v.object({
			...persoon,
			verzorger: list(verzorger),
			onderwijsondersteuning: v.optional(onderwijsondersteuning)
		})
	})
});

export type Parsed = v.InferOutput<typeof dossierSchema>;
