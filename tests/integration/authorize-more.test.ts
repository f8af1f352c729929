/**
 * The rest of the mutating domain functions ask the policy in their own transaction too:
 * Beheer (accounts, 2FA reset requests, statuses, titles, automations), the overlegronde
 * (start, dates, participants, reactions, asking for more time) and sharing a bijlage with
 * parents. An actor that may not gets `NotAllowed` and the database is as it was.
 */
import type postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import { may } from '../../src/lib/server/access/policy';
import * as resetRequests from '../../src/lib/server/auth/reset-requests';
import * as change from '../../src/lib/server/beheer/account-actions';
import * as automations from '../../src/lib/server/beheer/process-automations';
import * as titles from '../../src/lib/server/beheer/process-titles';
import * as processes from '../../src/lib/server/beheer/processes';
import { sql } from '../../src/lib/server/db';
import * as bijlagen from '../../src/lib/server/dossiers/bijlagen';
import { hulpvraagFacts } from '../../src/lib/server/dossiers/facts';
import * as participants from '../../src/lib/server/overlegronde/participants';
import * as reactions from '../../src/lib/server/overlegronde/reactions';
import * as round from '../../src/lib/server/overlegronde/round';
import * as sharing from '../../src/lib/server/parents/sharing';
import { seedWorld, type World } from '../support/demo-world';
import { minimalPdf } from '../support/files';
import { newVuurtorenHulpvraag } from '../support/vuurtoren';

let w: World;
let femke: Actor; // beheerder of PPO Rotterdam
const nonBeheerders: Record<string, Actor> = {};

beforeAll(async () => {
	w = await seedWorld(sql);
	femke = await w.acting('beheer.femke');
	for (const username of [
		'lotte.vandam', // IB'er
		'pieter.verbeek', // coördinator
		'sanne.bakker', // a parent
		'mila.jansen' // an extern
	]) {
		nonBeheerders[username] = await w.acting(username);
	}
});

/** Row counts of everything Beheer and the overlegronde change, plus the audit trail. */
async function counts() {
	const [row] = await sql<Record<string, number>[]>`
		select (select count(*)::int from account) as accounts,
			(select string_agg(id::text || roles::text || state, ',' order by id) from account) as roles,
			(select count(*)::int from process_status) as statuses,
			(select count(*)::int from hulpvraag_titel) as titels,
			(select count(*)::int from process_automation) as automations,
			(select count(*)::int from overlegronde) as rounds,
			(select string_agg(einddatum_reacties::text, ',' order by id) from overlegronde) as dates,
			(select count(*)::int from overlegronde_participant where removed_at is null) as participants,
			(select count(*)::int from overlegronde_reaction) as reactions,
			(select count(*)::int from totp_reset_request where state = 'open') as openRequests,
			(select count(*)::int from bijlage where parent_visible) as shared,
			(select count(*)::int from outbox) as mails,
			(select count(*)::int from audit_log where action not like '%.view') as audit`;
	return row!;
}

async function refused(work: () => Promise<unknown>, who: string) {
	await expect(work(), who).rejects.toBeInstanceOf(NotAllowed);
}

describe('Beheer refuses everyone but a beheerder of the organisation, and changes nothing', () => {
	it('accounts and 2FA reset requests', async () => {
		const target = w.account('rachid.elamrani').id;
		const before = await counts();
		for (const [who, actor] of Object.entries(nonBeheerders)) {
			await refused(
				() =>
					change.create(sql, actor, {
						username: `nieuw.${who}`,
						email: `nieuw.${who}@example.nl`,
						displayName: 'Nieuw',
						roles: ['ib'],
						functionTitle: ''
					}),
				who
			);
			await refused(() => change.setRoles(sql, actor, target, ['beheerder']), who);
			await refused(() => change.block(sql, actor, target), who);
			await refused(() => change.unblock(sql, actor, target), who);
			await refused(() => change.deactivate(sql, actor, target), who);
			await refused(() => change.reactivate(sql, actor, target), who);
			await refused(() => change.resendActivation(sql, actor, target), who);
			await refused(() => change.resetTotp(sql, actor, target), who);
			await refused(() => resetRequests.approve(sql, actor, target), who);
			await refused(() => resetRequests.decline(sql, actor, target, 'nee'), who);
		}
		// A beheerder of another organisation manages only her own: ours do not exist for her.
		const joost = await w.acting('beheer.joost');
		for (const work of [
			() => change.setRoles(sql, joost, target, ['beheerder']),
			() => change.block(sql, joost, target),
			() => change.deactivate(sql, joost, target),
			() => change.resetTotp(sql, joost, target)
		]) {
			expect(await work()).toEqual({ ok: false, reason: 'not-found' });
		}
		expect(await counts()).toEqual(before);
		// The beheerder herself passes the same door.
		expect(await change.setRoles(sql, femke, target, ['ib'])).toEqual({ ok: true });
	});

	it('statuses, titles and automations', async () => {
		const status = w.status('PO2806', 'Aanmelding');
		const titel = w.titel('PO2806', 'Ambulante Begeleiding');
		const [automation] = await sql<{ id: string }[]>`
			select id from process_automation where organisation_id = ${w.org.PO2806} limit 1`;
		const statusValues = processes.toValues(
			(await processes.getStatus(sql, w.org.PO2806, status))!
		);
		const titelValues = titles.toValues((await titles.get(sql, w.org.PO2806, titel))!);
		const before = await counts();
		for (const [who, actor] of Object.entries(nonBeheerders)) {
			await refused(() => processes.saveStatus(sql, actor, null, statusValues), who);
			await refused(() => processes.saveStatus(sql, actor, status, statusValues), who);
			await refused(() => processes.removeStatus(sql, actor, status), who);
			await refused(() => titles.save(sql, actor, null, { ...titelValues, name: 'X' }), who);
			await refused(() => titles.remove(sql, actor, titel), who);
			await refused(
				() =>
					automations.add(sql, actor, {
						kind: 'status',
						titelId: titel,
						statusId: status,
						targetStatusId: status,
						coordinatorId: '',
						templateId: ''
					}),
				who
			);
			if (automation) {
				await refused(() => automations.setActive(sql, actor, automation.id, false), who);
				await refused(() => automations.remove(sql, actor, automation.id), who);
			}
		}
		const joost = await w.acting('beheer.joost');
		expect(await processes.removeStatus(sql, joost, status)).toMatchObject({ reason: 'not-found' });
		expect(await titles.remove(sql, joost, titel)).toMatchObject({ reason: 'not-found' });
		expect(await counts()).toEqual(before);
	});
});

describe('the overlegronde and sharing refuse who may not, and change nothing', () => {
	it('start, dates, participants, reactions, asking for more time; sharing a bijlage', async () => {
		const hulpvraagId = await newVuurtorenHulpvraag(sql as unknown as postgres.Sql, {
			roepnaam: 'Ronde',
			omschrijving: 'Testhulpvraag: overlegronde.'
		});
		const facts = (await hulpvraagFacts(sql, w.org.PO2806, hulpvraagId))!;
		const lotte = nonBeheerders['lotte.vandam']!;
		const pieter = nonBeheerders['pieter.verbeek']!;
		const owner = may(lotte, 'manage-overlegronde', facts).allowed ? lotte : pieter;
		const now = new Date();
		const dates = {
			einddatumReacties: new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10),
			einddatumInzage: new Date(now.getTime() + 14 * 86_400_000).toISOString().slice(0, 10)
		};
		const roundId = await round.create(
			sql,
			owner,
			{ hulpvraagId, onderwerp: 'Overleg', omschrijving: '', besloten: false, ...dates },
			now
		);
		const mila = nonBeheerders['mila.jansen']!;
		await participants.addExisting(sql, owner, roundId, mila.accountId, now);
		const uploaded = await bijlagen.upload(
			sql,
			lotte,
			facts,
			(async function* (): AsyncGenerator<bijlagen.IncomingFile> {
				const data = new Uint8Array(minimalPdf('Verslag'));
				yield {
					name: 'Verslag.pdf',
					stream: (async function* () {
						yield data;
					})()
				};
			})()
		);
		const [first] = uploaded.results;
		if (!first || !('id' in first)) throw new Error('the test bijlage was not stored');
		const bijlage = { id: first.id as string };

		const outsiders = ['rachid.elamrani', 'sanne.bakker', 'esther.bos'];
		const actors = await Promise.all(outsiders.map((u) => w.acting(u)));
		const before = await counts();
		for (const [i, actor] of actors.entries()) {
			const who = outsiders[i]!;
			// The hulpvraag comes from a list: one it may not manage is refused as a wrong choice.
			await expect(
				round.create(
					sql,
					actor,
					{ hulpvraagId, onderwerp: 'X', omschrijving: '', besloten: false, ...dates },
					now
				),
				who
			).rejects.toMatchObject({ errors: { hulpvraag: 'Kies een hulpvraag uit de lijst.' } });
			await refused(() => round.updateDates(sql, actor, roundId, dates, now), who);
			await refused(() => participants.addExisting(sql, actor, roundId, actor.accountId, now), who);
			await refused(
				() =>
					participants.invite(
						sql,
						actor,
						roundId,
						{ name: 'Nieuw', email: `n.${who}@example.nl`, specialism: '', role: 'extern' },
						now
					),
				who
			);
			await refused(() => participants.remove(sql, actor, roundId, mila.accountId, now), who);
			await refused(() => reactions.addReaction(sql, actor, roundId, 'Mijn reactie', now), who);
			await refused(() => round.requestExtension(sql, actor, roundId, now), who);
			await refused(() => sharing.setParentVisible(sql, actor, facts, bijlage.id, true), who);
		}
		// A participant reacts but does not manage the round.
		await refused(() => round.updateDates(sql, mila, roundId, dates, now), 'mila.jansen');
		await refused(
			() => participants.remove(sql, mila, roundId, mila.accountId, now),
			'mila.jansen'
		);
		expect(await counts()).toEqual(before);
		// The doors open for who may.
		await reactions.addReaction(sql, mila, roundId, 'Mijn reactie', now);
		expect(await sharing.setParentVisible(sql, lotte, facts, bijlage.id, true)).toBe(true);
	});
});
