/**
 * Environment configuration, read in one place. Server-only.
 *
 * Production means the built app (`node build`) or NODE_ENV=production; there the
 * required settings must be present and start-up refuses to continue otherwise.
 */
import os from 'node:os';
import path from 'node:path';

export const projectRoot = process.cwd();
export const dataDir = path.resolve(
	process.env.KINDKRING_DATA_DIR ?? path.join(projectRoot, '.data')
);

/**
 * Where the bijlagen are kept: FILES_STORE=disk (the default) in FILES_DIR, one file per
 * SHA-256 under `<aa>/<bb>/<sha256>`, on one file system (temp files are renamed into
 * place); or FILES_STORE=s3, an S3-compatible bucket every node reaches. Outside the
 * database on purpose either way: backups of the two are separate, and a 10 MB PDF does
 * not belong in WAL.
 */
export type FilesStoreSettings =
	| { kind: 'disk'; dir: string }
	| {
			kind: 's3';
			endpoint?: string;
			region: string;
			bucket: string;
			accessKeyId?: string;
			secretAccessKey?: string;
			forcePathStyle: boolean;
			prefix: string;
			spoolDir: string;
	  };

export function filesStoreSettings(env: NodeJS.ProcessEnv = process.env): FilesStoreSettings {
	const kind = (env.FILES_STORE ?? '').trim() || 'disk';
	if (kind !== 's3') {
		return {
			kind: 'disk',
			dir: path.resolve(env.FILES_DIR ?? path.join(env.KINDKRING_DATA_DIR ?? dataDir, 'files'))
		};
	}
	const text = (name: string) => env[name]?.trim() || undefined;
	const prefix = text('S3_PREFIX') ?? 'bijlagen/';
	return {
		kind: 's3',
		endpoint: text('S3_ENDPOINT'),
		region: text('S3_REGION') ?? 'us-east-1',
		bucket: text('S3_BUCKET') ?? '',
		accessKeyId: text('S3_ACCESS_KEY_ID'),
		secretAccessKey: text('S3_SECRET_ACCESS_KEY'),
		// Garage, SeaweedFS and MinIO name the bucket in the path; set false for AWS S3.
		forcePathStyle: (text('S3_FORCE_PATH_STYLE') ?? 'true') !== 'false',
		prefix: prefix.endsWith('/') ? prefix : `${prefix}/`,
		spoolDir: path.resolve(text('FILES_SPOOL_DIR') ?? path.join(os.tmpdir(), 'kindkring-spool'))
	};
}

/** What is wrong with the bijlagen store's settings (in development too). */
export function filesStoreProblems(env: NodeJS.ProcessEnv = process.env): RequiredSetting[] {
	const kind = (env.FILES_STORE ?? '').trim();
	if (kind && kind !== 'disk' && kind !== 's3') {
		return [{ name: 'FILES_STORE', problem: 'klopt niet', why: '`disk` (standaard) of `s3`' }];
	}
	if (kind !== 's3') return [];
	const problems: RequiredSetting[] = [];
	if (!env.S3_BUCKET?.trim()) {
		problems.push({ name: 'S3_BUCKET', why: 'de bucket voor de bijlagen (FILES_STORE=s3)' });
	}
	const endpoint = env.S3_ENDPOINT?.trim();
	if (endpoint && !/^https?:\/\/[^/]+/.test(endpoint)) {
		problems.push({
			name: 'S3_ENDPOINT',
			problem: 'klopt niet',
			why: 'het adres van de S3-server, bijvoorbeeld http://127.0.0.1:3900'
		});
	}
	if (!!env.S3_ACCESS_KEY_ID?.trim() !== !!env.S3_SECRET_ACCESS_KEY?.trim()) {
		problems.push({
			name: env.S3_ACCESS_KEY_ID?.trim() ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID',
			why: 'S3_ACCESS_KEY_ID en S3_SECRET_ACCESS_KEY horen bij elkaar'
		});
	}
	return problems;
}

let production = process.env.NODE_ENV === 'production';

/** Called by the app's server init: a built app is production whatever NODE_ENV says. */
export function setProduction(value: boolean): void {
	production = value;
}

export function isProduction(): boolean {
	return production;
}

export interface RequiredSetting {
	name: string;
	why: string;
	/** What is wrong with it; unset: it is missing. */
	problem?: string;
}

/** Settings production cannot run without; later features add theirs here. */
export const requiredInProduction: RequiredSetting[] = [
	{
		name: 'DATABASE_URL',
		why: 'de PostgreSQL-server (de ingebouwde database is alleen voor ontwikkeling)'
	},
	{ name: 'ORIGIN', why: 'het publieke adres, bijvoorbeeld https://kindkring.example.nl' },
	{
		name: 'APP_ENCRYPTION_KEY',
		why: '32 willekeurige bytes in base64 voor het versleutelen van geheimen (openssl rand -base64 32)'
	},
	{
		name: 'SMTP_URL',
		why: 'de mailserver, bijvoorbeeld smtps://gebruiker:wachtwoord@smtp.example.nl:465 (zonder mail kan niemand een account activeren)'
	}
];

/** The sender address of every mail; the organisation's name is the display name. */
export function mailFrom(): string {
	if (process.env.MAIL_FROM) return process.env.MAIL_FROM;
	const origin = process.env.ORIGIN;
	const host = origin ? new URL(origin).hostname : 'localhost';
	return `no-reply@${host}`;
}

/** adapter-node's reading of BODY_SIZE_LIMIT: bytes with an optional K, M or G. */
export function parseBytes(value: string): number {
	const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)B?$/i.exec(value.trim());
	if (!m) return value.trim() === 'Infinity' ? Infinity : NaN;
	const factor = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[
		m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G'
	];
	return Number(m[1]) * factor;
}

/** A bijlage of 10 MB plus the multipart envelope must fit in one request. */
export const minBodySizeLimit = 11 * 1024 * 1024;

export function missingProductionSettings(env: NodeJS.ProcessEnv = process.env): RequiredSetting[] {
	const missing = requiredInProduction.filter((s) => !env[s.name] || env[s.name]!.trim() === '');
	// adapter-node refuses bodies over BODY_SIZE_LIMIT (default 512K) before our code runs:
	// uploads would fail for everyone, so production does not start with a smaller limit.
	if (!(parseBytes(env.BODY_SIZE_LIMIT ?? '512K') >= minBodySizeLimit)) {
		missing.push({
			name: 'BODY_SIZE_LIMIT',
			why: 'ten minste 11M, zodat een bijlage van 10 MB past; met meerdere bestanden tegelijk zonder JavaScript meer, bijvoorbeeld 210M'
		});
	}
	return missing;
}

/** The user name of a PostgreSQL URL, '' when it has none or is no URL. */
export function urlUser(url: string): string {
	try {
		return decodeURIComponent(new URL(url).username);
	} catch {
		return '';
	}
}

export interface DatabaseRoles {
	/** The role that owns the schema and runs the migrations. */
	ownerUrl: string;
	/** The role the app serves with (DATABASE_URL's user). */
	servingRole: string;
}

/**
 * Two database roles when DATABASE_OWNER_URL is set next to DATABASE_URL with another user:
 * the owner runs the migrations, the app serves as DATABASE_URL's user with only what the
 * migrations grant it (INSERT and SELECT on the audit log). Null: one role does both.
 */
export function databaseRoles(env: NodeJS.ProcessEnv = process.env): DatabaseRoles | null {
	const ownerUrl = env.DATABASE_OWNER_URL?.trim();
	const url = env.DATABASE_URL?.trim();
	if (!ownerUrl || !url) return null;
	const servingRole = urlUser(url);
	if (!servingRole || servingRole === urlUser(ownerUrl)) return null;
	return { ownerUrl, servingRole };
}

function sameDatabase(a: string, b: string): boolean {
	const [x, y] = [new URL(a), new URL(b)];
	return x.hostname === y.hostname && x.port === y.port && x.pathname === y.pathname;
}

/** Settings that are present but cannot work, in development too. */
export function invalidSettings(env: NodeJS.ProcessEnv = process.env): RequiredSetting[] {
	const files = filesStoreProblems(env);
	if (files.length > 0) return files;
	const ownerUrl = env.DATABASE_OWNER_URL?.trim();
	if (!ownerUrl) return [];
	const why =
		'de eigenaar van de tabellen, die de migraties uitvoert: een PostgreSQL-URL met een gebruiker, naar dezelfde server en database als DATABASE_URL (met een andere gebruiker)';
	const url = env.DATABASE_URL?.trim();
	if (!url) {
		return [{ name: 'DATABASE_URL', why: 'de rol waarmee de app werkt, naast DATABASE_OWNER_URL' }];
	}
	if (!urlUser(ownerUrl) || !urlUser(url)) {
		return [{ name: 'DATABASE_OWNER_URL', problem: 'klopt niet', why }];
	}
	if (!sameDatabase(ownerUrl, url)) {
		return [{ name: 'DATABASE_OWNER_URL', problem: 'wijst naar een andere database', why }];
	}
	return [];
}

export function envInt(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number.parseInt(raw, 10);
	if (!Number.isFinite(value)) throw new Error(`${name} must be a whole number, got "${raw}"`);
	return value;
}

/** How often a node looks for due periodic jobs (jobs/scheduler.ts); also once at start. */
export function jobsPollMs(env: NodeJS.ProcessEnv = process.env): number {
	const raw = env.JOBS_POLL_INTERVAL_MS?.trim();
	if (!raw) return 30_000;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 100) {
		throw new Error(
			`JOBS_POLL_INTERVAL_MS moet een geheel aantal milliseconden zijn, minstens 100, niet "${raw}"`
		);
	}
	return value;
}

export interface DatabaseTimeouts {
	/** The server cancels a statement of the app after this long (0: never). */
	statementTimeoutMs: number;
	/** A new connection that is not up after this long fails, so a request cannot hang on it. */
	connectTimeoutMs: number;
	/** `/readyz` answers 503 when the database takes longer than this for `select 1`. */
	readinessTimeoutMs: number;
}

/**
 * Limits that keep a slow or stopped database from holding requests: the statement timeout
 * is set per connection of the app's pool (not for the migrations, which may take long).
 */
export function databaseTimeouts(env: NodeJS.ProcessEnv = process.env): DatabaseTimeouts {
	const read = (name: string, fallback: number) => {
		const raw = env[name]?.trim();
		if (!raw) return fallback;
		const value = Number(raw);
		if (!Number.isInteger(value) || value < 0) {
			throw new Error(`${name} moet een geheel aantal milliseconden zijn, niet "${raw}"`);
		}
		return value;
	};
	return {
		statementTimeoutMs: read('DATABASE_STATEMENT_TIMEOUT_MS', 15_000),
		connectTimeoutMs: read('DATABASE_CONNECT_TIMEOUT_MS', 1_500),
		readinessTimeoutMs: read('READINESS_TIMEOUT_MS', 1_000)
	};
}
