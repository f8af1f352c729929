import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accept } from '../../src/lib/server/files';
import { Refused, sniff, type RefusalReason } from '../../src/lib/server/files/sniff';
import { BlobStore } from '../../src/lib/server/files/store';
import * as fixture from '../support/files';

let dir: string;
let store: BlobStore;

beforeAll(async () => {
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindkring-sniff-'));
	store = new BlobStore(path.join(dir, 'store'));
});
afterAll(async () => {
	await fs.rm(dir, { recursive: true, force: true });
});

async function sniffBytes(bytes: Buffer) {
	const file = path.join(dir, `f${Math.random()}`);
	await fs.writeFile(file, bytes);
	return sniff(file, bytes.length);
}

async function refusal(bytes: Buffer, name: string): Promise<RefusalReason> {
	// Through accept(), as an upload would go: the claimed name must not matter.
	const empty = new BlobStore(await fs.mkdtemp(path.join(dir, 'refused-')));
	const error = await accept(Readable.from([bytes]), name, { store: empty }).catch(
		(e: unknown) => e
	);
	expect(error, name).toBeInstanceOf(Refused);
	// Refused content never becomes a blob, and no temp file stays behind.
	expect(await empty.list()).toEqual([]);
	expect(await fs.readdir(empty.tempDir)).toEqual([]);
	return (error as Refused).reason;
}

describe('accepted types, from the content', () => {
	it('a real PDF opens inline', async () => {
		const upload = await accept(Readable.from([fixture.minimalPdf()]), 'OPP Jansen.pdf', {
			store
		});
		expect(upload).toMatchObject({ mime: 'application/pdf', extension: 'pdf', inline: true });
		expect(upload.displayName).toBe('OPP Jansen.pdf');
		expect(await store.exists(upload.sha256)).toBe(true);
	});

	it('PNG and JPEG open inline', async () => {
		expect(await sniffBytes(fixture.png())).toEqual({
			mime: 'image/png',
			extension: 'png',
			inline: true
		});
		expect(await sniffBytes(fixture.jpeg)).toEqual({
			mime: 'image/jpeg',
			extension: 'jpg',
			inline: true
		});
	});

	it('UTF-8 text opens inline as text', async () => {
		const text = Buffer.from('Verslag van Zoë (groep 5).\r\nLezen gaat goed; rekenen < 3.\n');
		expect(await sniffBytes(text)).toEqual({ mime: 'text/plain', extension: 'txt', inline: true });
	});

	it('a real DOCX is recognised and downloads', async () => {
		const upload = await accept(Readable.from([fixture.docx()]), 'Verslag.pdf', { store });
		expect(upload).toMatchObject({
			mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
			extension: 'docx',
			inline: false
		});
		// The name followed the content, not the other way round.
		expect(upload.displayName).toBe('Verslag.docx');
	});
});

describe('refused, whatever the name says', () => {
	it('an HTML file renamed .pdf', async () => {
		expect(await refusal(fixture.html, 'verslag.pdf')).toBe('html');
	});

	it('HTML without a doctype, and text that a browser would sniff as HTML', async () => {
		expect(await refusal(Buffer.from('<p>Hallo</p>'), 'brief.txt')).toBe('html');
		expect(await refusal(Buffer.from('  <a href="x">klik</a>'), 'brief.txt')).toBe('html');
	});

	it('an SVG with script', async () => {
		expect(await refusal(fixture.svgWithScript, 'tekening.png')).toBe('html');
	});

	it('a PDF/HTML polyglot', async () => {
		expect(await refusal(fixture.pdfHtmlPolyglot(), 'verslag.pdf')).toBe('polyglot');
	});

	it('a plain zip renamed .pdf', async () => {
		expect(await refusal(fixture.plainZip(), 'verslag.pdf')).toBe('archive');
	});

	// Building the fixture compresses 150 MB of zeros: seconds of CPU on a busy machine, which
	// the default 5 s limit does not always leave (the judging itself reads only the headers).
	it('a zip bomb dressed as .docx, judged without inflating it', { timeout: 30_000 }, async () => {
		const bomb = fixture.zipBombDocx(150);
		expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
		expect(await refusal(bomb, 'verslag.docx')).toBe('zip_bomb');
	});

	it('a docx whose ratio is absurd though under 100 MB', async () => {
		expect(await refusal(fixture.zipBombDocx(60), 'verslag.docx')).toBe('zip_bomb');
	});

	it('a macro-enabled Word document', async () => {
		const docm = fixture.docx(
			'Macro',
			{ 'word/vbaProject.bin': strToU8('Attribute VB_Name') },
			'application/vnd.ms-word.document.macroEnabled.main+xml'
		);
		expect(await refusal(docm, 'verslag.docx')).toBe('macros');
	});

	it('executables and scripts', async () => {
		const mz = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
		const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(200)]);
		const macho = Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), Buffer.alloc(200)]);
		expect(await refusal(mz, 'verslag.pdf')).toBe('executable');
		expect(await refusal(elf, 'foto.jpg')).toBe('executable');
		expect(await refusal(macho, 'verslag.txt')).toBe('executable');
		expect(await refusal(Buffer.from('#!/bin/sh\nrm -rf /\n'), 'notities.txt')).toBe('executable');
	});

	it('JavaScript and script markers in text', async () => {
		// Early in the file the HTML window catches it; further on, the text scan does.
		expect(
			await refusal(Buffer.from('Beste ouders,\n<script>alert(1)</script>\n'), 'brief.txt')
		).toBe('html');
		const later = 'Beste ouders,\n'.repeat(200) + '<script>alert(1)</script>\n';
		expect(await refusal(Buffer.from(later), 'brief.txt')).toBe('script');
		const straddling = 'a'.repeat(64 * 1024 - 3) + '<script>alert(1)</script>';
		expect(await refusal(Buffer.from(straddling), 'brief.txt')).toBe('script');
		expect(await refusal(Buffer.from('Klik: javascript:alert(1)'), 'brief.txt')).toBe('script');
	});

	it('binary that is not an accepted type, and an empty file', async () => {
		expect(await refusal(Buffer.from([0, 1, 2, 3, 255, 254, 0, 0]), 'verslag.pdf')).toBe('unknown');
		expect(await refusal(Buffer.from('Rar!\x1a\x07\x00', 'latin1'), 'a.pdf')).toBe('archive');
		expect(await refusal(Buffer.alloc(0), 'leeg.pdf')).toBe('empty');
	});

	it('text that is not UTF-8 (a NUL, or Latin-1 bytes)', async () => {
		expect(await refusal(Buffer.from('tekst\0meer'), 'a.txt')).toBe('unknown');
		expect(await refusal(Buffer.from('Zo\xeb', 'latin1'), 'a.txt')).toBe('unknown');
	});
});
