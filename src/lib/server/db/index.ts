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
import { databaseRoles, dataDir, urlUser } from '../config';
import { log } from '../log';
import { ensureDatabase, ensureLoginRole, startEmbedded, type EmbeddedServer } from './embedded';
import { migrate, type MigrateResult } from './migrate';

export type Sql = postgres.Sql<Record<string, never>>;
export type TransactionSql = postgres.TransactionSql<Record<string, never>>;

const embeddedDatabase = 'kindkring';
/** The role the app serves with on the embedded database. */
export const embeddedServingRole = 'kindkring_app';

const options: postgres.Options<Record<string, postgres.PostgresType>> = {
	transform: postgres.camel,
	onnotice: () => undefined,
	max: Number.parseInt(process.env.DATABASE_POOL_SIZE ?? '10', 10),
	idle_timeout: 60,
	connect_timeout: 10,
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

function createClient(): Sql {
	const url = process.env.DATABASE_URL;
	if (url) return postgres(url, options) as unknown as Sql;
	// `socket` (a connected socket, or a promise of one) is supported by postgres.js but
	// missing from its types.
	const embeddedOptions = {
		...options,
		host: '127.0.0.1',
		user: embeddedServingRole,
		database: embeddedDatabase,
		pass: async () => (await embedded()).password,
		socket: async () => {
			const server = await embedded();
			return new Promise<net.Socket>((resolve, reject) => {
				const socket = net.connect(server.port, '127.0.0.1');
				socket.once('connect', () => resolve(socket));
				socket.once('error', reject);
			});
		}
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

/** True when the database answers within the time limit. */
export async function ping(timeoutMs = 2000): Promise<boolean> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<false>((resolve) => {
		timer = setTimeout(() => resolve(false), timeoutMs);
	});
	const query = sql`select 1 as ok`.then(() => true).catch(() => false);
	try {
		return await Promise.race([query, timeout]);
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
