import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import * as automations from '../../src/lib/server/beheer/process-automations';
import { sql } from '../../src/lib/server/db';
import * as hulpvragen from '../../src/lib/server/dossiers/hulpvraag';
import * as attach from '../../src/lib/server/forms/attach';
import * as fill from '../../src/lib/server/forms/fill';
import * as requirements from '../../src/lib/server/beheer/form-requirements';
import { FormsMissing, missingForStatus } from '../../src/lib/server/forms/gate';
import { formById } from '../../src/lib/server/forms/load';
import * as signing from '../../src/lib/server/forms/signing';
import * as templates from '../../src/lib/server/forms/templates';
import type { Definition } from '../../src/lib/forms/definition';
import { arrangementWorld, type ArrangementWorld } from '../support/arrangements';

let a: ArrangementWorld;
let lotte: Actor, henk: Actor, nora: Actor, femke: Actor, sanne: Actor, mila: Actor;
let templateId: string;
const parentEmail = 'sanne.bakker@example.com';

const definition: Definition = {
	intro: '',
	sections: [
		{
			key: 'aanvraag',
			title: 'Aanvraag',
			help: '',
			writers: { roles: ['ib'], aanvrager: true, coordinator: false },
			readers: { roles: ['scp', 'coordinator'], aanvrager: false, coordinator: true },
			grantable: false,
			shareableWithParents: true,
			questions: [
				{
					key: 'naam',
					type: 'prefill',
					prefill: 'naam',
					label: 'Naam',
					help: '',
					required: false,
					options: []
				},
				{
					key: 'reden',
					type: 'textarea',
					label: 'Waarvoor is het budget?',
					help: '',
					required: true,
					options: []
				},
				{
					key: 'thuis',
					type: 'yesno',
					label: 'Zit het kind thuis?',
					help: '',
					required: true,
					options: []
				},
				{
					key: 'sinds',
					type: 'date',
					label: 'Sinds wanneer?',
					help: '',
					required: true,
					options: [],
					showWhen: { question: 'thuis', equals: 'ja' }
				},
				{
					key: 'uren',
					type: 'number',
					label: 'Uren per week',
					help: '',
					required: false,
					options: []
				},
				{ key: 'opp', type: 'bijlage', label: 'Het OPP', help: '', required: true, options: [] }
			]
		},
		{
			key: 'bevoegd',
			title: 'Instemming bevoegd gezag',
			help: '',
			writers: { roles: [], aanvrager: false, coordinator: false },
			readers: { roles: ['ib', 'scp'], aanvrager: false, coordinator: false },
			grantable: true,
			shareableWithParents: false,
			questions: [
				{
					key: 'akkoord',
					type: 'approval',
					approval: 'instemming',
					label: 'Instemming',
					help: '',
					required: true,
					options: []
				}
			]
		},
		{
			key: 'ouders',
			title: 'Ondertekening ouders',
			help: '',
			writers: { roles: ['ouder'], aanvrager: false, coordinator: false },
			readers: { roles: ['ib'], aanvrager: false, coordinator: false },
			grantable: false,
			shareableWithParents: false,
			questions: [
				{
					key: 'getekend',
					type: 'approval',
					approval: 'ondertekening',
					label: 'Handtekening ouder',
					help: '',
					required: true,
					options: []
				}
			]
		}
	]
};

beforeAll(async () => {
	a = await arrangementWorld();
	({ lotte, henk, nora, femke, sanne, mila } = a);
	templateId = await templates.create(sql, femke, {
		name: 'Testaanvraag budget',
		purpose: 'formulier',
		description: '',
		definition
	});
	await templates.publish(sql, femke, templateId);
});

async function newForm(status = 'Aanmelding') {
	const hulpvraagId = await a.hulpvraagIn(status, { parents: [parentEmail] });
	const formId = await attach.attach(sql, lotte, hulpvraagId, templateId);
	return { hulpvraagId, formId };
}

async function bijlageOf(hulpvraagId: string, by: Actor): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		insert into bijlage (organisation_id, hulpvraag_id, sha256, size, mime, original_name, display_name, added_by)
		values (${by.organisationId}, ${hulpvraagId}, ${'a'.repeat(64)}, 10, 'application/pdf', 'OPP.pdf', 'OPP.pdf', ${by.accountId})
		returning id`;
	return row!.id;
}

async function version(formId: string, key: string): Promise<number> {
	const [row] = await sql<{ version: number }[]>`
		select version from form_section where form_id = ${formId} and section_key = ${key}`;
	return row?.version ?? 0;
}

async function complete(formId: string, hulpvraagId: string) {
	const opp = await bijlageOf(hulpvraagId, lotte);
	await fill.saveSection(sql, lotte, {
		formId,
		sectionKey: 'aanvraag',
		version: await version(formId, 'aanvraag'),
		fields: { 'q.reden': 'Extra handen in de klas', 'q.thuis': 'nee', 'q.opp': opp }
	});
	return opp;
}

async function refusedWith<T extends Error>(
	p: Promise<unknown>,
	type: new (...x: never[]) => T
): Promise<T> {
	const e = await p.then(
		() => null,
		(e: unknown) => e
	);
	expect(e).toBeInstanceOf(type);
	return e as T;
}

describe('saving a section', () => {
	it('keeps typed answers, drops hidden ones, and checks each type in Dutch', async () => {
		const { formId } = await newForm();
		const bad = await refusedWith(
			fill.saveSection(sql, lotte, {
				formId,
				sectionKey: 'aanvraag',
				version: 0,
				fields: { 'q.uren': 'veel', 'q.thuis': 'misschien', 'q.opp': crypto.randomUUID() }
			}),
			fill.Invalid
		);
		expect(bad.errors).toMatchObject({
			'q.uren': 'Vul een getal in, bijvoorbeeld 12 of 3,5.',
			'q.thuis': 'Kies ja of nee.'
		});
		expect(bad.errors['q.opp']).toContain('Kies een bijlage van deze hulpvraag');
		expect(await version(formId, 'aanvraag')).toBe(0);

		const v = await fill.saveSection(sql, lotte, {
			formId,
			sectionKey: 'aanvraag',
			version: 0,
			fields: { 'q.reden': ' Budget ', 'q.thuis': 'nee', 'q.sinds': '2026-09-01', 'q.uren': '3,5' }
		});
		expect(v).toBe(1);
		const form = (await formById(sql, lotte.organisationId, formId))!;
		// 'sinds' shows only when the child is at home: not stored.
		expect(form.sections.get('aanvraag')!.answers).toEqual({
			reden: 'Budget',
			thuis: false,
			uren: 3.5
		});
		const [row] = await sql<{ details: Record<string, unknown> }[]>`
			select details from audit_log where action = 'form.section.save' and target_id = ${formId}`;
		expect(row!.details).toMatchObject({
			section: 'aanvraag',
			templateVersion: 1,
			sectionVersion: 1
		});
	});

	it('refuses a stale version, and two writers on different sections never collide', async () => {
		const { formId, hulpvraagId } = await newForm();
		await attach.grant(sql, lotte, { formId, sectionKey: 'bevoegd', accountId: henk.accountId });
		await complete(formId, hulpvraagId);
		const stale = await refusedWith(
			fill.saveSection(sql, lotte, {
				formId,
				sectionKey: 'aanvraag',
				version: 0,
				fields: { 'q.reden': 'x' }
			}),
			fill.Conflict
		);
		expect(stale.message).toContain('heeft dit onderdeel intussen opgeslagen');
		// Henk approves the other section at the same moment Lotte saves hers: both land.
		await Promise.all([
			fill.approve(sql, henk, { formId, sectionKey: 'bevoegd', questionKey: 'akkoord' }),
			fill
				.saveSection(sql, lotte, { formId, sectionKey: 'ouders', version: 0, fields: {} })
				.catch((e) => e)
		]);
		const form = (await formById(sql, lotte.organisationId, formId))!;
		expect(form.approvals.filter((x) => !x.voidedAt)).toHaveLength(1);
	});
});

describe('who writes which section (the write matrix)', () => {
	it('lets only the section writers save, and audits the refusals', async () => {
		const { formId, hulpvraagId } = await newForm();
		const aanvraag = { formId, sectionKey: 'aanvraag', version: 0, fields: { 'q.reden': 'x' } };
		// Henk is a directeur, not a writer of 'aanvraag'; the SCP reads it; the rest see nothing.
		for (const who of [henk, nora, femke, sanne, mila]) {
			await refusedWith(fill.saveSection(sql, who, aanvraag), NotAllowed);
		}
		// An answer smuggled into another section's save is refused whole.
		const smuggled = await refusedWith(
			fill.saveSection(sql, lotte, { ...aanvraag, fields: { 'q.reden': 'x', 'q.akkoord': 'ja' } }),
			fill.WriteRefused
		);
		expect(smuggled.questions).toEqual(['akkoord']);
		expect(await version(formId, 'aanvraag')).toBe(0);
		const refused = await sql<{ accountId: string; details: Record<string, unknown> }[]>`
			select account_id, details from audit_log
			where action = 'form.write.refused' and target_id = ${formId} order by id`;
		expect(refused.map((r) => r.accountId)).toEqual([
			henk.accountId,
			nora.accountId,
			femke.accountId,
			sanne.accountId,
			mila.accountId,
			lotte.accountId
		]);
		expect(refused.at(-1)!.details).toMatchObject({ section: 'aanvraag', questions: 'akkoord' });

		// Nobody writes the approval section until someone is named on it.
		await complete(formId, hulpvraagId);
		const akkoord = { formId, sectionKey: 'bevoegd', questionKey: 'akkoord' };
		await refusedWith(fill.approve(sql, henk, akkoord), NotAllowed);
		await refusedWith(fill.approve(sql, lotte, akkoord), NotAllowed);
		// Only who may edit the hulpvraag names a writer, and only someone who sees it.
		await refusedWith(
			attach.grant(sql, sanne, { formId, sectionKey: 'bevoegd', accountId: henk.accountId }),
			NotAllowed
		);
		await refusedWith(
			attach.grant(sql, lotte, { formId, sectionKey: 'bevoegd', accountId: mila.accountId }),
			fill.Invalid
		);
		await attach.grant(sql, lotte, { formId, sectionKey: 'bevoegd', accountId: henk.accountId });
		const [mail] = await sql<{ subject: string; to: string }[]>`
			select subject, to_address from outbox where kind = 'form.grant' and account_id = ${henk.accountId}
			order by created_at desc limit 1`;
		expect(mail!.subject).toBe('Uw goedkeuring gevraagd: Testaanvraag budget');
		await fill.approve(sql, henk, akkoord);
	});

	it('lets the parent sign their section on their own account, and nobody else', async () => {
		const { formId, hulpvraagId } = await newForm();
		await complete(formId, hulpvraagId);
		const sign = { formId, sectionKey: 'ouders', questionKey: 'getekend' };
		for (const who of [lotte, henk, nora, mila])
			await refusedWith(fill.approve(sql, who, sign), NotAllowed);
		await fill.approve(sql, sanne, sign);
		const form = (await formById(sql, lotte.organisationId, formId))!;
		expect(form.approvals[0]).toMatchObject({
			kind: 'ondertekening',
			accountId: sanne.accountId,
			via: 'account'
		});
	});
});

describe('approvals', () => {
	it('are refused on an incomplete form, and voided visibly by a later change', async () => {
		const { formId, hulpvraagId } = await newForm();
		await attach.grant(sql, lotte, { formId, sectionKey: 'bevoegd', accountId: henk.accountId });
		const akkoord = { formId, sectionKey: 'bevoegd', questionKey: 'akkoord' };
		const early = await refusedWith(fill.approve(sql, henk, akkoord), fill.Invalid);
		expect(early.message).toContain(
			'Het formulier is nog niet volledig: ‘Waarvoor is het budget?’'
		);
		const opp = await complete(formId, hulpvraagId);
		await fill.approve(sql, henk, akkoord);
		let form = (await formById(sql, lotte.organisationId, formId))!;
		expect(form.approvals[0]).toMatchObject({ signerName: 'Henk de Groot', templateVersion: 1 });
		expect(form.approvals[0]!.answersHash).toMatch(/^[0-9a-f]{64}$/);

		// Saving the same answers again keeps the approval; a different answer voids it.
		const fields = { 'q.reden': 'Extra handen in de klas', 'q.thuis': 'nee', 'q.opp': opp };
		await fill.saveSection(sql, lotte, { formId, sectionKey: 'aanvraag', version: 1, fields });
		form = (await formById(sql, lotte.organisationId, formId))!;
		expect(form.approvals[0]!.voidedAt).toBeNull();
		await fill.saveSection(sql, lotte, {
			formId,
			sectionKey: 'aanvraag',
			version: 1,
			fields: { ...fields, 'q.reden': 'Iets anders' }
		});
		form = (await formById(sql, lotte.organisationId, formId))!;
		expect(form.approvals[0]!.voidedAt).not.toBeNull();
		expect(form.approvals[0]!.voidReason).toBe('De antwoorden zijn gewijzigd na de goedkeuring.');
	});

	it('by link: only to a parent address of the dossier, with the code from the second mail', async () => {
		const { formId, hulpvraagId } = await newForm();
		await complete(formId, hulpvraagId);
		const request = { formId, sectionKey: 'ouders', questionKey: 'getekend', name: 'Sanne Bakker' };
		const wrongAddress = await refusedWith(
			signing.requestSignature(sql, lotte, { ...request, email: 'iemand@example.nl' }),
			fill.Invalid
		);
		expect(wrongAddress.errors.email).toContain(
			'e-mailadres van een ouder dat in het dossier staat'
		);
		await refusedWith(
			signing.requestSignature(sql, mila, { ...request, email: parentEmail }),
			NotAllowed
		);
		await signing.requestSignature(sql, lotte, { ...request, email: parentEmail });
		const mails = await sql<{ text: string }[]>`
			select text_body as text from outbox where kind = 'form.sign' and to_address = ${parentEmail} order by created_at desc, id desc limit 2`;
		const token = /\/ondertekenen\/([A-Za-z0-9]+)/.exec(mails.map((m) => m.text).join('\n'))![1]!;
		const code = /Uw code is (\d{6})/.exec(mails.map((m) => m.text).join('\n'))![1]!;
		expect(mails.find((m) => m.text.includes(token))!.text).not.toContain(code);
		expect((await signing.openRequest(sql, token)).state).toBe('valid');
		const wrong = await refusedWith(
			signing.signByLink(sql, token, code === '000000' ? '111111' : '000000', null),
			signing.WrongCode
		);
		expect(wrong.message).toBe('Deze code klopt niet. U kunt het nog 4 keer proberen.');
		expect(await signing.signByLink(sql, token, code, null)).toBe('signed');
		expect(await signing.signByLink(sql, token, code, null)).toBe('used');
		const form = (await formById(sql, lotte.organisationId, formId))!;
		expect(form.approvals[0]).toMatchObject({
			via: 'link',
			accountId: null,
			signerName: 'Sanne Bakker'
		});
	});
});

describe('asking parents with an account to sign', () => {
	it('mails each parent of the dossier who has an account, with a link to Mijn kind, never the name', async () => {
		const { formId, hulpvraagId } = await newForm();
		const input = { formId, sectionKey: 'ouders' };
		// Only who may edit the hulpvraag asks; a parent or an extern does not.
		await refusedWith(signing.askParents(sql, sanne, input), NotAllowed);
		await refusedWith(signing.askParents(sql, mila, input), NotAllowed);
		// A section parents do not write is not theirs to sign.
		const notTheirs = await refusedWith(
			signing.askParents(sql, lotte, { formId, sectionKey: 'aanvraag' }),
			fill.Invalid
		);
		expect(notTheirs.message).toBe('Ouders ondertekenen dit onderdeel niet zelf.');
		const before = new Date();
		expect(await signing.askParents(sql, lotte, input)).toBe(1);
		const mails = await sql<{ to: string; subject: string; text: string }[]>`
			select to_address as to, subject, text_body as text from outbox
			where kind = 'form.sign.asked' and created_at >= ${before}`;
		expect(mails).toHaveLength(1);
		expect(mails[0]).toMatchObject({
			to: parentEmail,
			subject: 'Uw handtekening gevraagd: Testaanvraag budget'
		});
		const [row] = await sql<{ dossierId: string; roepnaam: string }[]>`
			select d.id as dossier_id, d.roepnaam from hulpvraag h join dossier d on d.id = h.dossier_id
			where h.id = ${hulpvraagId}`;
		expect(mails[0]!.text).toContain(`/mijn-kind/${row!.dossierId}/${hulpvraagId}`);
		expect(mails[0]!.text).not.toContain(row!.roepnaam);
		const [audited] = await sql<{ n: number }[]>`
			select count(*)::int as n from audit_log where action = 'form.sign.asked' and target_id = ${formId}`;
		expect(audited!.n).toBe(1);
	});

	it('is refused, saying what to do, when the parents have no account or do not see the hulpvraag', async () => {
		const noAccount = await a.hulpvraagIn('Aanmelding', {
			parents: ['zonder.account@example.com']
		});
		const formId = await attach.attach(sql, lotte, noAccount, templateId);
		const none = await refusedWith(
			signing.askParents(sql, lotte, { formId, sectionKey: 'ouders' }),
			fill.Invalid
		);
		expect(none.message).toBe(
			'Geen van de ouders in het dossier heeft een account. Stuur hun een link om te ondertekenen.'
		);
		const hidden = await newForm('OB voorlopige aanvraag');
		const unseen = await refusedWith(
			signing.askParents(sql, lotte, { formId: hidden.formId, sectionKey: 'ouders' }),
			fill.Invalid
		);
		expect(unseen.message).toContain('Ouders zien deze hulpvraag in de huidige status niet');
	});
});

describe('versions and the status gate', () => {
	it('a form keeps its version when a new one is published', async () => {
		const { formId } = await newForm();
		const changed = structuredClone(definition);
		changed.sections[0]!.questions[1]!.label = 'Waarvoor is het budget nodig?';
		await templates.saveDraft(sql, femke, templateId, changed, null);
		await templates.publish(sql, femke, templateId);
		expect((await formById(sql, lotte.organisationId, formId))!.version).toBe(1);
		const { formId: newer } = await newForm();
		expect((await formById(sql, lotte.organisationId, newer))!.version).toBe(2);
	});

	it('refuses a status that requires the form with exactly what is missing, then allows it', async () => {
		// Only this test's form: not the demo's own requirement on the same status.
		await sql`delete from status_form_requirement where organisation_id = ${lotte.organisationId}`;
		await sql`
			insert into status_form_requirement (organisation_id, status_id, template_id)
			values (${lotte.organisationId}, ${a.w.status('PO2806', 'OB aanvraag indienen')}, ${templateId})`;
		const hulpvraagId = await a.hulpvraagIn('OB voorlopige aanvraag', { parents: [parentEmail] });
		const change = async () => {
			const h = (await hulpvragen.get(sql, lotte.organisationId, hulpvraagId))!;
			return hulpvragen.changeStatus(sql, lotte, {
				hulpvraagId,
				toStatusId: a.w.status('PO2806', 'OB aanvraag indienen'),
				reason: '',
				version: h.version
			});
		};
		const none = await refusedWith(change(), FormsMissing);
		expect(none.items).toEqual([
			{
				text: 'Het formulier ‘Testaanvraag budget’ hangt nog niet aan de hulpvraag.',
				href: `/hulpvragen/${hulpvraagId}/formulieren`
			}
		]);
		const formId = await attach.attach(sql, lotte, hulpvraagId, templateId);
		const missing = await refusedWith(change(), FormsMissing);
		expect(missing.items.map((i) => i.text)).toEqual([
			'‘Testaanvraag budget’, Aanvraag: vul ‘Waarvoor is het budget nodig?’ in.',
			'‘Testaanvraag budget’, Aanvraag: vul ‘Zit het kind thuis?’ in.',
			'‘Testaanvraag budget’, Aanvraag: vul ‘Het OPP’ in.',
			'‘Testaanvraag budget’, Instemming bevoegd gezag: ‘Instemming’ ontbreekt nog.',
			'‘Testaanvraag budget’, Ondertekening ouders: ‘Handtekening ouder’ ontbreekt nog.'
		]);
		expect(missing.items[0]!.href).toBe(
			`/hulpvragen/${hulpvraagId}/formulieren#f-${formId}-q-reden`
		);
		const opp = await complete(formId, hulpvraagId);
		await attach.grant(sql, lotte, { formId, sectionKey: 'bevoegd', accountId: henk.accountId });
		await fill.approve(sql, henk, { formId, sectionKey: 'bevoegd', questionKey: 'akkoord' });
		await sql`update hulpvraag set status_id = ${a.w.status('PO2806', 'Aanmelding')} where id = ${hulpvraagId}`;
		await fill.approve(sql, sanne, { formId, sectionKey: 'ouders', questionKey: 'getekend' });
		await sql`update hulpvraag set status_id = ${a.w.status('PO2806', 'OB voorlopige aanvraag')} where id = ${hulpvraagId}`;
		// The OPP removed after approval: the gate names it.
		await sql`update bijlage set removed_at = now(), removed_by = ${lotte.accountId} where id = ${opp}`;
		const gone = await refusedWith(change(), FormsMissing);
		expect(gone.items.map((i) => i.text)).toEqual([
			'‘Testaanvraag budget’, Aanvraag: de bijlage bij ‘Het OPP’ is verwijderd; kies of voeg haar opnieuw toe.'
		]);
		await sql`update bijlage set removed_at = null, removed_by = null where id = ${opp}`;
		await change();
		expect((await hulpvragen.get(sql, lotte.organisationId, hulpvraagId))!.status).toBe(
			'OB aanvraag indienen'
		);
	});

	it('an automation attaches the form by title, and the school may take an unused one off', async () => {
		const added = await automations.add(sql, femke, {
			kind: 'form_from_titel',
			titelId: a.w.titel('PO2806', 'Thuiszitter'),
			statusId: '',
			targetStatusId: '',
			coordinatorId: '',
			templateId
		});
		expect(added.ok).toBe(true);
		const hulpvraagId = await a.hulpvraagIn('Aanmelding', { titel: 'Thuiszitter' });
		const [form] = await sql<{ id: string; automatic: boolean }[]>`
			select id, automatic from form where hulpvraag_id = ${hulpvraagId} and detached_at is null`;
		expect(form!.automatic).toBe(true);
		await refusedWith(attach.detach(sql, sanne, form!.id), NotAllowed);
		await attach.detach(sql, lotte, form!.id);
		const { formId, hulpvraagId: used } = await newForm();
		await complete(formId, used);
		const kept = await refusedWith(attach.detach(sql, lotte, formId), fill.Invalid);
		expect(kept.message).toBe('Dit formulier is al ingevuld en blijft bij de hulpvraag.');
	});
});

describe('a form required for some titles only', () => {
	it('is required of a hulpvraag with one of those titles, and of every title without a scope', async () => {
		const toegekend = a.w.status('PO2806', 'Toegekend');
		const thuiszitter = await a.hulpvraagIn('Aanmelding', { titel: 'Thuiszitter' });
		const ambulant = await a.hulpvraagIn('Aanmelding', { titel: 'Ambulante Begeleiding' });
		const missing = async (hulpvraagId: string) =>
			(await missingForStatus(sql, lotte.organisationId, hulpvraagId, toegekend)).map(
				(i) => i.text
			);
		// The Thuiszitter hulpvraag got the form by the automation of an earlier test: either
		// way, what is missing names it.
		const required = async (hulpvraagId: string) =>
			(await missing(hulpvraagId)).some((t) => t.includes('‘Testaanvraag budget’'));

		expect(
			await requirements.saveRequiredForms(sql, femke, toegekend, [
				{ templateId, titelIds: [a.w.titel('PO2806', 'Thuiszitter')] }
			])
		).toEqual({ ok: true });
		expect(await required(thuiszitter)).toBe(true);
		expect(await missing(ambulant)).toEqual([]);
		// For two titles, then for all titles.
		await requirements.saveRequiredForms(sql, femke, toegekend, [
			{
				templateId,
				titelIds: [a.w.titel('PO2806', 'Thuiszitter'), a.w.titel('PO2806', 'Ambulante Begeleiding')]
			}
		]);
		expect(await missing(ambulant)).toEqual([
			'Het formulier ‘Testaanvraag budget’ hangt nog niet aan de hulpvraag.'
		]);
		await requirements.saveRequiredForms(sql, femke, toegekend, [{ templateId, titelIds: null }]);
		expect(await required(thuiszitter)).toBe(true);
		expect(await missing(ambulant)).toEqual([
			'Het formulier ‘Testaanvraag budget’ hangt nog niet aan de hulpvraag.'
		]);
		const rows = await sql`
			select titel_id from status_form_requirement where status_id = ${toegekend}`;
		expect(rows).toEqual([{ titelId: null }]);

		await requirements.saveRequiredForms(sql, femke, toegekend, []);
		expect(await missing(thuiszitter)).toEqual([]);
	});
});

describe('informeer coördinator', () => {
	it('mails the coördinator once when the question turns yes', async () => {
		const evaluatie = await templates.create(sql, femke, {
			name: 'Testevaluatie',
			purpose: 'formulier',
			description: '',
			definition: {
				intro: '',
				sections: [
					{
						...definition.sections[0]!,
						questions: [
							{
								key: 'klaar',
								type: 'yesno',
								label: 'Informeer coördinator',
								help: '',
								required: false,
								options: [],
								notifyCoordinator: true
							}
						]
					}
				]
			}
		});
		await templates.publish(sql, femke, evaluatie);
		const hulpvraagId = await a.hulpvraagIn('Aanmelding');
		const formId = await attach.attach(sql, lotte, hulpvraagId, evaluatie);
		const mails = () => sql<{ subject: string; textBody: string }[]>`
			select subject, text_body from outbox
			where kind = 'form.coordinator' and account_id = ${a.w.account('pieter.verbeek').id}
				and text_body like ${'%' + formId + '%'}`;
		const save = (klaar: string, version: number) =>
			fill.saveSection(sql, lotte, {
				formId,
				sectionKey: 'aanvraag',
				version,
				fields: { 'q.klaar': klaar }
			});
		await save('nee', 0);
		expect(await mails()).toHaveLength(0);
		await save('ja', 1);
		const sent = await mails();
		expect(sent).toHaveLength(1);
		expect(sent[0]!.subject).toBe('Formulier aangeleverd: Testevaluatie');
		expect(sent[0]!.textBody).toContain('is ‘Informeer coördinator’ met ja beantwoord');
		// Saving yes again tells nobody twice.
		await save('ja', 2);
		expect(await mails()).toHaveLength(1);
	});
});
