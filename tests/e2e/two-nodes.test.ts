/**
 * Two production nodes (`node build`) on one database behind a round-robin balancer without
 * sticky sessions, as a deployment with more than one node runs: a login with password and
 * code, a status change whose mail both nodes' outbox senders could send (it arrives once),
 * and a bijlage uploaded through one node and downloaded through the other.
 *
 * On a database of this file's own; the mails go to the SMTP listener of the whole run.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { minimalPdf } from '../support/files';
import { startBehindProxy, type AppProcess } from './support/app-process';
import { roundRobin, type Balancer } from './support/balancer';
import { freshDemoDatabase } from './support/db';
import { loginAs } from './support/login';
import { allMail, waitForMail } from './support/mail';
import type { TcpProxy } from './support/proxies';

let balancer: Balancer;
let nodes: { app: AppProcess; proxy: TcpProxy }[] = [];
let sql: postgres.Sql;
let hulpvraagId: string;
let aanvragerEmail: string;
let filesDir: string;

test.describe.configure({ mode: 'serial', timeout: 60_000 });

test.beforeAll(async () => {
	const target = await freshDemoDatabase('kindkring_e2e_two_nodes');
	sql = postgres(target.databaseUrl, {
		max: 2,
		transform: postgres.camel,
		onnotice: () => undefined
	});
	// A hulpvraag of karin.dekker's school in Aanmelding, for the SCP of Stromenland.
	const [karin] = await sql<
		{ id: string; organisationId: string; email: string; schoolId: string }[]
	>`
		select a.id, a.organisation_id, a.email, s.school_id from account a
		join organisation o on o.id = a.organisation_id
		join account_school s on s.account_id = a.id
		where o.code = 'PO2507' and a.username = 'karin.dekker' limit 1`;
	const org = karin!.organisationId;
	aanvragerEmail = karin!.email;
	const [d] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht)
		values (${org}, 'Twee', 'Knopen', '2017-02-03', 'v') returning id`;
	await sql`insert into school_period (dossier_id, school_id) values (${d!.id}, ${karin!.schoolId})`;
	const [s] = await sql<{ id: string }[]>`
		select id from process_status where organisation_id = ${org} and name = 'Aanmelding'`;
	const [t] = await sql<{ id: string }[]>`
		select id from hulpvraag_titel where organisation_id = ${org} and name = 'Ambulante Begeleiding'`;
	const [h] = await sql<{ id: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id, aanvrager_id)
		values (${org}, ${d!.id}, ${karin!.schoolId}, ${t!.id}, ${s!.id}, ${karin!.id}) returning id`;
	hulpvraagId = h!.id;
	await sql`insert into status_change (organisation_id, hulpvraag_id, to_status_id, changed_by)
		values (${org}, ${hulpvraagId}, ${s!.id}, ${karin!.id})`;

	// The nodes need the balancer's address as their origin before they start, and one
	// bijlagen store, as on shared storage.
	balancer = await roundRobin();
	filesDir = await mkdtemp(path.join(os.tmpdir(), 'kindkring-two-nodes-'));
	nodes = await Promise.all(
		[0, 1].map(() =>
			startBehindProxy(
				{
					DATABASE_OWNER_URL: target.ownerUrl,
					ORIGIN: balancer.url,
					FILES_DIR: filesDir,
					// The key the demo data of this database was encrypted with.
					APP_ENCRYPTION_KEY: process.env.APP_ENCRYPTION_KEY,
					LOGIN_LIMIT_PER_ADDRESS: '100000'
				},
				target.databaseUrl
			)
		)
	);
	balancer.setNodes(nodes.map((n) => n.app.url));
	for (const { app } of nodes) {
		await expect
			.poll(
				async () => {
					if (app.child.exitCode !== null) throw new Error(`node exited:\n${app.output()}`);
					return (await fetch(app.url + '/readyz').catch(() => null))?.status;
				},
				{ message: `${app.url} ready`, timeout: 30_000 }
			)
			.toBe(200);
	}
});

test.afterAll(async () => {
	await Promise.all(nodes.map(async (n) => (await n.app.stop(), await n.proxy.close())));
	await balancer?.close();
	await sql?.end();
	if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

async function sessionCookie(page: Page): Promise<string> {
	const cookies = await page.context().cookies();
	return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

test('login, a status change with its mail, and a bijlage, across two nodes', async ({
	browser
}) => {
	const context = await browser.newContext({ baseURL: balancer.url, locale: 'nl-NL' });
	const page = await context.newPage();

	// Organisation, username, password and code; every step may land on either node.
	await loginAs(page, 'PO2507', 'yara.peters', { fresh: true });
	await expect(page.getByRole('navigation', { name: 'Hoofdmenu' })).toBeVisible();

	// A bijlage, uploaded through whichever node the balancer picks.
	const bytes = minimalPdf('Twee knopen');
	await page.goto(`/hulpvragen/${hulpvraagId}/bijlagen`);
	await page.getByLabel('Bestanden kiezen').setInputFiles({
		name: 'Verslag.pdf',
		mimeType: 'application/pdf',
		buffer: bytes
	});
	await page.getByRole('button', { name: 'Uploaden' }).click();
	await expect(page.getByText('Toegevoegd als ‘Verslag.pdf’')).toBeVisible();
	const upload = balancer.routed.find(
		(r) => r.method === 'POST' && r.path.startsWith(`/hulpvragen/${hulpvraagId}/bijlagen/upload`)
	);
	expect(upload, 'the upload went through the balancer').toBeDefined();
	const [bijlage] = await sql<{ id: string }[]>`
		select id from bijlage where hulpvraag_id = ${hulpvraagId} and original_name = 'Verslag.pdf'`;
	// Downloaded from the other node, and from the one that took it: the same bytes.
	const cookie = await sessionCookie(page);
	for (const node of [1 - upload!.node, upload!.node]) {
		const response = await fetch(`${nodes[node]!.app.url}/bijlagen/${bijlage!.id}?download=1`, {
			headers: { cookie }
		});
		expect(response.status, `node ${node}`).toBe(200);
		expect(Buffer.from(await response.arrayBuffer()).equals(bytes), `node ${node}`).toBe(true);
	}

	// A status change: its mail is in the outbox of both nodes' senders, and arrives once.
	const since = new Date(Date.now() - 1000);
	await page.goto(`/hulpvragen/${hulpvraagId}`);
	await page.getByRole('radio', { name: 'Dossier compleet' }).check();
	await page.getByRole('button', { name: 'Status wijzigen' }).click();
	await expect(page.locator('#inhoud').getByRole('status').first()).toContainText(
		'De status is gewijzigd in ‘Dossier compleet’'
	);
	const mail = await waitForMail(aanvragerEmail, 'Dossier compleet', since);
	expect(mail.text).toContain(hulpvraagId);
	// Sent and recorded: one claim of the row (a second node's send would be a second attempt).
	let outbox: { attempts: number; sentAt: Date | null }[] = [];
	await expect
		.poll(async () => {
			outbox = await sql<{ attempts: number; sentAt: Date | null }[]>`
				select attempts, sent_at from outbox
				where kind = 'hulpvraag.status' and text_body like ${'%' + hulpvraagId + '%'}`;
			return outbox.map((o) => o.sentAt !== null);
		})
		.toEqual([true]);
	expect(outbox[0]!.attempts).toBe(1);
	const received = allMail().filter(
		(m) =>
			m.to.toLowerCase() === aanvragerEmail.toLowerCase() &&
			m.text.includes(hulpvraagId) &&
			new Date(m.receivedAt) >= since
	);
	expect(received).toHaveLength(1);

	// Both nodes served this browser: counted at the balancer, and in each node's own log.
	const hits = balancer.hits();
	expect(
		hits.every((n) => n > 0),
		`requests per node: ${hits}`
	).toBe(true);
	for (const { app } of nodes) {
		const served = app
			.output()
			.split('\n')
			.filter((line) => line.includes('"msg":"request"') && !line.includes('"/readyz"'));
		expect(served.length, app.url).toBeGreaterThan(0);
	}
	await context.close();
});
