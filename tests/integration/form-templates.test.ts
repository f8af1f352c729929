import { beforeAll, describe, expect, it } from 'vitest';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import type { Actor } from '../../src/lib/server/access/policy';
import * as requirements from '../../src/lib/server/beheer/form-requirements';
import * as titles from '../../src/lib/server/beheer/process-titles';
import * as processes from '../../src/lib/server/beheer/processes';
import { sql } from '../../src/lib/server/db';
import * as demo from '../../src/lib/server/demo/seed';
import * as templates from '../../src/lib/server/forms/templates';
import type { Definition, Question, Section } from '../../src/lib/forms/definition';
import { actorOfUser } from '../support/actors';

const origin = 'https://kindkring.test';
const run = Date.now().toString(36);

let rotterdam: string;
let femke: Actor;
let joost: Actor;

function q(key: string, over: Partial<Question> = {}): Question {
	return {
		key,
		type: 'text',
		label: `Vraag ${key}`,
		help: '',
		required: false,
		options: [],
		...over
	};
}

function section(key: string, questions: Question[], over: Partial<Section> = {}): Section {
	return {
		key,
		title: `Onderdeel ${key}`,
		help: '',
		writers: { roles: ['ib'], aanvrager: true, coordinator: false },
		readers: { roles: ['scp'], aanvrager: false, coordinator: true },
		grantable: false,
		shareableWithParents: false,
		questions,
		...over
	};
}

function definition(...sections: Section[]): Definition {
	return { intro: '', sections };
}

const good = definition(
	section('a', [
		q('thuis', { type: 'yesno', label: 'Zit het kind thuis?' }),
		q('sinds', { type: 'date', showWhen: { question: 'thuis', equals: 'ja' } })
	])
);

async function problemsOf(p: Promise<unknown>): Promise<string[]> {
	const e = await p.then(
		() => null,
		(e: unknown) => e
	);
	expect(e).toBeInstanceOf(templates.Invalid);
	return (e as templates.Invalid).problems.map((x) => x.message);
}

async function versionsOf(templateId: string) {
	return sql<
		{ version: number; definition: Definition; publishedAt: Date | null; updatedAt: Date }[]
	>`
		select version, definition, published_at, updated_at from form_template_version
		where template_id = ${templateId} order by version`;
}

/** Required forms for all titles. */
function all(...templateIds: string[]): requirements.Requirement[] {
	return templateIds.map((templateId) => ({ templateId, titelIds: null }));
}

async function newTemplate(name: string): Promise<string> {
	return templates.create(sql, femke, {
		name: `${name} ${run}`,
		purpose: 'formulier',
		description: ''
	});
}

beforeAll(async () => {
	await demo.seed(sql);
	const [org] = await sql<{ id: string }[]>`select id from organisation where code = 'PO2806'`;
	rotterdam = org!.id;
	femke = await actorOfUser(sql, 'PO2806', 'beheer.femke', { ipHash: 'test-ip', origin });
	joost = await actorOfUser(sql, 'PO2507', 'beheer.joost', { ipHash: null, origin });
});

describe('templates', () => {
	it('creates a template with a first draft, listed and audited', async () => {
		const id = await templates.create(sql, femke, {
			name: `Groeidocument ${run}`,
			purpose: 'advies',
			description: ' Voor de deskundige. '
		});
		const listed = (await templates.list(sql, rotterdam)).find((t) => t.id === id)!;
		expect(listed).toMatchObject({
			purpose: 'advies',
			description: 'Voor de deskundige.',
			active: true,
			published: null,
			draft: 1,
			forms: 0
		});
		const t = (await templates.get(sql, rotterdam, id))!;
		expect(t.versions).toHaveLength(1);
		expect(t.versions[0]!.publishedAt).toBeNull();
		expect(t.versions[0]!.definition.sections).toHaveLength(1);
		const [row] = await sql`select account_id from audit_log
			where target_id = ${id} and action = 'form.template.create'`;
		expect(row!.accountId).toBe(femke.accountId);
		// Another organisation does not see it.
		expect(await templates.get(sql, joost.organisationId, id)).toBeUndefined();
	});

	it('refuses a name in use or none', async () => {
		await newTemplate('Dubbel');
		expect(await problemsOf(newTemplate('Dubbel'))).toEqual([
			`Er is al een formulier ‘Dubbel ${run}’.`
		]);
		expect(
			await problemsOf(
				templates.create(sql, femke, { name: '  ', purpose: 'formulier', description: '' })
			)
		).toEqual(['Vul een naam in van ten hoogste 160 tekens.']);
	});

	it('refuses invalid definitions with Dutch problems and keeps the draft', async () => {
		const id = await newTemplate('Ongeldig');
		const [before] = await versionsOf(id);
		const save = (d: unknown) => problemsOf(templates.saveDraft(sql, femke, id, d, null));
		expect(await save(definition(section('a', [q('x'), q('x')])))).toEqual([
			'Twee vragen hebben de sleutel ‘x’.'
		]);
		expect(
			await save(
				definition(
					section('a', [
						q('eerst', { showWhen: { question: 'later', equals: 'ja' } }),
						q('later', { type: 'yesno' })
					])
				)
			)
		).toEqual(['‘Vraag eerst’ hangt af van een vraag die er eerder niet is.']);
		expect(
			await save(
				definition(section('a', [q('kies', { type: 'choice', options: ['Alleen deze'] })]))
			)
		).toEqual(['‘Vraag kies’ heeft ten minste twee keuzemogelijkheden nodig.']);
		expect(
			await save(
				definition(
					section('a', [q('x')], { writers: { roles: [], aanvrager: false, coordinator: false } })
				)
			)
		).toEqual(['‘Onderdeel a’ heeft niemand die het invult.']);
		expect(await save(definition())).toEqual(['Een formulier heeft ten minste één onderdeel.']);
		expect(await save({ sections: 'geen lijst' })).toHaveLength(1);
		const [after] = await versionsOf(id);
		expect(after).toEqual(before);
	});

	it('publishes; the next save makes version 2 and version 1 stays as it was', async () => {
		const id = await newTemplate('Versies');
		const v1 = await templates.saveDraft(sql, femke, id, good, null);
		expect(v1.version).toBe(1);
		expect(await templates.publish(sql, femke, id)).toBe(1);
		expect(await problemsOf(templates.publish(sql, femke, id))).toEqual([
			'Er is geen concept om te publiceren.'
		]);
		const published = (await versionsOf(id))[0]!;
		expect(published.publishedAt).not.toBeNull();

		const changed = structuredClone(good);
		changed.sections[0]!.title = 'Thuiszitten';
		const v2 = await templates.saveDraft(sql, femke, id, changed, null);
		expect(v2.version).toBe(2);
		const [one, two] = await versionsOf(id);
		expect(one).toEqual(published);
		expect(two!.publishedAt).toBeNull();
		expect(two!.definition.sections[0]!.title).toBe('Thuiszitten');
		expect(one!.definition.sections[0]!.title).toBe('Onderdeel a');
		expect(await templates.currentVersion(sql, rotterdam, id)).toMatchObject({ version: 1 });
		const listed = (await templates.list(sql, rotterdam)).find((t) => t.id === id)!;
		expect(listed).toMatchObject({ published: 1, draft: 2 });
		const audit = await sql<{ action: string }[]>`
			select action from audit_log where target_id = ${id} order by id`;
		expect(audit.map((a) => a.action)).toEqual([
			'form.template.create',
			'form.template.save',
			'form.template.publish',
			'form.template.save'
		]);
	});

	it('the database refuses to change or delete a published version', async () => {
		const id = await newTemplate('Vast');
		await templates.publish(sql, femke, id);
		await expect(
			sql`update form_template_version set definition = '{}' where template_id = ${id} and version = 1`
		).rejects.toMatchObject({ code: '23514' });
		await expect(
			sql`delete from form_template_version where template_id = ${id} and version = 1`
		).rejects.toMatchObject({ code: '23514' });
		expect((await versionsOf(id))[0]!.definition.sections).toHaveLength(1);
	});

	it('refuses a save over a later save (stale expectedUpdatedAt)', async () => {
		const id = await newTemplate('Gelijktijdig');
		const [loaded] = await versionsOf(id);
		const stamp = loaded!.updatedAt.toISOString();
		const first = await templates.saveDraft(sql, femke, id, good, stamp);
		const other = structuredClone(good);
		other.intro = 'Van de tweede beheerder';
		const problems = await problemsOf(templates.saveDraft(sql, femke, id, other, stamp));
		expect(problems[0]).toMatch(/^Iemand anders heeft dit concept intussen opgeslagen/);
		const [now] = await versionsOf(id);
		expect(now!.updatedAt.toISOString()).toBe(first.updatedAt.toISOString());
		expect(now!.definition.intro).toBe('');
		// With what the editor got after its own save, the next save works.
		await templates.saveDraft(sql, femke, id, other, first.updatedAt.toISOString());
	});

	it('switches a template off: no new forms get it', async () => {
		const id = await newTemplate('Uit');
		await templates.publish(sql, femke, id);
		await templates.setActive(sql, femke, id, false);
		expect(await templates.currentVersion(sql, rotterdam, id)).toBeUndefined();
		await templates.setActive(sql, femke, id, true);
		expect(await templates.currentVersion(sql, rotterdam, id)).toMatchObject({ version: 1 });
	});

	it('renames and describes a template without a new version, unique per organisation', async () => {
		const id = await newTemplate('Oude naam');
		await templates.saveDraft(sql, femke, id, good, null);
		await templates.publish(sql, femke, id);
		const before = await versionsOf(id);
		await templates.rename(sql, femke, id, {
			name: ` Nieuwe naam ${run} `,
			description: ' Voor de school. '
		});
		const t = (await templates.get(sql, rotterdam, id))!;
		expect(t).toMatchObject({ name: `Nieuwe naam ${run}`, description: 'Voor de school.' });
		// Name and description are no part of a version: no draft, no new version.
		expect(await versionsOf(id)).toEqual(before);
		expect((await templates.list(sql, rotterdam)).find((x) => x.id === id)).toMatchObject({
			published: 1,
			draft: null
		});
		const audit = async () =>
			sql<{ accountId: string; details: Record<string, string> }[]>`
				select account_id, details from audit_log
				where target_id = ${id} and action = 'form.template.rename' order by id`;
		expect(await audit()).toEqual([
			{ accountId: femke.accountId, details: { changed: 'name,description' } }
		]);
		// Saving what is there already records nothing.
		await templates.rename(sql, femke, id, {
			name: `Nieuwe naam ${run}`,
			description: 'Voor de school.'
		});
		expect(await audit()).toHaveLength(1);

		// Another template's name, in any case, is refused; another organisation may have it.
		await newTemplate('Bezet');
		expect(
			await problemsOf(templates.rename(sql, femke, id, { name: `BEZET ${run}`, description: '' }))
		).toEqual([`Er is al een formulier ‘BEZET ${run}’.`]);
		expect(
			await problemsOf(templates.rename(sql, femke, id, { name: ' ', description: '' }))
		).toEqual(['Vul een naam in van ten hoogste 160 tekens.']);
		expect(
			await problemsOf(
				templates.rename(sql, femke, id, { name: 'Lang', description: 'x'.repeat(1001) })
			)
		).toEqual(['De omschrijving is te lang: ten hoogste 1000 tekens.']);
		expect(
			await problemsOf(
				templates.rename(sql, joost, id, { name: `Van Stromenland ${run}`, description: '' })
			)
		).toEqual(['Dit formulier bestaat niet.']);
		expect((await templates.get(sql, rotterdam, id))!.name).toBe(`Nieuwe naam ${run}`);
		const theirs = await templates.create(sql, joost, {
			name: `Eigen naam ${run}`,
			purpose: 'formulier',
			description: ''
		});
		await templates.rename(sql, joost, theirs, { name: `Nieuwe naam ${run}`, description: '' });
	});

	it('another organisation’s beheerder changes nothing of it', async () => {
		const id = await newTemplate('Ander verband');
		const before = await versionsOf(id);
		expect(await problemsOf(templates.saveDraft(sql, joost, id, good, null))).toEqual([
			'Dit formulier bestaat niet.'
		]);
		expect(await problemsOf(templates.publish(sql, joost, id))).toEqual([
			'Dit formulier bestaat niet.'
		]);
		expect(await versionsOf(id)).toEqual(before);
	});
});

describe('accounts that are no beheerder', () => {
	const others = [
		'lotte.vandam', // ib
		'henk.degroot', // directeur
		'nora.yilmaz', // scp
		'pieter.verbeek', // coordinator
		'sanne.bakker' // ouder
	];

	async function snapshot() {
		const [row] = await sql`
			select
				(select string_agg(t.id::text || t.name || t.active::text, ',' order by t.id)
					from form_template t where t.organisation_id = ${rotterdam}) as templates,
				(select string_agg(v.id::text || v.updated_at::text || coalesce(v.published_at::text, ''), ',' order by v.id)
					from form_template_version v where v.organisation_id = ${rotterdam}) as versions,
				(select count(*)::int from status_form_requirement where organisation_id = ${rotterdam}) as requirements`;
		return row;
	}

	it('get NotAllowed for every change, and nothing changes', async () => {
		const id = await newTemplate('Alleen beheer');
		const [status] = await sql<{ id: string }[]>`
			select id from process_status where organisation_id = ${rotterdam} order by name limit 1`;
		const before = await snapshot();
		for (const username of others) {
			const actor = await actorOfUser(sql, 'PO2806', username);
			const attempts: (() => Promise<unknown>)[] = [
				() =>
					templates.create(sql, actor, {
						name: `Van ${username}`,
						purpose: 'formulier',
						description: ''
					}),
				() => templates.saveDraft(sql, actor, id, good, null),
				() => templates.publish(sql, actor, id),
				() => templates.setActive(sql, actor, id, false),
				() => templates.rename(sql, actor, id, { name: `Van ${username}`, description: '' }),
				() => requirements.saveRequiredForms(sql, actor, status!.id, all(id))
			];
			for (const attempt of attempts) {
				await expect(attempt(), username).rejects.toBeInstanceOf(NotAllowed);
			}
		}
		expect(await snapshot()).toEqual(before);
	});
});

describe('required forms of a status', () => {
	async function titel(org: string, name: string): Promise<string> {
		const [row] = await sql<{ id: string }[]>`
			select id from hulpvraag_titel where organisation_id = ${org} and name = ${name}`;
		return row!.id;
	}

	it('limits a required form to titles: stored per title, audited, only active own titles', async () => {
		const [status] = await sql<{ id: string }[]>`
			select id from process_status where organisation_id = ${rotterdam} and name = 'Toegekend'`;
		const form = await newTemplate('Per titel');
		const kans = await titel(rotterdam, 'KANS');
		const thuiszitter = await titel(rotterdam, 'Thuiszitter');
		const save = (titelIds: string[] | null) =>
			requirements.saveRequiredForms(sql, femke, status!.id, [{ templateId: form, titelIds }]);
		expect(await save([thuiszitter, kans, kans])).toEqual({ ok: true });
		expect(await requirements.requiredForms(sql, rotterdam, status!.id)).toEqual([
			{ templateId: form, titelIds: [kans, thuiszitter].sort() }
		]);
		const lastAudit = async () =>
			(
				await sql<{ details: Record<string, string> }[]>`
					select details from audit_log where target_id = ${status!.id} and action = 'process.status.forms'
					order by id desc limit 1`
			)[0]!.details;
		expect((await lastAudit()).added!.split(',').sort()).toEqual(
			[`${form}@${kans}`, `${form}@${thuiszitter}`].sort()
		);
		// From some titles to all titles: the title rows go, one row for all titles comes.
		expect(await save(null)).toEqual({ ok: true });
		expect(await requirements.requiredForms(sql, rotterdam, status!.id)).toEqual(all(form));
		expect(await lastAudit()).toMatchObject({ added: form });

		const stromenlandTitel = (
			await sql<{ id: string }[]>`
			select id from hulpvraag_titel where organisation_id = ${joost.organisationId} limit 1`
		)[0]!.id;
		expect(await save([stromenlandTitel])).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await save(['geen-id'])).toMatchObject({ ok: false, reason: 'invalid' });
		expect(await save([])).toEqual({
			ok: false,
			reason: 'invalid',
			message:
				'Kies bij een formulier dat alleen voor bepaalde titels geldt ten minste één titel, of kies ‘Alle titels’.'
		});
		// A title that is not active is kept where it was, but cannot be added.
		expect(await save([kans])).toEqual({ ok: true });
		await sql`update hulpvraag_titel set active = false where id = ${thuiszitter}`;
		try {
			expect(await save([kans, thuiszitter])).toMatchObject({ ok: false, reason: 'invalid' });
		} finally {
			await sql`update hulpvraag_titel set active = true where id = ${thuiszitter}`;
		}
		expect(await requirements.requiredForms(sql, rotterdam, status!.id)).toEqual([
			{ templateId: form, titelIds: [kans] }
		]);
		expect(await requirements.saveRequiredForms(sql, femke, status!.id, [])).toEqual({ ok: true });
	});

	it('stores, audits, keeps an inactive one it had and refuses other templates', async () => {
		const [status] = await sql<{ id: string }[]>`
			select id from process_status where organisation_id = ${rotterdam} and name = 'Aanmelding'`;
		const a = await newTemplate('Vereist A');
		const b = await newTemplate('Vereist B');
		const foreign = await templates.create(sql, joost, {
			name: `Elders ${run}`,
			purpose: 'formulier',
			description: ''
		});
		const ok = await requirements.saveRequiredForms(sql, femke, status!.id, all(a, b, a));
		expect(ok).toEqual({ ok: true });
		expect(await requirements.requiredForms(sql, rotterdam, status!.id)).toEqual(
			all(...[a, b].sort())
		);
		const [audit] = await sql<{ details: Record<string, string> }[]>`
			select details from audit_log where target_id = ${status!.id} and action = 'process.status.forms'
			order by id desc limit 1`;
		expect(audit!.details.added!.split(',').sort()).toEqual([a, b].sort());

		await templates.setActive(sql, femke, b, false);
		const choosable = await requirements.choosableForms(sql, rotterdam, status!.id);
		expect(choosable.find((t) => t.id === b)).toMatchObject({ active: false });
		// Kept while it is required; once dropped it cannot come back while it is off.
		expect(await requirements.saveRequiredForms(sql, femke, status!.id, all(b))).toEqual({
			ok: true
		});
		expect(await requirements.requiredForms(sql, rotterdam, status!.id)).toEqual(all(b));
		expect(await requirements.saveRequiredForms(sql, femke, status!.id, [])).toEqual({ ok: true });
		expect(await requirements.saveRequiredForms(sql, femke, status!.id, all(b))).toMatchObject({
			ok: false,
			reason: 'invalid'
		});
		expect(
			await requirements.saveRequiredForms(sql, femke, status!.id, all(foreign))
		).toMatchObject({
			ok: false,
			reason: 'invalid'
		});
		expect(
			await requirements.saveRequiredForms(sql, femke, status!.id, all('geen-id'))
		).toMatchObject({
			ok: false,
			reason: 'invalid'
		});
		expect(await requirements.saveRequiredForms(sql, joost, status!.id, all(foreign))).toEqual({
			ok: false,
			reason: 'not-found'
		});
		expect(await requirements.requiredForms(sql, rotterdam, status!.id)).toEqual([]);
	});

	it('limited to an unused title that is removed: that title goes from the requirement', async () => {
		const [status] = await sql<{ id: string }[]>`
			select id from process_status where organisation_id = ${rotterdam} and name = 'Afgerond'`;
		const form = await newTemplate('Bij verwijderde titel');
		const made = await titles.save(sql, femke, null, { ...titles.empty, name: `Tijdelijk ${run}` });
		if (!made.ok) throw new Error('title not saved');
		const kans = await titel(rotterdam, 'KANS');
		await requirements.saveRequiredForms(sql, femke, status!.id, [
			{ templateId: form, titelIds: [made.id, kans] }
		]);
		expect(await titles.remove(sql, femke, made.id)).toEqual({ ok: true });
		expect(await requirements.requiredForms(sql, rotterdam, status!.id)).toEqual([
			{ templateId: form, titelIds: [kans] }
		]);
		await requirements.saveRequiredForms(sql, femke, status!.id, []);
	});

	it('go with an unused status that is removed', async () => {
		const a = await newTemplate('Bij verwijderde status');
		const saved = await processes.saveStatus(sql, femke, null, {
			...processes.emptyStatus,
			name: `Tijdelijk ${run}`
		});
		if (!saved.ok) throw new Error('status not saved');
		await requirements.saveRequiredForms(sql, femke, saved.id, all(a));
		expect(await processes.removeStatus(sql, femke, saved.id)).toEqual({ ok: true });
		const left = await sql`select 1 from status_form_requirement where status_id = ${saved.id}`;
		expect(left).toHaveLength(0);
	});
});
