/**
 * Which Chromium the end-to-end tests drive: PLAYWRIGHT_CHROMIUM_EXECUTABLE, else Debian's
 * /usr/bin/chromium when present, else Playwright's own (installed by scripts/ensure-browser.ts).
 */
import { existsSync } from 'node:fs';

export function chromiumExecutable(): string | undefined {
	const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
	if (fromEnv) return fromEnv;
	if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
	return undefined;
}

export function chromiumArgs(): string[] {
	const args = [
		// Keep the browser from calling out: this machine's network is closed, and tests
		// should not depend on Google's services anyway.
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--disable-quic'
	];
	// Chromium's sandbox cannot run as root (CI containers).
	if (typeof process.getuid === 'function' && process.getuid() === 0) args.push('--no-sandbox');
	return args;
}
