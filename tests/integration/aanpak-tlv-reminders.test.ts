/** The aanpak and TLV reminders by the clock, the demo's aanpakken and TLV, and Beheer's kinds. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import * as aanpak from '../../src/lib/server/arrangements/aanpak';
import { sendArrangementReminders } from '../../src/lib/server/arrangements/reminders';
import * as tlv from '../../src/lib/server/arrangements/tlv';
import * as automations from '../../src/lib/server/beheer/process-automations';
import { sql } from '../../src/lib/server/db';
import {
	arrangementWorld,
	goodAanpak,
	goodTlv,
	type ArrangementWorld
} from '../support/arrangements';
import { seedWorld, type World } from '../support/demo-world';

let a: ArrangementWorld;
let w: World;
let nora: Actor, femke: Actor;
const hulpvraagIn: ArrangementWorld['hulpvraagIn'] = (...args) => a.hulpvraagIn(...args);

beforeAll(async () => {
	a = await arrangementWorld();
	({ w, nora, femke } = a);
});

describe('reminders', () => {
	it('mails the aanvrager and the coördinator 14 days before the evaluation, and the school 3 months before a TLV ends, once each', async () => {
		const now = new Date('2027-03-01T08:00:00Z');
		const id = await hulpvraagIn('Aanmelding', { titel: 'TLV-aanvraag (IJsselmonde)' });
		const [child] = await sql<{ roepnaam: string }[]>`
			select d.roepnaam from dossier d join hulpvraag h on h.dossier_id = d.id where h.id = ${id}`;
		const roepnaam = child!.roepnaam;
		await aanpak.add(sql, nora, id, {
			...goodAanpak,
			startdatum: '2027-01-01',
			einddatum: '',
			evaluatiedatum: '2027-03-20'
		});
		const { id: soon } = await aanpak.add(sql, nora, id, {
			...goodAanpak,
			type: 'Arrangement',
			startdatum: '2027-01-01',
			einddatum: '',
			evaluatiedatum: '2027-03-10'
		});
		await tlv.add(sql, nora, id, { ...goodTlv, einddatum: '2027-05-31' });
		await tlv.add(sql, nora, id, { ...goodTlv, swv_nummer: 'LATER', einddatum: '2027-06-30' });
		const mails = () => sql<
			{ kind: string; toAddress: string; subject: string; textBody: string }[]
		>`
			select kind, to_address, subject, text_body from outbox
			where text_body like ${'%/hulpvragen/' + id + '%'}
				and kind in ('aanpak.evaluation-reminder', 'tlv.end-reminder')
			order by id`;
		await sendArrangementReminders(sql, now, 'https://kindkring.test');
		const first = await mails();
		expect(first.map((m) => `${m.kind} ${m.toAddress}`).sort()).toEqual([
			`aanpak.evaluation-reminder ${w.account('lotte.vandam').email}`,
			`aanpak.evaluation-reminder ${w.account('pieter.verbeek').email}`,
			`tlv.end-reminder ${w.account('lotte.vandam').email}`
		]);
		for (const m of first) {
			expect(m.subject + m.textBody).not.toContain(roepnaam);
			expect(m.textBody).toContain(`https://kindkring.test/hulpvragen/${id}`);
		}
		expect(first.find((m) => m.kind === 'aanpak.evaluation-reminder')!.textBody).toContain(
			'10 maart 2027'
		);
		expect(first.find((m) => m.kind === 'tlv.end-reminder')!.textBody).toContain('31 mei 2027');
		const [marked] = await sql`select evaluation_reminded_at from aanpak where id = ${soon}`;
		expect(marked!.evaluationRemindedAt).not.toBeNull();

		// Again, and from another node at the same time: nothing more.
		await Promise.all([
			sendArrangementReminders(sql, now, 'https://kindkring.test'),
			sendArrangementReminders(sql, now, 'https://kindkring.test')
		]);
		expect(await mails()).toHaveLength(3);
	});
});

describe('demo and Beheer', () => {
	it('the demo has aanpakken and a TLV with its document, and seeding again adds none', async () => {
		const count = async () => {
			const [row] = await sql<{ aanpakken: number; tlvs: number; documents: number }[]>`
				select (select count(*)::int from aanpak a join account c on c.id = a.created_by
						where c.username in ('nora.yilmaz', 'pieter.verbeek', 'bram.kok')
							and a.toelichting <> 'Tien momenten in de klas.') as aanpakken,
					(select count(*)::int from tlv where swv_number = 'TLV-2026-0142') as tlvs,
					(select count(*)::int from tlv x join bijlage b on b.id = x.bijlage_id
						and b.hulpvraag_id = x.hulpvraag_id where x.swv_number = 'TLV-2026-0142') as documents`;
			return row;
		};
		expect(await count()).toEqual({ aanpakken: 3, tlvs: 1, documents: 1 });
		await seedWorld(sql);
		expect(await count()).toEqual({ aanpakken: 3, tlvs: 1, documents: 1 });
	});

	it('a beheerder adds a "Status na toevoegen TLV" automation; the target must differ from the trigger', async () => {
		const added = await automations.add(sql, femke, {
			kind: 'status_after_tlv',
			titelId: '',
			statusId: w.status('PO2806', 'TLV_2_aanvraag indienen'),
			targetStatusId: w.status('PO2806', 'TLV afgegeven'),
			coordinatorId: '',
			templateId: ''
		});
		expect(added.ok).toBe(true);
		const same = await automations.add(sql, femke, {
			kind: 'status_after_aanpak',
			titelId: '',
			statusId: w.status('PO2806', 'Aanmelding'),
			targetStatusId: w.status('PO2806', 'Aanmelding'),
			coordinatorId: '',
			templateId: ''
		});
		expect(same).toMatchObject({
			ok: false,
			errors: { targetStatusId: 'Kies een andere status dan de status waarin de aanpak komt.' }
		});
		expect(automations.kindLabels.status_after_aanpak).toBe('Status na toevoegen aanpak');
		expect(automations.kindLabels.status_after_tlv).toBe('Status na toevoegen TLV');
	});
});
