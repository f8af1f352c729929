/**
 * File names as users give them are data, not paths: the store never uses them on disk
 * (blobs are named by hash), but they travel to screens and to `Content-Disposition`.
 * domain.md: bijlagen should have names that say what they are.
 */

export const maxNameLength = 150;

export const vagueWarning =
	'Geef het bestand een naam die zegt wat het is, bijvoorbeeld OPP_achternaam_ddmmjj.pdf';

const extensionPattern = /\.([a-z0-9]{1,5})$/i;

// Same type, other spelling: keep what the user wrote.
const aliases: Record<string, string[]> = {
	jpg: ['jpeg', 'jpe'],
	txt: ['text'],
	heic: ['heif']
};

/**
 * A name safe to store and show: last path segment only, no control or bidi-override
 * characters (U+202E can make `gpj.exe` read as `exe.jpg`), no characters Windows refuses
 * in a saved file, no leading dots, trimmed and at most `maxNameLength` characters.
 * Unicode letters stay (Zoë, Çelik, Łukasz).
 */
export function sanitize(raw: string): string {
	let name = raw.normalize('NFC');
	name = name.split(/[/\\]/).pop() ?? '';
	name = name.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '');
	name = name.replace(/[<>:"|?*]/g, '_');
	name = name.replace(/\s+/gu, ' ').trim();
	name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
	if ([...name].length > maxNameLength) {
		const ext = extensionPattern.exec(name)?.[0] ?? '';
		const base = [...name.slice(0, name.length - ext.length)]
			.slice(0, maxNameLength - ext.length)
			.join('')
			.trim();
		name = base + ext;
	}
	return name === '' ? 'bijlage' : name;
}

/** `name` with the extension of the sniffed type: the content decides, not the name. */
export function withExtension(name: string, extension: string): string {
	const current = extensionPattern.exec(name);
	const ext = current?.[1]?.toLowerCase();
	if (ext === extension || (ext && aliases[extension]?.includes(ext))) {
		return name;
	}
	// Only replace what looks like an extension (has a letter): "Verslag 12.3" keeps ".3".
	const base = current && /[a-z]/i.test(current[1]!) ? name.slice(0, current.index) : name;
	return `${base || 'bijlage'}.${extension}`;
}

/** The name to store and show for an upload of sniffed type `extension`. */
export function displayName(raw: string, extension: string): string {
	const safe = sanitize(raw);
	const named = withExtension(safe, extension);
	return [...named].length > maxNameLength ? withExtension(sanitize(named), extension) : named;
}

const genericWords = [
	'scan',
	'scanned',
	'img',
	'image',
	'afbeelding',
	'foto',
	'photo',
	'dsc',
	'dscn',
	'dcim',
	'pxl',
	'document',
	'documenten',
	'doc',
	'file',
	'bestand',
	'naamloos',
	'untitled',
	'nieuw document',
	'new document',
	'download',
	'bijlage',
	'attachment',
	'screenshot',
	'schermafbeelding',
	'schermafdruk',
	'pdf',
	'word',
	'whatsapp image',
	'kopie',
	'copy'
];
const generic = new RegExp(`^(${genericWords.join('|')})?[\\s_.-]*[\\d\\s_.-]*(\\(\\d+\\))?$`, 'i');
// Camera and scanner codes: IMG_1234, DSC01234, PXL_20250106_123456789, WA0003.
const deviceCode = /^[a-z]{1,5}[_-]?\d{3,}[\d\s_.-]*(\(\d+\))?$/i;

/** True for names that do not say what the file is (scan20250106.pdf, IMG_1234.jpg). */
export function isVague(name: string): boolean {
	const base = sanitize(name)
		.replace(extensionPattern, '')
		.replace(/^(kopie van|copy of)\s+/i, '')
		.replace(/\s*-\s*(kopie|copy)(\s*\(\d+\))?$/i, '')
		.trim();
	if (base === '' || base.length < 3) return true;
	return generic.test(base) || deviceCode.test(base);
}

function asciiFallback(name: string): string {
	const ascii = name
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.replace(/[\u2010-\u2015]/g, '-')
		.replace(/[\u2018\u2019]/g, "'")
		// Quote and backslash would end or escape the quoted-string; `%` is decoded by some
		// browsers in the fallback (RFC 6266 appendix D advises against it).
		.replace(/[^\x20-\x7e]|["\\%]/g, '_');
	return ascii.trim() === '' ? 'bijlage' : ascii;
}

/** RFC 5987 `attr-char`s stay; everything else is percent-encoded UTF-8. */
function encodeExtValue(name: string): string {
	return encodeURIComponent(name).replace(
		/['()*]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
	);
}

/**
 * RFC 6266: `inline` or `attachment`, an ASCII `filename` for old clients and the exact
 * name as `filename*=UTF-8''…`, which every current browser prefers.
 */
export function contentDisposition(name: string, inline: boolean): string {
	const safe = sanitize(name);
	const type = inline ? 'inline' : 'attachment';
	return `${type}; filename="${asciiFallback(safe)}"; filename*=UTF-8''${encodeExtValue(safe)}`;
}
