import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/lib/server/db';
import * as files from '../../src/lib/server/files';
import { BlobStore } from '../../src/lib/server/files/store';
import { minimalPdf } from '../support/files';

let dir: string;
let store: BlobStore;
let organisationId: string;
let accountId: string;
let hulpvraagId: string;
const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
	const [org] = await sql<{ id: string }[]>`
		insert into organisation (code, name, short_name) values ('PO9901', 'Test SWV', 'Test')
		returning id`;
	organisationId = org!.id;
	const [account] = await sql<{ id: string }[]>`
		insert into account (organisation_id, username, email, display_name, roles)
		values (${organisationId}, 'juf', 'juf@school.test', 'Juf', ${['ib']})
		returning id`;
	accountId = account!.id;
	const [status] = await sql<{ id: string }[]>`
		insert into process_status (organisation_id, name) values (${organisationId}, 'Aanmelding')
		returning id`;
	const [titel] = await sql<{ id: string }[]>`
		insert into hulpvraag_titel (organisation_id, name) values (${organisationId}, 'Arrangement')
		returning id`;
	const [dossier] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht)
		values (${organisationId}, 'Sem', 'Jansen', '2018-03-01', 'm') returning id`;
	const [hulpvraag] = await sql<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, titel_id, status_id)
		values (${organisationId}, ${dossier!.id}, ${titel!.id}, ${status!.id}) returning id`;
	hulpvraagId = hulpvraag!.id;
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindkring-bijlage-'));
	store = new BlobStore(dir);
});

afterAll(async () => {
	await fs.rm(dir, { recursive: true, force: true });
});

async function upload(bytes: Buffer, name: string) {
	const accepted = await files.accept(Readable.from([bytes]), name, { store });
	const row = await files.insert(sql, accepted, {
		organisationId,
		hulpvraagId,
		addedBy: accountId
	});
	return { accepted, row };
}

async function age(sha256: string, ms: number) {
	const when = new Date(Date.now() - ms);
	await fs.utimes(store.pathOf(sha256), when, when);
}

describe('bijlage rows', () => {
	it('stores metadata after the blob, with the sniffed type and a sanitised name', async () => {
		const { accepted, row } = await upload(minimalPdf('OPP'), '../../OPP\r\nJansen.pdf');
		expect(row).toMatchObject({
			organisationId,
			hulpvraagId,
			sha256: accepted.sha256,
			mime: 'application/pdf',
			displayName: 'OPPJansen.pdf',
			originalName: 'OPPJansen.pdf',
			addedBy: accountId,
			removedAt: null
		});
		expect(await store.exists(row.sha256)).toBe(true);
		expect(await files.get(sql, organisationId, row.id)).toEqual(row);
		// Another organisation's id finds nothing.
		expect(await files.get(sql, randomUUID(), row.id)).toBeUndefined();
	});

	it('warns on a second copy and on a second version of the same file', async () => {
		const first = await upload(minimalPdf('Verslag 1'), 'Verslag logopedie.pdf');
		const again = await files.accept(Readable.from([minimalPdf('Verslag 1')]), 'kopie.pdf', {
			store
		});
		const copy = await files.siblings(sql, organisationId, hulpvraagId, again);
		expect(copy.sameContent?.id).toBe(first.row.id);
		expect(copy.warnings.join(' ')).toMatch(/al toegevoegd als ‘Verslag logopedie.pdf’/);

		const newer = await files.accept(
			Readable.from([minimalPdf('Verslag 2')]),
			'Verslag logopedie.pdf',
			{ store }
		);
		const version = await files.siblings(sql, organisationId, hulpvraagId, newer);
		expect(version.sameName?.id).toBe(first.row.id);
		expect(version.warnings.join(' ')).toMatch(/nieuwe versie/);
	});

	it('a vague name is accepted with the warning', async () => {
		const { accepted } = await upload(minimalPdf('scan'), 'scan20250106.pdf');
		expect(accepted.warnings).toEqual([
			'Geef het bestand een naam die zegt wat het is, bijvoorbeeld OPP_achternaam_ddmmjj.pdf'
		]);
	});
});

describe('sweep and remove against the rows', () => {
	it('removes an orphan blob older than the grace period and keeps referenced ones', async () => {
		const { row } = await upload(minimalPdf('bewaard'), 'Bewaard verslag.pdf');
		// A crash between disk and database: a blob without a row.
		const orphan = await files.accept(Readable.from([minimalPdf('wees')]), 'Wees.pdf', {
			store
		});
		const youngOrphan = await files.accept(Readable.from([minimalPdf('jong')]), 'Jong.pdf', {
			store
		});
		await age(row.sha256, 3 * day);
		await age(orphan.sha256, 3 * day);

		const report = await files.sweep(sql, { store, graceMs: day });
		expect(report.removed).toEqual([orphan.sha256]);
		expect(report.missing).toEqual([]);
		expect(await store.exists(orphan.sha256)).toBe(false);
		expect(await store.exists(row.sha256)).toBe(true);
		expect(await store.exists(youngOrphan.sha256)).toBe(true);
	});

	it('reports a row whose blob is missing, and open() says so with a typed error', async () => {
		const { row } = await upload(minimalPdf('verdwenen'), 'Verdwenen verslag.pdf');
		await fs.unlink(store.pathOf(row.sha256));
		const report = await files.sweep(sql, { store, graceMs: day });
		expect(report.missing).toEqual([row.sha256]);
		await expect(store.open(row.sha256)).rejects.toBeInstanceOf(files.BlobMissing);
	});

	it('removeBlob() keeps a blob while any row references it', async () => {
		const { row } = await upload(minimalPdf('verwijderd'), 'Verwijderd verslag.pdf');
		await sql`update bijlage set removed_at = now(), removed_by = ${accountId} where id = ${row.id}`;
		expect(await files.removeBlob(sql, row.sha256, { store })).toBe(false);
		expect(await store.exists(row.sha256)).toBe(true);
		await sql`delete from bijlage where id = ${row.id}`;
		expect(await files.removeBlob(sql, row.sha256, { store })).toBe(true);
		expect(await store.exists(row.sha256)).toBe(false);
	});
});
