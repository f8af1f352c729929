import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { actorFor } from '../../src/lib/server/access/actor';
import { whoOf } from '../../src/lib/server/access/actor';
import { may, type HulpvraagFacts, type Who } from '../../src/lib/server/access/policy';
import { hulpvraagFacts as factsOfHulpvraag } from '../../src/lib/server/dossiers/facts';
import * as overview from '../../src/lib/server/dossiers/overview';
import { sql, type Sql } from '../../src/lib/server/db';
import { demoToday, dossiers } from '../../src/lib/server/demo/dossiers';
import * as demo from '../../src/lib/server/demo/seed';
import * as files from '../../src/lib/server/files';
import { BlobStore } from '../../src/lib/server/files/store';
import * as process from '../../src/lib/server/workflow/process';

interface Org {
	id: string;
	code: string;
}

let orgs: Org[];

async function fingerprint(db: Sql): Promise<string[]> {
	const rows = await db<{ line: string }[]>`
		select concat_ws(' | ', o.code, d.roepnaam, d.tussenvoegsel, d.achternaam, d.geboortedatum::text,
			d.woonadres::text, d.created_at::text) as line
		from dossier d join organisation o on o.id = d.organisation_id
		union all
		select concat_ws(' | ', d.achternaam, d.roepnaam, t.name, s.name, h.datum::text, h.omschrijving,
			h.created_at::text, h.updated_at::text, h.version::text)
		from hulpvraag h join dossier d on d.id = h.dossier_id
		join hulpvraag_titel t on t.id = h.titel_id join process_status s on s.id = h.status_id
		union all
		select concat_ws(' | ', d.achternaam, d.roepnaam, t.name, f.name, s.name, a.username,
			c.changed_at::text, c.reason, c.automatic::text)
		from status_change c join hulpvraag h on h.id = c.hulpvraag_id join dossier d on d.id = h.dossier_id
		join hulpvraag_titel t on t.id = h.titel_id join process_status s on s.id = c.to_status_id
		left join process_status f on f.id = c.from_status_id left join account a on a.id = c.changed_by
		union all
		select concat_ws(' | ', d.achternaam, d.roepnaam, b.sha256, b.display_name, b.added_at::text,
			a.username, b.parent_visible::text)
		from bijlage b join hulpvraag h on h.id = b.hulpvraag_id join dossier d on d.id = h.dossier_id
		join account a on a.id = b.added_by
		union all
		select concat_ws(' | ', d.achternaam, n.body, n.created_at::text)
		from dossier_note n join dossier d on d.id = n.dossier_id`;
	return rows.map((r) => r.line).sort();
}

async function counts(): Promise<Record<string, number>> {
	const [row] = await sql<Record<string, number>[]>`
		select (select count(*)::int from dossier) as dossier,
			(select count(*)::int from dossier_parent_email) as parent_email,
			(select count(*)::int from school_period) as school_period,
			(select count(*)::int from hulpvraag) as hulpvraag,
			(select count(*)::int from status_change) as status_change,
			(select count(*)::int from hulpvraag_link) as link,
			(select count(*)::int from bijlage) as bijlage,
			(select count(*)::int from dossier_note) as note`;
	return row!;
}

beforeAll(async () => {
	await demo.seed(sql);
	orgs = await sql<Org[]>`select id, code from organisation order by code`;
});

describe('demo dossiers', () => {
	it('gives each demo organisation about twenty dossiers', async () => {
		const rows = await sql<{ code: string; n: number }[]>`
			select o.code, count(d.id)::int as n from organisation o
			left join dossier d on d.organisation_id = o.id group by o.code order by o.code`;
		for (const r of rows) {
			expect(r.n, r.code).toBeGreaterThanOrEqual(18);
			expect(r.n, r.code).toBeLessThanOrEqual(24);
			expect(r.n).toBe(dossiers.filter((d) => d.organisation === r.code).length);
		}
	});

	it('puts a hulpvraag in every status of each process', async () => {
		const unused = await sql<{ code: string; name: string }[]>`
			select o.code, s.name from process_status s join organisation o on o.id = s.organisation_id
			where s.active and not exists (select 1 from hulpvraag h where h.status_id = s.id)
			order by o.code, s.position`;
		expect(unused).toEqual([]);
	});

	it('has a status history that starts in the initial status and follows the process', async () => {
		const hulpvragen = await sql<
			{ id: string; organisationId: string; titelId: string; statusId: string; titel: string }[]
		>`select h.id, h.organisation_id, h.titel_id, h.status_id, t.name as titel
			from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id`;
		const changes = await sql<
			{
				hulpvraagId: string;
				fromStatusId: string | null;
				toStatusId: string;
				reason: string;
				automatic: boolean;
				reasonRequired: boolean;
				settableBy: string[];
				roles: string[] | null;
				changedAt: Date;
				allowed: boolean;
				afterAttachment: boolean;
				voorlopig: boolean;
			}[]
		>`
			select c.hulpvraag_id, c.from_status_id, c.to_status_id, c.reason, c.automatic, c.changed_at,
				s.reason_required, s.settable_by, s.voorlopig, a.roles,
				c.from_status_id is null or exists (select 1 from process_transition t
					where t.from_status_id = c.from_status_id and t.to_status_id = c.to_status_id
						and t.organisation_id = c.organisation_id) as allowed,
				exists (select 1 from process_automation pa where pa.kind = 'status_after_attachment'
					and pa.status_id = c.from_status_id and pa.target_status_id = c.to_status_id) as after_attachment
			from status_change c join process_status s on s.id = c.to_status_id
			left join account a on a.id = c.changed_by
			order by c.hulpvraag_id, c.changed_at, c.id`;
		const end = new Date(`${demoToday}T23:59:59+01:00`);
		for (const h of hulpvragen) {
			const chain = changes.filter((c) => c.hulpvraagId === h.id);
			expect(chain.length, h.titel).toBeGreaterThan(0);
			expect(chain[0]!.fromStatusId).toBeNull();
			expect(chain[0]!.toStatusId).toBe(
				await process.initialStatus(sql, h.organisationId, h.titelId)
			);
			for (const [i, c] of chain.entries()) {
				if (i > 0) {
					expect(c.fromStatusId).toBe(chain[i - 1]!.toStatusId);
					expect(c.changedAt.getTime()).toBeGreaterThan(chain[i - 1]!.changedAt.getTime());
				}
				expect(c.allowed, `${h.titel}: a transition of the process`).toBe(true);
				expect(c.changedAt.getTime()).toBeLessThanOrEqual(end.getTime());
				if (c.reasonRequired) expect(c.reason.length).toBeGreaterThan(10);
				if (c.roles) {
					// A person: someone whose role may set this status.
					expect(
						c.roles.some((r) => c.settableBy.includes(r)),
						`${h.titel}`
					).toBe(true);
					if (c.automatic) expect(c.afterAttachment).toBe(true);
				} else {
					// No person: a school without an account here, submitting through OSO.
					expect(c.automatic).toBe(true);
					expect(c.settableBy).toEqual(expect.arrayContaining(['ib']));
					expect(c.reason).toContain('OSO');
				}
			}
			expect(h.statusId).toBe(chain[chain.length - 1]!.toStatusId);
		}
	});

	it('lets the JK status after the attachment follow a bijlage of the pre-school', async () => {
		const rows = await sql<{ n: number; withBijlage: number }[]>`
			select count(*)::int as n,
				count(*) filter (where exists (select 1 from bijlage b join account a on a.id = b.added_by
					where b.hulpvraag_id = c.hulpvraag_id and 'voorschool' = any(a.roles)
						and b.added_at < c.changed_at))::int as with_bijlage
			from status_change c where c.automatic and c.changed_by is not null`;
		expect(rows[0]!.n).toBeGreaterThan(0);
		expect(rows[0]!.withBijlage).toBe(rows[0]!.n);
	});

	it('uses only titles the school region allows, and schools of the dossier', async () => {
		const rows = await sql<
			{
				region: string;
				titel: string;
				onlyRegions: string[];
				excludedRegions: string[];
				inPeriod: boolean;
			}[]
		>`
			select s.region, t.name as titel, t.only_regions, t.excluded_regions,
				-- The school that asked had (or, a Jonge Kind school of preference, was to get)
				-- the child then: its period had not ended on the date asked.
				exists (select 1 from school_period p where p.dossier_id = h.dossier_id and p.school_id = h.school_id
					and (p.end_date is null or p.end_date >= h.datum)) as in_period
			from hulpvraag h join school s on s.id = h.school_id join hulpvraag_titel t on t.id = h.titel_id`;
		expect(rows.length).toBeGreaterThan(30);
		for (const r of rows) {
			if (r.onlyRegions.length > 0) expect(r.onlyRegions, r.titel).toContain(r.region);
			expect(r.excludedRegions, r.titel).not.toContain(r.region);
			expect(r.inPeriod, r.titel).toBe(true);
		}
		const ijsselmonde = rows.filter((r) => r.titel === 'TLV-aanvraag (IJsselmonde)');
		expect(ijsselmonde.length).toBeGreaterThanOrEqual(3);
		const withoutSchool = await sql<{ titel: string }[]>`
			select t.name as titel from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id
			where h.school_id is null`;
		expect(new Set(withoutSchool.map((r) => r.titel))).toEqual(
			new Set(['Jonge kind (3,2 - 4 jr) advisering'])
		);
	});

	it('has a child that moved from one demo school to another, so the former school has a case', async () => {
		const rows = await sql<{ child: string; asked: string; now: string; endedAt: string }[]>`
			select d.roepnaam || ' ' || d.achternaam as child, sa.brin_vestiging as asked,
				sn.brin_vestiging as now, to_char(ended.end_date, 'YYYY-MM-DD') as ended_at
			from hulpvraag h join dossier d on d.id = h.dossier_id join school sa on sa.id = h.school_id
			join school_period ended on ended.dossier_id = d.id and ended.school_id = h.school_id
				and ended.end_date < current_date
			join school_period current on current.dossier_id = d.id and current.end_date is null
			join school sn on sn.id = current.school_id
			where not exists (select 1 from school_period p where p.dossier_id = d.id
				and p.school_id = h.school_id and p.end_date is null)`;
		// De Vuurtoren (Lotte van Dam, Henk de Groot) asked; the child is at Het Kompas now.
		expect(rows).toEqual([
			{ child: 'Jasmijn Verstraten', asked: '21XA00', now: '21XC00', endedAt: '2024-07-12' }
		]);
		const bijlagen = await sql<{ username: string; school: string | null }[]>`
			select a.username, s.brin_vestiging as school from bijlage b join account a on a.id = b.added_by
			join hulpvraag h on h.id = b.hulpvraag_id join dossier d on d.id = h.dossier_id
			left join school s on s.id = b.added_by_school_id
			where d.achternaam = 'Verstraten' order by b.added_at`;
		// Who added each bijlage, for the school: the former school sees only its own.
		expect(bijlagen).toEqual([
			{ username: 'lotte.vandam', school: '21XA00' },
			{ username: 'nora.yilmaz', school: null },
			{ username: 'rachid.elamrani', school: '21XC00' }
		]);
	});

	it("makes the school's IB'er the aanvrager where the school has one", async () => {
		const rows = await sql<{ brin: string; aanvrager: string | null; titel: string }[]>`
			select s.brin_vestiging as brin, a.username as aanvrager, t.name as titel
			from hulpvraag h join school s on s.id = h.school_id
			join hulpvraag_titel t on t.id = h.titel_id left join account a on a.id = h.aanvrager_id
			where t.name <> 'Jonge kind (3,2 - 4 jr) advisering'`;
		const expected: Record<string, string | null> = {
			'21XA00': 'lotte.vandam',
			'21XB00': null,
			'21XC00': 'rachid.elamrani',
			'21XD00': 'rachid.elamrani',
			'21XE01': null,
			'27YA00': 'karin.dekker',
			'27YB00': null,
			'27YC00': null
		};
		for (const r of rows) expect(r.aanvrager, r.brin).toBe(expected[r.brin]);
		const lotte = rows.filter((r) => r.aanvrager === 'lotte.vandam').length;
		const karin = rows.filter((r) => r.aanvrager === 'karin.dekker').length;
		expect(lotte).toBeGreaterThanOrEqual(8);
		expect(karin).toBeGreaterThanOrEqual(6);
	});

	it('stores the bijlagen as real PDFs in the blob store', async () => {
		const rows = await sql<
			{ sha256: string; size: number; mime: string; displayName: string; hulpvraagId: string }[]
		>`select sha256, size, mime, display_name, hulpvraag_id from bijlage`;
		expect(rows.length).toBeGreaterThan(20);
		// The tests' store is the default one on disk (FILES_DIR).
		const store = files.blobs() as BlobStore;
		for (const r of rows) {
			expect(r.mime).toBe('application/pdf');
			expect(r.displayName).toMatch(/\.pdf$/);
			const bytes = await fs.readFile(store.pathOf(r.sha256));
			expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
			expect(bytes.length).toBe(r.size);
			expect(r.size).toBeLessThan(20_000);
		}
		const perHulpvraag = new Map<string, number>();
		for (const r of rows)
			perHulpvraag.set(r.hulpvraagId, (perHulpvraag.get(r.hulpvraagId) ?? 0) + 1);
		expect(Math.max(...perHulpvraag.values())).toBeLessThanOrEqual(3);
		const [total] = await sql<{ n: number }[]>`select count(*)::int as n from hulpvraag`;
		const n = total!.n;
		expect(perHulpvraag.size / n).toBeGreaterThan(0.4);
		expect(perHulpvraag.size / n).toBeLessThan(0.7);
		const shared = await sql`select 1 from bijlage where parent_visible`;
		expect(shared.length).toBeGreaterThanOrEqual(4);
	});

	it('adds no bijlage to a hulpvraag after a status that closes attachments', async () => {
		const late = await sql`
			select 1 from bijlage b join status_change c on c.hulpvraag_id = b.hulpvraag_id
			join process_status s on s.id = c.to_status_id
			where s.closes_attachments and b.added_at >= c.changed_at`;
		expect(late).toEqual([]);
		const hiddenFromSwv = await sql`
			select 1 from bijlage b join account a on a.id = b.added_by
			join status_change c on c.hulpvraag_id = b.hulpvraag_id
			join process_status s on s.id = c.to_status_id
			where s.voorlopig and not (a.roles && array['ib', 'directeur']::text[])
				and c.changed_at < b.added_at
				and not exists (select 1 from status_change c2 where c2.hulpvraag_id = c.hulpvraag_id
					and c2.changed_at > c.changed_at and c2.changed_at < b.added_at)`;
		expect(hiddenFromSwv).toEqual([]);
	});

	it('lets each demo parent see their dossiers and something in them', async () => {
		for (const [code, username] of [
			['PO2806', 'sanne.bakker'],
			['PO2507', 'tom.vanleeuwen']
		] as const) {
			const org = orgs.find((o) => o.code === code)!;
			const [account] = await sql<{ id: string; email: string; roles: string[] }[]>`
				select id, email, roles from account where organisation_id = ${org.id} and username = ${username}`;
			const actor = whoOf({ ...account!, organisationId: org.id, schoolIds: [] });
			const mine = await sql<{ id: string }[]>`
				select d.id from dossier d where d.organisation_id = ${org.id}
					and exists (select 1 from dossier_parent_email e where e.dossier_id = d.id
						and lower(e.email) = lower(${account!.email}))`;
			expect(mine.length, username).toBeGreaterThanOrEqual(1);
			expect(mine.length, username).toBeLessThanOrEqual(2);
			let visible = 0;
			for (const d of mine) {
				const hulpvragen = await hulpvraagFacts(d.id);
				const decision = may(actor, 'view', {
					type: 'dossier',
					organisationId: org.id,
					schoolIds: [],
					parentEmails: hulpvragen[0]!.parentEmails,
					hulpvragen,
					createdBy: null
				});
				expect(decision.allowed, username).toBe(true);
				visible += hulpvragen.filter((h) => may(actor, 'view', h).allowed).length;
			}
			expect(visible).toBeGreaterThanOrEqual(2);
		}
	});

	it('links the pre-school to every JK hulpvraag, and ends that access at "advies afgerond"', async () => {
		const rows = await sql<{ id: string; dossierId: string; status: string; linked: boolean }[]>`
			select h.id, h.dossier_id, s.name as status,
				exists (select 1 from hulpvraag_link l join account a on a.id = l.account_id
					where l.hulpvraag_id = h.id and a.username = 'fatima.ouali' and l.role = 'voorschool') as linked
			from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id join process_status s on s.id = h.status_id
			where t.name = 'Jonge kind (3,2 - 4 jr) advisering'
				and h.organisation_id = ${orgs.find((o) => o.code === 'PO2507')!.id}`;
		expect(rows.length).toBeGreaterThanOrEqual(6);
		expect(rows.every((r) => r.linked)).toBe(true);
		const [fatima] = await sql<{ id: string; organisationId: string; email: string }[]>`
			select id, organisation_id, email from account where username = 'fatima.ouali'`;
		const actor: Who = {
			accountId: fatima!.id,
			organisationId: fatima!.organisationId,
			roles: ['voorschool'],
			schoolIds: [],
			email: fatima!.email
		};
		const decisions = [];
		for (const r of rows) {
			const facts = (await hulpvraagFacts(r.dossierId)).find((h) => h.id === r.id)!;
			decisions.push({ status: r.status, allowed: may(actor, 'view', facts).allowed });
		}
		expect(decisions.filter((d) => !d.allowed).map((d) => d.status)).toEqual(['advies afgerond']);
	});

	it('keeps a few private notes of Lotte van Dam', async () => {
		const rows = await sql<{ username: string; brin: string }[]>`
			select a.username, s.brin_vestiging as brin from dossier_note n join account a on a.id = n.author_id
			join school_period p on p.dossier_id = n.dossier_id and p.end_date is null
			join school s on s.id = p.school_id`;
		expect(rows.length).toBeGreaterThanOrEqual(3);
		expect(rows.every((r) => r.username === 'lotte.vandam' && r.brin === '21XA00')).toBe(true);
	});

	it('gives every child a plausible age and a full address', async () => {
		const rows = await sql<
			{ geboortedatum: string; titel: string | null; woonadres: Record<string, string> }[]
		>`select d.geboortedatum, d.woonadres,
				(select t.name from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id
					where h.dossier_id = d.id limit 1) as titel
			from dossier d`;
		for (const r of rows) {
			const age = 2026 - Number(r.geboortedatum.slice(0, 4));
			if (r.titel === 'Jonge kind (3,2 - 4 jr) advisering') expect(age).toBeLessThanOrEqual(4);
			else expect(age).toBeGreaterThanOrEqual(4);
			expect(age).toBeLessThanOrEqual(12);
			expect(Object.keys(r.woonadres).sort()).toEqual([
				'huisnummer',
				'plaats',
				'postcode',
				'straat'
			]);
		}
	});

	it('changes nothing when seeded again', async () => {
		const before = await counts();
		const lines = await fingerprint(sql);
		await demo.seed(sql);
		expect(await counts()).toEqual(before);
		expect(await fingerprint(sql)).toEqual(lines);
	});
});

describe('demo dossiers on another database', () => {
	let other: Sql;
	let otherName: string;
	let dir: string;
	const admin = () => {
		const u = new URL(inject('testDatabaseServerUrl'));
		return postgres(u.toString(), { max: 1, onnotice: () => undefined });
	};

	beforeAll(async () => {
		otherName = `${globalThis.process.env.TEST_DATABASE_NAME}_again`;
		const a = admin();
		await a.unsafe(`create database "${otherName}" template "${inject('testDatabaseTemplate')}"`);
		await a.end();
		const u = new URL(inject('testDatabaseServerUrl'));
		u.pathname = `/${otherName}`;
		other = postgres(u.toString(), {
			max: 1,
			transform: postgres.camel,
			onnotice: () => undefined
		}) as unknown as Sql;
		dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kindkring-demo-again-'));
	});

	afterAll(async () => {
		await other?.end();
		const a = admin();
		await a.unsafe(`drop database if exists "${otherName}" with (force)`);
		await a.end();
		await fs.rm(dir, { recursive: true, force: true });
	});

	it('is the same data, dates and PDFs on every run', async () => {
		const store = new BlobStore(dir);
		await demo.seed(other, { store });
		expect(await fingerprint(other)).toEqual(await fingerprint(sql));
		expect((await store.list()).sort()).toEqual((await files.blobs().list()).sort());
	});
});

async function hulpvraagFacts(dossierId: string): Promise<(HulpvraagFacts & { id: string })[]> {
	const rows = await sql<
		{
			id: string;
			organisationId: string;
			schoolId: string | null;
			voorlopig: boolean;
			parentVisible: boolean;
			endsVoorschoolAccess: boolean;
			closesAttachments: boolean;
			parentEmails: string[];
			voorschool: string[];
			currentSchoolIds: string[];
			ended: boolean;
		}[]
	>`
		select h.id, h.organisation_id, h.school_id, s.voorlopig, s.parent_visible, s.ends_voorschool_access,
			s.closes_attachments,
			array(select email from dossier_parent_email e where e.dossier_id = h.dossier_id) as parent_emails,
			array(select account_id::text from hulpvraag_link l where l.hulpvraag_id = h.id) as voorschool,
			array(select distinct p.school_id from school_period p where p.dossier_id = h.dossier_id
				and (p.end_date is null or p.end_date >= current_date)) as current_school_ids,
			exists (select 1 from status_change c join process_status x on x.id = c.to_status_id
				where c.hulpvraag_id = h.id and x.ends_voorschool_access) as ended
		from hulpvraag h join process_status s on s.id = h.status_id where h.dossier_id = ${dossierId}`;
	return rows.map((r) => ({
		id: r.id,
		type: 'hulpvraag',
		organisationId: r.organisationId,
		schoolId: r.schoolId,
		currentSchoolIds: r.currentSchoolIds,
		status: {
			voorlopig: r.voorlopig,
			parentVisible: r.parentVisible,
			endsVoorschoolAccess: r.endsVoorschoolAccess,
			closesAttachments: r.closesAttachments
		},
		parentEmails: r.parentEmails,
		voorschoolAccountIds: r.voorschool,
		voorschoolAccessEnded: r.ended
	}));
}

describe('the overview over the demo dossiers', () => {
	it('lists for every staff account exactly what the policy lets it view', async () => {
		const accounts = await sql<
			{ id: string; organisationId: string; roles: string[]; email: string; username: string }[]
		>`select id, organisation_id, roles, email, username from account
			where not (roles <@ array['ouder', 'extern']::text[])`;
		const all = await sql<{ id: string; organisationId: string }[]>`
			select id, organisation_id from hulpvraag`;
		expect(all.length).toBeGreaterThan(40);
		for (const account of accounts) {
			const actor = await actorFor(sql, account);
			const listed: string[] = [];
			for (let page = 1; ; page++) {
				const result = await overview.list(sql, actor, overview.emptyFilters, page);
				listed.push(...result.rows.map((r) => r.id));
				if (page >= result.pages) break;
			}
			const allowed: string[] = [];
			for (const h of all) {
				const facts = await factsOfHulpvraag(sql, h.organisationId, h.id);
				if (facts && may(actor, 'view', facts).allowed) allowed.push(h.id);
			}
			expect(listed.sort(), account.username).toEqual(allowed.sort());
		}
	});
});
