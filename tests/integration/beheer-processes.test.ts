import { beforeAll, describe, expect, it } from 'vitest';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import * as automations from '../../src/lib/server/beheer/process-automations';
import * as titles from '../../src/lib/server/beheer/process-titles';
import * as processes from '../../src/lib/server/beheer/processes';
import { sql } from '../../src/lib/server/db';
import type { Actor } from '../../src/lib/server/access/policy';
import { actorOfUser } from '../support/actors';
import * as demo from '../../src/lib/server/demo/seed';
import * as templates from '../../src/lib/server/forms/templates';
import * as workflow from '../../src/lib/server/workflow/process';

const origin = 'https://kindkring.test';

let rotterdam: string;
let stromenland: string;
let femke: Actor;
let joost: Actor;

async function idOf(code: string, username: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		select a.id from account a join organisation o on o.id = a.organisation_id
		where o.code = ${code} and a.username = ${username}`;
	return row!.id;
}

async function statusId(org: string, name: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		select id from process_status where organisation_id = ${org} and name = ${name}`;
	return row!.id;
}

async function titelId(org: string, name: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		select id from hulpvraag_titel where organisation_id = ${org} and name = ${name}`;
	return row!.id;
}

async function auditOf(targetId: string, action?: string) {
	return sql<{ accountId: string; organisationId: string; details: Record<string, unknown> }[]>`
		select account_id, organisation_id, details from audit_log
		where target_id = ${targetId} and (${action ?? null}::text is null or action = ${action ?? null})
		order by id`;
}

function statusValues(over: Partial<processes.StatusValues> = {}): processes.StatusValues {
	return { ...processes.emptyStatus, ...over };
}

beforeAll(async () => {
	await demo.seed(sql);
	const orgs = await sql<{ id: string; code: string }[]>`select id, code from organisation`;
	rotterdam = orgs.find((o) => o.code === 'PO2806')!.id;
	stromenland = orgs.find((o) => o.code === 'PO2507')!.id;
	femke = await actorOfUser(sql, 'PO2806', 'beheer.femke', { ipHash: 'test-ip', origin });
	joost = await actorOfUser(sql, 'PO2507', 'beheer.joost', { ipHash: null, origin });
});

describe('statuses', () => {
	it('lists the organisation’s own statuses with their following statuses', async () => {
		const list = await processes.listStatuses(sql, rotterdam);
		expect(list).toHaveLength(23);
		const aanmelding = list.find((s) => s.name === 'Aanmelding')!;
		const names = (ids: string[]) => ids.map((id) => list.find((s) => s.id === id)!.name);
		expect(names(aanmelding.next)).toEqual(
			expect.arrayContaining(['Doorzetten SCP', 'Dossier compleet', 'Thuiszitter'])
		);
		expect(names(aanmelding.previous)).toEqual(['Voorlopige aanmelding', 'Dossier incompleet']);
		expect(list.some((s) => s.name.startsWith('JK '))).toBe(false);
	});

	it('edits texts, roles, flags and following statuses, with audit rows that name no texts', async () => {
		const id = await statusId(rotterdam, 'Thuiszitter');
		const before = (await processes.getStatus(sql, rotterdam, id))!;
		const afgewezen = await statusId(rotterdam, 'Afgewezen');
		const result = await processes.saveStatus(sql, femke, id, {
			...processes.toValues(before),
			parentText: 'Uw kind gaat nu niet naar school. Wij zoeken samen met u een oplossing.',
			settableBy: ['scp', 'coordinator'],
			reasonRequired: true,
			next: [...before.next, afgewezen]
		});
		expect(result).toEqual({ ok: true, id });
		const after = (await processes.getStatus(sql, rotterdam, id))!;
		expect(after.parentText).toBe(
			'Uw kind gaat nu niet naar school. Wij zoeken samen met u een oplossing.'
		);
		expect(after.settableBy).toEqual(['scp', 'coordinator']);
		expect(after.reasonRequired).toBe(true);
		expect(after.next).toContain(afgewezen);
		// The workflow reads the new transition at once.
		expect((await workflow.nextStatuses(sql, rotterdam, id, ['scp'])).map((s) => s.name)).toContain(
			'Afgewezen'
		);

		const updates = await auditOf(id, 'process.status.update');
		expect(updates).toHaveLength(1);
		expect(updates[0]).toMatchObject({
			accountId: femke.accountId,
			organisationId: rotterdam,
			details: { changed: 'parent_text,settable_by,reason_required' }
		});
		expect(JSON.stringify(updates[0]!.details)).not.toContain('oplossing');
		expect(await auditOf(id, 'process.transition.add')).toEqual([
			expect.objectContaining({ details: { toStatusId: afgewezen } })
		]);

		// Taking the transition away again is recorded too.
		await processes.saveStatus(sql, femke, id, { ...processes.toValues(after), next: before.next });
		expect((await processes.getStatus(sql, rotterdam, id))!.next).toEqual(before.next);
		expect(await auditOf(id, 'process.transition.remove')).toHaveLength(1);
	});

	it('edits the instruction for the school, recorded without its text', async () => {
		const id = await statusId(rotterdam, 'Dossier incompleet');
		const before = (await processes.getStatus(sql, rotterdam, id))!;
		expect(before.instruction).toContain('niet aan een nieuwe');
		const text =
			'Voeg toe wat in de reden staat en zet de status weer op Aanmelding. Vragen? Bel uw SCP.';
		expect(
			await processes.saveStatus(sql, femke, id, {
				...processes.toValues(before),
				instruction: text
			})
		).toEqual({ ok: true, id });
		expect((await processes.getStatus(sql, rotterdam, id))!.instruction).toBe(text);
		const [update] = await auditOf(id, 'process.status.update');
		expect(update!.details).toEqual({ changed: 'instruction' });
		expect(
			await processes.saveStatus(sql, femke, id, {
				...processes.toValues(before),
				instruction: 'x'.repeat(4001)
			})
		).toMatchObject({
			ok: false,
			errors: { instruction: 'De instructie is te lang (ten hoogste 4000 tekens).' }
		});
		await processes.saveStatus(sql, femke, id, processes.toValues(before));
	});

	it('saves nothing and records nothing when nothing changed', async () => {
		const id = await statusId(rotterdam, 'Toegekend');
		const before = (await processes.getStatus(sql, rotterdam, id))!;
		expect(await processes.saveStatus(sql, femke, id, processes.toValues(before))).toEqual({
			ok: true,
			id
		});
		expect(await auditOf(id)).toEqual([]);
	});

	it('adds a status with its following statuses', async () => {
		const afgerond = await statusId(rotterdam, 'Afgerond');
		const result = await processes.saveStatus(
			sql,
			femke,
			null,
			statusValues({
				name: 'Wacht op observatie',
				parentText: 'Er wordt eerst in de klas gekeken.',
				settableBy: ['scp'],
				position: '25',
				next: [afgerond]
			})
		);
		expect(result.ok).toBe(true);
		const id = (result as { id: string }).id;
		const created = (await processes.getStatus(sql, rotterdam, id))!;
		expect(created).toMatchObject({ name: 'Wacht op observatie', position: 25, next: [afgerond] });
		expect(await auditOf(id, 'process.status.create')).toHaveLength(1);
		expect(await processes.getStatus(sql, stromenland, id)).toBeNull();
	});

	it('refuses invalid input with Dutch messages per field', async () => {
		const joostStatus = await statusId(stromenland, 'Aanmelding');
		const result = await processes.saveStatus(
			sql,
			femke,
			null,
			statusValues({
				name: 'aanmelding',
				settableBy: ['ib', 'rector'],
				position: 'tien',
				next: [joostStatus]
			})
		);
		expect(result).toEqual({
			ok: false,
			reason: 'invalid',
			errors: {
				settableBy: 'Kies alleen rollen uit de lijst.',
				position: 'Vul een heel getal in, bijvoorbeeld 10.',
				next: 'Kies alleen statussen uit de lijst.',
				name: 'Er is al een status met deze naam.'
			}
		});
		expect(await processes.saveStatus(sql, femke, null, statusValues({ name: '' }))).toMatchObject({
			errors: { name: 'Vul de naam van de status in.' }
		});
		const own = await statusId(rotterdam, 'Afgerond');
		const self = await processes.getStatus(sql, rotterdam, own);
		expect(
			await processes.saveStatus(sql, femke, own, { ...processes.toValues(self!), next: [own] })
		).toMatchObject({ errors: { next: 'Een status kan niet op zichzelf volgen.' } });
	});

	it("refuses another organisation's status as not found, and changes nothing", async () => {
		const id = await statusId(rotterdam, 'Aanmelding');
		const before = (await processes.getStatus(sql, rotterdam, id))!;
		expect(await processes.getStatus(sql, stromenland, id)).toBeNull();
		expect(
			await processes.saveStatus(sql, joost, id, { ...processes.toValues(before), name: 'Gekaapt' })
		).toEqual({ ok: false, reason: 'not-found' });
		expect(await processes.removeStatus(sql, joost, id)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await processes.saveStatus(sql, joost, 'geen-uuid', statusValues())).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await processes.getStatus(sql, rotterdam, id)).toEqual(before);
		expect(await auditOf(id)).toEqual([]);
	});

	it('retires a status in use instead of deleting it; history keeps pointing at it', async () => {
		const created = await processes.saveStatus(
			sql,
			femke,
			null,
			statusValues({ name: 'Tijdelijke status', settableBy: ['scp'] })
		);
		const id = (created as { id: string }).id;
		const aanmelding = await statusId(rotterdam, 'Aanmelding');
		const [dossier] = await sql<{ id: string }[]>`
			insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht)
			values (${rotterdam}, 'Test', 'Kind', '2018-05-01', 'x') returning id`;
		const [hulpvraag] = await sql<{ id: string }[]>`
			insert into hulpvraag (organisation_id, dossier_id, titel_id, status_id)
			values (${rotterdam}, ${dossier!.id}, ${await titelId(rotterdam, 'KANS')}, ${aanmelding})
			returning id`;
		await sql`
			insert into status_change (organisation_id, hulpvraag_id, from_status_id, to_status_id)
			values (${rotterdam}, ${hulpvraag!.id}, ${aanmelding}, ${id})`;

		const refused = await processes.removeStatus(sql, femke, id);
		expect(refused).toMatchObject({ ok: false, reason: 'in-use' });
		expect((refused as { message: string }).message).toContain('niet actief');
		const status = (await processes.getStatus(sql, rotterdam, id))!;
		expect(status.inUse).toBe(true);

		// A name correction keeps the old name in the audit log; history still joins by id.
		expect(
			await processes.saveStatus(sql, femke, id, {
				...processes.toValues(status),
				name: 'Tijdelijke status (oud)',
				active: false
			})
		).toEqual({ ok: true, id });
		expect(await auditOf(id, 'process.status.update')).toEqual([
			expect.objectContaining({
				details: {
					changed: 'name,active',
					previousName: 'Tijdelijke status',
					name: 'Tijdelijke status (oud)'
				}
			})
		]);
		const [history] = await sql<{ name: string }[]>`
			select s.name from status_change c join process_status s on s.id = c.to_status_id
			where c.hulpvraag_id = ${hulpvraag!.id}`;
		expect(history!.name).toBe('Tijdelijke status (oud)');
		// Retired: no longer offered as a next status.
		const dossierCompleet = await statusId(rotterdam, 'Dossier compleet');
		const compleet = (await processes.getStatus(sql, rotterdam, dossierCompleet))!;
		await processes.saveStatus(sql, femke, dossierCompleet, {
			...processes.toValues(compleet),
			next: [...compleet.next, id]
		});
		expect(
			(await workflow.nextStatuses(sql, rotterdam, dossierCompleet, ['scp'])).map((s) => s.id)
		).not.toContain(id);
	});

	it('deletes an unused status with its transitions', async () => {
		const afgerond = await statusId(rotterdam, 'Afgerond');
		const created = await processes.saveStatus(
			sql,
			femke,
			null,
			statusValues({ name: 'Tikfout', next: [afgerond] })
		);
		const id = (created as { id: string }).id;
		expect(await processes.removeStatus(sql, femke, id)).toEqual({ ok: true });
		expect(await processes.getStatus(sql, rotterdam, id)).toBeNull();
		expect(await sql`select 1 from process_transition where from_status_id = ${id}`).toHaveLength(
			0
		);
		expect(await auditOf(id, 'process.status.delete')).toHaveLength(1);
	});

	it('refuses to delete a status an automation uses', async () => {
		// A status no hulpvraag uses (the demo dossiers use the seeded ones), with an automation.
		const [row] = await sql<{ id: string }[]>`
			insert into process_status (organisation_id, name) values (${rotterdam}, 'Alleen automatisering')
			returning id`;
		const id = row!.id;
		await sql`insert into process_automation (organisation_id, kind, status_id, coordinator_id)
			values (${rotterdam}, 'coordinator_from_status', ${id}, ${await idOf('PO2806', 'pieter.verbeek')})`;
		expect(await processes.removeStatus(sql, femke, id)).toMatchObject({
			ok: false,
			reason: 'in-use',
			message: expect.stringContaining('automatisering')
		});
	});
});

describe('titles', () => {
	it('offers the regions of the organisation’s schools', async () => {
		expect(await titles.regions(sql, rotterdam)).toEqual([
			'Centrum',
			'IJsselmonde',
			'Noord',
			'Zuid'
		]);
	});

	it('adds and edits a title with region limits that the workflow honours', async () => {
		const created = await titles.save(sql, femke, null, {
			name: 'Schakelklas',
			onlyRegions: ['Noord'],
			excludedRegions: [],
			position: '5',
			active: true
		});
		const id = (created as { id: string }).id;
		expect(created.ok).toBe(true);
		expect((await workflow.titlesFor(sql, rotterdam, 'Noord')).map((t) => t.name)).toContain(
			'Schakelklas'
		);
		expect((await workflow.titlesFor(sql, rotterdam, 'Zuid')).map((t) => t.name)).not.toContain(
			'Schakelklas'
		);
		expect(
			await titles.save(sql, femke, id, {
				name: 'Schakelklas',
				onlyRegions: [],
				excludedRegions: ['Noord'],
				position: '5',
				active: true
			})
		).toEqual({ ok: true, id });
		expect((await workflow.titlesFor(sql, rotterdam, 'Zuid')).map((t) => t.name)).toContain(
			'Schakelklas'
		);
		expect(await auditOf(id, 'process.titel.update')).toEqual([
			expect.objectContaining({ details: { changed: 'only_regions,excluded_regions' } })
		]);
	});

	it('refuses unknown regions, a region both only and excluded, and a duplicate name', async () => {
		expect(
			await titles.save(sql, femke, null, {
				name: 'KANS',
				onlyRegions: ['Noord', 'Atlantis'],
				excludedRegions: [],
				position: '1',
				active: true
			})
		).toEqual({
			ok: false,
			reason: 'invalid',
			errors: {
				onlyRegions: 'Kies alleen regio’s uit de lijst.',
				name: 'Er is al een titel met deze naam.'
			}
		});
		expect(
			await titles.save(sql, femke, null, {
				name: 'Nieuw',
				onlyRegions: ['Noord'],
				excludedRegions: ['Noord'],
				position: '1',
				active: true
			})
		).toMatchObject({
			errors: { excludedRegions: 'Een regio kan niet tegelijk ‘alleen’ en ‘niet’ zijn.' }
		});
	});

	it("refuses another organisation's title; retires a title in use instead of deleting it", async () => {
		const kans = await titelId(rotterdam, 'KANS');
		expect(
			await titles.save(sql, joost, kans, {
				name: 'X',
				onlyRegions: [],
				excludedRegions: [],
				position: '0',
				active: false
			})
		).toEqual({ ok: false, reason: 'not-found' });
		expect(await titles.remove(sql, joost, kans)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		// The hulpvraag of the previous describe block has title KANS.
		expect(await titles.remove(sql, femke, kans)).toMatchObject({
			ok: false,
			reason: 'in-use'
		});
		expect((await titles.get(sql, rotterdam, kans))!.active).toBe(true);
	});
});

describe('automations', () => {
	it('lists the demo automations with their names', async () => {
		const list = await automations.list(sql, rotterdam);
		expect(list).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					kind: 'initial_status_from_titel',
					titelName: 'Ondersteuningsbudget',
					targetStatusName: 'OB voorlopige aanvraag',
					active: true
				}),
				expect.objectContaining({
					kind: 'coordinator_from_status',
					coordinatorName: expect.any(String)
				})
			])
		);
	});

	it('adds a beginstatus for a title; the workflow uses it; one active per title', async () => {
		const kans = await titelId(rotterdam, 'KANS');
		const aanmelding = await statusId(rotterdam, 'Aanmelding');
		const voorlopig = await statusId(rotterdam, 'Voorlopige aanmelding');
		const added = await automations.add(sql, femke, {
			kind: 'initial_status_from_titel',
			titelId: kans,
			statusId: '',
			targetStatusId: voorlopig,
			coordinatorId: '',
			templateId: ''
		});
		expect(added.ok).toBe(true);
		const id = (added as { id: string }).id;
		expect(await workflow.initialStatus(sql, rotterdam, kans)).toBe(voorlopig);
		expect(await auditOf(id, 'process.automation.create')).toEqual([
			expect.objectContaining({ details: { kind: 'initial_status_from_titel' } })
		]);
		expect(
			await automations.add(sql, femke, {
				kind: 'initial_status_from_titel',
				titelId: kans,
				statusId: '',
				targetStatusId: await statusId(rotterdam, 'Thuiszitter'),
				coordinatorId: '',
				templateId: ''
			})
		).toMatchObject({ ok: false, errors: { kind: expect.stringContaining('Zet die eerst uit') } });

		expect(await automations.setActive(sql, femke, id, false)).toEqual({ ok: true });
		// Back to the default: a new hulpvraag is submitted when it is made.
		expect(await workflow.initialStatus(sql, rotterdam, kans)).toBe(aanmelding);
		expect(await auditOf(id, 'process.automation.deactivate')).toHaveLength(1);
		expect(await automations.remove(sql, femke, id)).toEqual({ ok: true });
	});

	it('keeps the last default beginstatus: without it no hulpvraag can be made', async () => {
		const [row] = await sql<{ id: string }[]>`
			select id from process_automation
			where organisation_id = ${rotterdam} and kind = 'initial_status_from_titel' and titel_id is null`;
		expect(await automations.setActive(sql, femke, row!.id, false)).toMatchObject({
			ok: false,
			reason: 'invalid'
		});
		expect(await automations.remove(sql, femke, row!.id)).toMatchObject({
			ok: false,
			reason: 'in-use'
		});
	});

	it('validates each kind’s fields and the coördinator’s organisation and role', async () => {
		const status = await statusId(rotterdam, 'Toegekend');
		const none = {
			titelId: '',
			statusId: '',
			targetStatusId: '',
			coordinatorId: '',
			templateId: ''
		};
		// The omschrijving is the school's: no automation writes it (the instruction belongs to
		// the status instead).
		for (const kind of ['iets', 'omschrijving_from_status']) {
			expect(await automations.add(sql, femke, { ...none, kind, statusId: status })).toMatchObject({
				errors: { kind: 'Kies een soort automatisering.' }
			});
		}
		// A school user, and a coördinator of the other organisation, cannot be chosen.
		for (const coordinatorId of [
			await idOf('PO2806', 'lotte.vandam'),
			await idOf('PO2507', 'bram.kok')
		]) {
			expect(
				await automations.add(sql, femke, {
					...none,
					kind: 'coordinator_from_status',
					statusId: status,
					coordinatorId
				})
			).toMatchObject({ errors: { coordinatorId: 'Kies een coördinator uit de lijst.' } });
		}
		expect(
			await automations.add(sql, femke, {
				...none,
				kind: 'status_after_attachment',
				statusId: await statusId(stromenland, 'Aanmelding'),
				targetStatusId: status
			})
		).toMatchObject({ errors: { statusId: 'Kies een status uit de lijst.' } });

		const ok = await automations.add(sql, femke, {
			...none,
			kind: 'coordinator_from_status',
			statusId: status,
			coordinatorId: await idOf('PO2806', 'nora.yilmaz')
		});
		expect(ok.ok).toBe(true);
		expect((await automations.coordinators(sql, rotterdam)).map((c) => c.id)).toContain(
			await idOf('PO2806', 'pieter.verbeek')
		);
	});

	it("refuses another organisation's automation as not found", async () => {
		const [row] = await sql<{ id: string }[]>`
			select id from process_automation where organisation_id = ${rotterdam} limit 1`;
		expect(await automations.setActive(sql, joost, row!.id, false)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await automations.remove(sql, joost, row!.id)).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await automations.setActive(sql, joost, 'x', false)).toEqual({
			ok: false,
			reason: 'not-found'
		});
	});
});

describe('form automations', () => {
	const none = { titelId: '', statusId: '', targetStatusId: '', coordinatorId: '', templateId: '' };

	async function publishedTemplate(actor: Actor, name: string): Promise<string> {
		const id = await templates.create(sql, actor, { name, purpose: 'formulier', description: '' });
		await templates.publish(sql, actor, id);
		return id;
	}

	it('adds a form by title and by status, listed with the form’s name, audited and removable', async () => {
		const templateId = await publishedTemplate(femke, 'Automatisch formulier');
		expect((await automations.attachableTemplates(sql, rotterdam)).map((t) => t.id)).toContain(
			templateId
		);
		const kans = await titelId(rotterdam, 'KANS');
		const byTitel = await automations.add(sql, femke, {
			...none,
			kind: 'form_from_titel',
			titelId: kans,
			templateId
		});
		expect(byTitel.ok).toBe(true);
		const toegekend = await statusId(rotterdam, 'Toegekend');
		const byStatus = await automations.add(sql, femke, {
			...none,
			kind: 'form_from_status',
			statusId: toegekend,
			templateId
		});
		expect(byStatus.ok).toBe(true);
		const titelRuleId = (byTitel as { id: string }).id;
		const statusRuleId = (byStatus as { id: string }).id;

		const list = await automations.list(sql, rotterdam);
		expect(list.find((x) => x.id === titelRuleId)).toMatchObject({
			kind: 'form_from_titel',
			titelName: 'KANS',
			formName: 'Automatisch formulier',
			active: true
		});
		expect(list.find((x) => x.id === statusRuleId)).toMatchObject({
			kind: 'form_from_status',
			statusName: 'Toegekend',
			formName: 'Automatisch formulier'
		});
		expect(await auditOf(titelRuleId, 'process.automation.create')).toEqual([
			expect.objectContaining({
				accountId: femke.accountId,
				details: { kind: 'form_from_titel' }
			})
		]);

		// The same form twice on one title is refused; another form on it is not.
		expect(
			await automations.add(sql, femke, {
				...none,
				kind: 'form_from_titel',
				titelId: kans,
				templateId
			})
		).toMatchObject({ ok: false, errors: { kind: expect.stringContaining('dit formulier') } });
		const other = await publishedTemplate(femke, 'Tweede automatisch formulier');
		const second = await automations.add(sql, femke, {
			...none,
			kind: 'form_from_titel',
			titelId: kans,
			templateId: other
		});
		expect(second.ok).toBe(true);

		expect(await automations.remove(sql, femke, titelRuleId)).toEqual({ ok: true });
		expect(await automations.remove(sql, femke, statusRuleId)).toEqual({ ok: true });
		expect(await automations.remove(sql, femke, (second as { id: string }).id)).toEqual({
			ok: true
		});
		expect(await auditOf(titelRuleId, 'process.automation.delete')).toHaveLength(1);
		const left =
			await sql`select 1 from process_automation where id in ${sql([titelRuleId, statusRuleId])}`;
		expect(left).toHaveLength(0);
	});

	it('refuses a form of another organisation, a draft, a switched-off form and a missing trigger', async () => {
		const kans = await titelId(rotterdam, 'KANS');
		const theirs = await publishedTemplate(joost, 'Formulier van Stromenland');
		const draft = await templates.create(sql, femke, {
			name: 'Nog niet gepubliceerd',
			purpose: 'formulier',
			description: ''
		});
		const off = await publishedTemplate(femke, 'Staat uit');
		await templates.setActive(sql, femke, off, false);
		const pick = 'Kies een formulier uit de lijst: een gepubliceerd formulier dat aan staat.';
		for (const templateId of [theirs, draft, off, '', 'geen-id']) {
			expect(
				await automations.add(sql, femke, {
					...none,
					kind: 'form_from_titel',
					titelId: kans,
					templateId
				})
			).toMatchObject({ ok: false, errors: { templateId: pick } });
		}
		const attachable = (await automations.attachableTemplates(sql, rotterdam)).map((t) => t.id);
		for (const id of [theirs, draft, off]) expect(attachable).not.toContain(id);

		const mine = await publishedTemplate(femke, 'Wel van Rotterdam');
		expect(
			await automations.add(sql, femke, { ...none, kind: 'form_from_titel', templateId: mine })
		).toMatchObject({ ok: false, errors: { titelId: 'Kies een titel uit de lijst.' } });
		expect(
			await automations.add(sql, femke, {
				...none,
				kind: 'form_from_status',
				statusId: await statusId(stromenland, 'Aanmelding'),
				templateId: mine
			})
		).toMatchObject({ ok: false, errors: { statusId: 'Kies een status uit de lijst.' } });
		// Stromenland's beheerder cannot attach Rotterdam's form to a title of their own.
		expect(
			await automations.add(sql, joost, {
				...none,
				kind: 'form_from_titel',
				titelId: (
					await sql<{ id: string }[]>`
					select id from hulpvraag_titel where organisation_id = ${stromenland} and active limit 1`
				)[0]!.id,
				templateId: mine
			})
		).toMatchObject({ ok: false, errors: { templateId: pick } });
		const [made] = await sql`
			select 1 from process_automation where form_template_id in ${sql([theirs, draft, off, mine])}`;
		expect(made).toBeUndefined();
	});

	it('refuses anyone who is not a beheerder, and records nothing', async () => {
		const mine = await publishedTemplate(femke, 'Alleen voor beheer');
		const kans = await titelId(rotterdam, 'KANS');
		for (const username of ['pieter.verbeek', 'lotte.vandam']) {
			const someone = await actorOfUser(sql, 'PO2806', username, { ipHash: null, origin });
			await expect(
				automations.add(sql, someone, {
					...none,
					kind: 'form_from_titel',
					titelId: kans,
					templateId: mine
				})
			).rejects.toBeInstanceOf(NotAllowed);
		}
		const [made] = await sql`select 1 from process_automation where form_template_id = ${mine}`;
		expect(made).toBeUndefined();
	});

	it('reads the form’s fields from the submitted form', () => {
		const data = new FormData();
		data.set('soort', ' form_from_status ');
		data.set('status', 's');
		data.set('formulier', 'f');
		expect(automations.automationFromForm(data)).toEqual({
			...none,
			kind: 'form_from_status',
			statusId: 's',
			templateId: 'f'
		});
	});
});
