import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { may } from '../../src/lib/server/access/policy';
import { sql } from '../../src/lib/server/db';
import { bijlageFacts } from '../../src/lib/server/dossiers/bijlagen';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import * as participants from '../../src/lib/server/overlegronde/participants';
import * as reactions from '../../src/lib/server/overlegronde/reactions';
import { sendReminders } from '../../src/lib/server/overlegronde/reminders';
import * as overlegronde from '../../src/lib/server/overlegronde/round';
import { makeDossier, seedWorld, type World } from '../support/demo-world';

let w: World;
let lotte: Actor; // IB'er, OBS De Vuurtoren (21XA00)
let nora: Actor; // SCP
let mila: Actor; // extern (logopedist)
let sanne: Actor; // ouder

// 1 March 2026, noon in Amsterdam (CET, UTC+1).
const start = new Date('2026-03-01T11:00:00Z');

beforeAll(async () => {
	w = await seedWorld(sql);
	lotte = await w.acting('lotte.vandam');
	nora = await w.acting('nora.yilmaz');
	mila = await w.acting('mila.jansen');
	sanne = await w.acting('sanne.bakker');
});

/**
 * How the schools' manual of PPO Rotterdam has a school share information without the SWV:
 * a hulpvraag "Informatieuitwisseling overig", which the school then sets to Voorlopige
 * aanmelding (a voorlopig hulpvraag the SWV does not see).
 */
async function voorlopigeHulpvraag(): Promise<string> {
	const dossierId = await makeDossier(sql, lotte, w.school('21XA00'), { roepnaam: 'Piet' });
	const id = await hulpvraag.create(sql, lotte, {
		dossierId,
		schoolId: w.school('21XA00'),
		datum: '2026-03-01',
		titelId: w.titel('PO2806', 'Informatieuitwisseling overig'),
		omschrijving: 'verslag tbv logopedie',
		coordinatorId: null,
		labels: []
	});
	const made = (await hulpvraag.get(sql, w.org.PO2806, id))!;
	expect(made.status).toBe('Aanmelding');
	await hulpvraag.changeStatus(sql, lotte, {
		hulpvraagId: id,
		toStatusId: w.status('PO2806', 'Voorlopige aanmelding'),
		reason: '',
		version: made.version
	});
	expect((await hulpvraag.get(sql, w.org.PO2806, id))!.status).toBe('Voorlopige aanmelding');
	return id;
}

async function newRound(
	over: Partial<overlegronde.NewRound> = {},
	hulpvraagId?: string
): Promise<string> {
	return overlegronde.create(
		sql,
		lotte,
		{
			hulpvraagId: hulpvraagId ?? (await voorlopigeHulpvraag()),
			onderwerp: 'Verslag logopedie',
			omschrijving: '',
			einddatumReacties: '2026-03-03',
			einddatumInzage: '2026-03-10',
			besloten: false,
			...over
		},
		start
	);
}

async function mailsOf(roundId: string, kind: string) {
	return sql<{ toAddress: string; subject: string; textBody: string }[]>`
		select to_address, subject, text_body from outbox
		where kind = ${kind} and text_body like ${'%/overlegrondes/' + roundId + '%'} order by id`;
}

const can = async (
	actor: Actor,
	id: string,
	action: 'view' | 'react' | 'manage-overlegronde',
	now: Date
) =>
	may(actor, action, (await overlegronde.facts(sql, actor.organisationId, id, now))!.facts).allowed;

describe('dates', () => {
	it('requires both end dates, reactions before access, access not in the past', async () => {
		const hulpvraagId = await voorlopigeHulpvraag();
		const attempt = (einddatumReacties: string, einddatumInzage: string) =>
			newRound({ einddatumReacties, einddatumInzage }, hulpvraagId);
		await expect(attempt('', '')).rejects.toMatchObject({
			errors: {
				einddatum_reacties: 'Vul de einddatum voor reacties in.',
				einddatum_inzage: 'Vul de einddatum voor inzage in.'
			}
		});
		await expect(attempt('2026-03-10', '2026-03-10')).rejects.toMatchObject({
			errors: { einddatum_reacties: expect.stringContaining('vóór de einddatum voor inzage') }
		});
		await expect(attempt('2026-02-20', '2026-02-28')).rejects.toMatchObject({
			errors: { einddatum_inzage: 'De einddatum voor inzage ligt in het verleden.' }
		});
		await expect(attempt('2026-03-03', '2026-03-10')).resolves.toMatch(/^[0-9a-f-]{36}$/);
	});
});

describe('without the SWV', () => {
	it('keeps SWV staff out of a round on a voorlopig hulpvraag', async () => {
		const id = await newRound();
		expect(await can(nora, id, 'view', start)).toBe(false);
		expect(await can(nora, id, 'manage-overlegronde', start)).toBe(false);
		expect(await participants.candidates(sql, lotte, id, 'nora', start)).toEqual([]);
		await expect(
			participants.addExisting(sql, lotte, id, nora.accountId, start)
		).rejects.toBeInstanceOf(overlegronde.Invalid);
		// And it is the school's to manage: the SCP cannot start one there either.
		await expect(
			overlegronde.create(
				sql,
				nora,
				{
					hulpvraagId: (await overlegronde.get(sql, w.org.PO2806, id))!.hulpvraagId,
					onderwerp: 'x',
					omschrijving: '',
					einddatumReacties: '2026-03-03',
					einddatumInzage: '2026-03-10',
					besloten: false
				},
				start
			)
		).rejects.toMatchObject({ errors: { hulpvraag: expect.any(String) } });
	});
});

describe('access ends at midnight Europe/Amsterdam', () => {
	it('lets a participant in until 23:59:59 of einddatum inzage, not a second later', async () => {
		const id = await newRound();
		const round = (await overlegronde.get(sql, w.org.PO2806, id))!;
		await participants.addExisting(sql, lotte, id, mila.accountId, start);
		const lastSecond = new Date('2026-03-10T22:59:59Z'); // 23:59:59 CET
		const midnight = new Date('2026-03-10T23:00:00Z'); // 00:00 CET, 11 March
		expect(await can(mila, id, 'view', lastSecond)).toBe(true);
		expect(await can(mila, id, 'view', midnight)).toBe(false);
		// Reactions end at the end of their own day.
		expect(await can(mila, id, 'react', new Date('2026-03-03T22:59:59Z'))).toBe(true);
		expect(await can(mila, id, 'react', new Date('2026-03-03T23:00:00Z'))).toBe(false);
		expect(await can(mila, id, 'view', new Date('2026-03-03T23:00:00Z'))).toBe(true);
		// The bijlagen of the hulpvraag follow the same clock.
		for (const [now, allowed] of [
			[lastSecond, true],
			[midnight, false]
		] as const) {
			const facts = await overlegronde.hulpvraagFactsWithViewers(
				sql,
				w.org.PO2806,
				round.hulpvraagId,
				now
			);
			expect(may(mila, 'view', bijlageFacts(facts!, false)).allowed).toBe(allowed);
		}
		// In summer time (UTC+2) midnight is 22:00 UTC.
		await sql`update overlegronde set einddatum_reacties = '2026-07-01', einddatum_inzage = '2026-07-10' where id = ${id}`;
		expect(await can(mila, id, 'view', new Date('2026-07-10T21:59:59Z'))).toBe(true);
		expect(await can(mila, id, 'view', new Date('2026-07-10T22:00:00Z'))).toBe(false);
	});

	it('shows ended rounds to the participant, and the owner still manages them', async () => {
		const id = await newRound();
		await participants.addExisting(sql, lotte, id, mila.accountId, start);
		const after = new Date('2026-03-11T08:00:00Z');
		const mine = await overlegronde.roundsForParticipant(sql, mila, after);
		expect(mine.find((r) => r.id === id)).toMatchObject({
			live: false,
			ownerName: 'Lotte van Dam',
			einddatumInzage: '2026-03-10'
		});
		expect(await can(lotte, id, 'manage-overlegronde', after)).toBe(true);
	});
});

describe('participants', () => {
	it('a removed participant sees nothing, even while the round runs', async () => {
		const id = await newRound();
		await participants.addExisting(sql, lotte, id, mila.accountId, start);
		expect(await can(mila, id, 'view', start)).toBe(true);
		await participants.remove(sql, lotte, id, mila.accountId, start);
		expect(await can(mila, id, 'view', start)).toBe(false);
		expect(await can(mila, id, 'react', start)).toBe(false);
		const round = (await overlegronde.get(sql, w.org.PO2806, id))!;
		const facts = await overlegronde.hulpvraagFactsWithViewers(
			sql,
			w.org.PO2806,
			round.hulpvraagId,
			start
		);
		expect(may(mila, 'view', bijlageFacts(facts!, false)).allowed).toBe(false);
		expect(
			(await overlegronde.roundsForParticipant(sql, mila, start)).map((r) => r.id)
		).not.toContain(id);
		const [audits] = await sql<{ n: number }[]>`
			select count(*)::int as n from audit_log where target_id = ${id}
				and action in ('overlegronde.created', 'overlegronde.participant-added', 'overlegronde.participant-removed')`;
		expect(audits!.n).toBe(3);
	});

	it('invites a new person: an extern account, the welcome mail and the invitation', async () => {
		const id = await newRound();
		await expect(
			participants.invite(
				sql,
				lotte,
				id,
				{ name: 'Eva Arts', email: 'geen-adres', specialism: 'jeugdarts', role: 'extern' },
				start
			)
		).rejects.toMatchObject({ errors: { email: expect.any(String) } });
		const accountId = await participants.invite(
			sql,
			lotte,
			id,
			{ name: 'Eva Arts', email: 'eva@praktijk.example', specialism: 'jeugdarts', role: 'extern' },
			start
		);
		const [acc] = await sql<{ roles: string[]; state: string; functionTitle: string }[]>`
			select roles, state, function_title from account where id = ${accountId}`;
		expect(acc).toMatchObject({ roles: ['extern'], state: 'pending', functionTitle: 'jeugdarts' });
		const mails = await sql<{ kind: string; textBody: string }[]>`
			select kind, text_body from outbox where to_address = 'eva@praktijk.example' order by id`;
		expect(mails.map((m) => m.kind)).toEqual(['welcome', 'overlegronde.invitation']);
		expect(mails[0]!.textBody).toContain('/activeren/');
		expect(mails[1]!.textBody).toContain('/hulp/inloggen');
		for (const m of mails) expect(m.textBody).not.toContain('Piet');
		// The same address twice: find the existing account instead.
		await expect(
			participants.invite(
				sql,
				lotte,
				id,
				{ name: 'Eva', email: 'EVA@praktijk.example', specialism: '', role: 'extern' },
				start
			)
		).rejects.toMatchObject({ errors: { email: expect.stringContaining('al een account') } });
	});
});

describe('reactions', () => {
	it('mail the other participants and the owner, not the author', async () => {
		const id = await newRound();
		await participants.addExisting(sql, lotte, id, mila.accountId, start);
		await participants.addExisting(sql, lotte, id, sanne.accountId, start);
		await reactions.addReaction(sql, mila, id, 'Piet articuleert beter.', start);
		const mails = await mailsOf(id, 'overlegronde.reaction');
		expect(mails.map((m) => m.toAddress).sort()).toEqual(
			[w.account('lotte.vandam').email, w.account('sanne.bakker').email].sort()
		);
		for (const m of mails) {
			expect(m.textBody).toContain('Mila Jansen heeft gereageerd');
			expect(m.textBody).not.toContain('Piet');
		}
		await expect(reactions.addReaction(sql, mila, id, '   ', start)).rejects.toBeInstanceOf(
			overlegronde.Invalid
		);
		await expect(
			reactions.addReaction(sql, mila, id, 'te laat', new Date('2026-03-04T08:00:00Z'))
		).rejects.toBeInstanceOf(overlegronde.NotAllowed);
	});

	it('besloten: participants do not see each other’s names; the owner does', async () => {
		const id = await newRound({ besloten: true });
		await participants.addExisting(sql, lotte, id, mila.accountId, start);
		await participants.addExisting(sql, lotte, id, sanne.accountId, start);
		await reactions.addReaction(sql, mila, id, 'Eerste reactie', start);
		await reactions.addReaction(sql, lotte, id, 'Dank u', start);
		const seenBySanne = await reactions.reactions(sql, w.org.PO2806, id, sanne.accountId);
		expect(seenBySanne.map((r) => r.author)).toEqual([reactions.anonymousAuthor, 'Lotte van Dam']);
		const seenByMila = await reactions.reactions(sql, w.org.PO2806, id, mila.accountId);
		expect(seenByMila[0]).toMatchObject({ own: true });
		const seenByOwner = await reactions.reactions(sql, w.org.PO2806, id, lotte.accountId);
		expect(seenByOwner[0]!.author).toContain('Mila Jansen');
		const mails = await mailsOf(id, 'overlegronde.reaction');
		const toSanne = mails.filter((m) => m.toAddress === w.account('sanne.bakker').email);
		expect(toSanne[0]!.textBody).not.toContain('Mila');
		expect(toSanne[0]!.textBody).toContain('Een deelnemer heeft gereageerd');
		const toOwner = mails.find((m) => m.toAddress === w.account('lotte.vandam').email);
		expect(toOwner!.textBody).toContain('Mila Jansen heeft gereageerd');
	});
});

describe('reminders', () => {
	it('remind non-reacting participants 3 days before reacties and the owner 3 days before inzage, once', async () => {
		const id = await newRound({ einddatumReacties: '2026-03-20', einddatumInzage: '2026-03-27' });
		await participants.addExisting(sql, lotte, id, mila.accountId, start);
		await participants.addExisting(sql, lotte, id, sanne.accountId, start);
		await reactions.addReaction(sql, sanne, id, 'Gelezen', start);
		const count = async (kind: string) => (await mailsOf(id, kind)).length;

		await sendReminders(sql, new Date('2026-03-16T08:00:00Z')); // four days before
		expect(await count('overlegronde.reminder-reacties')).toBe(0);
		await sendReminders(sql, new Date('2026-03-17T08:00:00Z'));
		await sendReminders(sql, new Date('2026-03-17T09:00:00Z'));
		await sendReminders(sql, new Date('2026-03-19T08:00:00Z'));
		const sent = await mailsOf(id, 'overlegronde.reminder-reacties');
		expect(sent.map((m) => m.toAddress)).toEqual([w.account('mila.jansen').email]);

		await sendReminders(sql, new Date('2026-03-23T08:00:00Z'));
		expect(await count('overlegronde.reminder-inzage')).toBe(0);
		await sendReminders(sql, new Date('2026-03-24T08:00:00Z'));
		await sendReminders(sql, new Date('2026-03-26T08:00:00Z'));
		const owner = await mailsOf(id, 'overlegronde.reminder-inzage');
		expect(owner.map((m) => m.toAddress)).toEqual([w.account('lotte.vandam').email]);

		// Extended: a new end date earns a new reminder.
		await overlegronde.updateDates(
			sql,
			lotte,
			id,
			{ einddatumReacties: '2026-04-03', einddatumInzage: '2026-04-10' },
			new Date('2026-03-26T08:00:00Z')
		);
		await sendReminders(sql, new Date('2026-03-31T08:00:00Z'));
		expect(await count('overlegronde.reminder-reacties')).toBe(2);
		expect(await count('overlegronde.dates')).toBe(2);
	});
});

describe('extension request', () => {
	it('mails the owner once a day, only after access ended', async () => {
		const id = await newRound();
		await participants.addExisting(sql, lotte, id, mila.accountId, start);
		await expect(overlegronde.requestExtension(sql, mila, id, start)).rejects.toBeInstanceOf(
			overlegronde.NotAllowed
		);
		await expect(overlegronde.requestExtension(sql, nora, id, start)).rejects.toBeInstanceOf(
			overlegronde.NotAllowed
		);
		const after = new Date('2026-03-12T08:00:00Z');
		expect(await overlegronde.requestExtension(sql, mila, id, after)).toBe('sent');
		expect(await overlegronde.requestExtension(sql, mila, id, after)).toBe('already-sent');
		const mails = await mailsOf(id, 'overlegronde.extension-request');
		expect(mails).toHaveLength(1);
		expect(mails[0]!.toAddress).toBe(w.account('lotte.vandam').email);
		expect(mails[0]!.textBody).toContain('Mila Jansen vraagt u om de toegang');
		expect(mails[0]!.textBody).toContain('10 maart 2026');
	});
});

describe('the Jonge Kind round (JK-specialist, pre-school and parent)', () => {
	it('the JK-specialist opens a round on a JK hulpvraag with the parent; the pre-school and the parent take part', async () => {
		const esther = await w.acting('esther.bos');
		const tom = w.account('tom.vanleeuwen');
		const fatima = w.account('fatima.ouali');
		// Mees van Leeuwen's JK hulpvraag from the demo data, still before "advies afgerond".
		const [jk] = await sql<{ id: string }[]>`
			select h.id from hulpvraag h join dossier d on d.id = h.dossier_id
			where d.roepnaam = 'Mees' and d.achternaam = 'Leeuwen'
			order by h.created_at limit 1`;
		const now = new Date('2026-11-23T10:00:00+01:00');
		const id = await overlegronde.create(
			sql,
			esther,
			{
				hulpvraagId: jk!.id,
				onderwerp: 'Onderwijsadvies jonge kind',
				omschrijving: 'Graag uw observaties.',
				einddatumReacties: '2026-12-01',
				einddatumInzage: '2026-12-08',
				besloten: false
			},
			now
		);
		await participants.addExisting(sql, esther, id, tom.id, now);
		await participants.addExisting(sql, esther, id, fatima.id, now);
		for (const username of ['tom.vanleeuwen', 'fatima.ouali']) {
			const rounds = await overlegronde.roundsForParticipant(sql, await w.acting(username), now);
			expect(rounds.map((r) => r.id)).toContain(id);
		}
		// Another organisation's specialist cannot.
		const otherOrg = await w.acting('nora.yilmaz');
		await expect(
			overlegronde.create(
				sql,
				otherOrg,
				{
					hulpvraagId: jk!.id,
					onderwerp: 'x',
					omschrijving: '',
					einddatumReacties: '2026-12-01',
					einddatumInzage: '2026-12-08',
					besloten: false
				},
				now
			)
		).rejects.toThrow();
	});
});
