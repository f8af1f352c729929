/**
 * A large OSO dossier for the intake benchmarks, written to disk as it is made: DOCUMENTS
 * scanned PDFs of 8 MB (random bytes, which do not compress, like the JPEG inside a scan),
 * each zipped with fflate and base64 encoded in 76-column lines, as senders do.
 */
import { randomBytes } from 'node:crypto';
import fsp from 'node:fs/promises';
import { Zip, ZipDeflate } from 'fflate';

export const scanBytes = 8 * 1024 * 1024;

/** A scanned PDF of `scanBytes`, in pieces: a header, an image of random bytes, a trailer. */
function* scan(): Generator<Uint8Array> {
	const head = `%PDF-1.4\n1 0 obj\n<< /Type /XObject /Subtype /Image /Filter /DCTDecode /Length ${scanBytes} >>\nstream\n`;
	const tail = '\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n';
	yield Buffer.from(head);
	let left = scanBytes - head.length - tail.length;
	while (left > 0) {
		const piece = randomBytes(Math.min(64 * 1024, left));
		left -= piece.length;
		yield piece;
	}
	yield Buffer.from(tail);
}

export interface DossierOptions {
	documents: number;
	brincode?: string;
	vestigingscode?: string;
	achternaam?: string;
}

/** Writes the dossier, each document zipped and base64 encoded as it is made. */
export async function writeDossier(file: string, options: DossierOptions): Promise<void> {
	const out = await fsp.open(file, 'w');
	const text = (s: string) => out.write(s);
	await text(
		'<?xml version="1.0" encoding="UTF-8"?>\n<dossier xmlns="http://www.edustandaard.nl/oso_gegevensset/2019/dossier">\n' +
			'<metadata><overstap>POSWV</overstap></metadata><overdrachtsoort>swv-dossier</overdrachtsoort>\n' +
			`<huidigeschool><naam>Basisschool De Proefbank</naam><brincode>${options.brincode ?? '99XX'}</brincode>` +
			(options.vestigingscode ? `<vestigingscode>${options.vestigingscode}</vestigingscode>` : '') +
			`<leerling><voornaam>Sanne</voornaam><achternaam>${options.achternaam ?? 'Proef'}</achternaam>` +
			'<geboortedatum>2017-06-21</geboortedatum><onderwijsondersteuning>' +
			'<opp><opp_ingangdatum>2026-09-01</opp_ingangdatum>\n'
	);
	for (let i = 1; i <= options.documents; i++) {
		await text(
			`<document><bestandsnaam>scan-${i}.pdf</bestandsnaam><omschrijving>Scan ${i}</omschrijving><bestandsinhoud>\n`
		);
		// 57 bytes make one line of 76 base64 characters.
		let carry = Buffer.alloc(0);
		const pending: Buffer[] = [];
		const zip = new Zip((error, data) => {
			if (error) throw error;
			const bytes = Buffer.concat([carry, data]);
			const whole = bytes.length - (bytes.length % 57);
			for (let at = 0; at < whole; at += 57) {
				pending.push(Buffer.from(`${bytes.toString('base64', at, at + 57)}\n`));
			}
			carry = bytes.subarray(whole);
		});
		const entry = new ZipDeflate(`scan-${i}.pdf`);
		zip.add(entry);
		for (const piece of scan()) {
			entry.push(piece);
			if (pending.length) await out.write(Buffer.concat(pending.splice(0)));
		}
		entry.push(new Uint8Array(0), true);
		zip.end();
		pending.push(Buffer.from(`${carry.toString('base64')}\n`));
		await out.write(Buffer.concat(pending.splice(0)));
		await text('</bestandsinhoud></document>\n');
	}
	await text('</opp></onderwijsondersteuning></leerling></huidigeschool></dossier>\n');
	await out.close();
}
