/**
 * A personeelswissel: the aanvrager of a hulpvraag (who gets the status mails) is handed
 * over, one hulpvraag at a time or all open hulpvragen of a school at once; and a
 * deactivated account gets no mail, also none that was already queued.
 */
import { NotAllowed } from '../../src/lib/server/access/authorize';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import * as change from '../../src/lib/server/beheer/account-actions';
import { sql } from '../../src/lib/server/db';
import * as aanvrager from '../../src/lib/server/dossiers/aanvrager';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import * as outbox from '../../src/lib/server/mail/outbox';
import * as sender from '../../src/lib/server/mail/sender';
import { makeDossier, seedWorld, type World } from '../support/demo-world';
import { startSmtp, type SmtpListener } from '../support/smtp';

let w: World;
let lotte: Actor; // IB'er, OBS De Vuurtoren (21XA00)
let henk: Actor; // directeur, OBS De Vuurtoren
let rachid: Actor; // IB'er of two other schools
let nora: Actor; // SCP
let femke: Actor; // beheerder
let smtp: SmtpListener;

beforeAll(async () => {
	w = await seedWorld(sql);
	lotte = await w.acting('lotte.vandam');
	henk = await w.acting('henk.degroot');
	rachid = await w.acting('rachid.elamrani');
	nora = await w.acting('nora.yilmaz');
	femke = await w.acting('beheer.femke');
	smtp = await startSmtp();
});

afterAll(async () => {
	await smtp.stop();
});

let accounts = 0;

/** A new account of PPO Rotterdam, linked to `brin` when given. */
async function newAccount(
	roles: string[],
	brin: string | null,
	state = 'active'
): Promise<{ id: string; email: string }> {
	accounts++;
	const username = `test.aanvrager.${accounts}`;
	const [row] = await sql<{ id: string; email: string }[]>`
		insert into account (organisation_id, username, email, display_name, roles, state)
		values (${w.org.PO2806}, ${username}, ${username + '@vuurtoren.example.nl'},
			${'Nieuwe Collega ' + accounts}, ${roles}, ${state})
		returning id, email`;
	if (brin) {
		await sql`insert into account_school (account_id, school_id) values (${row!.id}, ${w.school(brin)})`;
	}
	return row!;
}

/** A hulpvraag of De Vuurtoren asked by `by`, submitted to the SWV (status Aanmelding). */
async function submitted(by: Actor = lotte): Promise<string> {
	const dossierId = await makeDossier(sql, by, w.school('21XA00'));
	const id = await hulpvraag.create(sql, by, {
		dossierId,
		schoolId: w.school('21XA00'),
		datum: '2026-10-01',
		titelId: w.titel('PO2806', 'Herstart junior'),
		omschrijving: '',
		coordinatorId: null,
		labels: []
	});
	// Submitted when made.
	expect((await hulpvraag.get(sql, w.org.PO2806, id))!.status).toBe('Aanmelding');
	return id;
}

async function move(actor: Actor, id: string, to: string, reason = 'Reden voor de test') {
	const h = (await hulpvraag.get(sql, actor.organisationId, id))!;
	await hulpvraag.changeStatus(sql, actor, {
		hulpvraagId: id,
		toStatusId: w.status('PO2806', to),
		reason,
		version: h.version
	});
}

async function statusMailsTo(accountId: string, hulpvraagId: string): Promise<number> {
	const rows = await sql`select 1 from outbox where kind = 'hulpvraag.status'
		and account_id = ${accountId} and text_body like ${'%/hulpvragen/' + hulpvraagId + '%'}`;
	return rows.length;
}

async function aanvragerOf(id: string): Promise<string | null> {
	const [row] = await sql<{ aanvragerId: string | null }[]>`
		select aanvrager_id from hulpvraag where id = ${id}`;
	return row!.aanvragerId;
}

describe('one hulpvraag handed to another aanvrager', () => {
	it('mails the status to the new aanvrager from then on, no longer to the one who asked', async () => {
		const id = await submitted();
		await move(nora, id, 'Doorzetten SCP');
		expect(await statusMailsTo(lotte.accountId, id)).toBe(1);

		await aanvrager.change(sql, lotte, id, henk.accountId);
		expect(await aanvragerOf(id)).toBe(henk.accountId);
		expect((await hulpvraag.get(sql, w.org.PO2806, id))!.aanvrager).toBe('Henk de Groot');
		await move(nora, id, 'Dossier compleet');
		expect(await statusMailsTo(henk.accountId, id)).toBe(1);
		expect(await statusMailsTo(lotte.accountId, id)).toBe(1);

		const audit = await sql<{ accountId: string; details: Record<string, string> }[]>`
			select account_id, details from audit_log
			where action = 'hulpvraag.aanvrager.change' and target_id = ${id}`;
		expect(audit).toEqual([
			{ accountId: lotte.accountId, details: { from: lotte.accountId, to: henk.accountId } }
		]);
		// The new aanvrager hears of it, with the title and a link, not the child's name.
		const [mail] = await sql<{ subject: string; textBody: string }[]>`
			select subject, text_body from outbox where kind = 'hulpvraag.aanvrager' and account_id = ${henk.accountId}
				and text_body like ${'%/hulpvragen/' + id + '%'}`;
		expect(mail!.subject).toBe('U bent aanvrager van een hulpvraag: Herstart junior');
		expect(mail!.textBody).toContain('Lotte van Dam heeft u aanvrager gemaakt');
		expect(mail!.textBody).not.toMatch(/Kind\d+|Testnaam\d+/);
	});

	it('goes only to an active IB’er or directeur of the hulpvraag’s school', async () => {
		const id = await submitted();
		const gone = await newAccount(['ib'], '21XA00', 'deactivated');
		const elsewhere = await newAccount(['ib'], '21XC00');
		const notAtSchool = await newAccount(['directeur'], null);
		for (const to of [
			rachid.accountId,
			nora.accountId,
			femke.accountId,
			gone.id,
			elsewhere.id,
			notAtSchool.id,
			'',
			'geen-uuid'
		]) {
			await expect(aanvrager.change(sql, lotte, id, to), to).rejects.toBeInstanceOf(
				aanvrager.Invalid
			);
		}
		expect(await aanvragerOf(id)).toBe(lotte.accountId);
		const candidates = await aanvrager.candidates(sql, w.org.PO2806, w.school('21XA00'));
		expect(candidates.map((c) => c.id)).toEqual(
			expect.arrayContaining([lotte.accountId, henk.accountId])
		);
		expect(candidates.map((c) => c.id)).not.toContain(gone.id);
		expect(candidates.map((c) => c.id)).not.toContain(elsewhere.id);
	});

	it('is done by whoever may edit the hulpvraag; for anyone else it does not exist', async () => {
		const id = await submitted();
		for (const username of ['rachid.elamrani', 'sanne.bakker', 'mila.jansen', 'beheer.joost']) {
			await expect(
				aanvrager.change(sql, await w.acting(username), id, henk.accountId),
				username
			).rejects.toBeInstanceOf(NotAllowed);
		}
		expect(await aanvragerOf(id)).toBe(lotte.accountId);
		// The SWV edits submitted hulpvragen, so it may hand one over too.
		await aanvrager.change(sql, nora, id, henk.accountId);
		expect(await aanvragerOf(id)).toBe(henk.accountId);
	});

	it('is not for a school the child has left', async () => {
		const id = await submitted();
		const [h] = await sql<
			{ dossierId: string }[]
		>`select dossier_id from hulpvraag where id = ${id}`;
		await sql`update school_period set end_date = '2024-07-12' where dossier_id = ${h!.dossierId}`;
		await sql`insert into school_period (dossier_id, school_id, start_date)
			values (${h!.dossierId}, ${w.school('21XC00')}, '2024-08-26')`;
		await expect(aanvrager.change(sql, lotte, id, henk.accountId)).rejects.toBeInstanceOf(
			NotAllowed
		);
		await expect(aanvrager.change(sql, henk, id, henk.accountId)).rejects.toBeInstanceOf(
			NotAllowed
		);
		expect(await aanvragerOf(id)).toBe(lotte.accountId);
	});
});

describe('all open hulpvragen of a school handed over at once', () => {
	const vuurtoren = () => w.school('21XA00');

	async function ofLotte(final: boolean): Promise<string[]> {
		const rows = await sql<{ id: string }[]>`
			select h.id from hulpvraag h join process_status s on s.id = h.status_id
			where h.school_id = ${vuurtoren()} and h.aanvrager_id = ${lotte.accountId} and s.final = ${final}
			order by h.id`;
		return rows.map((r) => r.id);
	}

	it('is for the school’s directeur and beheerders; for anyone else there is nothing', async () => {
		const to = await newAccount(['ib'], '21XA00');
		const input = { schoolId: vuurtoren(), fromAccountId: lotte.accountId, toAccountId: to.id };
		const before = await ofLotte(false);
		for (const username of [
			'lotte.vandam',
			'rachid.elamrani',
			'nora.yilmaz',
			'pieter.verbeek',
			'sanne.bakker',
			'mila.jansen',
			'willem.hendriks',
			'beheer.joost'
		]) {
			await expect(
				aanvrager.handover(sql, await w.acting(username), input),
				username
			).rejects.toBeInstanceOf(NotAllowed);
		}
		// Henk is directeur of De Vuurtoren only.
		await expect(
			aanvrager.handover(sql, henk, { ...input, schoolId: w.school('21XC00') })
		).rejects.toBeInstanceOf(NotAllowed);
		expect(await ofLotte(false)).toEqual(before);
		expect((await aanvrager.handoverSchools(sql, henk)).map((s) => s.brinVestiging)).toEqual([
			'21XA00'
		]);
		expect(await aanvrager.handoverSchools(sql, lotte)).toEqual([]);
		expect((await aanvrager.handoverSchools(sql, femke)).length).toBe(5);
	});

	it('refuses a wrong choice with a message that says what to do, and changes nothing', async () => {
		const before = await ofLotte(false);
		const cases: [aanvrager.HandoverInput, string][] = [
			[
				{ schoolId: vuurtoren(), fromAccountId: lotte.accountId, toAccountId: rachid.accountId },
				'naar'
			],
			[
				{ schoolId: vuurtoren(), fromAccountId: lotte.accountId, toAccountId: lotte.accountId },
				'naar'
			],
			[
				{ schoolId: vuurtoren(), fromAccountId: nora.accountId, toAccountId: henk.accountId },
				'van'
			],
			[{ schoolId: vuurtoren(), fromAccountId: 'x', toAccountId: henk.accountId }, 'van']
		];
		for (const [input, field] of cases) {
			const error = await aanvrager.handover(sql, henk, input).catch((e: unknown) => e);
			expect(error, JSON.stringify(input)).toBeInstanceOf(aanvrager.Invalid);
			expect(Object.keys((error as aanvrager.Invalid).errors)).toEqual([field]);
		}
		expect(await ofLotte(false)).toEqual(before);
	});

	it('moves every open hulpvraag of that aanvrager at that school in one step, audited, with one mail', async () => {
		const to = await newAccount(['ib'], '21XA00');
		// Lotte also asked at another school she works for: that one stays hers.
		await sql`insert into account_school (account_id, school_id) values (${lotte.accountId}, ${w.school('21XB00')})`;
		const elsewhereActor = await w.acting('lotte.vandam');
		const elsewhereDossier = await makeDossier(sql, elsewhereActor, w.school('21XB00'));
		const elsewhere = await hulpvraag.create(sql, elsewhereActor, {
			dossierId: elsewhereDossier,
			schoolId: w.school('21XB00'),
			datum: '2026-10-01',
			titelId: w.titel('PO2806', 'KANS'),
			omschrijving: '',
			coordinatorId: null,
			labels: []
		});
		await submitted();
		const open = await ofLotte(false);
		const final = await ofLotte(true);
		expect(open.length).toBeGreaterThanOrEqual(6);
		expect(final.length).toBeGreaterThanOrEqual(1);

		const result = await aanvrager.handover(sql, henk, {
			schoolId: vuurtoren(),
			fromAccountId: lotte.accountId,
			toAccountId: to.id
		});
		expect(result).toEqual({ moved: open.length, to: `Nieuwe Collega ${accounts}` });
		expect(await ofLotte(false)).toEqual([]);
		// Finished hulpvragen keep who asked them; other schools are not touched.
		expect(await ofLotte(true)).toEqual(final);
		expect(await aanvragerOf(elsewhere)).toBe(lotte.accountId);
		const moved = await sql<{ id: string }[]>`
			select id from hulpvraag where aanvrager_id = ${to.id} order by id`;
		expect(moved.map((r) => r.id)).toEqual(open);

		const audit = await sql<{ targetId: string; accountId: string; details: object }[]>`
			select target_id, account_id, details from audit_log where action = 'hulpvraag.aanvrager.handover'
			order by target_id`;
		expect(audit).toEqual(
			open.map((id) => ({
				targetId: id,
				accountId: henk.accountId,
				details: { from: lotte.accountId, to: to.id, school: vuurtoren() }
			}))
		);

		const mails = await sql<{ subject: string; textBody: string }[]>`
			select subject, text_body from outbox where account_id = ${to.id}`;
		expect(mails).toHaveLength(1);
		expect(mails[0]!.subject).toBe(
			`U bent aanvrager van ${open.length} hulpvragen van OBS De Vuurtoren`
		);
		for (const id of open) expect(mails[0]!.textBody).toContain(`/hulpvragen/${id}`);
		const children = await sql<{ roepnaam: string; achternaam: string }[]>`
			select d.roepnaam, d.achternaam from dossier d join hulpvraag h on h.dossier_id = d.id
			where h.id = any(${open}::uuid[])`;
		for (const c of children) {
			expect(mails[0]!.textBody).not.toContain(c.achternaam);
		}

		// The next status change mails the new aanvrager, not Lotte.
		const [submittedOne] = await sql<{ id: string }[]>`
			select h.id from hulpvraag h join process_status s on s.id = h.status_id
			where h.id = any(${open}::uuid[]) and s.name = 'Aanmelding' limit 1`;
		const lotteBefore = await statusMailsTo(lotte.accountId, submittedOne!.id);
		await move(nora, submittedOne!.id, 'Doorzetten SCP');
		expect(await statusMailsTo(to.id, submittedOne!.id)).toBe(1);
		expect(await statusMailsTo(lotte.accountId, submittedOne!.id)).toBe(lotteBefore);

		// The beheerder hands them back.
		const back = await aanvrager.handover(sql, femke, {
			schoolId: vuurtoren(),
			fromAccountId: to.id,
			toAccountId: lotte.accountId
		});
		expect(back.moved).toBe(open.length);
	});

	it('lists the aanvragers of open hulpvragen, also one whose account was deactivated', async () => {
		const gone = await newAccount(['ib'], '21XA00');
		const id = await submitted();
		await sql`update hulpvraag set aanvrager_id = ${gone.id} where id = ${id}`;
		await sql`update account set state = 'deactivated' where id = ${gone.id}`;
		const list = await aanvrager.aanvragersOf(sql, w.org.PO2806, vuurtoren());
		expect(list.find((a) => a.id === gone.id)).toMatchObject({ state: 'deactivated', open: 1 });
		expect(list.find((a) => a.id === lotte.accountId)!.open).toBeGreaterThanOrEqual(6);
		await aanvrager.handover(sql, henk, {
			schoolId: vuurtoren(),
			fromAccountId: gone.id,
			toAccountId: lotte.accountId
		});
		expect(await aanvragerOf(id)).toBe(lotte.accountId);
	});
});

describe('deactivating an account stops its mail at once', () => {
	const beheerder = () => femke;

	async function deliverUntil(subject: string) {
		const running = sender.start(sql, {
			smtpUrl: smtp.url,
			fromAddress: 'kindkring@example.nl',
			pollMs: 60_000
		});
		try {
			// A run sends what is due; the listener may parse a mail after the run returned.
			await vi.waitFor(
				async () => {
					if (smtp.messages.some((m) => m.subject.includes(subject))) return;
					await running.runOnce();
					throw new Error(`no mail "${subject}"`);
				},
				{ timeout: 15_000, interval: 50 }
			);
		} finally {
			await running.stop();
		}
	}

	it('also for a status mail already queued: only the notice of the deactivation goes out', async () => {
		const leaving = await newAccount(['ib'], '21XA00');
		const id = await submitted();
		await aanvrager.change(sql, lotte, id, leaving.id);
		await move(nora, id, 'Doorzetten SCP');
		const [queued] = await sql<{ id: number }[]>`
			select id::int from outbox where kind = 'hulpvraag.status' and account_id = ${leaving.id}
				and sent_at is null`;
		expect(queued).toBeDefined();

		expect(await change.deactivate(sql, beheerder(), leaving.id)).toEqual({ ok: true });
		const [row] = await sql<{ cancelledAt: Date | null; sentAt: Date | null }[]>`
			select cancelled_at, sent_at from outbox where id = ${queued!.id}`;
		expect(row!.cancelledAt).toBeInstanceOf(Date);
		const [audit] = await sql<{ details: Record<string, unknown> }[]>`
			select details from audit_log where action = 'account.deactivated' and target_id = ${leaving.id}`;
		expect(audit!.details.cancelledMails).toBe(2);

		// Queued by a change that still saw the account active and committed after it.
		await outbox.enqueue(sql, {
			kind: 'hulpvraag.status',
			organisationId: w.org.PO2806,
			accountId: leaving.id,
			fromName: 'PPO Rotterdam',
			to: leaving.email,
			subject: 'Status gewijzigd: te laat',
			text: 'x',
			html: '<p>x</p>'
		});
		await deliverUntil('uw account is gedeactiveerd');
		const received = smtp.messages.filter((m) => m.to === leaving.email).map((m) => m.subject);
		expect(received).toEqual(['Kindkring: uw account is gedeactiveerd']);
		const unsent =
			await sql`select 1 from outbox where account_id = ${leaving.id} and sent_at is null`;
		expect(unsent).toHaveLength(3);
		// Nor does a new status change queue one.
		await move(nora, id, 'Dossier compleet');
		expect(await statusMailsTo(leaving.id, id)).toBe(1);
	});
});
