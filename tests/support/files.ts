/**
 * Real files for the bijlagen tests, built here so the tests depend on no binary fixtures
 * checked in by hand.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import zlib from 'node:zlib';

/** A valid one-page PDF, written by hand with a correct cross-reference table. */
export function minimalPdf(text = 'Hallo Kindkring'): Buffer {
	const stream = `BT /F1 24 Tf 72 720 Td (${text}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
	];
	let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
	const offsets: number[] = [];
	objects.forEach((o, i) => {
		offsets.push(Buffer.byteLength(out, 'latin1'));
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = Buffer.byteLength(out, 'latin1');
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	out += offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('');
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

function chunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(body));
	return Buffer.concat([length, body, crc]);
}

/** A valid `size`×`size` PNG in one colour. */
export function png(size = 4, rgb: [number, number, number] = [31, 95, 139]): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header.set([8, 2, 0, 0, 0], 8);
	const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(size).fill(rgb).flat())]);
	const pixels = zlib.deflateSync(Buffer.concat(Array(size).fill(row)));
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', pixels),
		chunk('IEND', Buffer.alloc(0))
	]);
}

/** An 8×8 JPEG as Chromium's canvas encodes it. */
export const jpeg = Buffer.from(
	'/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABv/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AIAAmFn/2Q==',
	'base64'
);

const wordMain = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml';

/** A minimal but complete DOCX (Word opens it): content types, relationships, one paragraph. */
export function docx(text = 'Verslag', extra: Zippable = {}, mainType = wordMain): Buffer {
	const files: Zippable = {
		'[Content_Types].xml': strToU8(
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
				'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
				'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
				'<Default Extension="xml" ContentType="application/xml"/>' +
				`<Override PartName="/word/document.xml" ContentType="${mainType}"/>` +
				'</Types>'
		),
		'_rels/.rels': strToU8(
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
				'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
				'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>' +
				'</Relationships>'
		),
		'word/document.xml': strToU8(
			'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
				'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
				`<w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`
		),
		...extra
	};
	return Buffer.from(zipSync(files, { level: 9 }));
}

/** A DOCX whose many entries of zeros unpack to `entries` MB: a zip bomb. */
export function zipBombDocx(entries = 150): Buffer {
	const zeros = new Uint8Array(1024 * 1024);
	const extra: Zippable = {};
	for (let i = 0; i < entries; i++) extra[`word/media/padding${i}.bin`] = zeros;
	return docx('Bom', extra);
}

/** A plain zip archive with a text file in it. */
export function plainZip(): Buffer {
	return Buffer.from(zipSync({ 'notities.txt': strToU8('Gewoon een tekst.') }));
}

export const html = Buffer.from(
	'<!DOCTYPE html>\n<html><body><h1>Verslag</h1><script>alert(1)</script></body></html>\n'
);

export const svgWithScript = Buffer.from(
	'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">' +
		'<script>parent.postMessage("pwned","*")</script><rect width="10" height="10"/></svg>\n'
);

/** Starts as a PDF, and a browser that sniffed it would find a web page in it. */
export function pdfHtmlPolyglot(): Buffer {
	const pdf = minimalPdf();
	const marker = Buffer.from('%<html><script>window.pwned=1</script></html>\n');
	const headerEnd = pdf.indexOf('\n') + 1;
	return Buffer.concat([pdf.subarray(0, headerEnd), marker, pdf.subarray(headerEnd)]);
}

/** Chunks of `total` bytes of `byte`, counting how many were pulled. */
export function generator(total: number, chunkSize = 64 * 1024, byte = 0x41) {
	const state = { consumed: 0 };
	async function* source() {
		const block = Buffer.alloc(chunkSize, byte);
		while (state.consumed < total) {
			const size = Math.min(chunkSize, total - state.consumed);
			state.consumed += size;
			yield size === chunkSize ? block : block.subarray(0, size);
		}
	}
	return { source: source(), state };
}
