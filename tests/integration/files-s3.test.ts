/**
 * FILES_STORE=s3 with the real database: the configured store is the bucket (s3rver on a
 * free local port), and everything the bijlagen do goes through it. An upload puts the
 * object before its row; an upload whose transaction fails leaves an unreferenced object
 * that the sweep (with the rows) removes after the grace period; a row whose object is
 * gone is reported as missing and opening it is the typed error, so no orphan of either
 * kind goes unnoticed.
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { sql } from '../../src/lib/server/db';
import * as bijlagen from '../../src/lib/server/dossiers/bijlagen';
import { hulpvraagFacts } from '../../src/lib/server/dossiers/facts';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import * as files from '../../src/lib/server/files';
import { S3Store } from '../../src/lib/server/files/s3-store';
import { makeDossier, seedWorld, type World } from '../support/demo-world';
import { minimalPdf } from '../support/files';
import { owner } from '../support/owner';
import { startS3, type TestS3 } from '../support/s3';

let s3: TestS3;
let w: World;
let lotte: Actor;
const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
	s3 = await startS3();
	Object.assign(process.env, await s3.env('integratie/'));
	// The demo seed writes its bijlagen through the configured store: into the bucket.
	w = await seedWorld(sql);
	lotte = await w.acting('lotte.vandam');
});

afterAll(async () => {
	await s3?.stop();
});

async function submitted(): Promise<string> {
	const dossierId = await makeDossier(sql, lotte, w.school('21XA00'));
	return hulpvraag.create(sql, lotte, {
		dossierId,
		schoolId: w.school('21XA00'),
		datum: '2026-03-02',
		titelId: w.titel('PO2806', 'Ambulante Begeleiding'),
		omschrijving: '',
		coordinatorId: null,
		labels: []
	});
}

async function upload(id: string, bytes: Buffer, name: string, key?: string) {
	return bijlagen.upload(
		sql,
		lotte,
		(await hulpvraagFacts(sql, lotte.organisationId, id))!,
		(async function* () {
			yield { name, stream: Readable.from([bytes]), ...(key ? { key } : {}) };
		})()
	);
}

async function body(opened: Awaited<ReturnType<typeof bijlagen.open>>): Promise<Buffer> {
	if (opened?.kind !== 'file') throw new Error('not opened');
	const parts: Buffer[] = [];
	for await (const part of opened.stream) parts.push(part as Buffer);
	return Buffer.concat(parts);
}

describe('FILES_STORE=s3', () => {
	it('is the configured store, and the demo bijlagen are in the bucket', async () => {
		const store = files.blobs();
		expect(store).toBeInstanceOf(S3Store);
		expect((store as S3Store).prefix).toBe('integratie/');
		const [row] = await sql<{ sha256: string }[]>`select sha256 from bijlage limit 1`;
		expect(await store.exists(row!.sha256)).toBe(true);
	});

	it('uploads into the bucket and opens the same bytes with the serving headers', async () => {
		const id = await submitted();
		const pdf = minimalPdf('Uit de emmer');
		const outcome = await upload(id, pdf, 'Verslag emmer.pdf', randomUUID());
		const [result] = outcome.results;
		expect(result).toMatchObject({ ok: true, displayName: 'Verslag emmer.pdf' });
		const opened = await bijlagen.open(
			sql,
			lotte,
			(h) => hulpvraagFacts(sql, lotte.organisationId, h),
			result!.id!,
			'view'
		);
		expect(opened?.kind === 'file' && opened.headers['Content-Type']).toBe('application/pdf');
		expect(opened?.kind === 'file' && opened.headers['Content-Length']).toBe(String(pdf.length));
		expect((await body(opened)).equals(pdf)).toBe(true);
	});

	it('a failed transaction leaves an unreferenced object, which the sweep removes after the grace period', async () => {
		const id = await submitted();
		const pdf = minimalPdf('Half gelukt in de emmer');
		await owner().unsafe(`
			create or replace function test_refuse_bijlage() returns trigger language plpgsql as $$
			begin raise exception 'injected failure'; end $$;
			create or replace trigger test_refuse_bijlage before insert on bijlage
				for each row execute function test_refuse_bijlage();`);
		try {
			await expect(upload(id, pdf, 'Mislukt.pdf')).rejects.toThrow(/injected failure/);
		} finally {
			await owner().unsafe(`drop trigger if exists test_refuse_bijlage on bijlage`);
		}
		const store = files.blobs();
		const sha256 = (await files.digest(Readable.from([pdf]))).sha256;
		expect(await store.exists(sha256)).toBe(true);
		expect((await files.sweep(sql)).removed).not.toContain(sha256);
		const report = await files.sweep(sql, { now: new Date(Date.now() + 2 * day) });
		expect(report.removed).toContain(sha256);
		expect(report.missing).toEqual([]);
		expect(await store.exists(sha256)).toBe(false);
		// What rows reference stays: every demo bijlage and the upload above.
		const rows = await sql<{ sha256: string }[]>`select distinct sha256 from bijlage`;
		expect((await store.list()).sort()).toEqual(rows.map((r) => r.sha256).sort());
	});

	it('a row whose object is gone is reported by the sweep, and opening it is the typed error', async () => {
		const id = await submitted();
		const pdf = minimalPdf('Straks weg uit de emmer');
		const [result] = (await upload(id, pdf, 'Weg.pdf')).results;
		const store = files.blobs() as S3Store;
		const sha256 = (await files.digest(Readable.from([pdf]))).sha256;
		await store.client.send(
			new DeleteObjectCommand({ Bucket: store.bucket, Key: store.keyOf(sha256) })
		);
		expect((await files.sweep(sql)).missing).toEqual([sha256]);
		await expect(
			bijlagen.open(
				sql,
				lotte,
				(h) => hulpvraagFacts(sql, lotte.organisationId, h),
				result!.id!,
				'download'
			)
		).rejects.toBeInstanceOf(files.BlobMissing);
	});
});
