/**
 * Dutch mail templates: plain text and HTML, the organisation as sender name, its closing
 * text at the bottom.
 */

export interface MailOrganisation {
	name: string;
	closingText: string;
}

export interface RenderedMail {
	subject: string;
	text: string;
	html: string;
}

export interface Paragraph {
	text: string;
	/** A button-like link under the paragraph. */
	link?: { label: string; url: string };
}

function escapeHtml(value: string): string {
	return value
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&#39;');
}

const footer = 'Dit bericht is automatisch verstuurd door Kindkring. U kunt er niet op antwoorden.';

export function compose(
	organisation: MailOrganisation,
	subject: string,
	greeting: string,
	paragraphs: Paragraph[]
): RenderedMail {
	const closing =
		organisation.closingText.trim() || `Met vriendelijke groet,\n${organisation.name}`;
	const textParts = [greeting, ''];
	for (const p of paragraphs) {
		textParts.push(p.text);
		if (p.link) textParts.push(`${p.link.label}: ${p.link.url}`);
		textParts.push('');
	}
	textParts.push(closing, '', '—', footer);
	const text = textParts.join('\n');

	const htmlParagraphs = paragraphs
		.map((p) => {
			const body = `<p style="margin:0 0 12px">${escapeHtml(p.text).replaceAll('\n', '<br>')}</p>`;
			if (!p.link) return body;
			const url = escapeHtml(p.link.url);
			return (
				body +
				`<p style="margin:0 0 20px"><a href="${url}" style="display:inline-block;background:#1f5f8b;color:#ffffff;padding:12px 20px;border-radius:8px;text-decoration:none;font-weight:bold">${escapeHtml(p.link.label)}</a></p>` +
				`<p style="margin:0 0 20px;font-size:13px;color:#4f5d6b">Werkt de knop niet? Kopieer dan dit adres in uw browser:<br>${url}</p>`
			);
		})
		.join('\n');
	const html = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f6f8fa;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b2530">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #c9d3dc;border-radius:10px;padding:24px">
<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>
${htmlParagraphs}
<p style="margin:16px 0 0">${escapeHtml(closing).replaceAll('\n', '<br>')}</p>
</div>
<p style="max-width:560px;margin:12px auto 0;font-size:12px;color:#4f5d6b">${footer}</p>
</body></html>`;
	return { subject, text, html };
}
