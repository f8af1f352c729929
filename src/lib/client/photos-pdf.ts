/**
 * Photos of paper pages (e.g. the signed "Aanvraag onderwijsadvies Jonge Kind") become one
 * PDF in the browser: each photo is downscaled on a canvas and re-encoded as JPEG, one page
 * per photo, A4 in the photo's orientation. PDF is what the partnership prefers (domain.md)
 * and one file per form keeps the bijlagen list readable. pdf-lib is loaded only when this
 * runs, so it stays out of the page's bundle.
 *
 * A phone photo is 3–12 MB; at 1600 px and quality 0.8 a page is ~200–500 kB. When the PDF
 * would still pass the limit, the same photos are encoded again smaller.
 */

export interface MergeProgress {
	/** Photos done in this attempt. */
	done: number;
	total: number;
	/** Which attempt (1 = full quality); a later one means the PDF was too big. */
	attempt: number;
}

export class PhotoUnreadable extends Error {
	constructor(readonly fileName: string) {
		super(
			`De foto ‘${fileName}’ kan niet worden gelezen. Kies een JPEG- of PNG-foto, of maak de foto opnieuw.`
		);
	}
}

export class PdfTooLarge extends Error {
	constructor() {
		super(
			'Ook verkleind worden de foto’s samen groter dan 10 MB. Voeg minder foto’s tegelijk samen.'
		);
	}
}

/** Longest side in pixels and JPEG quality, from best to smallest. */
const attempts: readonly { side: number; quality: number }[] = [
	{ side: 1600, quality: 0.8 },
	{ side: 1600, quality: 0.6 },
	{ side: 1200, quality: 0.6 },
	{ side: 1000, quality: 0.5 },
	{ side: 800, quality: 0.45 }
];

const a4 = { short: 595.28, long: 841.89 };
const margin = 18;

/** "<titel> <yyyy-mm-dd>.pdf" with the characters a file name cannot carry left out. */
export function pdfName(titel: string, date: Date = new Date()): string {
	const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(date);
	return safeName(`${titel} ${day}`);
}

/** A user's name for the PDF: no path, no reserved characters, ends in ".pdf". */
export function safeName(raw: string): string {
	const base = raw
		.normalize('NFC')
		.replace(/\.pdf$/i, '')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f/\\<>:"|?*]/g, ' ')
		.replace(/\s+/g, ' ')
		.replace(/^[.\s]+|[.\s]+$/g, '')
		.slice(0, 140)
		.trim();
	return `${base || 'Foto’s'}.pdf`;
}

async function decode(file: File): Promise<ImageBitmap> {
	try {
		// EXIF rotation applied, so a portrait phone photo stays upright.
		return await createImageBitmap(file, {
			imageOrientation: 'from-image'
		} as ImageBitmapOptions);
	} catch {
		throw new PhotoUnreadable(file.name);
	}
}

async function jpegOf(file: File, side: number, quality: number): Promise<Uint8Array> {
	const bitmap = await decode(file);
	try {
		const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
		const width = Math.max(1, Math.round(bitmap.width * scale));
		const height = Math.max(1, Math.round(bitmap.height * scale));
		const canvas = document.createElement('canvas');
		canvas.width = width;
		canvas.height = height;
		const context = canvas.getContext('2d');
		if (!context) throw new PhotoUnreadable(file.name);
		// White under transparent PNGs: JPEG has no transparency and would turn it black.
		context.fillStyle = '#ffffff';
		context.fillRect(0, 0, width, height);
		context.drawImage(bitmap, 0, 0, width, height);
		const blob = await new Promise<Blob | null>((resolve) =>
			canvas.toBlob(resolve, 'image/jpeg', quality)
		);
		canvas.width = canvas.height = 0;
		if (!blob) throw new PhotoUnreadable(file.name);
		return new Uint8Array(await blob.arrayBuffer());
	} finally {
		bitmap.close();
	}
}

/**
 * One PDF of `photos` (a page each, in order) of at most `maxBytes`, named `title` in its
 * metadata. Throws `PhotoUnreadable` or `PdfTooLarge`.
 */
export async function photosToPdf(
	photos: readonly File[],
	options: { maxBytes: number; title: string; onProgress?: (p: MergeProgress) => void }
): Promise<Blob> {
	const { PDFDocument } = await import('pdf-lib');
	for (const [i, { side, quality }] of attempts.entries()) {
		const pdf = await PDFDocument.create();
		pdf.setTitle(options.title);
		pdf.setProducer('Kindkring');
		pdf.setCreator('Kindkring');
		options.onProgress?.({ done: 0, total: photos.length, attempt: i + 1 });
		for (const [n, photo] of photos.entries()) {
			// One photo decoded at a time: a phone has no memory for ten 12-megapixel bitmaps.
			const image = await pdf.embedJpg(await jpegOf(photo, side, quality));
			const landscape = image.width > image.height;
			const [pageWidth, pageHeight] = landscape ? [a4.long, a4.short] : [a4.short, a4.long];
			const fit = Math.min(
				(pageWidth - 2 * margin) / image.width,
				(pageHeight - 2 * margin) / image.height
			);
			const page = pdf.addPage([pageWidth, pageHeight]);
			page.drawImage(image, {
				x: (pageWidth - image.width * fit) / 2,
				y: (pageHeight - image.height * fit) / 2,
				width: image.width * fit,
				height: image.height * fit
			});
			options.onProgress?.({ done: n + 1, total: photos.length, attempt: i + 1 });
		}
		const bytes = await pdf.save();
		// Room for the request's envelope: the server's limit is on the stored file.
		if (bytes.byteLength <= options.maxBytes - 64 * 1024) {
			return new Blob([bytes as BlobPart], { type: 'application/pdf' });
		}
	}
	throw new PdfTooLarge();
}
