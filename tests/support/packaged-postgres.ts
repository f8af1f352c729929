/**
 * A throwaway cluster of an operating-system PostgreSQL (Debian's /usr/lib/postgresql/<n>),
 * for tests that need a server whose major version matches the installed pg_dump. As
 * root it runs as the `postgres` system user, in a folder under the system temp dir.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../src/lib/server/db/embedded';
import { isRoot } from '../../src/lib/server/db/embedded-binaries';

export interface PackagedServer {
	major: number;
	bin: string;
	/** A URL as the cluster's superuser `postgres` (trust over localhost). */
	url(database: string): string;
	createDatabase(name: string): void;
	stop(): void;
}

/** The major versions whose server binaries are installed, newest first. */
export function installedServers(): { major: number; bin: string }[] {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return [];
	return readdirSync(root)
		.map((name) => ({ major: Number(name), bin: path.join(root, name, 'bin') }))
		.filter((s) => Number.isInteger(s.major) && existsSync(path.join(s.bin, 'postgres')))
		.sort((a, b) => b.major - a.major);
}

function asPostgres(bin: string, args: string[]): void {
	const [command, ...rest] = isRoot()
		? ['runuser', '-u', 'postgres', '--', bin, ...args]
		: [bin, ...args];
	const result = spawnSync(command!, rest, { encoding: 'utf8' });
	if (result.status !== 0) {
		throw new Error(`${path.basename(bin)} failed: ${result.stderr || result.stdout}`);
	}
}

export async function startPackaged(server: {
	major: number;
	bin: string;
}): Promise<PackagedServer> {
	const base = mkdtempSync(path.join(os.tmpdir(), `kindkring-pg${server.major}-`));
	const dataDir = path.join(base, 'data');
	if (isRoot()) {
		execFileSync('sh', [
			'-c',
			'id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres'
		]);
		chmodSync(base, 0o755);
		const id = (flag: string) =>
			Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
		chownSync(base, id('-u'), id('-g'));
	}
	asPostgres(path.join(server.bin, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		'postgres',
		'--auth=trust',
		'--encoding=UTF8',
		'--no-sync'
	]);
	const port = await freePort();
	asPostgres(path.join(server.bin, 'pg_ctl'), [
		'-D',
		dataDir,
		'-l',
		path.join(base, 'log'),
		'-w',
		'-o',
		`-p ${port} -k ${base} -c listen_addresses=localhost -c fsync=off -c full_page_writes=off`,
		'start'
	]);
	const url = (database: string) => `postgres://postgres@localhost:${port}/${database}`;
	return {
		major: server.major,
		bin: server.bin,
		url,
		createDatabase(name) {
			asPostgres(path.join(server.bin, 'createdb'), [
				'-h',
				'localhost',
				'-p',
				String(port),
				'-U',
				'postgres',
				name
			]);
		},
		stop() {
			try {
				asPostgres(path.join(server.bin, 'pg_ctl'), [
					'-D',
					dataDir,
					'-m',
					'immediate',
					'-w',
					'stop'
				]);
			} finally {
				rmSync(base, { recursive: true, force: true });
			}
		}
	};
}
