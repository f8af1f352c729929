/**
 * The generated parts of the OSO fixtures: a small PDF, ZIPs of it as an OSO document
 * carries them (base64), and a ZIP whose file unpacks to more than 10 MB.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { zipSync } from 'fflate';

const dir = new URL('../fixtures/oso/', import.meta.url);

/** A fixture as text, with each {{NAME}} replaced. */
export function osoFixture(name: string, replace: Record<string, string> = {}): string {
	let text = readFileSync(new URL(name, dir), 'utf8');
	for (const [key, value] of Object.entries(replace)) text = text.replaceAll(`{{${key}}}`, value);
	return text;
}

/** The names of all OSO fixtures. */
export function osoFixtureNames(): string[] {
	return readdirSync(dir).sort();
}

/**
 * A fixture with every {{NAME}} filled: BOM_ZIP with a ZIP bomb, TWEE_ZIP with a ZIP of two
 * files, any other with a ZIP of the small PDF, named after the placeholder (OPP_ZIP: opp.pdf).
 */
export function filledOsoFixture(name: string): string {
	const text = osoFixture(name);
	const replace: Record<string, string> = {};
	for (const [, key] of text.matchAll(/\{\{([A-Z_]+)\}\}/g)) {
		if (!key || key in replace) continue;
		const pdf = smallPdf();
		replace[key] =
			key === 'BOM_ZIP'
				? bombZipBase64()
				: key === 'TWEE_ZIP'
					? zipBase64({ 'a.pdf': pdf, 'b.pdf': pdf })
					: zipBase64({ [`${key.replace(/_ZIP$/, '').toLowerCase()}.pdf`]: pdf });
	}
	return osoFixture(name, replace);
}

/** A minimal one-page PDF, written out by hand with a correct cross-reference table. */
export function smallPdf(): Uint8Array {
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'
	];
	let body = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((o, i) => {
		offsets.push(body.length);
		body += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = body.length;
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return new TextEncoder().encode(body);
}

/** A ZIP of the given files as base64, wrapped at 76 characters as senders do. */
export function zipBase64(files: Record<string, Uint8Array>): string {
	const b64 = Buffer.from(zipSync(files)).toString('base64');
	return b64.replace(/(.{76})/g, '$1\n            ');
}

/** A ZIP of one file of zeros that unpacks to 11 MB (a few kilobytes packed). */
export function bombZipBase64(): string {
	return zipBase64({ 'groot.pdf': new Uint8Array(11 * 1024 * 1024) });
}
