/**
 * Turning the bytes of an OSO dossier into a plain tree, safely: a size limit, UTF-8 only, no
 * DOCTYPE (so no entity of the sender's own and no external reference), well-formed XML,
 * the root `dossier` in an OSO namespace, and no control character in any text.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export type XmlRefusal = { ok: false; code: string; fout: string; veld?: string };
export type XmlTree = { ok: true; tree: Record<string, unknown>; namespace: string };

/** The namespace of every OSO gegevensset release; only the year changes. */
const osoNamespace = /^http:\/\/www\.edustandaard\.nl\/oso_gegevensset\/(\d{4})\/dossier$/;

/** Elements that may repeat: always read as a list, also when one is present. */
const repeating = new Set([
	'voornaam',
	'adres',
	'communicatie',
	'verzorger',
	'document',
	'tlv',
	'diagnose',
	'arrangement_cluster12',
	'arrangement_pao'
]);

const parser = new XMLParser({
	ignoreAttributes: false,
	attributeNamePrefix: '@_',
	removeNSPrefix: true,
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
	// Only the five predefined XML entities and character references: a DOCTYPE is refused
	// before parsing, so no entity of the sender's own can exist.
	processEntities: true,
	htmlEntities: false,
	ignoreDeclaration: true,
	ignorePiTags: true,
	commentPropName: false,
	isArray: (name) => repeating.has(name)
});

/** Control characters U+0000–U+001F except tab, LF and CR, and U+007F. */
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The root start tag after the prolog (declaration, comments, processing instructions). */
const rootTag =
	/^\s*(?:(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->)\s*)*<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)([^>]*)>/;

function refuse(code: string, fout: string, veld?: string): XmlRefusal {
	return veld === undefined ? { ok: false, code, fout } : { ok: false, code, fout, veld };
}

/** The refusal of a dossier larger than `maxBytes`. */
export function tooLarge(maxBytes: number): XmlRefusal {
	const mb = maxBytes / (1024 * 1024);
	const limit = mb >= 1 ? `${Math.floor(mb)} MB` : `${Math.max(1, Math.floor(maxBytes / 1024))} kB`;
	return refuse('te_groot', `Het dossier is groter dan ${limit} en is niet ingelezen.`);
}

/** The refusal of bytes that are not UTF-8. */
export function notUtf8(): XmlRefusal {
	return refuse('geen_utf8', 'Het dossier is geen geldige UTF-8-tekst.');
}

function decode(input: string | Uint8Array, maxBytes: number): string | XmlRefusal {
	const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
	if (size > maxBytes) return tooLarge(maxBytes);
	if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(input);
	} catch {
		return notUtf8();
	}
}

/** Checks every text and attribute, drops empty elements, and says where a bad text stands. */
function clean(node: unknown, path: string): unknown | XmlRefusal {
	if (typeof node === 'string') {
		if (controlCharacter.test(node)) {
			return refuse(
				'stuurteken',
				`Het element ${path} bevat een stuurteken (een onzichtbaar teken dat niet in tekst hoort).`,
				path
			);
		}
		return node === '' ? undefined : node;
	}
	if (Array.isArray(node)) {
		const out: unknown[] = [];
		for (const [i, item] of node.entries()) {
			const c = clean(item, `${path}[${i + 1}]`);
			if (isRefusal(c)) return c;
			if (c !== undefined) out.push(c);
		}
		return out;
	}
	if (node !== null && typeof node === 'object') {
		// No prototype: an element named __proto__ is then just a key, and ignored.
		const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
		for (const [key, value] of Object.entries(node)) {
			const c = clean(value, `${path}/${key.replace(/^@_/, '@')}`);
			if (isRefusal(c)) return c;
			if (c !== undefined) out[key] = c;
		}
		return out;
	}
	return node;
}

function isRefusal(value: unknown): value is XmlRefusal {
	return (
		value !== null &&
		typeof value === 'object' &&
		(value as { ok?: unknown }).ok === false &&
		typeof (value as { code?: unknown }).code === 'string'
	);
}

export function parseOsoXml(input: string | Uint8Array, maxBytes: number): XmlTree | XmlRefusal {
	const text = decode(input, maxBytes);
	return typeof text === 'string' ? parseOsoText(text) : text;
}

/**
 * The checks and the tree of a dossier already within its size limit and decoded from UTF-8
 * (a byte order mark removed, as TextDecoder does).
 */
export function parseOsoText(text: string): XmlTree | XmlRefusal {
	const declaration = /^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']+)["']/i.exec(text);
	const encoding = declaration?.[1];
	if (encoding && !/^utf-?8$/i.test(encoding)) {
		return refuse(
			'geen_utf8',
			`Het dossier is gecodeerd als ${encoding.slice(0, 40)}; alleen UTF-8 wordt gelezen.`
		);
	}
	if (/<!DOCTYPE/i.test(text)) {
		return refuse(
			'doctype',
			'Het dossier bevat een DOCTYPE. Een OSO-dossier heeft die niet; het is om veiligheidsredenen geweigerd.'
		);
	}
	if (XMLValidator.validate(text) !== true) {
		return refuse('geen_xml', 'Het bestand is geen geldige XML.');
	}
	const root = rootTag.exec(text);
	if (!root || root[2] !== 'dossier') {
		return refuse(
			'geen_dossier',
			'Het bestand is geen OSO-dossier: het hoofdelement moet <dossier> zijn.'
		);
	}
	const xmlns = root[1] ? `xmlns:${root[1]}` : 'xmlns';
	const declared = new RegExp(`\\s${xmlns.replaceAll('.', '\\.')}\\s*=\\s*(["'])(.*?)\\1`).exec(
		root[3] ?? ''
	);
	const namespace = declared?.[2] ?? '';
	if (!osoNamespace.test(namespace)) {
		return refuse(
			'onbekende_namespace',
			'Het dossier heeft niet de namespace van de OSO-gegevensset (http://www.edustandaard.nl/oso_gegevensset/<jaar>/dossier).'
		);
	}
	let parsed: Record<string, unknown>;
	try {
		parsed = parser.parse(text) as Record<string, unknown>;
	} catch {
		return refuse('geen_xml', 'Het bestand is geen geldige XML.');
	}
	const tree = clean(parsed.dossier, 'dossier');
	if (isRefusal(tree)) return tree;
	if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) {
		return refuse('verplicht_ontbreekt', 'Het dossier is leeg.', 'dossier');
	}
	return { ok: true, tree: tree as Record<string, unknown>, namespace };
}
