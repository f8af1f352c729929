// Before the browser tests: make sure there is a Chromium to drive. On a fresh laptop
// without Debian's chromium, install Playwright's own once.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { chromiumExecutable } from '../tests/e2e/support/browser';

const system = chromiumExecutable();
if (system) {
	if (!existsSync(system)) {
		console.error(
			`PLAYWRIGHT_CHROMIUM_EXECUTABLE wijst naar ${system}, maar dat bestand bestaat niet.`
		);
		process.exit(1);
	}
} else if (!existsSync(chromium.executablePath())) {
	console.info('Geen Chromium gevonden; Playwright installeert zijn eigen Chromium (eenmalig).');
	execFileSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
}
