/**
 * Finding PostgreSQL's own `pg_dump` and `pg_restore`, and checking their version before
 * any work starts: `pg_dump` refuses a server of a newer major version, and `pg_restore`
 * refuses an archive made by a newer `pg_dump`, each only after connecting. Checking first
 * gives the operator one clear sentence instead of a half-made backup.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type Tool = 'pg_dump' | 'pg_restore';

export interface Found {
	path: string;
	/** Major version, e.g. 18. */
	major: number;
	/** What the tool printed, e.g. "pg_dump (PostgreSQL) 18.1". */
	version: string;
}

/** Where the tools are usually installed, newest first: Debian/Ubuntu, then RHEL. */
function packagedDirectories(): string[] {
	const found: { dir: string; major: number }[] = [];
	for (const [root, prefix] of [
		['/usr/lib/postgresql', ''],
		['/usr', 'pgsql-']
	] as const) {
		let names: string[] = [];
		try {
			names = readdirSync(root);
		} catch {
			continue;
		}
		for (const name of names) {
			if (!name.startsWith(prefix)) continue;
			const major = Number.parseInt(name.slice(prefix.length), 10);
			if (Number.isInteger(major)) found.push({ dir: path.join(root, name, 'bin'), major });
		}
	}
	return found.sort((a, b) => b.major - a.major).map((f) => f.dir);
}

/** Parses "pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" into 15. */
export function parseMajor(versionLine: string): number | null {
	const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(versionLine);
	if (!match) return null;
	const first = Number(match[1]);
	// Before version 10 the major version had two parts (9.6).
	return first >= 10 ? first : Number(`${first}.${match[2] ?? 0}`);
}

async function probe(file: string): Promise<Found | null> {
	try {
		const { stdout } = await run(file, ['--version']);
		const version = stdout.trim();
		const major = parseMajor(version);
		return major === null ? null : { path: file, major, version };
	} catch {
		return null;
	}
}

/**
 * Every copy of `tool` we can find: in `PG_BIN` when set (then only there), else in the
 * packaged directories and on the PATH. Newest first.
 */
export async function findAll(tool: Tool, pgBin = process.env.PG_BIN): Promise<Found[]> {
	const candidates = pgBin
		? [path.join(pgBin, tool)]
		: [
				...packagedDirectories().map((dir) => path.join(dir, tool)),
				...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, tool))
			];
	const seen = new Set<string>();
	const found: Found[] = [];
	for (const file of candidates) {
		if (seen.has(file) || !existsSync(file)) continue;
		seen.add(file);
		const tool = await probe(file);
		if (tool) found.push(tool);
	}
	return found.sort((a, b) => b.major - a.major);
}

/** Thrown before any work starts; the message tells the operator what to install. */
export class ToolTooOld extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ToolTooOld';
	}
}

const whereToGet = (major: number) =>
	`Installeer de PostgreSQL-client van versie ${major} of nieuwer: op Debian en Ubuntu uit de ` +
	`PGDG-repository van apt.postgresql.org (pakket postgresql-client-${major}), op RHEL uit ` +
	`yum.postgresql.org, of gebruik de pg_dump in het container-image postgres:${major}. Geef de ` +
	`map met pg_dump en pg_restore mee als PG_BIN (bijvoorbeeld PG_BIN=/usr/lib/postgresql/${major}/bin).`;

/**
 * The newest copy of `tool`, when it is at least `minimumMajor`; `what` names what it must
 * handle ("de server", "de reservekopie").
 */
export async function requireTool(
	tool: Tool,
	minimumMajor: number,
	what: string,
	pgBin = process.env.PG_BIN
): Promise<Found> {
	const [newest] = await findAll(tool, pgBin);
	if (!newest) {
		throw new ToolTooOld(
			`${tool} is niet gevonden${pgBin ? ` in PG_BIN (${pgBin})` : ''}. ${whereToGet(minimumMajor)}`
		);
	}
	if (newest.major < minimumMajor) {
		throw new ToolTooOld(
			`${tool} ${newest.major} (${newest.path}) is te oud voor ${what} van PostgreSQL ${minimumMajor}. ${whereToGet(minimumMajor)}`
		);
	}
	return newest;
}
