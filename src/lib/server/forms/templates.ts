/**
 * Beheer → Formulieren: an organisation's form templates and their versions. A template is
 * edited as its one draft; publishing makes the draft the version new forms get, and the
 * database refuses any change to a published version (forms keep the version they were
 * started on). Editing again starts a new draft from the newest version.
 */
import { authorizeOrganisation } from '../access/authorize';
import type { Actor } from '../access/policy';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';
import { readDefinition, type Definition, type Problem } from '$lib/forms/definition';

type Db = Sql | TransactionSql;

export type Purpose = 'formulier' | 'advies';
export const purposeLabels: Record<Purpose, string> = {
	formulier: 'Formulier',
	advies: 'Advies (deskundige)'
};

export interface TemplateSummary {
	id: string;
	name: string;
	purpose: Purpose;
	description: string;
	active: boolean;
	/** The newest published version, or null before the first publication. */
	published: number | null;
	/** The draft's version number, when there is one. */
	draft: number | null;
	/** Forms on hulpvragen made from this template. */
	forms: number;
}

export async function list(sql: Db, organisationId: string): Promise<TemplateSummary[]> {
	return sql<TemplateSummary[]>`
		select t.id, t.name, t.purpose, t.description, t.active,
			(select max(v.version) from form_template_version v
				where v.template_id = t.id and v.published_at is not null) as published,
			(select v.version from form_template_version v
				where v.template_id = t.id and v.published_at is null) as draft,
			(select count(*)::int from form f where f.template_id = t.id and f.detached_at is null) as forms
		from form_template t
		where t.organisation_id = ${organisationId}
		order by t.active desc, t.name`;
}

export interface VersionRow {
	id: string;
	version: number;
	definition: Definition;
	publishedAt: Date | null;
	updatedAt: Date;
}

export interface Template extends Omit<TemplateSummary, 'published' | 'draft' | 'forms'> {
	versions: VersionRow[];
}

export async function get(
	sql: Db,
	organisationId: string,
	templateId: string
): Promise<Template | undefined> {
	if (!isUuid(templateId)) return undefined;
	const [t] = await sql<Omit<Template, 'versions'>[]>`
		select id, name, purpose, description, active from form_template
		where organisation_id = ${organisationId} and id = ${templateId}`;
	if (!t) return undefined;
	const versions = await sql<VersionRow[]>`
		select id, version, definition, published_at, updated_at from form_template_version
		where template_id = ${t.id} order by version desc`;
	return { ...t, versions };
}

/** The version new forms of a template get: its newest published one. */
export async function currentVersion(
	sql: Db,
	organisationId: string,
	templateId: string
): Promise<{ id: string; version: number; definition: Definition } | undefined> {
	const [row] = await sql<{ id: string; version: number; definition: Definition }[]>`
		select v.id, v.version, v.definition from form_template_version v
		join form_template t on t.id = v.template_id
		where t.organisation_id = ${organisationId} and t.id = ${templateId} and t.active
			and v.published_at is not null
		order by v.version desc limit 1`;
	return row;
}

export class Invalid extends Error {
	constructor(readonly problems: Problem[]) {
		super(problems.map((p) => p.message).join(' '));
	}
}

const emptyDefinition: Definition = {
	intro: '',
	sections: [
		{
			key: 'algemeen',
			title: 'Algemeen',
			help: '',
			writers: { roles: ['ib'], aanvrager: true, coordinator: false },
			readers: { roles: ['scp', 'coordinator'], aanvrager: false, coordinator: true },
			grantable: false,
			shareableWithParents: false,
			questions: [
				{
					key: 'toelichting',
					type: 'textarea',
					label: 'Toelichting',
					help: '',
					required: true,
					options: []
				}
			]
		}
	]
};

export async function create(
	sql: Sql,
	actor: Actor,
	input: { name: string; purpose: Purpose; description: string; definition?: Definition }
): Promise<string> {
	authorizeOrganisation(actor, 'manage-forms');
	const name = input.name.trim();
	if (!name || name.length > 160)
		throw new Invalid([{ message: 'Vul een naam in van ten hoogste 160 tekens.' }]);
	const checked = readDefinition(input.definition ?? emptyDefinition);
	if (!checked.ok) throw new Invalid(checked.problems);
	return sql.begin(async (tx) => {
		const [taken] = await tx`
			select 1 from form_template where organisation_id = ${actor.organisationId} and lower(name) = lower(${name})`;
		if (taken) throw new Invalid([{ message: `Er is al een formulier ‘${name}’.` }]);
		const [t] = await tx<{ id: string }[]>`
			insert into form_template (organisation_id, name, purpose, description)
			values (${actor.organisationId}, ${name}, ${input.purpose}, ${input.description.trim()})
			returning id`;
		await tx`
			insert into form_template_version (organisation_id, template_id, version, definition, updated_by)
			values (${actor.organisationId}, ${t!.id}, 1, ${tx.json(checked.definition as never)}, ${actor.accountId})`;
		await audit.byActor(tx, actor, 'form.template.create', 'form_template', t!.id);
		return t!.id;
	});
}

/**
 * Saves the draft's definition (making a draft from the newest version if there is none).
 * `expectedUpdatedAt` is when the editor loaded the draft: a save over someone else's later
 * save is refused, so two beheerders never overwrite each other.
 */
export async function saveDraft(
	sql: Sql,
	actor: Actor,
	templateId: string,
	definition: unknown,
	expectedUpdatedAt: string | null
): Promise<{ version: number; updatedAt: Date }> {
	authorizeOrganisation(actor, 'manage-forms');
	const checked = readDefinition(definition);
	if (!checked.ok) throw new Invalid(checked.problems);
	return sql.begin(async (tx) => {
		const t = await lockTemplate(tx, actor, templateId);
		const [draft] = await tx<{ id: string; version: number; updatedAt: Date }[]>`
			select id, version, updated_at from form_template_version
			where template_id = ${t.id} and published_at is null`;
		if (draft) {
			if (expectedUpdatedAt && draft.updatedAt.toISOString() !== expectedUpdatedAt) {
				throw new Invalid([
					{
						message:
							'Iemand anders heeft dit concept intussen opgeslagen. Uw wijzigingen zijn niet opgeslagen: open het formulier opnieuw.'
					}
				]);
			}
			const [row] = await tx<{ updatedAt: Date }[]>`
				update form_template_version set definition = ${tx.json(checked.definition as never)},
					updated_at = now(), updated_by = ${actor.accountId}
				where id = ${draft.id} returning updated_at`;
			await audit.byActor(tx, actor, 'form.template.save', 'form_template', t.id, {
				version: draft.version
			});
			return { version: draft.version, updatedAt: row!.updatedAt };
		}
		const [row] = await tx<{ version: number; updatedAt: Date }[]>`
			insert into form_template_version (organisation_id, template_id, version, definition, updated_by)
			select ${actor.organisationId}, ${t.id}, coalesce(max(version), 0) + 1, ${tx.json(checked.definition as never)}, ${actor.accountId}
			from form_template_version where template_id = ${t.id}
			returning version, updated_at`;
		await audit.byActor(tx, actor, 'form.template.save', 'form_template', t.id, {
			version: row!.version
		});
		return row!;
	});
}

/** Publishes the draft: from now on new forms of this template get it. */
export async function publish(sql: Sql, actor: Actor, templateId: string): Promise<number> {
	authorizeOrganisation(actor, 'manage-forms');
	return sql.begin(async (tx) => {
		const t = await lockTemplate(tx, actor, templateId);
		const [draft] = await tx<{ id: string; version: number; definition: unknown }[]>`
			select id, version, definition from form_template_version
			where template_id = ${t.id} and published_at is null`;
		if (!draft) throw new Invalid([{ message: 'Er is geen concept om te publiceren.' }]);
		const checked = readDefinition(draft.definition);
		if (!checked.ok) throw new Invalid(checked.problems);
		await tx`
			update form_template_version set published_at = now(), published_by = ${actor.accountId}
			where id = ${draft.id}`;
		await audit.byActor(tx, actor, 'form.template.publish', 'form_template', t.id, {
			version: draft.version
		});
		return draft.version;
	});
}

/**
 * Changes a template's name and description. Both live on the template, not in a version's
 * definition: a version's content is only its `definition` (what published versions freeze),
 * so this makes no new version, and forms of every version show the new name. Names are
 * unique per organisation regardless of case, as when a template is made.
 */
export async function rename(
	sql: Sql,
	actor: Actor,
	templateId: string,
	input: { name: string; description: string }
): Promise<void> {
	authorizeOrganisation(actor, 'manage-forms');
	const name = input.name.trim();
	const description = input.description.trim();
	if (!name || name.length > 160)
		throw new Invalid([{ message: 'Vul een naam in van ten hoogste 160 tekens.' }]);
	if (description.length > 1000)
		throw new Invalid([{ message: 'De omschrijving is te lang: ten hoogste 1000 tekens.' }]);
	await sql.begin(async (tx) => {
		const t = await lockTemplate(tx, actor, templateId);
		const [taken] = await tx`
			select 1 from form_template
			where organisation_id = ${actor.organisationId} and lower(name) = lower(${name})
				and id <> ${t.id}`;
		if (taken) throw new Invalid([{ message: `Er is al een formulier ‘${name}’.` }]);
		const [before] = await tx<{ name: string; description: string }[]>`
			select name, description from form_template where id = ${t.id}`;
		const changed = [
			before!.name !== name && 'name',
			before!.description !== description && 'description'
		].filter((x): x is string => !!x);
		if (changed.length === 0) return;
		await tx`
			update form_template set name = ${name}, description = ${description}
			where id = ${t.id} and organisation_id = ${actor.organisationId}`;
		// The fields that changed, not their texts.
		await audit.byActor(tx, actor, 'form.template.rename', 'form_template', t.id, {
			changed: changed.join(',')
		});
	});
}

/** Switches a template off (no new forms) or on again; forms already made keep working. */
export async function setActive(sql: Sql, actor: Actor, templateId: string, active: boolean) {
	authorizeOrganisation(actor, 'manage-forms');
	await sql.begin(async (tx) => {
		const t = await lockTemplate(tx, actor, templateId);
		await tx`update form_template set active = ${active} where id = ${t.id}`;
		await audit.byActor(
			tx,
			actor,
			active ? 'form.template.activate' : 'form.template.deactivate',
			'form_template',
			t.id
		);
	});
}

/** The problem when the template is not the actor's organisation's (or does not exist). */
export const notFoundMessage = 'Dit formulier bestaat niet.';

async function lockTemplate(tx: TransactionSql, actor: Actor, templateId: string) {
	if (!isUuid(templateId)) throw new Invalid([{ message: notFoundMessage }]);
	const [t] = await tx<{ id: string }[]>`
		select id from form_template where organisation_id = ${actor.organisationId} and id = ${templateId}
		for update`;
	if (!t) throw new Invalid([{ message: notFoundMessage }]);
	return t;
}
