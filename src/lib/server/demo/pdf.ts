/**
 * Small, real PDFs for the demo bijlagen: a heading, a few facts about the child and some
 * paragraphs of Dutch text, on one or two A4 pages. Deterministic: the same input gives the
 * same bytes (fixed dates, no random ids), so the blob store holds each one once.
 *
 * pdf-lib is loaded on first use: production never seeds demo data, so never loads it.
 */

export interface PdfSection {
	heading: string;
	paragraphs: string[];
}

export interface PdfSpec {
	title: string;
	/** Label and value, shown as a small table under the title. */
	facts: [string, string][];
	sections: PdfSection[];
	author: string;
	/** The document's date: also its creation and modification date. */
	date: Date;
}

const pageSize: [number, number] = [595.28, 841.89];
const margin = 56;
const bodySize = 10.5;
const lineHeight = 14.5;

export async function renderPdf(spec: PdfSpec): Promise<Uint8Array> {
	const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
	const doc = await PDFDocument.create();
	doc.setTitle(spec.title);
	doc.setAuthor(spec.author);
	doc.setSubject('Fictief voorbeeld voor de demo van Kindkring');
	doc.setCreator('Kindkring demodata');
	doc.setProducer('Kindkring demodata');
	doc.setCreationDate(spec.date);
	doc.setModificationDate(spec.date);
	const regular = await doc.embedFont(StandardFonts.Helvetica);
	const bold = await doc.embedFont(StandardFonts.HelveticaBold);
	const grey = rgb(0.4, 0.4, 0.4);
	const width = pageSize[0] - 2 * margin;

	let page = doc.addPage(pageSize);
	let y = pageSize[1] - margin;
	const newPageIfBelow = (needed: number) => {
		if (y - needed >= margin + 24) return;
		page = doc.addPage(pageSize);
		y = pageSize[1] - margin;
	};
	const wrap = (text: string, size: number, font = regular): string[] => {
		const lines: string[] = [];
		let line = '';
		for (const word of text.split(/\s+/)) {
			const next = line === '' ? word : `${line} ${word}`;
			if (font.widthOfTextAtSize(next, size) > width && line !== '') {
				lines.push(line);
				line = word;
			} else {
				line = next;
			}
		}
		if (line !== '') lines.push(line);
		return lines;
	};

	page.drawText('Kindkring-demo · fictieve gegevens', {
		x: margin,
		y: y,
		size: 8,
		font: regular,
		color: grey
	});
	y -= 28;
	for (const line of wrap(spec.title, 18, bold)) {
		page.drawText(line, { x: margin, y, size: 18, font: bold });
		y -= 24;
	}
	y -= 4;
	for (const [label, value] of spec.facts) {
		page.drawText(label, { x: margin, y, size: 9.5, font: bold });
		page.drawText(value, { x: margin + 130, y, size: 9.5, font: regular });
		y -= 13.5;
	}
	y -= 10;
	page.drawLine({
		start: { x: margin, y: y + 6 },
		end: { x: margin + width, y: y + 6 },
		thickness: 0.5,
		color: grey
	});
	y -= 12;
	for (const section of spec.sections) {
		newPageIfBelow(3 * lineHeight);
		page.drawText(section.heading, { x: margin, y, size: 12, font: bold });
		y -= lineHeight + 4;
		for (const paragraph of section.paragraphs) {
			for (const line of wrap(paragraph, bodySize)) {
				newPageIfBelow(lineHeight);
				page.drawText(line, { x: margin, y, size: bodySize, font: regular });
				y -= lineHeight;
			}
			y -= 6;
		}
		y -= 6;
	}
	const pages = doc.getPages();
	pages.forEach((p, i) => {
		p.drawText(`${spec.title} · pagina ${i + 1} van ${pages.length}`, {
			x: margin,
			y: margin - 20,
			size: 8,
			font: regular,
			color: grey
		});
	});
	return doc.save();
}
