/**
 * The one postgres.js client of the application.
 *
 * With DATABASE_URL it connects there. Without it, the first query starts (or reuses)
 * the embedded PostgreSQL in `.data/postgres` — same SQL, same client, both ways.
 * Creating the client connects to nothing, so importing this module is free (the build
 * imports server modules to analyse them).
 *
 * Two roles: the client serves as DATABASE_URL's role; the migrations run as the owner of
 * the schema (`DATABASE_OWNER_URL`, else the same role), see `owner()`. The embedded
 * database always has both: the superuser `postgres` owns the schema, the app serves as
 * `kindkring_app`.
 */
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';
import { databaseRoles, databaseTimeouts, dataDir, urlUser } from '../config';
import { log } from '../log';
import { ensureDatabase, ensureLoginRole, startEmbedded, type EmbeddedServer } from './embedded';
import { migrate, type MigrateResult } from './migrate';

export type Sql = postgres.Sql<Record<string, never>>;
export type TransactionSql = postgres.TransactionSql<Record<string, never>>;

const embeddedDatabase = 'kindkring';
/** The role the app serves with on the embedded database. */
export const embeddedServingRole = 'kindkring_app';

const timeouts = databaseTimeouts();

/** Options every client shares: the migrations' owner client as well as the app's pool. */
const options: postgres.Options<Record<string, postgres.PostgresType>> = {
	transform: postgres.camel,
	onnotice: () => undefined,
	max: Number.parseInt(process.env.DATABASE_POOL_SIZE ?? '10', 10),
	idle_timeout: 60,
	// postgres.js counts in seconds; fractions work.
	connect_timeout: timeouts.connectTimeoutMs / 1000,
	// Wait before a closed connection reconnects, in seconds. postgres.js's default grows
	// with every failed attempt up to 20 s, so after an outage of a minute the app would
	// stay down long after the database is back; queries fail at once meanwhile anyway.
	backoff: (retries: number) => Math.min(0.1 * retries, 0.5),
	types: {
		// A `date` column is a calendar date (a birth date, an end date), not an instant:
		// keep it as 'YYYY-MM-DD' instead of a Date at some time zone's midnight.
		date: {
			to: 1082,
			from: [1082],
			serialize: (value: string) => value,
			parse: (value: string) => value
		}
	}
};

interface Target {
	description: string;
	embedded?: EmbeddedServer;
}

let embeddedStart: Promise<EmbeddedServer> | undefined;

function embedded(): Promise<EmbeddedServer> {
	embeddedStart ??= (async () => {
		const server = await startEmbedded({
			dataDir: path.join(dataDir, 'postgres'),
			onLog: (line) => log.debug({ postgres: line }, 'embedded postgres')
		});
		await ensureDatabase(server, embeddedDatabase);
		await ensureLoginRole(server, embeddedServingRole);
		return server;
	})();
	return embeddedStart;
}

/** A URL without its password, for the one line that says which database is in use. */
export function redact(url: string): string {
	try {
		const parsed = new URL(url);
		if (parsed.password) parsed.password = '***';
		return parsed.toString();
	} catch {
		return '(DATABASE_URL is not a valid URL)';
	}
}

/** The app's pool: a statement that runs past the limit is cancelled by the server. */
const servingOptions: postgres.Options<Record<string, postgres.PostgresType>> = {
	...options,
	connection: { statement_timeout: timeouts.statementTimeoutMs }
};

interface SocketTarget {
	host?: string;
	port?: number;
	path?: string;
}

/**
 * Sockets for postgres.js, which otherwise reconnects at once and without end when a server
 * accepts a connection and closes it before answering (a pooler or balancer in front of a
 * stopped database): every query would wait forever while the pool spins. A connection that
 * closed without receiving a byte makes new connections fail at once for a second, so
 * requests get their 503 within the connect timeout and the database is tried again soon.
 * A connect that does not complete within the connect timeout fails too.
 */
export function socketFactory(
	target: (options: PoolOptions) => SocketTarget | Promise<SocketTarget>,
	connectTimeoutMs = timeouts.connectTimeoutMs
): (options: PoolOptions) => Promise<net.Socket> {
	let silentCloseAt = -Infinity;
	return async (options) => {
		if (performance.now() - silentCloseAt < 1_000) {
			// A socket that fails at once, not a thrown error: postgres.js leaves a connection
			// whose socket factory threw in its connecting state for good, and queries queued
			// behind it would wait forever. The socket fails on its first write (the start-up
			// message): failing before it would leave postgres.js's write scheduled for a
			// socket that is gone, and its next connection would never send a byte. The
			// socket's error and close reject the query and put the connection back.
			const failed = new net.Socket();
			const fail = () =>
				failed.destroyed ||
				failed.destroy(
					Object.assign(new Error('the database closed the connection without answering'), {
						code: 'CONNECTION_CLOSED'
					})
				);
			failed.write = (() => {
				setImmediate(fail);
				return true;
			}) as typeof failed.write;
			return failed;
		}
		const where = await target(options);
		return new Promise<net.Socket>((resolve, reject) => {
			const socket = where.path
				? net.connect(where.path)
				: net.connect(where.port ?? 5432, where.host ?? 'localhost');
			const timer = setTimeout(() => {
				socket.destroy();
				reject(
					Object.assign(new Error('the database did not accept the connection in time'), {
						code: 'CONNECT_TIMEOUT'
					})
				);
			}, connectTimeoutMs);
			socket.once('close', () => {
				if (socket.bytesRead === 0) silentCloseAt = performance.now();
			});
			socket.once('connect', () => {
				clearTimeout(timer);
				socket.removeListener('error', reject);
				resolve(socket);
			});
			socket.once('error', (error) => {
				clearTimeout(timer);
				reject(error);
			});
		});
	};
}

type PoolOptions = { host: string[]; port: number[]; path?: string | false };

/** The first host of a URL (one database host; postgres.js's own list of hosts is not used). */
function urlTarget(options: PoolOptions): SocketTarget {
	if (options.path) return { path: options.path };
	return { host: options.host[0], port: options.port[0] };
}

/**
 * A pool as the app serves with: its time limits, backoff and guarded sockets. `debug` sees
 * every query sent (benchmarks and tests count queries per page with it).
 */
export function servingPool(
	url: string,
	overrides: { max?: number; debug?: (connection: number, query: string) => void } = {}
): Sql {
	return postgres(url, {
		...servingOptions,
		...overrides,
		socket: socketFactory(urlTarget)
	} as postgres.Options<Record<string, postgres.PostgresType>>) as unknown as Sql;
}

function createClient(): Sql {
	const url = process.env.DATABASE_URL;
	// `socket` (a connected socket, or a promise of one) is supported by postgres.js but
	// missing from its types.
	if (url) return servingPool(url);
	const embeddedOptions = {
		...servingOptions,
		host: '127.0.0.1',
		user: embeddedServingRole,
		database: embeddedDatabase,
		pass: async () => (await embedded()).password,
		socket: socketFactory(async () => ({ host: '127.0.0.1', port: (await embedded()).port }))
	};
	return postgres(
		embeddedOptions as postgres.Options<Record<string, postgres.PostgresType>>
	) as unknown as Sql;
}

export const sql: Sql = createClient();

export interface Owner {
	/** A connection as the role that owns the schema. */
	sql: Sql;
	/** The role the app serves with, when it is another role. */
	servingRole: string | null;
	close(): Promise<void>;
}

/** The owner of the schema, for the migrations: DATABASE_OWNER_URL, or the app's own role. */
export async function owner(): Promise<Owner> {
	if (process.env.DATABASE_URL) {
		const roles = databaseRoles();
		if (!roles) return { sql, servingRole: null, close: async () => undefined };
		const client = postgres(roles.ownerUrl, { ...options, max: 1 }) as unknown as Sql;
		return {
			sql: client,
			servingRole: roles.servingRole,
			close: () => client.end({ timeout: 5 })
		};
	}
	const server = await embedded();
	const client = postgres(server.url(embeddedDatabase), { ...options, max: 1 }) as unknown as Sql;
	return {
		sql: client,
		servingRole: embeddedServingRole,
		close: () => client.end({ timeout: 5 })
	};
}

/** A URL for the owner of the schema, for PostgreSQL's own tools (backup, restore). */
export async function ownerUrl(): Promise<string> {
	const url = process.env.DATABASE_URL;
	if (url) return databaseRoles()?.ownerUrl ?? url;
	return (await embedded()).url(embeddedDatabase);
}

/** Applies pending migrations as the owner and grants the serving role its privileges. */
export async function migrateDatabase(dir?: string): Promise<MigrateResult> {
	const schemaOwner = await owner();
	try {
		return await migrate(schemaOwner.sql, dir, { servingRole: schemaOwner.servingRole });
	} finally {
		await schemaOwner.close();
	}
}

/** Which database is in use, without a password. Starts the embedded server if needed. */
export async function describe(): Promise<Target> {
	const url = process.env.DATABASE_URL;
	if (url) {
		const roles = databaseRoles();
		const how = roles ? ` (migraties als ${urlUser(roles.ownerUrl)})` : '';
		return { description: `Database: PostgreSQL op ${redact(url)}${how}` };
	}
	const server = await embedded();
	const how = server.owned ? 'gestart' : 'al actief, hergebruikt';
	const requested = path.resolve(dataDir, 'postgres');
	const where =
		server.dataDir === requested
			? path.relative(process.cwd(), server.dataDir) || server.dataDir
			: `${server.dataDir} (de gebruiker postgres kan ${requested} niet bereiken)`;
	return {
		description: `Database: ingebouwde PostgreSQL in ${where} op poort ${server.port} (${how})`,
		embedded: server
	};
}

export interface Readiness {
	ok: boolean;
	/** How long `select 1` took, or how long we waited before giving up. */
	ms: number;
}

/** Whether the database answers `select 1` within the limit, and how long it took. */
export async function readiness(
	timeoutMs = timeouts.readinessTimeoutMs,
	client: Sql = sql
): Promise<Readiness> {
	const started = performance.now();
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<false>((resolve) => {
		timer = setTimeout(() => resolve(false), timeoutMs);
	});
	const query = client`select 1 as ok`.then(() => true).catch(() => false);
	try {
		const ok = await Promise.race([query, timeout]);
		return { ok, ms: Math.round(performance.now() - started) };
	} finally {
		clearTimeout(timer);
	}
}

/** Ends the pool and stops the embedded server if this process started it. */
export async function close(): Promise<void> {
	await sql.end({ timeout: 5 });
	if (embeddedStart) {
		const server = await embeddedStart.catch(() => undefined);
		await server?.stop();
	}
}
