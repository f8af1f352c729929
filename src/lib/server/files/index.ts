/**
 * Bijlagen: accept an upload into the blob store, and the rows that describe it.
 *
 * Order matters for crash safety: `accept()` puts the blob on disk first, the caller then
 * inserts the row (in the same transaction as its audit row). A crash between the two
 * leaves an unreferenced blob that `sweep()` removes after the grace period.
 *
 * Not here: who may add, see or remove a bijlage (access/), and the audit rows (the
 * caller writes them with the hulpvraag change). The table is `bijlage` (migration 0006).
 */
import { filesStoreSettings } from '../config';
import type { Sql, TransactionSql } from '../db';
import { log } from '../log';
import { isVague, displayName as nameFor, sanitize, vagueWarning } from './names';
import { sniff, type Sniffed } from './sniff';
import { S3Store } from './s3-store';
import { BlobStore, maxUploadBytes, type FileStore, type SweepReport } from './store';

export { BlobMissing, TooLarge, digest, maxUploadBytes, type FileStore } from './store';
export { Refused } from './sniff';
export { headersFor } from './serve';

type Db = Sql | TransactionSql;

let defaultStore: FileStore | undefined;

/**
 * The configured store: FILES_STORE=disk (FILES_DIR, default `.data/files`) or s3 (the
 * S3_* settings). Read once, at the first use.
 */
export function blobs(): FileStore {
	if (!defaultStore) {
		const settings = filesStoreSettings();
		defaultStore = settings.kind === 's3' ? new S3Store(settings) : new BlobStore(settings.dir);
	}
	return defaultStore;
}

export interface Accepted extends Sniffed {
	sha256: string;
	size: number;
	originalName: string;
	displayName: string;
	/** Dutch, for the user: the upload went through, but look again. */
	warnings: string[];
}

/**
 * Streams an upload into the store, refusing it (`TooLarge`, `Refused`) before it
 * becomes a blob. The claimed name only suggests the display name; the type comes from
 * the bytes.
 */
export async function accept(
	source: AsyncIterable<Uint8Array>,
	claimedName: string,
	options: { store?: FileStore; maxBytes?: number } = {}
): Promise<Accepted> {
	const store = options.store ?? blobs();
	let sniffed: Sniffed | undefined;
	const stored = await store.put(source, {
		maxBytes: options.maxBytes ?? maxUploadBytes,
		inspect: async (file, size) => {
			sniffed = await sniff(file, size);
		}
	});
	const type = sniffed!;
	const originalName = sanitize(claimedName);
	const display = nameFor(claimedName, type.extension);
	return {
		...type,
		...stored,
		originalName,
		displayName: display,
		warnings: isVague(display) ? [vagueWarning] : []
	};
}

export interface Bijlage {
	id: string;
	organisationId: string;
	hulpvraagId: string;
	sha256: string;
	size: number;
	mime: string;
	originalName: string;
	displayName: string;
	addedBy: string;
	/** The hulpvraag's school when its IB'er or directeur added it; else null. */
	addedBySchoolId: string | null;
	addedAt: Date;
	parentVisible: boolean;
	removedAt: Date | null;
	versionOf: string | null;
	/** The client's key for this one upload (Idempotency-Key), when it sent one. */
	idempotencyKey: string | null;
	/** The warnings the first answer gave, repeated to a retry with the same key. */
	uploadWarnings: string[];
}

export interface NewBijlage {
	organisationId: string;
	hulpvraagId: string;
	addedBy: string;
	versionOf?: string | null;
	parentVisible?: boolean;
	idempotencyKey?: string | null;
	uploadWarnings?: string[];
}

const columns = [
	'id',
	'organisation_id',
	'hulpvraag_id',
	'sha256',
	'size',
	'mime',
	'original_name',
	'display_name',
	'added_by',
	'added_by_school_id',
	'added_at',
	'parent_visible',
	'removed_at',
	'version_of',
	'idempotency_key',
	'upload_warnings'
];

/** The row for an accepted upload. Call only after `accept()` resolved. */
export async function insert(sql: Db, upload: Accepted, row: NewBijlage): Promise<Bijlage> {
	const [inserted] = await sql<Bijlage[]>`
		insert into bijlage (organisation_id, hulpvraag_id, sha256, size, mime,
			original_name, display_name, added_by, version_of, parent_visible, idempotency_key,
			upload_warnings, added_by_school_id)
		values (${row.organisationId}, ${row.hulpvraagId}, ${upload.sha256}, ${upload.size},
			${upload.mime}, ${upload.originalName}, ${upload.displayName}, ${row.addedBy},
			${row.versionOf ?? null}, ${row.parentVisible ?? false}, ${row.idempotencyKey ?? null},
			${sql.array(row.uploadWarnings ?? [])}::text[],
			-- The school the uploader works for, when that is the school that asked: what that
			-- school keeps seeing after the child has left (migration 0010).
			(select h.school_id from hulpvraag h
				join account a on a.id = ${row.addedBy} and a.roles && array['ib', 'directeur']::text[]
				join account_school x on x.account_id = a.id and x.school_id = h.school_id
				where h.id = ${row.hulpvraagId} and h.organisation_id = ${row.organisationId}))
		returning ${sql(columns)}`;
	return inserted!;
}

export async function get(
	sql: Db,
	organisationId: string,
	id: string
): Promise<Bijlage | undefined> {
	const [row] = await sql<Bijlage[]>`
		select ${sql(columns)} from bijlage
		where organisation_id = ${organisationId} and id = ${id}`;
	return row;
}

/**
 * The bijlage an earlier upload with this key made: the same account on the same hulpvraag
 * (removed or not: the key stays used).
 */
export async function byKey(
	sql: Db,
	key: { organisationId: string; hulpvraagId: string; addedBy: string; idempotencyKey: string }
): Promise<Bijlage | undefined> {
	const [row] = await sql<Bijlage[]>`
		select ${sql(columns)} from bijlage
		where hulpvraag_id = ${key.hulpvraagId} and added_by = ${key.addedBy}
			and idempotency_key = ${key.idempotencyKey} and organisation_id = ${key.organisationId}`;
	return row;
}

/** The current (not removed) bijlagen of a hulpvraag, oldest first. */
export async function list(
	sql: Db,
	organisationId: string,
	hulpvraagId: string
): Promise<Bijlage[]> {
	return sql<Bijlage[]>`
		select ${sql(columns)} from bijlage
		where organisation_id = ${organisationId} and hulpvraag_id = ${hulpvraagId}
			and removed_at is null
		order by added_at, id`;
}

export interface Sibling {
	/** The same bytes are already attached: probably a double upload. */
	sameContent?: Bijlage;
	/** Another file with this name is attached: the new one is likely a second version. */
	sameName?: Bijlage;
	warnings: string[];
}

/** Warnings for a second copy or a second version of a file on the same hulpvraag. */
export async function siblings(
	sql: Db,
	organisationId: string,
	hulpvraagId: string,
	upload: Pick<Accepted, 'sha256' | 'displayName'>
): Promise<Sibling> {
	const current = await list(sql, organisationId, hulpvraagId);
	const sameContent = current.find((b) => b.sha256 === upload.sha256);
	const sameName = current.find(
		(b) =>
			b.sha256 !== upload.sha256 &&
			b.displayName.toLocaleLowerCase('nl') === upload.displayName.toLocaleLowerCase('nl')
	);
	const warnings: string[] = [];
	if (sameContent) {
		warnings.push(`Dit bestand is al toegevoegd als ‘${sameContent.displayName}’.`);
	}
	if (sameName) {
		warnings.push(
			`Er is al een bijlage ‘${sameName.displayName}’. Is dit een nieuwe versie? Geef het dan een datum in de naam, of verwijder de oude.`
		);
	}
	return { sameContent, sameName, warnings };
}

/** Which of `hashes` any row (removed or not) still references. */
export async function referenced(sql: Db, hashes: string[]): Promise<Set<string>> {
	if (hashes.length === 0) return new Set();
	const rows = await sql<{ sha256: string }[]>`
		select distinct sha256 from bijlage where sha256 in ${sql(hashes)}`;
	return new Set(rows.map((r) => r.sha256));
}

/** Deletes the blob when no row references it any more (after rows are deleted). */
export async function removeBlob(
	sql: Db,
	sha256: string,
	options: { store?: FileStore } = {}
): Promise<boolean> {
	const store = options.store ?? blobs();
	return store.remove(sha256, async (hash) => (await referenced(sql, [hash])).has(hash));
}

export interface FullSweepReport extends SweepReport {
	/** Rows whose blob is not in the store: data loss, always worth an alarm. */
	missing: string[];
}

/**
 * Removes unreferenced blobs older than the grace period and reports rows whose blob is
 * missing, so neither kind of orphan goes unnoticed. Run it daily (one node is enough).
 */
export async function sweep(
	sql: Db,
	options: { store?: FileStore; graceMs?: number; now?: Date } = {}
): Promise<FullSweepReport> {
	const store = options.store ?? blobs();
	const report = await store.sweep({
		graceMs: options.graceMs,
		now: options.now,
		referenced: (hashes) => referenced(sql, hashes)
	});
	const onDisk = new Set(await store.list());
	const rows = await sql<{ sha256: string }[]>`select distinct sha256 from bijlage`;
	const missing = rows.map((r) => r.sha256).filter((h) => !onDisk.has(h));
	if (missing.length > 0) {
		log.error(
			{ missing: missing.length, store: store.kind },
			'files: rows reference blobs missing in the store'
		);
	}
	return { ...report, missing };
}
