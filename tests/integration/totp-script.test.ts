import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import * as totp from '../../src/lib/server/auth/totp';
import { sql } from '../../src/lib/server/db';
import { demoTotpSecret } from '../../src/lib/server/demo/credentials';
import * as demo from '../../src/lib/server/demo/seed';

const run = promisify(execFile);

beforeAll(async () => {
	await demo.seed(sql);
});

describe('npm run totp', () => {
	it('prints the current code of a demo account', async () => {
		const before = totp.generate(demoTotpSecret('PO2806', 'lotte.vandam'));
		const { stdout } = await run('npx', ['tsx', 'scripts/totp.ts', 'PO2806', 'Lotte.VanDam'], {
			env: { ...process.env, LOG_LEVEL: 'silent' }
		});
		const after = totp.generate(demoTotpSecret('PO2806', 'lotte.vandam'));
		const printed = /^(\d{6})\s/m.exec(stdout)?.[1];
		expect([before, after]).toContain(printed);
	}, 30_000);

	it('says so for an unknown account', async () => {
		const failed = await run('npx', ['tsx', 'scripts/totp.ts', 'PO2806', 'niemand'], {
			env: { ...process.env, LOG_LEVEL: 'silent' }
		}).catch((error: { code: number; stderr: string }) => error);
		expect((failed as { code: number }).code).toBe(1);
		expect((failed as { stderr: string }).stderr).toContain('Geen actieve authenticator gevonden');
	}, 30_000);
});
