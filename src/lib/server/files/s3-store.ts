/**
 * The bijlagen store in an S3-compatible bucket (AWS S3, Garage, SeaweedFS, MinIO, …), for
 * several nodes without a shared disk. Same contract as the disk store (store.ts):
 *
 * - An upload is spooled to a local temp file while it is hashed and counted (never whole in
 *   memory), sniffed there, and then sent with one PUT of known length under its
 *   content address `<prefix><aa>/<bb>/<sha256>`. `put()` resolves only after the bucket
 *   answered, so the row is always written after its object; the spool file is removed
 *   either way. Identical content is one object; the PUT of a second copy refreshes its
 *   Last-Modified, which tells a concurrent `sweep()` that it is wanted again.
 * - `open()` streams the object's body straight through to the response.
 * - `sweep()` lists the bucket under the prefix and removes objects that no row references
 *   and that are older than the grace period: each candidate is looked at again (HEAD:
 *   still old? and the rows: still unreferenced?) right before it is deleted, so an
 *   upload of the same content meanwhile keeps it. The window that remains, an upload of
 *   an orphan's exact bytes between that last look and the DELETE (milliseconds, once a
 *   day), cannot lose data unnoticed: `files.sweep()` reports every row whose object is
 *   missing. It also removes this node's stale spool files.
 */
import {
	DeleteObjectCommand,
	GetObjectCommand,
	HeadBucketCommand,
	HeadObjectCommand,
	ListObjectsV2Command,
	PutObjectCommand,
	S3Client,
	type S3ClientConfig
} from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { log } from '../log';
import {
	BlobMissing,
	hashPattern,
	removeStale,
	spool,
	unlinkQuietly,
	type FileStore,
	type PutOptions,
	type Stored,
	type SweepOptions,
	type SweepReport
} from './store';

export interface S3Settings {
	/** e.g. `http://127.0.0.1:3900` for Garage; unset: AWS S3 of `region`. */
	endpoint?: string;
	region: string;
	bucket: string;
	/** Unset: the AWS SDK's own chain (AWS_ACCESS_KEY_ID, an instance role, …). */
	accessKeyId?: string;
	secretAccessKey?: string;
	/** `http://host/bucket/key` instead of `http://bucket.host/key` (Garage, SeaweedFS, MinIO). */
	forcePathStyle: boolean;
	/** Every object's key starts with it, e.g. `bijlagen/`; the sweep lists only these. */
	prefix: string;
	/** The local directory for spooling uploads. */
	spoolDir: string;
}

const notFound = (e: unknown) => {
	const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
	return (
		err.name === 'NoSuchKey' || err.name === 'NotFound' || err.$metadata?.httpStatusCode === 404
	);
};

export function s3Client(settings: S3Settings): S3Client {
	const config: S3ClientConfig = {
		region: settings.region,
		forcePathStyle: settings.forcePathStyle,
		// Checksums only where S3 requires them: the SDK's default CRC32 trailers on streamed
		// bodies are not understood by every S3-compatible server. The content's integrity is
		// the SHA-256 in the key, checked by whoever reads it.
		requestChecksumCalculation: 'WHEN_REQUIRED',
		responseChecksumValidation: 'WHEN_REQUIRED'
	};
	if (settings.endpoint) config.endpoint = settings.endpoint;
	if (settings.accessKeyId && settings.secretAccessKey) {
		config.credentials = {
			accessKeyId: settings.accessKeyId,
			secretAccessKey: settings.secretAccessKey
		};
	}
	return new S3Client(config);
}

export class S3Store implements FileStore {
	readonly kind = 's3' as const;
	readonly tempDir: string;
	readonly bucket: string;
	readonly prefix: string;
	readonly client: S3Client;

	constructor(settings: S3Settings, client?: S3Client) {
		this.tempDir = settings.spoolDir;
		this.bucket = settings.bucket;
		this.prefix = settings.prefix;
		this.client = client ?? s3Client(settings);
	}

	/** Null when the bucket answers with these credentials; else why not, for the log. */
	async unreachable(timeoutMs = 5000): Promise<string | null> {
		try {
			await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), {
				abortSignal: AbortSignal.timeout(timeoutMs)
			});
			return null;
		} catch (e) {
			const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
			return [err.name, err.$metadata?.httpStatusCode, err.message].filter(Boolean).join(' ');
		}
	}

	keyOf(sha256: string): string {
		if (!hashPattern.test(sha256)) throw new Error('not a SHA-256 hex digest');
		return `${this.prefix}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
	}

	private hashOf(key: string): string | undefined {
		if (!key.startsWith(this.prefix)) return undefined;
		const m = /^([0-9a-f]{2})\/([0-9a-f]{2})\/([0-9a-f]{64})$/.exec(key.slice(this.prefix.length));
		return m && m[3]!.startsWith(m[1]! + m[2]!) ? m[3] : undefined;
	}

	async put(source: AsyncIterable<Uint8Array>, options: PutOptions = {}): Promise<Stored> {
		const { sha256, size, tempPath } = await spool(this.tempDir, source, options);
		try {
			// A file stream cannot be read twice, so a failed PUT is retried here with a new
			// one rather than inside the SDK.
			for (let attempt = 1; ; attempt++) {
				try {
					await this.client.send(
						new PutObjectCommand({
							Bucket: this.bucket,
							Key: this.keyOf(sha256),
							Body: createReadStream(tempPath),
							ContentLength: size,
							ContentType: 'application/octet-stream'
						})
					);
					break;
				} catch (e) {
					if (attempt >= 3) throw e;
					log.warn({ attempt, err: { message: (e as Error).message } }, 'files: S3 PUT failed');
				}
			}
			return { sha256, size };
		} finally {
			await unlinkQuietly(tempPath);
		}
	}

	private async head(sha256: string): Promise<{ lastModified: Date } | undefined> {
		try {
			const r = await this.client.send(
				new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) })
			);
			return { lastModified: r.LastModified ?? new Date(0) };
		} catch (e) {
			if (notFound(e)) return undefined;
			throw e;
		}
	}

	async exists(sha256: string): Promise<boolean> {
		return (await this.head(sha256)) !== undefined;
	}

	async open(sha256: string): Promise<{ stream: Readable; size: number }> {
		try {
			const r = await this.client.send(
				new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) })
			);
			// In Node the body is the HTTP response itself: a stream, never buffered.
			return { stream: r.Body as Readable, size: Number(r.ContentLength ?? 0) };
		} catch (e) {
			if (notFound(e)) {
				log.error({ sha256 }, 'files: a referenced blob is missing in the bucket');
				throw new BlobMissing(sha256);
			}
			throw e;
		}
	}

	async remove(
		sha256: string,
		isReferenced: (sha256: string) => Promise<boolean>
	): Promise<boolean> {
		if (await isReferenced(sha256)) return false;
		await this.client.send(
			new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) })
		);
		return true;
	}

	/** Every blob under the prefix with its Last-Modified, page by page. */
	private async *objects(): AsyncGenerator<{ sha256: string; lastModified: Date }> {
		let token: string | undefined;
		do {
			const page = await this.client.send(
				new ListObjectsV2Command({
					Bucket: this.bucket,
					Prefix: this.prefix,
					ContinuationToken: token
				})
			);
			for (const o of page.Contents ?? []) {
				const sha256 = o.Key ? this.hashOf(o.Key) : undefined;
				if (sha256) yield { sha256, lastModified: o.LastModified ?? new Date(0) };
			}
			token = page.IsTruncated ? page.NextContinuationToken : undefined;
		} while (token);
	}

	async list(): Promise<string[]> {
		const found: string[] = [];
		for await (const o of this.objects()) found.push(o.sha256);
		return found;
	}

	async sweep(options: SweepOptions): Promise<SweepReport> {
		const graceMs = options.graceMs ?? 24 * 60 * 60 * 1000;
		const cutoff = (options.now ?? new Date()).getTime() - graceMs;
		const report: SweepReport = { removed: [], tempRemoved: 0, kept: 0 };
		report.tempRemoved = await removeStale(this.tempDir, cutoff);

		const old: string[] = [];
		for await (const o of this.objects()) {
			if (o.lastModified.getTime() < cutoff) old.push(o.sha256);
			else report.kept++;
		}
		const referenced = old.length > 0 ? await options.referenced(old) : new Set<string>();
		for (const sha256 of old) {
			if (referenced.has(sha256)) {
				report.kept++;
				continue;
			}
			// Look again right before deleting: uploaded anew (fresh Last-Modified) or
			// referenced by a row since the list, it stays.
			const now = await this.head(sha256);
			if (!now) continue;
			if (
				now.lastModified.getTime() >= cutoff ||
				(await options.referenced([sha256])).has(sha256)
			) {
				report.kept++;
				continue;
			}
			await this.client.send(
				new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(sha256) })
			);
			report.removed.push(sha256);
		}
		if (report.removed.length > 0 || report.tempRemoved > 0) {
			log.warn(
				{ removed: report.removed.length, tempRemoved: report.tempRemoved },
				'files: sweep removed unreferenced objects (uploads interrupted between bucket and database)'
			);
		}
		return report;
	}
}
