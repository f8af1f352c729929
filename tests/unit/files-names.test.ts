import { describe, expect, it } from 'vitest';
import {
	contentDisposition,
	displayName,
	isVague,
	sanitize,
	vagueWarning,
	withExtension
} from '../../src/lib/server/files/names';

describe('file names are never stored as given', () => {
	it('path parts are stripped, forwards and backwards', () => {
		expect(sanitize('../../etc/passwd')).toBe('passwd');
		expect(sanitize('..\\..\\Windows\\win.ini')).toBe('win.ini');
		expect(sanitize('C:\\Users\\juf\\OPP Jansen.pdf')).toBe('OPP Jansen.pdf');
		expect(sanitize('..')).toBe('bijlage');
	});

	it('CR/LF and other control characters are removed (no header injection)', () => {
		const name = sanitize('verslag.pdf\r\nSet-Cookie: x=1');
		expect(name).not.toMatch(/[\r\n]/);
		expect(name).toBe('verslag.pdfSet-Cookie_ x=1');
		expect(sanitize('a\u0000b\u0007c.txt')).toBe('abc.txt');
	});

	it('a right-to-left override cannot disguise the extension', () => {
		expect(sanitize('verslag\u202Efdp.exe')).toBe('verslagfdp.exe');
	});

	it('trims, drops leading dots and keeps Unicode letters', () => {
		expect(sanitize('  .verborgen.txt  ')).toBe('verborgen.txt');
		expect(sanitize('Verslag logopedie – Zoë Çelik.pdf')).toBe('Verslag logopedie – Zoë Çelik.pdf');
	});

	it('limits the length and keeps the extension', () => {
		const long = sanitize('x'.repeat(400) + '.pdf');
		expect(long.length).toBe(150);
		expect(long.endsWith('.pdf')).toBe(true);
	});

	it('the extension follows the sniffed type', () => {
		expect(withExtension('verslag.pdf', 'pdf')).toBe('verslag.pdf');
		expect(withExtension('verslag.PDF', 'pdf')).toBe('verslag.PDF');
		expect(withExtension('foto.jpeg', 'jpg')).toBe('foto.jpeg');
		expect(withExtension('verslag.pdf', 'docx')).toBe('verslag.docx');
		expect(withExtension('verslag', 'pdf')).toBe('verslag.pdf');
		expect(withExtension('Verslag 12.3', 'pdf')).toBe('Verslag 12.3.pdf');
		expect(displayName('../evil.html', 'txt')).toBe('evil.txt');
	});
});

describe('vague names are warned about', () => {
	it.each([
		'scan20250106.pdf',
		'Scan 2025-01-06.pdf',
		'IMG_1234.jpg',
		'DSC01234.JPG',
		'PXL_20250106_123456789.jpg',
		'document.pdf',
		'Naamloos.pdf',
		'file(1).pdf',
		'Document (2).docx',
		'Kopie van scan.pdf',
		'20250106.pdf',
		'x.pdf'
	])('%s is vague', (name) => {
		expect(isVague(name)).toBe(true);
	});

	it.each(['OPP_jansen_060125.pdf', 'Verslag logopedie – Zoë.pdf', 'TLV-besluit 2025.pdf'])(
		'%s says what it is',
		(name) => {
			expect(isVague(name)).toBe(false);
		}
	);

	it('the warning gives an example name', () => {
		expect(vagueWarning).toBe(
			'Geef het bestand een naam die zegt wat het is, bijvoorbeeld OPP_achternaam_ddmmjj.pdf'
		);
	});
});

describe('Content-Disposition (RFC 6266)', () => {
	it('Verslag logopedie – Zoë.pdf: ASCII fallback and UTF-8 filename*', () => {
		expect(contentDisposition('Verslag logopedie – Zoë.pdf', true)).toBe(
			`inline; filename="Verslag logopedie - Zoe.pdf"; filename*=UTF-8''Verslag%20logopedie%20%E2%80%93%20Zo%C3%AB.pdf`
		);
		expect(contentDisposition('Verslag logopedie – Zoë.pdf', false)).toMatch(/^attachment; /);
	});

	it('quotes, backslashes, percent signs and CR/LF cannot break the header', () => {
		const header = contentDisposition('a"b%d\r\ne(1)\'*.pdf', false);
		expect(header).not.toMatch(/[\r\n]/);
		expect(header).toBe(
			`attachment; filename="a_b_de(1)'_.pdf"; filename*=UTF-8''a_b%25de%281%29%27_.pdf`
		);
		expect(contentDisposition('map\\naam.pdf', true)).toBe(
			`inline; filename="naam.pdf"; filename*=UTF-8''naam.pdf`
		);
	});
});
