/**
 * Removing a bijlage: after "dit bestand is al toegevoegd" the uploader removes the second
 * copy, while the status still allows adding bijlagen; a beheerder removes any. Removal is
 * soft (removed_at/removed_by stay for the audit trail) and audited; the bijlage is then in
 * no list and no count and no longer served (410 to whoever could see it, 404 to others).
 * Every other role is refused inside the domain function, whatever its page shows. And the
 * file-name search on the list.
 */
import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { sql } from '../../src/lib/server/db';
import * as bijlagen from '../../src/lib/server/dossiers/bijlagen';
import { hulpvraagFacts } from '../../src/lib/server/dossiers/facts';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import * as parents from '../../src/lib/server/parents/view';
import { makeDossier, seedWorld, type World } from '../support/demo-world';
import { minimalPdf } from '../support/files';

let w: World;
let lotte: Actor; // IB'er, OBS De Vuurtoren, the uploader below
let nora: Actor; // SCP

beforeAll(async () => {
	w = await seedWorld(sql);
	lotte = await w.acting('lotte.vandam');
	nora = await w.acting('nora.yilmaz');
});

/** A submitted hulpvraag of De Vuurtoren for a child of Sanne Bakker. */
async function submitted(): Promise<string> {
	const dossierId = await makeDossier(sql, lotte, w.school('21XA00'), {}, [
		'sanne.bakker@example.com'
	]);
	const id = await hulpvraag.create(sql, lotte, {
		dossierId,
		schoolId: w.school('21XA00'),
		datum: '2026-03-02',
		titelId: w.titel('PO2806', 'Ambulante Begeleiding'),
		omschrijving: '',
		coordinatorId: null,
		labels: []
	});
	return id;
}

async function move(actor: Actor, id: string, to: string) {
	const h = (await hulpvraag.get(sql, actor.organisationId, id))!;
	await hulpvraag.changeStatus(sql, actor, {
		hulpvraagId: id,
		toStatusId: w.status('PO2806', to),
		reason: to === 'Afgerond' ? 'Klaar' : '',
		version: h.version
	});
}

const facts = async (id: string, organisationId = w.org.PO2806) =>
	(await hulpvraagFacts(sql, organisationId, id))!;

async function upload(actor: Actor, id: string, name: string, text: string, shared = false) {
	const outcome = await bijlagen.upload(
		sql,
		actor,
		await facts(id, actor.organisationId),
		(async function* () {
			yield { name, stream: Readable.from([minimalPdf(text)]) };
		})(),
		{ parentVisible: shared }
	);
	const [result] = outcome.results;
	expect(result?.ok, result?.error).toBe(true);
	return result!;
}

const listed = async (actor: Actor, id: string, search?: string) =>
	(await bijlagen.list(sql, actor, await facts(id), { search })).map((b) => b.displayName);

const opener = (organisationId: string) => (id: string) => hulpvraagFacts(sql, organisationId, id);

describe('the uploader removes the second copy', () => {
	it('keeps the row for the audit trail, audits it, and takes it out of every list, count and download', async () => {
		const id = await submitted();
		await upload(lotte, id, 'OPP_Testnaam_060126.pdf', 'OPP');
		const copy = await upload(lotte, id, 'OPP_Testnaam_060126 (1).pdf', 'OPP', true);
		expect(copy.warnings.join(' ')).toContain('Dit bestand is al toegevoegd');
		const dossierId = (await facts(id)).dossierId;
		const sanne = await w.acting('sanne.bakker');
		const sharedCount = async () =>
			(await parents.children(sql, sanne)).flatMap((c) => c.hulpvragen).find((h) => h.id === id)!
				.sharedBijlagen;
		expect(await sharedCount()).toBe(1);
		expect((await bijlagen.list(sql, lotte, await facts(id))).map((b) => b.canRemove)).toEqual([
			true,
			true
		]);

		const removed = await bijlagen.remove(sql, lotte, await facts(id), copy.id!);
		expect(removed.displayName).toBe(copy.displayName);

		const [row] = await sql<{ removedAt: Date | null; removedBy: string | null }[]>`
			select removed_at, removed_by from bijlage where id = ${copy.id!}`;
		expect(row!.removedAt).toBeInstanceOf(Date);
		expect(row!.removedBy).toBe(lotte.accountId);
		const audit = await sql<{ accountId: string; details: Record<string, unknown> }[]>`
			select account_id, details from audit_log
			where action = 'bijlage.remove' and target_id = ${copy.id!}`;
		expect(audit).toEqual([
			{ accountId: lotte.accountId, details: { hulpvraag: id, addedBy: lotte.accountId } }
		]);

		expect(await listed(lotte, id)).toEqual(['OPP_Testnaam_060126.pdf']);
		expect(await listed(nora, id)).toEqual(['OPP_Testnaam_060126.pdf']);
		expect((await hulpvraag.get(sql, w.org.PO2806, id))!.bijlagen).toBe(1);
		expect(await sharedCount()).toBe(0);
		expect((await parents.hulpvraag(sql, sanne, dossierId, id))!.bijlagen).toEqual([]);

		// Whoever could see it is told it was removed (410); anyone else gets 404.
		for (const username of ['lotte.vandam', 'nora.yilmaz', 'beheer.femke']) {
			const actor = await w.acting(username);
			const opened = await bijlagen.open(sql, actor, opener(w.org.PO2806), copy.id!, 'view');
			expect(opened?.kind, username).toBe('gone');
			if (opened?.kind === 'gone')
				expect(opened.gone.message).toMatch(/^Deze bijlage is verwijderd op /);
		}
		for (const username of ['rachid.elamrani', 'mila.jansen', 'beheer.joost']) {
			const actor = await w.acting(username);
			const open = bijlagen.open(sql, actor, opener(actor.organisationId), copy.id!, 'download');
			expect(await open, username).toBeUndefined();
		}

		// A second removal finds nothing; the audit trail keeps one row.
		await expect(bijlagen.remove(sql, lotte, await facts(id), copy.id!)).rejects.toThrow(
			bijlagen.NotFound
		);
		const [counted] = await sql<{ n: number }[]>`
			select count(*)::int as n from audit_log where action = 'bijlage.remove' and target_id = ${copy.id!}`;
		expect(counted!.n).toBe(1);
	});

	it('no longer once the status closes the hulpvraag for bijlagen; a beheerder still can', async () => {
		const id = await submitted();
		const mine = await upload(lotte, id, 'Groeidocument_Testnaam.pdf', 'Groeidocument');
		await move(nora, id, 'Dossier compleet');
		await move(nora, id, 'Toegekend');
		expect((await bijlagen.list(sql, lotte, await facts(id)))[0]!.canRemove).toBe(true);
		await move(nora, id, 'Afgerond');
		expect((await bijlagen.list(sql, lotte, await facts(id)))[0]!.canRemove).toBe(false);
		await expect(bijlagen.remove(sql, lotte, await facts(id), mine.id!)).rejects.toThrow(
			bijlagen.Refused
		);
		const femke = await w.acting('beheer.femke');
		expect((await bijlagen.list(sql, femke, await facts(id)))[0]!.canRemove).toBe(true);
		await bijlagen.remove(sql, femke, await facts(id), mine.id!);
		const [row] = await sql<{ removedBy: string }[]>`
			select removed_by from bijlage where id = ${mine.id!}`;
		expect(row!.removedBy).toBe(femke.accountId);
		expect(await listed(lotte, id)).toEqual([]);
	});
});

describe('what every other role must not do', () => {
	it('refuses anyone but the uploader and beheerders, and changes nothing', async () => {
		const id = await submitted();
		const mine = await upload(lotte, id, 'Verslag_Testnaam.pdf', 'Verslag', true);
		// Sees it (the school, the SWV, the parent it is shared with) but did not add it.
		for (const username of [
			'henk.degroot',
			'nora.yilmaz',
			'pieter.verbeek',
			'anouk.smit',
			'sanne.bakker'
		]) {
			const actor = await w.acting(username);
			const list = await bijlagen.list(sql, actor, await facts(id));
			expect(
				list.map((b) => b.canRemove),
				username
			).toEqual([false]);
			await expect(
				bijlagen.remove(sql, actor, await facts(id), mine.id!),
				username
			).rejects.toThrow(bijlagen.Refused);
		}
		// Does not see it at all: another school, an extern outside any overlegronde, the
		// pre-school of another organisation, a beheerder of another organisation.
		for (const username of ['rachid.elamrani', 'mila.jansen', 'fatima.ouali', 'beheer.joost']) {
			const actor = await w.acting(username);
			await expect(
				bijlagen.remove(sql, actor, await facts(id), mine.id!),
				username
			).rejects.toThrow(bijlagen.NotFound);
		}
		// Not a bijlage of this hulpvraag, or no id at all.
		const other = await submitted();
		await expect(bijlagen.remove(sql, lotte, await facts(other), mine.id!)).rejects.toThrow(
			bijlagen.NotFound
		);
		await expect(bijlagen.remove(sql, lotte, await facts(id), 'geen-id')).rejects.toThrow(
			bijlagen.NotFound
		);
		// Not even by SQL past the module: a removal always says by whom.
		await expect(sql`update bijlage set removed_at = now() where id = ${mine.id!}`).rejects.toThrow(
			/bijlage_removed_by_whom/
		);
		const [row] = await sql<{ removedAt: Date | null }[]>`
			select removed_at from bijlage where id = ${mine.id!}`;
		expect(row!.removedAt).toBeNull();
		const [counted] = await sql<{ n: number }[]>`
			select count(*)::int as n from audit_log where action = 'bijlage.remove' and target_id = ${mine.id!}`;
		expect(counted!.n).toBe(0);
	});

	it('the pre-school removes its own upload while linked, and nothing once its access ended', async () => {
		const fatima = await w.acting('fatima.ouali');
		const links = await sql<{ id: string; ended: boolean; closed: boolean }[]>`
			select h.id, s.closes_attachments as closed, exists (select 1 from status_change c join process_status e on e.id = c.to_status_id
				where c.hulpvraag_id = h.id and e.ends_voorschool_access) as ended
			from hulpvraag_link l join hulpvraag h on h.id = l.hulpvraag_id
			join process_status s on s.id = h.status_id
			where l.account_id = ${fatima.accountId} and l.role = 'voorschool'
			order by h.created_at`;
		const live = links.find((l) => !l.ended && !l.closed);
		const ended = links.find((l) => l.ended);
		expect(live && ended, 'demo data: a live and an ended Jonge Kind hulpvraag').toBeTruthy();
		const liveFacts = await facts(live!.id, fatima.organisationId);
		const mine = await upload(fatima, live!.id, 'Observatie_peuterspeelzaal.pdf', 'Observatie');
		await bijlagen.remove(sql, fatima, liveFacts, mine.id!);
		const after = await bijlagen.list(sql, fatima, await facts(live!.id, fatima.organisationId));
		expect(after.map((b) => b.id)).not.toContain(mine.id);

		const [own] = await sql<{ id: string }[]>`
			select id from bijlage where hulpvraag_id = ${ended!.id} and added_by = ${fatima.accountId}
				and removed_at is null limit 1`;
		expect(own, 'demo data: her bijlage on the ended hulpvraag').toBeTruthy();
		await expect(
			bijlagen.remove(sql, fatima, await facts(ended!.id, fatima.organisationId), own!.id)
		).rejects.toThrow(bijlagen.NotFound);
	});
});

describe('searching the list by file name', () => {
	it('keeps the names that contain the term, in any case, and takes the term literally', async () => {
		const id = await submitted();
		await upload(lotte, id, 'OPP_Testnaam_2026.pdf', 'een');
		await upload(lotte, id, 'Groeidocument_Testnaam.pdf', 'twee');
		await upload(lotte, id, 'Verslag 100% klaar.pdf', 'drie');
		expect(await listed(lotte, id, 'opp')).toEqual(['OPP_Testnaam_2026.pdf']);
		expect((await listed(lotte, id, 'TESTNAAM')).sort()).toEqual([
			'Groeidocument_Testnaam.pdf',
			'OPP_Testnaam_2026.pdf'
		]);
		expect(await listed(lotte, id, '%')).toEqual(['Verslag 100% klaar.pdf']);
		expect((await listed(lotte, id, '_')).sort()).toEqual([
			'Groeidocument_Testnaam.pdf',
			'OPP_Testnaam_2026.pdf'
		]);
		expect(await listed(lotte, id, 'bestaat niet')).toEqual([]);
		expect(await listed(lotte, id, '   ')).toHaveLength(3);
		// The search never widens what the actor may see.
		expect(await listed(await w.acting('rachid.elamrani'), id, 'opp')).toEqual([]);
	});
});
