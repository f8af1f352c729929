import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../../src/lib/server/db';
import {
	demoTemplates,
	obAanvraag,
	tlvIjsselmonde
} from '../../src/lib/server/demo/form-templates';
import * as demo from '../../src/lib/server/demo/seed';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import { FormsMissing, missingForStatus } from '../../src/lib/server/forms/gate';
import {
	formsOfHulpvragen,
	missingOf,
	presentBijlagen,
	validApprovals
} from '../../src/lib/server/forms/load';
import { readDefinition } from '../../src/lib/forms/definition';
import { makeDossier, seedWorld, type World } from '../support/demo-world';

let w: World;

beforeAll(async () => {
	w = await seedWorld(sql);
});

/** Every row the form seeding writes, as text. */
async function fingerprint(): Promise<string[]> {
	const rows = await sql<{ line: string }[]>`
		select concat_ws(' | ', t.organisation_id, t.name, t.purpose, t.description, t.active::text) as line
		from form_template t
		union all
		select concat_ws(' | ', v.template_id, v.version::text, v.definition::text, v.published_at::text)
		from form_template_version v
		union all
		select concat_ws(' | ', a.kind, a.titel_id, a.status_id, a.form_template_id) from process_automation a
		where a.form_template_id is not null
		union all
		select concat_ws(' | ', r.status_id, r.template_id, r.titel_id) from status_form_requirement r
		union all
		select concat_ws(' | ', f.id, f.hulpvraag_id, f.template_version_id, f.attached_at::text) from form f
		union all
		select concat_ws(' | ', s.form_id, s.section_key, s.answers::text, s.version::text) from form_section s
		union all
		select concat_ws(' | ', g.form_id, g.section_key, g.account_id) from form_grant g
		union all
		select concat_ws(' | ', p.form_id, p.question_key, p.answers_hash, p.voided_at::text) from form_approval p`;
	return rows.map((r) => r.line).sort();
}

async function formsOf(roepnaam: string, achternaam: string, titel: string) {
	const [h] = await sql<{ id: string }[]>`
		select h.id from hulpvraag h join dossier d on d.id = h.dossier_id
		join hulpvraag_titel t on t.id = h.titel_id
		where h.organisation_id = ${w.org.PO2806} and d.roepnaam = ${roepnaam}
			and d.achternaam = ${achternaam} and t.name = ${titel}`;
	return formsOfHulpvragen(sql, w.org.PO2806, [h!.id]);
}

describe('demo forms', () => {
	it('publishes each template as version 1 in its organisations, and each passes the checks', async () => {
		const rows = await sql<{ code: string; name: string; version: number; definition: unknown }[]>`
			select o.code, t.name, v.version, v.definition from form_template t
			join organisation o on o.id = t.organisation_id
			join form_template_version v on v.template_id = t.id and v.published_at is not null`;
		for (const t of demoTemplates) {
			for (const code of t.organisations) {
				const row = rows.filter((r) => r.code === code && r.name === t.name);
				expect(row, `${code} ${t.name}`).toHaveLength(1);
				expect(row[0]!.version).toBe(1);
				expect(readDefinition(row[0]!.definition).ok, t.name).toBe(true);
			}
		}
		expect(rows.some((r) => r.code === 'PO2507' && r.name === tlvIjsselmonde)).toBe(false);
	});

	it('changes nothing when seeded again', async () => {
		const before = await fingerprint();
		expect(before.length).toBeGreaterThan(20);
		await demo.seed(sql);
		expect(await fingerprint()).toEqual(before);
	});

	it('has forms in each state: waiting for the directeur, approved, voided, decided', async () => {
		const [tess] = await formsOf('Tess', 'Berg', 'Ondersteuningsbudget');
		expect(tess!.grants.map((g) => g.name)).toEqual(['Henk de Groot']);
		expect(tess!.approvals).toEqual([]);
		const bijlagen = (await presentBijlagen(sql, w.org.PO2806, [tess!.hulpvraagId])).get(
			tess!.hulpvraagId
		);
		const open = missingOf(tess!, new Set((bijlagen ?? []).map((b) => b.id)));
		expect(open.map((m) => `${m.what}:${m.question.key}`)).toEqual(['approval:instemming']);

		const jesse = await formsOf('Jesse', 'Verhoeven-Kuijpers', 'Ondersteuningsbudget');
		expect(jesse.map((f) => f.templateName).sort()).toEqual([
			'Aanvraag Ondersteuningsbudget',
			'Besluit aanvraag ondersteuningsbudget',
			'Deskundigeadvies',
			'Evaluatieformulier OB'
		]);
		const aanvraag = jesse.find((f) => f.templateName === obAanvraag)!;
		expect([...validApprovals(aanvraag).keys()]).toEqual(['instemming']);

		const [amira] = await formsOf('Amira', 'Benali', 'TLV-aanvraag (IJsselmonde)');
		expect(amira!.approvals).toHaveLength(2);
		expect(amira!.approvals.every((a) => a.voidedAt !== null)).toBe(true);
		expect(validApprovals(amira!).size).toBe(0);

		const [mohammed] = await formsOf('Mohammed', 'El Amrani', 'TLV-aanvraag (IJsselmonde)');
		expect(validApprovals(mohammed!).size).toBe(2);
	});

	it('attaches the OB aanvraag to a new Ondersteuningsbudget hulpvraag, and submitting waits for it', async () => {
		const lotte = await w.acting('lotte.vandam');
		const school = w.school('21XA00');
		const dossierId = await makeDossier(sql, lotte, school);
		const id = await hulpvraag.create(sql, lotte, {
			dossierId,
			schoolId: school,
			datum: '2026-11-30',
			titelId: w.titel('PO2806', 'Ondersteuningsbudget'),
			omschrijving: '',
			coordinatorId: null,
			labels: []
		});
		const forms = await formsOfHulpvragen(sql, w.org.PO2806, [id]);
		expect(forms.map((f) => [f.templateName, f.automatic, f.version])).toEqual([
			[obAanvraag, true, 1]
		]);
		const h = (await hulpvraag.get(sql, lotte.organisationId, id))!;
		await expect(
			hulpvraag.changeStatus(sql, lotte, {
				hulpvraagId: id,
				toStatusId: w.status('PO2806', 'OB aanvraag indienen'),
				reason: '',
				version: h.version
			})
		).rejects.toBeInstanceOf(FormsMissing);
	});

	it('submitting a TLV waits for the IJsselmonde form only on the IJsselmonde title', async () => {
		const lotte = await w.acting('lotte.vandam');
		const rachid = await w.acting('rachid.elamrani');
		const anouk = await w.acting('anouk.smit');
		const tlv2 = w.status('PO2806', 'TLV_2_aanvraag indienen');
		const make = async (by: typeof lotte, school: string, titel: string): Promise<string> =>
			hulpvraag.create(sql, by, {
				dossierId: await makeDossier(sql, by, w.school(school)),
				schoolId: w.school(school),
				datum: '2026-11-30',
				titelId: w.titel('PO2806', titel),
				omschrijving: '',
				coordinatorId: null,
				labels: []
			});
		const change = async (by: typeof lotte, id: string, status: string, reason = '') => {
			const h = (await hulpvraag.get(sql, by.organisationId, id))!;
			return hulpvraag.changeStatus(sql, by, {
				hulpvraagId: id,
				toStatusId: w.status('PO2806', status),
				reason,
				version: h.version
			});
		};

		const ijsselmonde = await make(lotte, '21XA00', 'TLV-aanvraag (IJsselmonde)');
		const e = await change(lotte, ijsselmonde, 'TLV_2_aanvraag indienen').then(
			() => null,
			(e: unknown) => e
		);
		expect(e).toBeInstanceOf(FormsMissing);
		expect((e as FormsMissing).items.every((i) => i.text.includes(tlvIjsselmonde))).toBe(true);
		expect((await hulpvraag.get(sql, w.org.PO2806, ijsselmonde))!.status).toBe(
			'TLV_1_voorlopig (IJsselmonde)'
		);

		// Another TLV title passes TLV_2 without that form.
		const elsewhere = await make(rachid, '21XC00', 'TLV -Nieuw');
		expect(await missingForStatus(sql, w.org.PO2806, elsewhere, tlv2)).toEqual([]);
		await change(anouk, elsewhere, 'TLV_3_in behandeling');
		await change(anouk, elsewhere, 'TLV_1_incompleet', 'Het verslag van het MDO ontbreekt.');
		await change(rachid, elsewhere, 'TLV_2_aanvraag indienen');
		expect((await hulpvraag.get(sql, w.org.PO2806, elsewhere))!.status).toBe(
			'TLV_2_aanvraag indienen'
		);
	});
});
