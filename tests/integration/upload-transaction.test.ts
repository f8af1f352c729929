/**
 * An upload is one transaction: the bijlage row, its audit row and the "status after
 * attachment" automation (status change, history, audit, mails in the outbox) commit
 * together or not at all. A failure inside the automation (here a trigger that refuses the
 * status update, as a database that goes away mid-transaction would) leaves nothing but the
 * stored blob, which no row references and the sweep removes after the grace period.
 *
 * The client's key per file (Idempotency-Key) makes a retry after a lost answer harmless:
 * the same key with the same content answers with the first bijlage and adds nothing (no
 * row, no file written, no audit row, no status change, no mail); the same key with other
 * content is refused as a conflict.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { sql } from '../../src/lib/server/db';
import * as bijlagen from '../../src/lib/server/dossiers/bijlagen';
import { hulpvraagFacts } from '../../src/lib/server/dossiers/facts';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import * as files from '../../src/lib/server/files';
import { digest, type BlobStore } from '../../src/lib/server/files/store';
import { makeDossier, seedWorld, type World } from '../support/demo-world';
import { minimalPdf } from '../support/files';
import { owner } from '../support/owner';

let w: World;
let karin: Actor; // IB'er Stromenland, the aanvrager
let fatima: Actor; // voorschoolse contactpersoon, adds the bijlagen
const day = 24 * 60 * 60 * 1000;

beforeAll(async () => {
	w = await seedWorld(sql);
	karin = await w.acting('karin.dekker');
	fatima = await w.acting('fatima.ouali');
});

/** A Jonge Kind request in "JK onderwijsadvies aanvraag", linked to Fatima's pre-school. */
async function jk(): Promise<string> {
	const dossierId = await makeDossier(sql, karin, w.school('27YA00'));
	const id = await hulpvraag.create(sql, karin, {
		dossierId,
		schoolId: w.school('27YA00'),
		datum: '2026-02-02',
		titelId: w.titel('PO2507', 'Jonge kind (3,2 - 4 jr) advisering'),
		omschrijving: '',
		coordinatorId: w.account('esther.bos').id,
		labels: []
	});
	await sql`insert into hulpvraag_link (hulpvraag_id, account_id, role)
		values (${id}, ${fatima.accountId}, 'voorschool')`;
	return id;
}

async function upload(id: string, bytes: Buffer, key?: string, name = 'Aanvraag Jonge Kind.pdf') {
	const facts = (await hulpvraagFacts(sql, fatima.organisationId, id))!;
	return bijlagen.upload(
		sql,
		fatima,
		facts,
		(async function* () {
			yield { name, stream: Readable.from([bytes]), ...(key ? { key } : {}) };
		})()
	);
}

/** Everything an upload may change for this hulpvraag. */
async function footprint(id: string) {
	const [row] = await sql<
		{
			status: string;
			version: number;
			bijlagen: number;
			changes: number;
			audits: number;
			mails: number;
		}[]
	>`
		select s.name as status, h.version,
			(select count(*)::int from bijlage where hulpvraag_id = h.id) as bijlagen,
			(select count(*)::int from status_change where hulpvraag_id = h.id) as changes,
			(select count(*)::int from audit_log
				where target_id = h.id::text or details ->> 'hulpvraag' = h.id::text) as audits,
			(select count(*)::int from outbox where text_body like ${'%/hulpvragen/' + id + '%'}) as mails
		from hulpvraag h join process_status s on s.id = h.status_id
		where h.id = ${id}`;
	return row!;
}

async function refuseStatusChangesOf(id: string) {
	await owner().unsafe(`
		create or replace function test_refuse_status() returns trigger language plpgsql as $$
		begin
			if new.status_id is distinct from old.status_id and new.id = '${id}' then
				raise exception 'injected failure in the automation';
			end if;
			return new;
		end $$;
		create or replace trigger test_refuse_status before update on hulpvraag
			for each row execute function test_refuse_status();`);
}

async function allowStatusChanges() {
	await owner().unsafe(`drop trigger if exists test_refuse_status on hulpvraag`);
}

const sha = async (bytes: Buffer) => (await digest(Readable.from([bytes]))).sha256;

describe('one transaction per uploaded file', () => {
	it('a failure in the automation commits nothing; the stored blob is swept, a retry with the key works', async () => {
		const id = await jk();
		const before = await footprint(id);
		expect(before.status).toBe('JK onderwijsadvies aanvraag');
		const pdf = minimalPdf('Aanvraag met storing');
		const key = randomUUID();

		await refuseStatusChangesOf(id);
		try {
			await expect(upload(id, pdf, key)).rejects.toThrow(/injected failure/);
		} finally {
			await allowStatusChanges();
		}

		// Not the row, not its audit row, not the status, not a mail.
		expect(await footprint(id)).toEqual(before);
		expect(await files.byKey(sql, { ...keyOf(id), idempotencyKey: key })).toBeUndefined();
		// The blob was written before the row (as always) and is now unreferenced: the sweep
		// keeps it during the grace period and removes it after, and no temp file is left.
		const hash = await sha(pdf);
		const store = files.blobs();
		expect(await store.exists(hash)).toBe(true);
		expect((await files.referenced(sql, [hash])).has(hash)).toBe(false);
		expect((await fs.readdir(store.tempDir).catch(() => [])).length).toBe(0);
		expect((await files.sweep(sql)).removed).not.toContain(hash);
		const swept = await files.sweep(sql, { now: new Date(Date.now() + 2 * day) });
		expect(swept.removed).toContain(hash);
		expect(await store.exists(hash)).toBe(false);

		// The retry with the same key finds nothing of the failed attempt and does it all.
		const retried = await upload(id, pdf, key);
		expect(retried.results[0]).toMatchObject({ ok: true });
		expect(retried.results[0]!.replayed).toBeUndefined();
		expect(retried.statusChanged).toBe(true);
		const after = await footprint(id);
		expect(after).toMatchObject({
			status: 'JK bijlagen toegevoegd',
			version: before.version + 1,
			bijlagen: 1,
			changes: before.changes + 1,
			// Two status mails: the aanvrager and the JK-specialist.
			mails: before.mails + 2
		});
		// bijlage.add and hulpvraag.status.automatic.
		expect(after.audits).toBe(before.audits + 2);
		expect(await store.exists(hash)).toBe(true);
	});
});

function keyOf(id: string) {
	return { organisationId: fatima.organisationId, hulpvraagId: id, addedBy: fatima.accountId };
}

describe('a retry with the same key', () => {
	it('answers with the first bijlage and adds no row, file, audit row, status change or mail', async () => {
		const id = await jk();
		const pdf = minimalPdf('Tweemaal verstuurd');
		const key = randomUUID();
		const first = await upload(id, pdf, key, 'scan.pdf');
		expect(first.results[0]).toMatchObject({ ok: true, displayName: 'scan.pdf' });
		// The vague name warns; the retry repeats the first answer's warnings.
		expect(first.results[0]!.warnings.length).toBeGreaterThan(0);
		expect(first.statusChanged).toBe(true);
		const afterFirst = await footprint(id);
		const blobPath = (files.blobs() as BlobStore).pathOf(await sha(pdf));
		const { mtimeMs } = await fs.stat(blobPath);

		const second = await upload(id, pdf, key, 'scan.pdf');
		expect(second.results[0]).toEqual({
			name: 'scan.pdf',
			ok: true,
			id: first.results[0]!.id,
			displayName: 'scan.pdf',
			warnings: first.results[0]!.warnings,
			replayed: true
		});
		expect(second.statusChanged).toBe(false);
		expect(await footprint(id)).toEqual(afterFirst);
		// The retry was hashed, not stored again: the blob was not rewritten.
		expect((await fs.stat(blobPath)).mtimeMs).toBe(mtimeMs);
	});

	it('with other content is refused as a conflict in Dutch, and nothing of it is stored', async () => {
		const id = await jk();
		const key = randomUUID();
		const first = await upload(id, minimalPdf('Eerste bestand'), key);
		expect(first.results[0]!.ok).toBe(true);
		const afterFirst = await footprint(id);
		const other = minimalPdf('Ander bestand');

		const reused = await upload(id, other, key);
		expect(reused.results[0]).toMatchObject({
			ok: false,
			conflict: true,
			error: bijlagen.keyReusedMessage
		});
		expect(bijlagen.keyReusedMessage).toMatch(/uploadsleutel is al gebruikt/);
		expect(await files.blobs().exists(await sha(other))).toBe(false);
		const now = await footprint(id);
		expect(now).toEqual({ ...afterFirst, audits: afterFirst.audits + 1 });
		const [refusal] = await sql<{ details: { reason: string } }[]>`
			select details from audit_log where action = 'bijlage.refused' and target_id = ${id}`;
		expect(refusal!.details.reason).toBe('key_reused');
	});

	it('is the same key only for the same account: another uploader with that key adds its own', async () => {
		const id = await jk();
		const key = randomUUID();
		const pdf = minimalPdf('Twee mensen, een sleutel');
		const byFatima = await upload(id, pdf, key);
		const facts = (await hulpvraagFacts(sql, karin.organisationId, id))!;
		const byKarin = await bijlagen.upload(
			sql,
			karin,
			facts,
			(async function* () {
				yield { name: 'Aanvraag.pdf', stream: Readable.from([pdf]), key };
			})()
		);
		expect(byKarin.results[0]!.ok).toBe(true);
		expect(byKarin.results[0]!.id).not.toBe(byFatima.results[0]!.id);
		expect((await footprint(id)).bijlagen).toBe(2);
	});

	it('sent twice at the same moment ends with one bijlage and one status change', async () => {
		const id = await jk();
		const before = await footprint(id);
		const key = randomUUID();
		const pdf = minimalPdf('Gelijktijdig');
		const [a, b] = await Promise.all([upload(id, pdf, key), upload(id, pdf, key)]);
		expect(a.results[0]!.ok && b.results[0]!.ok).toBe(true);
		expect(a.results[0]!.id).toBe(b.results[0]!.id);
		expect([a.results[0]!.replayed, b.results[0]!.replayed].filter(Boolean)).toHaveLength(1);
		expect(await footprint(id)).toMatchObject({
			bijlagen: 1,
			changes: before.changes + 1,
			mails: before.mails + 2
		});
	});

	it('without a key every upload is its own (as before)', async () => {
		const id = await jk();
		const pdf = minimalPdf('Zonder sleutel');
		await upload(id, pdf);
		const again = await upload(id, pdf);
		expect(again.results[0]!.ok).toBe(true);
		expect(again.results[0]!.warnings.join(' ')).toMatch(/al toegevoegd/);
		expect((await footprint(id)).bijlagen).toBe(2);
	});
});
