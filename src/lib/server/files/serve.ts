/**
 * Response headers for serving a bijlage. The caller has already passed the access policy
 * and written the audit row; this decides only how the browser may treat the bytes.
 *
 * Why these headers (proved in Chromium by tests/e2e/files-serving.test.ts):
 * - `Content-Type` is the sniffed type and nothing else; a type that sniff.ts cannot
 *   return is served as `application/octet-stream` attachment, whatever the caller says.
 * - `X-Content-Type-Options: nosniff` stops the browser from second-guessing it (a text
 *   file that looks like HTML stays text).
 * - CSP `default-src 'none'` means no script, no fetch, no form in the file's document,
 *   even if a file with HTML inside ever got through. For everything but PDF also
 *   `sandbox`: a unique origin with no scripts at all, so a bug elsewhere cannot reach
 *   our cookies or pages. Not for PDF: Chrome long refused to render a PDF under
 *   `sandbox` (a long-standing Chromium bug; Chromium 156 on our test machine does render it, but
 *   schools do not all run the newest browser), so PDF relies on `default-src 'none'`
 *   alone; `object-src 'self'` is kept for viewers that embed the PDF as a plugin (in
 *   Chromium 156 `object-src 'none'` renders too).
 *   `frame-ancestors 'self'` allows our own pages to preview, no one else to frame.
 * - `Cache-Control: no-store`: medical and psychological documents stay off shared and
 *   local caches (architecture.md: never cache an attachment).
 * - `Cross-Origin-Resource-Policy: same-origin`: another site cannot embed the file
 *   (e.g. `<img src>` with the user's cookies) to probe whether it exists.
 * - `Referrer-Policy: no-referrer`: a link clicked inside a PDF does not tell the other
 *   site the address of the attachment.
 */
import { contentDisposition } from './names';
import { accepted } from './sniff';

export interface ServeInfo {
	mime: string;
	inline: boolean;
	name: string;
	size?: number;
}

const base = [
	"default-src 'none'",
	"img-src 'self'",
	"style-src 'unsafe-inline'",
	"frame-ancestors 'self'",
	"base-uri 'none'",
	"form-action 'none'"
];

export const cspPdf = [...base, "object-src 'self'"].join('; ');
export const cspOther = [...base, 'sandbox'].join('; ');

export function headersFor(info: ServeInfo): Record<string, string> {
	const known = accepted.get(info.mime);
	const mime = known ? info.mime : 'application/octet-stream';
	// Inline only when both the caller and the type allow it (PDF, text, raster images).
	const inline = known !== undefined && known.inline && info.inline;
	const headers: Record<string, string> = {
		'Content-Type': mime === 'text/plain' ? 'text/plain; charset=utf-8' : mime,
		'Content-Disposition': contentDisposition(info.name, inline),
		'X-Content-Type-Options': 'nosniff',
		'Cache-Control': 'no-store',
		'Cross-Origin-Resource-Policy': 'same-origin',
		'Content-Security-Policy': mime === 'application/pdf' ? cspPdf : cspOther,
		'Referrer-Policy': 'no-referrer',
		'X-Frame-Options': 'SAMEORIGIN'
	};
	if (info.size !== undefined) headers['Content-Length'] = String(info.size);
	return headers;
}
