import { defineConfig, devices } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chromiumArgs, chromiumExecutable } from './tests/e2e/support/browser';

// One free port for the whole run. The config is loaded again in every worker, which
// inherits the runner's environment, so the port is chosen once.
process.env.E2E_PORT ??= execFileSync(
	process.execPath,
	[
		'-e',
		"const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"
	],
	{ encoding: 'utf8' }
).trim();

// One encryption key for the test processes of the run (inherited by the workers like the
// port): what a test seeds into a database of its own is readable by the nodes it starts
// with this key. Never the development key in .data/.
process.env.APP_ENCRYPTION_KEY ??= randomBytes(32).toString('base64');

const baseURL = `http://localhost:${process.env.E2E_PORT}`;

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.test.ts',
	fullyParallel: false,
	forbidOnly: !!process.env.CI,
	retries: 0,
	workers: 1,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL,
		locale: 'nl-NL',
		timezoneId: 'Europe/Amsterdam',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: chromiumExecutable(),
			args: chromiumArgs()
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	webServer: {
		// The production build, on its own database, as it would run for real.
		command: 'npm run build && tsx tests/e2e/support/serve.ts',
		url: `${baseURL}/readyz`,
		timeout: 300_000,
		reuseExistingServer: false,
		stdout: 'pipe',
		stderr: 'pipe',
		gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 }
	}
});
