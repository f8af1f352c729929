/**
 * Starts another `node build` next to Playwright's web server, for tests that need to
 * control its environment or its database connection.
 */
import { expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { freePort } from '../../../src/lib/server/db/embedded';
import { tcpProxy, type TcpProxy } from './proxies';
import { readState } from './state';

export interface AppProcess {
	url: string;
	child: ChildProcess;
	output(): string;
	exited: Promise<number | null>;
	stop(): Promise<void>;
}

export async function startApp(env: Record<string, string | undefined>): Promise<AppProcess> {
	const port = await freePort();
	const base: Record<string, string | undefined> = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: `http://localhost:${port}`,
		APP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
		SMTP_URL: readState().smtpUrl,
		BODY_SIZE_LIMIT: '11M',
		LOG_LEVEL: 'info'
	};
	const merged = { ...base, ...env };
	for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
	const child = spawn(process.execPath, ['build'], { env: merged as NodeJS.ProcessEnv });
	let output = '';
	child.stdout!.on('data', (c) => (output += c));
	child.stderr!.on('data', (c) => (output += c));
	const exited = new Promise<number | null>((resolve) =>
		child.once('exit', (code) => resolve(code))
	);
	return {
		url: `http://localhost:${port}`,
		child,
		output: () => output,
		exited,
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
		}
	};
}

/** Until the process listens: any HTTP answer counts (fetch rejects while nothing listens). */
export async function waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
	await expect
		.poll(
			() =>
				fetch(url).then(
					() => true,
					() => false
				),
			{
				message: `${url} did not answer within ${timeoutMs} ms`,
				timeout: timeoutMs,
				intervals: [200]
			}
		)
		.toBe(true);
}

/**
 * A production node whose database connections go through a proxy the test controls, on
 * the e2e database unless another is given.
 */
export async function startBehindProxy(
	env: Record<string, string | undefined> = {},
	databaseUrl = readState().databaseUrl
): Promise<{ app: AppProcess; proxy: TcpProxy; target: URL }> {
	const target = new URL(databaseUrl);
	const proxy = await tcpProxy(Number(target.port), target.hostname);
	const viaProxy = (url: string) => {
		const u = new URL(url);
		u.hostname = '127.0.0.1';
		u.port = String(proxy.port);
		return u.toString();
	};
	// The owner's connection (migrations) goes the same way: start-up checks it is the same database.
	const ownerUrl = env.DATABASE_OWNER_URL;
	const app = await startApp({
		...env,
		DATABASE_URL: viaProxy(databaseUrl),
		...(ownerUrl ? { DATABASE_OWNER_URL: viaProxy(ownerUrl) } : {})
	});
	return { app, proxy, target };
}
