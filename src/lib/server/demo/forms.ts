/**
 * Writes the demo forms: the templates (published as version 1), PPO Rotterdam's automations
 * that attach them and the statuses that require them, and forms on demo hulpvragen in each
 * state (half filled, waiting for the directeur, approved, an approval voided by a later
 * change, a besluit, an evaluatie, an advies). Idempotent: a template, automation,
 * requirement or form that exists is left alone, so an existing demo database gets what it
 * lacks on the next start.
 */
import type { TransactionSql } from '../db';
import type { Answers } from '$lib/forms/definition';
import { allAnswers, answersHash, formById } from '../forms/load';
import { demoForms, opp, type DemoForm } from './form-fills';
import {
	demoTemplates,
	obAanvraag,
	obBesluit,
	obEvaluatie,
	tlvIjsselmonde
} from './form-templates';

const beheerders: Record<string, string> = { PO2806: 'beheer.femke', PO2507: 'beheer.joost' };

export async function seedForms(tx: TransactionSql, orgIds: Map<string, string>): Promise<void> {
	const templateIds = new Map<string, string>();
	for (const [code, organisationId] of orgIds) {
		const username = beheerders[code];
		if (!username) continue;
		const beheerder = await accountId(tx, organisationId, username);
		for (const t of demoTemplates.filter((x) => x.organisations.includes(code))) {
			await tx`
				insert into form_template (organisation_id, name, purpose, description)
				values (${organisationId}, ${t.name}, ${t.purpose}, ${t.description})
				on conflict (organisation_id, name) do nothing`;
			const [row] = await tx<{ id: string }[]>`
				select id from form_template where organisation_id = ${organisationId} and name = ${t.name}`;
			await tx`
				insert into form_template_version (organisation_id, template_id, version, definition,
					updated_by, published_at, published_by)
				select ${organisationId}, ${row!.id}, 1, ${tx.json(t.definition as never)},
					${beheerder}, now(), ${beheerder}
				where not exists (select 1 from form_template_version where template_id = ${row!.id})`;
			templateIds.set(`${code}:${t.name}`, row!.id);
		}
	}
	const rotterdam = orgIds.get('PO2806');
	if (rotterdam)
		await seedRotterdamRules(tx, rotterdam, (name) => templateIds.get(`PO2806:${name}`)!);
	for (const f of demoForms) {
		const organisationId = orgIds.get(f.organisation);
		const templateId = templateIds.get(`${f.organisation}:${f.template}`);
		if (organisationId && templateId) await seedForm(tx, organisationId, templateId, f);
	}
}

async function seedRotterdamRules(
	tx: TransactionSql,
	organisationId: string,
	template: (name: string) => string
) {
	const automations: [kind: 'form_from_titel' | 'form_from_status', on: string, form: string][] = [
		['form_from_titel', 'Ondersteuningsbudget', obAanvraag],
		['form_from_titel', 'TLV-aanvraag (IJsselmonde)', tlvIjsselmonde],
		// The SWV starts judging when the school submits: the besluit comes with it.
		['form_from_status', 'OB aanvraag indienen', obBesluit],
		['form_from_status', 'Gearrangeerd budget', obEvaluatie]
	];
	for (const [kind, on, form] of automations) {
		const [target] =
			kind === 'form_from_titel'
				? await tx<{ id: string }[]>`
					select id from hulpvraag_titel where organisation_id = ${organisationId} and name = ${on}`
				: await tx<{ id: string }[]>`
					select id from process_status where organisation_id = ${organisationId} and name = ${on}`;
		if (!target) continue;
		const titelId = kind === 'form_from_titel' ? target.id : null;
		const statusId = kind === 'form_from_status' ? target.id : null;
		await tx`
			insert into process_automation (organisation_id, kind, titel_id, status_id, form_template_id)
			select ${organisationId}, ${kind}, ${titelId}, ${statusId}, ${template(form)}
			where not exists (select 1 from process_automation
				where organisation_id = ${organisationId} and kind = ${kind}
					and form_template_id = ${template(form)})`;
	}
	// Submitting an OB aanvraag requires its form complete with the instemming, whatever the
	// title. Submitting a TLV (TLV_2) requires the IJsselmonde form only of the IJsselmonde
	// title: the TLV titles outside IJsselmonde pass TLV_2 too and never get that form.
	await tx`
		insert into status_form_requirement (organisation_id, status_id, template_id)
		select ${organisationId}, id, ${template(obAanvraag)} from process_status
		where organisation_id = ${organisationId} and name = 'OB aanvraag indienen'
		on conflict do nothing`;
	await tx`
		insert into status_form_requirement (organisation_id, status_id, template_id, titel_id)
		select ${organisationId}, s.id, ${template(tlvIjsselmonde)}, t.id
		from process_status s, hulpvraag_titel t
		where s.organisation_id = ${organisationId} and s.name = 'TLV_2_aanvraag indienen'
			and t.organisation_id = ${organisationId} and t.name = 'TLV-aanvraag (IJsselmonde)'
		on conflict do nothing`;
	// A budget is arranged only on a complete Besluit.
	await tx`
		insert into status_form_requirement (organisation_id, status_id, template_id)
		select ${organisationId}, id, ${template(obBesluit)} from process_status
		where organisation_id = ${organisationId} and name = 'Gearrangeerd budget'
		on conflict do nothing`;
}

async function accountId(tx: TransactionSql, organisationId: string, username: string) {
	const [row] = await tx<{ id: string }[]>`
		select id from account where organisation_id = ${organisationId} and lower(username) = ${username}`;
	if (!row) throw new Error(`Demo forms name unknown account "${username}"`);
	return row.id;
}

async function seedForm(
	tx: TransactionSql,
	organisationId: string,
	templateId: string,
	f: DemoForm
) {
	const [h] = await tx<{ id: string; createdAt: Date; opp: string | null }[]>`
		select h.id, h.created_at,
			(select b.id from bijlage b where b.hulpvraag_id = h.id and b.removed_at is null
				and b.original_name like 'OPP%' order by b.added_at desc limit 1) as opp
		from hulpvraag h
		join dossier d on d.id = h.dossier_id
		join hulpvraag_titel t on t.id = h.titel_id
		where h.organisation_id = ${organisationId} and d.roepnaam = ${f.child[0]}
			and d.achternaam = ${f.child[1]} and t.name = ${f.titel}
		order by h.created_at limit 1`;
	if (!h) return;
	const [had] = await tx`
		select 1 from form where hulpvraag_id = ${h.id} and template_id = ${templateId}`;
	if (had) return;
	const [version] = await tx<{ id: string }[]>`
		select id from form_template_version where template_id = ${templateId} and published_at is not null
		order by version desc limit 1`;
	const attacher = await accountId(
		tx,
		organisationId,
		f.sections[0]?.by ?? beheerders[f.organisation]!
	);
	const [form] = await tx<{ id: string }[]>`
		insert into form (organisation_id, hulpvraag_id, template_id, template_version_id, attached_by,
			attached_at, automatic)
		values (${organisationId}, ${h.id}, ${templateId}, ${version!.id}, ${attacher},
			${h.createdAt}, ${f.automatic})
		returning id`;
	const resolve = (answers: Answers): Answers =>
		Object.fromEntries(
			Object.entries(answers)
				.map(([k, v]) => [k, v === opp ? h.opp : v] as const)
				.filter((e): e is [string, Answers[string]] => e[1] !== null)
		);
	for (const [i, s] of f.sections.entries()) {
		await tx`
			insert into form_section (form_id, section_key, answers, version, updated_by, updated_at)
			values (${form!.id}, ${s.key}, ${tx.json(resolve(s.answers) as never)}, 1,
				${await accountId(tx, organisationId, s.by)}, ${h.createdAt}::timestamptz + ${`${i + 1} hours`}::interval)`;
	}
	for (const g of f.grants ?? []) {
		await tx`
			insert into form_grant (form_id, section_key, account_id, granted_by, granted_at)
			values (${form!.id}, ${g.section}, ${await accountId(tx, organisationId, g.username)},
				${attacher}, ${h.createdAt}::timestamptz + interval '1 day')`;
	}
	const loaded = (await formById(tx, organisationId, form!.id))!;
	const now = answersHash(loaded);
	const current = allAnswers(loaded);
	for (const a of f.approvals ?? []) {
		const account = 'username' in a.by ? await accountId(tx, organisationId, a.by.username) : null;
		const [named] = account
			? await tx<{ name: string }[]>`select display_name as name from account where id = ${account}`
			: [{ name: 'name' in a.by ? a.by.name : '' }];
		const before = a.voidedBy ? answersHash(loaded, { ...current, ...a.voidedBy.before }) : now;
		const q = loaded.definition.sections
			.find((s) => s.key === a.section)
			?.questions.find((x) => x.key === a.question);
		const voider = a.voidedBy ? await accountId(tx, organisationId, a.voidedBy.username) : null;
		await tx`
			insert into form_approval (organisation_id, form_id, section_key, question_key, kind, account_id,
				signer_name, via, template_version_id, answers_hash, approved_at, voided_at, voided_by, void_reason)
			values (${organisationId}, ${form!.id}, ${a.section}, ${a.question}, ${q?.approval ?? 'instemming'},
				${account}, ${named!.name}, ${account ? 'account' : 'link'}, ${version!.id}, ${before},
				${h.createdAt}::timestamptz + interval '2 days',
				${voider ? daysAfter(h.createdAt, 3) : null}, ${voider},
				${voider ? 'De antwoorden zijn gewijzigd na de goedkeuring.' : null})`;
	}
}

function daysAfter(from: Date, days: number): Date {
	return new Date(from.getTime() + days * 86_400_000);
}
