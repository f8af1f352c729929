/**
 * A filled form as PDF: the template's name and version, the child, every section the
 * reader may see with its answers, and each approval with who gave it and when (and those
 * voided by a later change). Only what the page shows the same reader is in it.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import { formatDateTime } from '$lib/format';
import { answerText } from '$lib/forms/display';
import type { FormView, FormsPage } from './view';

const pageSize: [number, number] = [595.28, 841.89];
const margin = 56;
const size = 10.5;
const lineHeight = 14.5;

/** The standard PDF fonts cover Latin-1 and a few punctuation marks; others become '?'. */
function printable(text: string): string {
	return text.replace(/[^\n\x20-\x7e\xa0-\xff‘’“”–—…€•]/g, '?');
}

export async function formPdf(
	form: FormView,
	page: Pick<FormsPage, 'prefilled' | 'bijlagen'>,
	child: string,
	organisation: string
): Promise<Uint8Array> {
	const doc = await PDFDocument.create();
	doc.setTitle(printable(form.templateName));
	doc.setAuthor(printable(organisation));
	doc.setCreator('Kindkring');
	const regular = await doc.embedFont(StandardFonts.Helvetica);
	const bold = await doc.embedFont(StandardFonts.HelveticaBold);
	const grey = rgb(0.4, 0.4, 0.4);
	const width = pageSize[0] - 2 * margin;
	let p = doc.addPage(pageSize);
	let y = pageSize[1] - margin;
	const wrap = (text: string, s: number, font: PDFFont): string[] => {
		const lines: string[] = [];
		for (const paragraph of printable(text).split('\n')) {
			let line = '';
			for (const word of paragraph.split(/\s+/)) {
				const next = line === '' ? word : `${line} ${word}`;
				if (font.widthOfTextAtSize(next, s) > width && line !== '') {
					lines.push(line);
					line = word;
				} else line = next;
			}
			lines.push(line);
		}
		return lines;
	};
	const write = (text: string, s = size, font = regular, color = rgb(0, 0, 0)) => {
		for (const line of wrap(text, s, font)) {
			if (y - lineHeight < margin + 24) {
				p = doc.addPage(pageSize);
				y = pageSize[1] - margin;
			}
			p.drawText(line, { x: margin, y, size: s, font, color });
			y -= s > size ? s + 6 : lineHeight;
		}
	};
	write(form.templateName, 18, bold);
	write(
		`${child} · versie ${form.version} van het formulier · ${organisation}`,
		9.5,
		regular,
		grey
	);
	y -= 8;
	const byKey = new Map(form.definition.sections.map((s) => [s.key, s]));
	for (const view of form.sections) {
		const section = byKey.get(view.key)!;
		y -= 6;
		write(section.title, 12, bold);
		for (const q of section.questions) {
			if (q.type === 'approval') continue;
			write(q.label, 9.5, bold);
			write(answerText(q, form.answers[q.key], page) || 'Niet ingevuld');
			y -= 4;
		}
		for (const a of view.approvals) {
			write(a.label, 9.5, bold);
			write(
				a.given
					? `${a.kind === 'ondertekening' ? 'Ondertekend' : 'Ingestemd'} door ${a.given.signerName} op ${formatDateTime(a.given.approvedAt)} (versie ${a.given.version}${a.given.via === 'link' ? ', met de link uit de mail' : ''}).`
					: 'Nog niet gegeven.'
			);
			for (const v of a.voided) {
				write(
					`Vervallen: ${v.signerName}, ${formatDateTime(v.approvedAt)}; ${v.reason} (${formatDateTime(v.voidedAt)})`,
					9.5,
					regular,
					grey
				);
			}
		}
	}
	const pages = doc.getPages();
	pages.forEach((pg, i) =>
		pg.drawText(printable(`${form.templateName} · pagina ${i + 1} van ${pages.length}`), {
			x: margin,
			y: margin - 20,
			size: 8,
			font: regular,
			color: grey
		})
	);
	return doc.save();
}
