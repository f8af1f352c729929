import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { readOsoDossier, type OsoDossier, type OsoResult } from '../../src/lib/server/intake/oso';
import {
	bombZipBase64,
	filledOsoFixture,
	osoFixture,
	smallPdf,
	zipBase64
} from '../support/oso-fixtures';

const pdf = smallPdf();

function hasControlCharacter(text: string): boolean {
	return [...text].some((c) => {
		const n = c.codePointAt(0) ?? 0;
		return (n < 0x20 && n !== 0x09 && n !== 0x0a && n !== 0x0d) || n === 0x7f;
	});
}

function dossierOf(result: OsoResult): OsoDossier {
	if (!result.ok) throw new Error(`geweigerd: ${result.code} ${result.fout}`);
	return result.dossier;
}

function volledig(): OsoDossier {
	return dossierOf(
		readOsoDossier(osoFixture('po-volledig.xml', { OPP_ZIP: zipBase64({ 'opp-sanne.pdf': pdf }) }))
	);
}

/** A minimal dossier with `leerling` as the child's inner XML. */
function minimaal(leerling: string, school = '<naam>S</naam><brincode>99XX</brincode>'): string {
	return `<dossier xmlns="http://www.edustandaard.nl/oso_gegevensset/2019/dossier"><metadata><overstap>POSWV</overstap></metadata><overdrachtsoort>swv-dossier</overdrachtsoort><huidigeschool>${school}<leerling>${leerling}</leerling></huidigeschool></dossier>`;
}

describe('a complete PO dossier', () => {
	it('reads the metadata, the profile and the inzage', () => {
		const d = volledig();
		expect(d.namespace).toBe('http://www.edustandaard.nl/oso_gegevensset/2019/dossier');
		expect(d.standaardversie).toBe('2019.1');
		expect(d.pakketnaam).toBe('Proefpakket');
		expect(d.overstap).toBe('POSWV');
		expect(d.overdrachtsoort).toBe('swv-dossier');
		expect(d.categorieUitlevering).toEqual({
			school: 'VERPLICHT',
			leerling: 'VERPLICHT',
			onderwijsondersteuning: 'VERPLICHT',
			eindtoetsbo: 'VERBODEN',
			bijlagedocs: 'OPTIONEEL'
		});
		expect(d.inzage).toEqual({
			voorlopigDossier: false,
			inzage: true,
			inzagedatum: '2026-10-05',
			akkoord: 'Ja',
			redenNietAkkoord: null,
			toestemming: 'Ja'
		});
	});

	it('reads the school, ignoring elements it does not know', () => {
		expect(volledig().school).toEqual({
			naam: 'Basisschool De Vlieger',
			brincode: '99XX',
			vestigingscode: '01',
			aanleverpunt: '2',
			naamDirecteur: 'M. Zwaluw'
		});
	});

	it('reads the child: voorvoegsel as tussenvoegsel, every voornaam, a secret address', () => {
		expect(volledig().leerling).toEqual({
			achternaam: 'Proef',
			tussenvoegsel: 'van der',
			voornamen: ['Sanne', 'Maria'],
			roepnaam: 'Sanne',
			geboortedatum: '2017-06-21',
			geslacht: 'vrouw',
			adresgeheim: true,
			adressen: [
				{
					soort: 'gba',
					straat: 'Geheime Laan',
					huisnummer: '7',
					toevoeging: 'b',
					postcode: '9999 YY',
					plaats: 'Verzonnenstad',
					geheim: true
				}
			],
			communicatie: [
				{ soort: 'telefoon', aanduiding: 'prive', waarde: '0100000001', geheim: false }
			]
		});
	});

	it('reads both verzorgers; a secret e-mail address is flagged and carries no value', () => {
		const [eva, ruben] = volledig().verzorgers;
		expect(eva).toMatchObject({
			achternaam: 'Proef',
			tussenvoegsel: 'van der',
			voornamen: ['Eva'],
			geslacht: 'vrouw',
			relatie: '2',
			wettigVertegenwoordiger: true,
			overleden: null,
			adresgeheim: false
		});
		expect(eva?.adressen[0]).toMatchObject({ straat: 'Open Straat', geheim: false });
		expect(eva?.communicatie).toEqual([
			{ soort: 'e-mail', aanduiding: 'prive', waarde: 'eva@voorbeeld.invalid', geheim: false },
			{ soort: 'telefoon', aanduiding: 'prive', waarde: '0600000002', geheim: false }
		]);
		expect(ruben).toMatchObject({
			achternaam: 'Testman',
			tussenvoegsel: null,
			geslacht: 'man',
			relatie: '1',
			overleden: false,
			adressen: []
		});
		expect(ruben?.communicatie).toEqual([
			{ soort: 'e-mail', aanduiding: 'prive', waarde: null, geheim: true }
		]);
	});

	it('reads the OPP, the TLV and the arrangementen (entities decoded)', () => {
		expect(volledig().onderwijsondersteuning).toEqual({
			opp: { ingangsdatum: '2026-09-01', einddatum: '2027-07-31' },
			tlvs: [
				{
					ingangsdatum: '2026-08-01',
					swvNummer: 'PO9999',
					categorie: 'L',
					beschikkingsnummer: 'TLV-2026-0001',
					einddatum: '2028-07-31'
				}
			],
			arrangementenCluster12: [{ datum: '2026-02-02', brincode: '99XX', vestigingscode: '01' }],
			arrangementenPao: [
				{
					datum: '2026-03-03',
					kenmerk: 'Leesondersteuning & begeleiding',
					beschikkingsnummer: 'ARR-42',
					einddatum: null
				}
			]
		});
	});

	it('unpacks the OPP document to the very bytes of the PDF', () => {
		const [opp] = volledig().documenten;
		expect(opp).toMatchObject({
			ok: true,
			bron: 'onderwijsondersteuning/opp',
			bestandsnaam: 'opp-sanne.pdf',
			omschrijving: 'Ontwikkelingsperspectiefplan',
			naamInZip: 'opp-sanne.pdf'
		});
		if (!opp?.ok) throw new Error('document geweigerd');
		expect(Buffer.from(opp.inhoud).equals(Buffer.from(pdf))).toBe(true);
		expect(new TextDecoder().decode(opp.inhoud.subarray(0, 8))).toBe('%PDF-1.4');
	});

	it('reads the same from bytes as from text, also with a byte order mark', () => {
		const xml = osoFixture('po-volledig.xml', { OPP_ZIP: zipBase64({ 'opp-sanne.pdf': pdf }) });
		const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(xml)]);
		expect(dossierOf(readOsoDossier(bytes)).leerling).toEqual(volledig().leerling);
	});
});

describe('a complete VO dossier', () => {
	const d = () => dossierOf(readOsoDossier(filledOsoFixture('vo-volledig.xml')));

	it('reads the VOSWV profile of a later release, its school and its child', () => {
		const dossier = d();
		expect(dossier.namespace).toBe('http://www.edustandaard.nl/oso_gegevensset/2023/dossier');
		expect(dossier).toMatchObject({
			standaardversie: '2023.2',
			pakketnaam: 'Verzonnen Leerlingvolgsysteem',
			overstap: 'VOSWV',
			overdrachtsoort: 'swv-dossier'
		});
		expect(dossier.school).toEqual({
			naam: 'Scholengemeenschap Het Verzonnen Veld',
			brincode: '97ZZ',
			vestigingscode: '02',
			aanleverpunt: '1',
			naamDirecteur: 'T. Tekenaar'
		});
		expect(dossier.leerling).toMatchObject({
			achternaam: 'Verzinsel',
			voornamen: ['Joris', 'Bram'],
			geslacht: 'man',
			adresgeheim: false
		});
		expect(dossier.leerling.adressen[0]).toMatchObject({ straat: 'Fantasiedreef', geheim: false });
	});

	it('a verzorger with a secret address and a secret e-mail address: both flagged, no e-mail', () => {
		const [fenna] = d().verzorgers;
		expect(fenna).toMatchObject({
			achternaam: 'Bedenker',
			relatie: '6',
			wettigVertegenwoordiger: true,
			overleden: false,
			adresgeheim: true
		});
		expect(fenna?.adressen).toEqual([
			{
				soort: 'gba',
				straat: 'Verborgen Hof',
				huisnummer: '3',
				toevoeging: 'A',
				postcode: '9997 BB',
				plaats: 'Nergenshuizen',
				geheim: true
			}
		]);
		expect(fenna?.communicatie).toEqual([
			{ soort: 'e-mail', aanduiding: 'prive', waarde: null, geheim: true },
			{ soort: 'telefoon', aanduiding: 'mobiel', waarde: '0600000009', geheim: false }
		]);
	});

	it('reads the OPP, both TLVs and the arrangementen', () => {
		expect(d().onderwijsondersteuning).toEqual({
			opp: { ingangsdatum: '2025-10-01', einddatum: null },
			tlvs: [
				{
					ingangsdatum: '2024-08-01',
					swvNummer: 'VO9998',
					categorie: 'laag',
					beschikkingsnummer: 'TLV-2024-0107',
					einddatum: '2025-07-31'
				},
				{
					ingangsdatum: '2025-08-01',
					swvNummer: 'VO9998',
					categorie: 'midden',
					beschikkingsnummer: 'TLV-2025-0311',
					einddatum: null
				}
			],
			arrangementenCluster12: [{ datum: '2025-01-20', brincode: '96YY', vestigingscode: null }],
			arrangementenPao: [
				{
					datum: '2025-09-15',
					kenmerk: 'Rekenen <intensief>',
					beschikkingsnummer: 'PAO-2025-17',
					einddatum: '2026-07-17'
				}
			]
		});
	});

	it('unpacks the documents of every block, each named by where it stands', () => {
		expect(
			d().documenten.map((doc) => [doc.bron, doc.bestandsnaam, doc.ok && doc.naamInZip])
		).toEqual([
			[
				'onderwijsondersteuning/toelichting_onderwijsbehoeften',
				'groeidocument.pdf',
				'toelichting.pdf'
			],
			['onderwijsondersteuning/opp', 'opp-joris.pdf', 'opp.pdf'],
			['onderwijsondersteuning/tlv[2]', 'tlv-2025.pdf', 'tlv.pdf'],
			['onderwijsondersteuning/arrangement_pao[1]', 'arrangement.pdf', 'pao.pdf']
		]);
		for (const doc of d().documenten) {
			if (!doc.ok) throw new Error('document geweigerd');
			expect(Buffer.from(doc.inhoud).equals(Buffer.from(pdf))).toBe(true);
		}
	});
});

describe('a PO dossier with categories left out', () => {
	const d = () => dossierOf(readOsoDossier(osoFixture('po-opt-out.xml')));

	it('passes on which categories were optional or forbidden', () => {
		expect(d().categorieUitlevering).toEqual({
			school: 'VERPLICHT',
			leerling: 'VERPLICHT',
			verzorgers: 'OPTIONEEL',
			onderwijsondersteuning: 'VERBODEN',
			eindtoetsbo: 'OPTIONEEL',
			bijlagedocs: 'VERBODEN'
		});
	});

	it('reads the blocks that are left out as empty, not as missing', () => {
		const dossier = d();
		expect(dossier.verzorgers).toEqual([]);
		expect(dossier.documenten).toEqual([]);
		expect(dossier.onderwijsondersteuning).toEqual({
			opp: null,
			tlvs: [],
			arrangementenCluster12: [],
			arrangementenPao: []
		});
		expect(dossier.leerling).toEqual({
			achternaam: 'Fictief',
			tussenvoegsel: null,
			voornamen: ['Lotte'],
			roepnaam: null,
			geboortedatum: '2018-11-30',
			geslacht: 'onbekend',
			adresgeheim: false,
			adressen: [],
			communicatie: []
		});
		expect(dossier.school).toEqual({
			naam: 'Basisschool De Uitvinding',
			brincode: '95WW',
			vestigingscode: null,
			aanleverpunt: null,
			naamDirecteur: null
		});
	});

	it('reads a provisional dossier the parents did not agree with', () => {
		expect(d().inzage).toEqual({
			voorlopigDossier: true,
			inzage: false,
			inzagedatum: null,
			akkoord: 'Nee',
			redenNietAkkoord: 'Ouders willen eerst een gesprek met de intern begeleider.',
			toestemming: 'Nee'
		});
	});
});

describe('a dossier of a later release', () => {
	it('accepts any year in the namespace, a prefix on the elements and a date with a zone', () => {
		const d = dossierOf(readOsoDossier(osoFixture('later-jaar.xml')));
		expect(d.namespace).toBe('http://www.edustandaard.nl/oso_gegevensset/2024/dossier');
		expect(d.overstap).toBe('VOSWV');
		expect(d.school).toMatchObject({ naam: 'Het Verzonnen College', brincode: '98YY' });
		expect(d.leerling).toMatchObject({
			achternaam: 'Bedacht',
			voornamen: ['Daan'],
			geboortedatum: '2013-01-15',
			tussenvoegsel: null,
			geslacht: null,
			adresgeheim: false
		});
		expect(d.inzage).toBeNull();
		expect(d.verzorgers).toEqual([]);
		expect(d.documenten).toEqual([]);
		expect(d.onderwijsondersteuning.opp).toBeNull();
	});
});

describe('what is ignored', () => {
	it('an element named __proto__ pollutes nothing: the parser refuses it', () => {
		expect(
			readOsoDossier(
				minimaal('<achternaam>P</achternaam><__proto__><roepnaam>X</roepnaam></__proto__>')
			)
		).toMatchObject({ ok: false, code: 'geen_xml' });
		expect(({} as Record<string, unknown>).roepnaam).toBeUndefined();
	});

	it('a category value of a later release is passed on as sent', () => {
		const xml = minimaal('<achternaam>P</achternaam>').replace(
			'<metadata>',
			'<metadata><categorie_uitlevering><cat_vve>OPT-UIT</cat_vve></categorie_uitlevering>'
		);
		expect(dossierOf(readOsoDossier(xml)).categorieUitlevering).toEqual({ vve: 'OPT-UIT' });
	});
});

describe('a dossier that is refused whole', () => {
	it('not XML', () => {
		expect(readOsoDossier(osoFixture('geen-xml.txt'))).toEqual({
			ok: false,
			code: 'geen_xml',
			fout: 'Het bestand is geen geldige XML.'
		});
		expect(readOsoDossier('<dossier><naam></dossier>')).toMatchObject({ code: 'geen_xml' });
	});

	it('another root element', () => {
		expect(readOsoDossier(osoFixture('andere-root.xml'))).toEqual({
			ok: false,
			code: 'geen_dossier',
			fout: 'Het bestand is geen OSO-dossier: het hoofdelement moet <dossier> zijn.'
		});
	});

	it('another namespace, or none', () => {
		const expected = {
			ok: false,
			code: 'onbekende_namespace',
			fout: 'Het dossier heeft niet de namespace van de OSO-gegevensset (http://www.edustandaard.nl/oso_gegevensset/<jaar>/dossier).'
		};
		expect(readOsoDossier(osoFixture('andere-namespace.xml'))).toEqual(expected);
		expect(readOsoDossier('<dossier><overdrachtsoort>x</overdrachtsoort></dossier>')).toEqual(
			expected
		);
	});

	it('a DOCTYPE, with its entities never expanded', () => {
		expect(readOsoDossier(osoFixture('doctype-entiteit.xml'))).toEqual({
			ok: false,
			code: 'doctype',
			fout: 'Het dossier bevat een DOCTYPE. Een OSO-dossier heeft die niet; het is om veiligheidsredenen geweigerd.'
		});
	});

	it('no leerling', () => {
		expect(readOsoDossier(osoFixture('zonder-leerling.xml'))).toEqual({
			ok: false,
			code: 'verplicht_ontbreekt',
			fout: 'Het verplichte element dossier/huidigeschool/leerling ontbreekt of is leeg.',
			veld: 'dossier/huidigeschool/leerling'
		});
	});

	it('no brincode', () => {
		expect(readOsoDossier(osoFixture('zonder-brincode.xml'))).toEqual({
			ok: false,
			code: 'verplicht_ontbreekt',
			fout: 'Het verplichte element dossier/huidigeschool/brincode ontbreekt of is leeg.',
			veld: 'dossier/huidigeschool/brincode'
		});
	});

	it('an empty achternaam counts as missing', () => {
		expect(readOsoDossier(minimaal('<achternaam>  </achternaam>'))).toMatchObject({
			code: 'verplicht_ontbreekt',
			veld: 'dossier/huidigeschool/leerling/achternaam'
		});
	});

	it('a brincode of the wrong form', () => {
		expect(
			readOsoDossier(
				minimaal('<achternaam>P</achternaam>', '<naam>S</naam><brincode>ABCD</brincode>')
			)
		).toEqual({
			ok: false,
			code: 'ongeldige_brincode',
			fout: 'Het element dossier/huidigeschool/brincode is geen geldige brincode (twee cijfers en twee hoofdletters).',
			veld: 'dossier/huidigeschool/brincode'
		});
	});

	it('a date that does not exist, or is not a date', () => {
		const expected = {
			ok: false,
			code: 'ongeldige_datum',
			fout: 'Het element dossier/huidigeschool/leerling/geboortedatum is geen geldige datum (verwacht JJJJ-MM-DD).',
			veld: 'dossier/huidigeschool/leerling/geboortedatum'
		};
		expect(
			readOsoDossier(
				minimaal('<achternaam>P</achternaam><geboortedatum>2017-02-30</geboortedatum>')
			)
		).toEqual(expected);
		expect(
			readOsoDossier(
				minimaal('<achternaam>P</achternaam><geboortedatum>21-06-2017</geboortedatum>')
			)
		).toEqual(expected);
	});

	it('a verzorger whose date is wrong is named by its place', () => {
		expect(
			readOsoDossier(
				minimaal(
					'<achternaam>P</achternaam><verzorger><achternaam>A</achternaam></verzorger><verzorger><achternaam>B</achternaam><geboortedatum>1980-13-01</geboortedatum></verzorger>'
				)
			)
		).toMatchObject({
			code: 'ongeldige_datum',
			veld: 'dossier/huidigeschool/leerling/verzorger[2]/geboortedatum'
		});
	});

	it('a boolean that is not true or false', () => {
		expect(
			readOsoDossier(minimaal('<achternaam>P</achternaam><adresgeheim>ja</adresgeheim>'))
		).toEqual({
			ok: false,
			code: 'ongeldige_boolean',
			fout: 'Het element dossier/huidigeschool/leerling/adresgeheim moet true of false zijn.',
			veld: 'dossier/huidigeschool/leerling/adresgeheim'
		});
	});

	it('a geslacht outside the code list', () => {
		expect(readOsoDossier(minimaal('<achternaam>P</achternaam><geslacht>9</geslacht>'))).toEqual({
			ok: false,
			code: 'ongeldig_geslacht',
			fout: 'Het element dossier/huidigeschool/leerling/geslacht moet 0, 1 of 2 zijn (codelijst Geslacht).',
			veld: 'dossier/huidigeschool/leerling/geslacht'
		});
	});

	it('an element with children where text belongs', () => {
		expect(readOsoDossier(minimaal('<achternaam><x>P</x></achternaam>'))).toEqual({
			ok: false,
			code: 'ongeldige_structuur',
			fout: 'Het element dossier/huidigeschool/leerling/achternaam heeft niet de vorm die de OSO-gegevensset voorschrijft.',
			veld: 'dossier/huidigeschool/leerling/achternaam'
		});
	});

	it('a control character is refused; one written as a character reference never arrives', () => {
		expect(
			readOsoDossier(minimaal('<achternaam>P</achternaam><roepnaam>S\u001b</roepnaam>'))
		).toEqual({
			ok: false,
			code: 'stuurteken',
			fout: 'Het element dossier/huidigeschool/leerling/roepnaam bevat een stuurteken (een onzichtbaar teken dat niet in tekst hoort).',
			veld: 'dossier/huidigeschool/leerling/roepnaam'
		});
		// The parser drops a reference to a character XML 1.0 does not allow.
		for (const ref of ['&#1;', '&#x1B;', '&#127;']) {
			const result = readOsoDossier(
				minimaal(`<achternaam>P</achternaam><roepnaam>S${ref}</roepnaam>`)
			);
			if (!result.ok) expect(result.code).toBe('stuurteken');
			else expect(hasControlCharacter(result.dossier.leerling.roepnaam ?? '')).toBe(false);
		}
		expect(
			dossierOf(readOsoDossier(minimaal('<achternaam>P</achternaam><roepnaam>S\tM</roepnaam>')))
				.leerling.roepnaam
		).toBe('S\tM');
	});

	it('over the size limit, counted in bytes', () => {
		expect(readOsoDossier(minimaal('<achternaam>P</achternaam>'), { maxBytes: 100 })).toEqual({
			ok: false,
			code: 'te_groot',
			fout: 'Het dossier is groter dan 1 kB en is niet ingelezen.'
		});
		const big = new Uint8Array(2 * 1024 * 1024 + 1);
		expect(readOsoDossier(big, { maxBytes: 2 * 1024 * 1024 })).toMatchObject({
			code: 'te_groot',
			fout: 'Het dossier is groter dan 2 MB en is niet ingelezen.'
		});
	});

	it('bytes that are not UTF-8, or a declared other encoding', () => {
		expect(readOsoDossier(new Uint8Array([0x3c, 0xff, 0xfe, 0x3e]))).toEqual({
			ok: false,
			code: 'geen_utf8',
			fout: 'Het dossier is geen geldige UTF-8-tekst.'
		});
		expect(readOsoDossier(`<?xml version="1.0" encoding="ISO-8859-1"?>${minimaal('')}`)).toEqual({
			ok: false,
			code: 'geen_utf8',
			fout: 'Het dossier is gecodeerd als ISO-8859-1; alleen UTF-8 wordt gelezen.'
		});
	});
});

describe('a document that is refused on its own', () => {
	function documenten() {
		const twee = zipBase64({ 'a.pdf': pdf, 'b.pdf': pdf });
		return dossierOf(
			readOsoDossier(
				osoFixture('documenten-kapot.xml', { BOM_ZIP: bombZipBase64(), TWEE_ZIP: twee })
			)
		).documenten;
	}

	it('each refusal has its code and Dutch reason; the dossier itself is read', () => {
		expect(
			documenten().map((d) => [d.bestandsnaam, d.ok ? 'ok' : d.code, d.ok ? '' : d.weigering])
		).toEqual([
			['kapot.pdf', 'geen_zip', 'De bestandsinhoud is geen ZIP-bestand dat zich laat uitpakken.'],
			['bom.pdf', 'te_groot', 'Het bestand in de ZIP is uitgepakt groter dan 10 MB.'],
			['twee.pdf', 'niet_een_bestand', 'Het ZIP-bestand moet precies één bestand bevatten.'],
			['geen-base64.pdf', 'geen_base64', 'De bestandsinhoud is geen geldige base64.'],
			['leeg.pdf', 'geen_inhoud', 'Het document heeft geen bestandsinhoud.']
		]);
		expect(documenten()[0]?.bron).toBe('onderwijsondersteuning/toelichting_onderwijsbehoeften');
	});

	it('a ZIP bomb is refused from its declared size, before anything is inflated', () => {
		const bomb = Buffer.from(bombZipBase64().replace(/\s+/g, ''), 'base64');
		expect(bomb.length).toBeLessThan(100 * 1024);
		let inflated = 0;
		unzipSync(bomb, {
			filter(file) {
				expect(file.originalSize).toBe(11 * 1024 * 1024);
				inflated++;
				return false;
			}
		});
		expect(inflated).toBe(1);
		expect(documenten()[1]).toMatchObject({ ok: false, code: 'te_groot' });
	});

	it('a ZIP that declares too small a size is refused, not cut short', () => {
		const zip = Buffer.from(
			zipBase64({ 'opp.pdf': new Uint8Array(64 * 1024).fill(65) }).replace(/\s+/g, ''),
			'base64'
		);
		// The central directory's uncompressed size (offset 24 in its entry) now says 1 KB.
		const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
		zip.writeUInt32LE(1024, central + 24);
		const xml = minimaal(
			`<achternaam>P</achternaam><onderwijsondersteuning><opp><opp_ingangdatum>2026-09-01</opp_ingangdatum><document><bestandsnaam>opp.pdf</bestandsnaam><bestandsinhoud>${zip.toString('base64')}</bestandsinhoud></document></opp></onderwijsondersteuning>`
		);
		const [doc] = dossierOf(readOsoDossier(xml)).documenten;
		expect(doc).toMatchObject({ ok: false, code: 'geen_zip' });
	});

	it('all documents together stay within the dossier budget', () => {
		const one = zipBase64({ 'opp.pdf': pdf });
		const doc = `<document><bestandsnaam>opp.pdf</bestandsnaam><bestandsinhoud>${one}</bestandsinhoud></document>`;
		const xml = minimaal(
			`<achternaam>P</achternaam><onderwijsondersteuning><opp><opp_ingangdatum>2026-09-01</opp_ingangdatum>${doc}${doc}</opp></onderwijsondersteuning>`
		);
		const docs = dossierOf(readOsoDossier(xml, { maxDocumentsBytes: pdf.length + 1 })).documenten;
		expect(docs.map((d) => (d.ok ? 'ok' : d.code))).toEqual(['ok', 'totaal_te_groot']);
		expect(docs[1]).toMatchObject({
			weigering: 'De documenten van dit dossier zijn samen uitgepakt te groot.'
		});
	});
});
