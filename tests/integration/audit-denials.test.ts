import { isHttpError } from '@sveltejs/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import * as audit from '../../src/lib/server/audit';
import { sql } from '../../src/lib/server/db';
import * as bijlagen from '../../src/lib/server/dossiers/bijlagen';
import { hulpvraagFacts } from '../../src/lib/server/dossiers/facts';
import { viewDossier, viewHulpvraag } from '../../src/lib/server/dossiers/guard';
import { seedWorld, type World } from '../support/demo-world';

let w: World;
/** A dossier of Lotte's school (PO2806), one of its hulpvragen and a bijlage of that. */
let target: { dossierId: string; hulpvraagId: string; bijlageId: string };

interface Row {
	id: string;
	occurredAt: Date;
	organisationId: string | null;
	accountId: string | null;
	action: string;
	targetType: string | null;
	targetId: string | null;
	ipHash: string | null;
	details: Record<string, unknown>;
}

async function rows(action: string, targetId: string, accountId?: string): Promise<Row[]> {
	return sql<Row[]>`
		select id, occurred_at, organisation_id, account_id, action, target_type, target_id, ip_hash, details
		from audit_log
		where action = ${action} and target_id = ${targetId}
			${accountId ? sql`and account_id = ${accountId}` : sql``}
		order by id`;
}

async function acting(username: string, ipHash: string): Promise<Actor> {
	return { ...(await w.acting(username)), ipHash };
}

async function status(promise: Promise<unknown>): Promise<number> {
	const thrown = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	if (!isHttpError(thrown)) throw new Error(`expected an HTTP error, got ${String(thrown)}`);
	return thrown.status;
}

beforeAll(async () => {
	w = await seedWorld(sql);
	const [row] = await sql<{ dossierId: string; hulpvraagId: string; bijlageId: string }[]>`
		select h.dossier_id, h.id as hulpvraag_id, b.id as bijlage_id
		from bijlage b join hulpvraag h on h.id = b.hulpvraag_id
		where h.organisation_id = ${w.org.PO2806} and h.school_id = ${w.school('21XA00')}
			and b.removed_at is null and not b.parent_visible
			-- A child still at the school: a school the child left does not see the dossier.
			and exists (select 1 from school_period p where p.dossier_id = h.dossier_id
				and p.school_id = h.school_id and (p.end_date is null or p.end_date >= current_date))
		order by b.id limit 1`;
	target = row!;
});

describe('denied views', () => {
	it('a user of another organisation gets 404 for a dossier, hulpvraag and bijlage, and each attempt is an audit row with the fields of an allowed view and result denied', async () => {
		const lotte = await acting('lotte.vandam', 'hash-lotte');
		const karin = await acting('karin.dekker', 'hash-karin');

		await viewDossier(sql, lotte, target.dossierId, { page: 'basisgegevens' });
		expect(await status(viewDossier(sql, karin, target.dossierId, { page: 'basisgegevens' }))).toBe(
			404
		);
		const [allowed] = await rows('dossier.view', target.dossierId, lotte.accountId);
		const [denied] = await rows('dossier.view', target.dossierId, karin.accountId);
		expect(Object.keys(denied!).sort()).toEqual(Object.keys(allowed!).sort());
		expect(allowed!.details).toEqual({ page: 'basisgegevens' });
		expect(denied).toMatchObject({
			organisationId: w.org.PO2507,
			accountId: karin.accountId,
			targetType: 'dossier',
			ipHash: 'hash-karin',
			details: { page: 'basisgegevens', result: 'denied', count: 1 }
		});

		expect(await status(viewHulpvraag(sql, karin, target.hulpvraagId))).toBe(404);
		expect(await rows('hulpvraag.view', target.hulpvraagId, karin.accountId)).toMatchObject([
			{
				organisationId: w.org.PO2507,
				targetType: 'hulpvraag',
				ipHash: 'hash-karin',
				details: { result: 'denied', count: 1 }
			}
		]);

		const facts = (id: string) => hulpvraagFacts(sql, karin.organisationId, id);
		expect(await bijlagen.open(sql, karin, facts, target.bijlageId, 'download')).toBeUndefined();
		expect(await rows('bijlage.download', target.bijlageId, karin.accountId)).toMatchObject([
			{
				organisationId: w.org.PO2507,
				targetType: 'bijlage',
				ipHash: 'hash-karin',
				details: { result: 'denied', count: 1 }
			}
		]);
	});

	it('logs a colleague of another school of the same organisation the same way, naming the hulpvraag of the bijlage', async () => {
		const rachid = await acting('rachid.elamrani', 'hash-rachid');
		expect(await status(viewHulpvraag(sql, rachid, target.hulpvraagId))).toBe(404);
		expect(await rows('hulpvraag.view', target.hulpvraagId, rachid.accountId)).toHaveLength(1);
		const facts = (id: string) => hulpvraagFacts(sql, rachid.organisationId, id);
		expect(await bijlagen.open(sql, rachid, facts, target.bijlageId, 'view')).toBeUndefined();
		expect(await rows('bijlage.view', target.bijlageId, rachid.accountId)).toMatchObject([
			{
				organisationId: w.org.PO2806,
				details: { hulpvraag: target.hulpvraagId, result: 'denied', count: 1 }
			}
		]);
	});

	it('does not log an id that is no uuid: it names nothing', async () => {
		const karin = await acting('karin.dekker', 'hash-karin');
		const before = await sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
		expect(await status(viewDossier(sql, karin, "'; drop table dossier; --"))).toBe(404);
		const after = await sql<{ n: number }[]>`select count(*)::int as n from audit_log`;
		expect(after[0]!.n).toBe(before[0]!.n);
	});

	it('50 denied requests within a minute give one row at once and, when the minute is over, one row with the other 49', async () => {
		const karin = await acting('karin.dekker', 'hash-crawler');
		const [fresh] = await sql<{ id: string }[]>`
			select id from dossier where organisation_id = ${w.org.PO2806} and id <> ${target.dossierId}
			order by id limit 1`;
		const dossierId = fresh!.id;
		// All at once, through the door of the dossier pages.
		const answers = await Promise.all(
			Array.from({ length: 50 }, () => status(viewDossier(sql, karin, dossierId)))
		);
		expect(new Set(answers)).toEqual(new Set([404]));
		const during = await rows('dossier.view', dossierId, karin.accountId);
		expect(during).toHaveLength(1);
		expect(during[0]!.details).toEqual({ result: 'denied', count: 1 });

		// A flush before the minute is over writes nothing; after it, the rest of the count.
		expect(await audit.flushDenials(sql, new Date())).toBe(0);
		expect(await audit.flushDenials(sql, new Date(Date.now() + audit.denialWindowMs))).toBe(1);
		const after = await rows('dossier.view', dossierId, karin.accountId);
		expect(after).toHaveLength(2);
		expect(after[1]!.details).toEqual({ result: 'denied', count: 49, first: during[0]!.id });
		expect(after.reduce((n, r) => n + Number(r.details.count), 0)).toBe(50);
		expect(after[1]).toMatchObject({ organisationId: w.org.PO2507, ipHash: 'hash-crawler' });
	});

	it('the first denial after a closed window writes that window and opens a new one', async () => {
		const karin = await acting('karin.dekker', 'hash-karin');
		const entry = {
			organisationId: karin.organisationId,
			accountId: karin.accountId,
			action: 'hulpvraag.view',
			targetType: 'hulpvraag',
			targetId: '00000000-0000-4000-8000-000000000001',
			ipHash: karin.ipHash
		};
		const t0 = new Date('2030-01-01T10:00:00Z');
		const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
		for (let s = 0; s < 30; s++) await audit.denied(sql, entry, at(s));
		// The same target in upper case is the same target.
		await audit.denied(sql, { ...entry, targetId: entry.targetId.toUpperCase() }, at(59));
		expect(await rows(entry.action, entry.targetId)).toHaveLength(1);
		await audit.denied(sql, entry, at(60));
		await audit.denied(sql, entry, at(61));
		const written = await rows(entry.action, entry.targetId);
		expect(written.map((r) => r.details.count)).toEqual([1, 30, 1]);
		expect(written[1]!.occurredAt).toEqual(at(59));
		// The new window has one repeat so far, waiting for its minute to end.
		await audit.flushDenials(sql, at(200));
		expect((await rows(entry.action, entry.targetId)).map((r) => r.details.count)).toEqual([
			1, 30, 1, 1
		]);
	});
});
