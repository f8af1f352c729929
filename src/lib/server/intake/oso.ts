/**
 * Reads a national OSO dossier (the "aanvraag SWV-dossier" of the OSO gegevensset of
 * Edustandaard, profiles POSWV and VOSWV) into what Kindkring needs of it. Pure: no database,
 * no files. A dossier that cannot be read is refused with a Dutch message for the school's IT
 * person, a stable code and, where it applies, the path of the element. A document that
 * cannot be unpacked is refused on its own (see `oso-document.ts`).
 */
import * as v from 'valibot';
import { readDocument, type Budget, type DocumentHead, type OsoDocument } from './oso-document';
import { parseOsoXml, type XmlTree } from './oso-xml';
import { documents, dossierSchema, type Parsed } from './oso-schema';

export { maxDocumentBytes, type OsoDocument, type OsoDocumentWeigering } from './oso-document';

/** The default limit of the XML itself. */
export const maxDossierBytes = 50 * 1024 * 1024;
/** The default limit of all documents of one dossier together, unpacked. */
export const maxDocumentsTotalBytes = 200 * 1024 * 1024;

export type OsoOptions = { maxBytes?: number; maxDocumentsBytes?: number };

export type OsoResult =
	{ ok: true; dossier: OsoDossier } | { ok: false; fout: string; code: string; veld?: string };

// --- What Kindkring reads -------------------------------------------------------------------

export type OsoAdres = {
	soort: string | null;
	straat: string | null;
	huisnummer: string | null;
	toevoeging: string | null;
	postcode: string | null;
	plaats: string | null;
	/** The sender marked the address as secret: never shown beyond who must know it. */
	geheim: boolean;
};
/** A phone number or e-mail address; a secret one carries no value (OSO sends a stand-in). */
export type OsoCommunicatie = {
	soort: string | null;
	aanduiding: string | null;
	waarde: string | null;
	geheim: boolean;
};
export type OsoGeslacht = 'onbekend' | 'vrouw' | 'man';
export type OsoPersoon = {
	achternaam: string;
	tussenvoegsel: string | null;
	voornamen: string[];
	roepnaam: string | null;
	geboortedatum: string | null;
	geslacht: OsoGeslacht | null;
	adresgeheim: boolean;
	adressen: OsoAdres[];
	communicatie: OsoCommunicatie[];
};
export type OsoVerzorger = OsoPersoon & {
	/** The code of codelijst 41 (1 = vader, 6 = adoptiefmoeder, …), as sent. */
	relatie: string | null;
	wettigVertegenwoordiger: boolean | null;
	overleden: boolean | null;
};
export type OsoDossier = {
	namespace: string;
	standaardversie: string | null;
	pakketnaam: string | null;
	overstap: string | null;
	overdrachtsoort: string;
	categorieUitlevering: Record<string, string>;
	inzage: {
		voorlopigDossier: boolean;
		inzage: boolean | null;
		inzagedatum: string | null;
		akkoord: string | null;
		redenNietAkkoord: string | null;
		toestemming: string | null;
	} | null;
	school: {
		naam: string;
		brincode: string;
		vestigingscode: string | null;
		aanleverpunt: string | null;
		naamDirecteur: string | null;
	};
	leerling: OsoPersoon;
	verzorgers: OsoVerzorger[];
	onderwijsondersteuning: {
		opp: { ingangsdatum: string; einddatum: string | null } | null;
		tlvs: {
			ingangsdatum: string;
			swvNummer: string;
			categorie: string;
			beschikkingsnummer: string;
			einddatum: string | null;
		}[];
		arrangementenCluster12: {
			datum: string;
			brincode: string | null;
			vestigingscode: string | null;
		}[];
		arrangementenPao: {
			datum: string;
			kenmerk: string | null;
			beschikkingsnummer: string | null;
			einddatum: string | null;
		}[];
	};
	/** The documents of the onderwijsondersteuning, each unpacked or refused on its own. */
	documenten: OsoDocument[];
};

const geslachten: Record<string, OsoGeslacht> = { '0': 'onbekend', '1': 'vrouw', '2': 'man' };

function persoonOf(
	p: Parsed['huidigeschool']['leerling'] | Parsed['huidigeschool']['leerling']['verzorger'][number]
): OsoPersoon {
	const adresgeheim = p.adresgeheim ?? false;
	return {
		achternaam: p.achternaam,
		tussenvoegsel: p.voorvoegsel ?? null,
		voornamen: p.voornaam,
		roepnaam: p.roepnaam ?? null,
		geboortedatum: p.geboortedatum ?? null,
		geslacht: (p.geslacht && geslachten[p.geslacht]) || null,
		adresgeheim,
		adressen: p.adreslijst.adres.map((a) => ({
			soort: a.soortadres ?? null,
			straat: a.straat ?? null,
			huisnummer: a.nummer ?? null,
			toevoeging: a.toevoeging ?? null,
			postcode: a.postcode ?? null,
			plaats: a.plaats ?? null,
			geheim: adresgeheim
		})),
		communicatie: p.communicatielijst.communicatie.map((c) => ({
			soort: c.soort ?? null,
			aanduiding: c.aanduiding ?? null,
			waarde: c.geheim ? null : (c.nummer ?? null),
			geheim: c.geheim ?? false
		}))
	};
}

function issuePath(issue: v.BaseIssue<unknown>): string {
	let path = 'dossier';
	for (const item of issue.path ?? []) {
		path += typeof item.key === 'number' ? `[${item.key + 1}]` : `/${String(item.key)}`;
	}
	return path;
}

function refusalOf(issue: v.BaseIssue<unknown>): {
	ok: false;
	fout: string;
	code: string;
	veld: string;
} {
	const veld = issuePath(issue);
	if (issue.input === undefined) {
		return {
			ok: false,
			code: 'verplicht_ontbreekt',
			fout: `Het verplichte element ${veld} ontbreekt of is leeg.`,
			veld
		};
	}
	const fout: Record<string, string> = {
		ongeldige_datum: `Het element ${veld} is geen geldige datum (verwacht JJJJ-MM-DD).`,
		ongeldige_boolean: `Het element ${veld} moet true of false zijn.`,
		ongeldig_geslacht: `Het element ${veld} moet 0, 1 of 2 zijn (codelijst Geslacht).`,
		ongeldige_brincode: `Het element ${veld} is geen geldige brincode (twee cijfers en twee hoofdletters).`
	};
	const code = issue.message in fout ? issue.message : 'ongeldige_structuur';
	return {
		ok: false,
		code,
		fout:
			fout[code] ?? `Het element ${veld} heeft niet de vorm die de OSO-gegevensset voorschrijft.`,
		veld
	};
}

export function readOsoDossier(xml: string | Uint8Array, options: OsoOptions = {}): OsoResult {
	const tree = parseOsoXml(xml, options.maxBytes ?? maxDossierBytes);
	if (!tree.ok) return tree;
	const mapped = mapOsoDossier(tree);
	if (!mapped.ok) return mapped;
	const budget: Budget = { remaining: options.maxDocumentsBytes ?? maxDocumentsTotalBytes };
	const documenten = mapped.documenten.map((d) =>
		readDocument(d.bron, d.bestandsnaam, d.omschrijving, d.bestandsinhoud, budget)
	);
	return { ok: true, dossier: { ...mapped.dossier, documenten } };
}

/** A `document` of the dossier as it stands in the XML, not yet unpacked. */
export type OsoDocumentBron = DocumentHead & { bestandsinhoud: string | null };

export type OsoMapped =
	| { ok: true; dossier: Omit<OsoDossier, 'documenten'>; documenten: OsoDocumentBron[] }
	| { ok: false; fout: string; code: string; veld?: string };

/** What Kindkring reads of the tree of a dossier, its documents still as they were sent. */
export function mapOsoDossier(tree: XmlTree): OsoMapped {
	const parsed = v.safeParse(dossierSchema, tree.tree, { abortEarly: true });
	if (!parsed.success) return refusalOf(parsed.issues[0]);
	const d = parsed.output;
	const leerling = d.huidigeschool.leerling;
	const os = leerling.onderwijsondersteuning;

	const documenten: OsoDocumentBron[] = [];
	const collect = (bron: string, docs: v.InferOutput<typeof documents>) => {
		for (const doc of docs) {
			documenten.push({
				bron,
				bestandsnaam: doc.bestandsnaam ?? null,
				omschrijving: doc.omschrijving ?? null,
				bestandsinhoud: doc.bestandsinhoud ?? null
			});
		}
	};
	if (os) {
		const base = 'onderwijsondersteuning';
		collect(
			`${base}/toelichting_onderwijsbehoeften`,
			os.toelichting_onderwijsbehoeften?.document ?? []
		);
		collect(`${base}/opp`, os.opp?.document ?? []);
		os.tlv.forEach((t, i) => collect(`${base}/tlv[${i + 1}]`, t.document));
		os.arrangement_cluster12.forEach((a, i) =>
			collect(`${base}/arrangement_cluster12[${i + 1}]`, a.document)
		);
		os.arrangement_pao.forEach((a, i) => collect(`${base}/arrangement_pao[${i + 1}]`, a.document));
	}

	const inzage = d.inzage;
	return {
		ok: true,
		dossier: {
			namespace: tree.namespace,
			standaardversie: d.metadata.standaardversie ?? null,
			pakketnaam: d.metadata.pakketnaam ?? null,
			overstap: d.metadata.overstap ?? null,
			overdrachtsoort: d.overdrachtsoort,
			categorieUitlevering: Object.fromEntries(
				Object.entries(d.metadata.categorie_uitlevering ?? {}).map(([k, val]) => [
					k.replace(/^cat_/, ''),
					val
				])
			),
			inzage: inzage
				? {
						voorlopigDossier: inzage.voorlopigdossier,
						inzage: inzage.inzage ?? null,
						inzagedatum: inzage.inzagedatum ?? null,
						akkoord: inzage.akkoord ?? null,
						redenNietAkkoord: inzage.redennietakkoord ?? null,
						toestemming: inzage.toestemming ?? null
					}
				: null,
			school: {
				naam: d.huidigeschool.naam,
				brincode: d.huidigeschool.brincode,
				vestigingscode: d.huidigeschool.vestigingscode ?? null,
				aanleverpunt: d.huidigeschool.aanleverpunt ?? null,
				naamDirecteur: d.huidigeschool.naamdirecteur ?? null
			},
			leerling: persoonOf(leerling),
			verzorgers: leerling.verzorger.map((z) => ({
				...persoonOf(z),
				relatie: z.relatietotkind ?? null,
				wettigVertegenwoordiger: z.wettigevertegenwoordiger ?? null,
				overleden: z.overleden ?? null
			})),
			onderwijsondersteuning: {
				opp: os?.opp
					? { ingangsdatum: os.opp.opp_ingangdatum, einddatum: os.opp.opp_einddatum ?? null }
					: null,
				tlvs: (os?.tlv ?? []).map((t) => ({
					ingangsdatum: t.tlvingangdatum,
					swvNummer: t.tlvswvnummer,
					categorie: t.tlvcategorie,
					beschikkingsnummer: t.tlvbeschikkingsnummer,
					einddatum: t.tlveinddatum ?? null
				})),
				arrangementenCluster12: (os?.arrangement_cluster12 ?? []).map((a) => ({
					datum: a.arrangement_datum,
					brincode: a.arrangement_brin ?? null,
					vestigingscode: a.arrangement_vestigingscode ?? null
				})),
				arrangementenPao: (os?.arrangement_pao ?? []).map((a) => ({
					datum: a.arrangement_datum,
					kenmerk: a.arrangement_kenmerk ?? null,
					beschikkingsnummer: a.arrangement_beschikkingsnr ?? null,
					einddatum: a.arrangement_einddatum ?? null
				}))
			}
		},
		documenten
	};
}
