/**
 * A real S3 endpoint for the tests: s3rver (it speaks the S3 protocol over HTTP and keeps
 * the objects on disk), on a free port of 127.0.0.1, with one bucket. Credentials are
 * s3rver's fixed pair; requests are signed and checked like any S3 server does.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../../src/lib/server/files/s3-store';

export interface TestS3 {
	endpoint: string;
	bucket: string;
	/** Settings for an S3Store on this server, with a spool directory of its own. */
	settings(prefix?: string): Promise<S3Settings>;
	/** The same as environment variables, for the app (FILES_STORE=s3). */
	env(prefix?: string): Promise<Record<string, string>>;
	stop(): Promise<void>;
}

export async function startS3(bucket = 'kindkring-test'): Promise<TestS3> {
	const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindkring-s3rver-'));
	const server = new S3rver({
		address: '127.0.0.1',
		port: 0,
		silent: true,
		directory: path.join(dir, 'data'),
		configureBuckets: [{ name: bucket, configs: [] }]
	});
	const { port } = await server.run();
	const endpoint = `http://127.0.0.1:${port}`;
	let spools = 0;
	const settings = async (prefix = 'bijlagen/'): Promise<S3Settings> => {
		const spoolDir = path.join(dir, `spool-${++spools}`);
		await fs.mkdir(spoolDir, { recursive: true });
		return {
			endpoint,
			region: 'us-east-1',
			bucket,
			accessKeyId: 'S3RVER',
			secretAccessKey: 'S3RVER',
			forcePathStyle: true,
			prefix,
			spoolDir
		};
	};
	return {
		endpoint,
		bucket,
		settings,
		env: async (prefix) => {
			const s = await settings(prefix);
			return {
				FILES_STORE: 's3',
				S3_ENDPOINT: s.endpoint!,
				S3_REGION: s.region,
				S3_BUCKET: s.bucket,
				S3_ACCESS_KEY_ID: s.accessKeyId!,
				S3_SECRET_ACCESS_KEY: s.secretAccessKey!,
				S3_FORCE_PATH_STYLE: 'true',
				S3_PREFIX: s.prefix,
				FILES_SPOOL_DIR: s.spoolDir
			};
		},
		stop: async () => {
			await server.close();
			await fs.rm(dir, { recursive: true, force: true });
		}
	};
}
