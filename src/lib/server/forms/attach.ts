/**
 * Forms on a hulpvraag: attached by an automation (a title's form when the hulpvraag is made,
 * a status's form when it is reached) or by hand by whoever may edit the hulpvraag, always
 * with the template's newest published version, and at most one per template while it is
 * attached. A form nobody has written in can be taken off again; one with answers stays.
 * Giving an account write access by name, and sharing a section with the parents, are here
 * too; both are audited, and the account given access hears of it by mail.
 */
import { authorize, NotAllowed } from '../access/authorize';
import { whoOf } from '../access/actor';
import { nameable, type Actor } from '../access/policy';
import { schoolIdsOf } from '../auth/session';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { authorizedHulpvraag } from '../dossiers/facts';
import { isUuid } from '../ids';
import { currentVersion } from './templates';
import { Invalid, mailAbout } from './fill';
import { formById, formContext, sectionFacts, type Form, type FormContext } from './load';

/** Attaches the template's current version unless the hulpvraag has that form; its id, or null. */
export async function attachIn(
	tx: TransactionSql,
	actor: Pick<Actor, 'organisationId' | 'accountId' | 'ipHash'>,
	hulpvraagId: string,
	templateId: string,
	automatic: boolean
): Promise<string | null> {
	const version = await currentVersion(tx, actor.organisationId, templateId);
	if (!version) return null;
	const [row] = await tx<{ id: string }[]>`
		insert into form (organisation_id, hulpvraag_id, template_id, template_version_id, attached_by, automatic)
		values (${actor.organisationId}, ${hulpvraagId}, ${templateId}, ${version.id}, ${actor.accountId}, ${automatic})
		on conflict (hulpvraag_id, template_id) where detached_at is null do nothing
		returning id`;
	if (!row) return null;
	await audit.byActor(
		tx,
		actor as Actor,
		automatic ? 'form.attach.automatic' : 'form.attach',
		'form',
		row.id,
		{
			hulpvraag: hulpvraagId,
			templateVersion: version.version
		}
	);
	return row.id;
}

/** The organisation's automations that attach forms: by title, or by reaching a status. */
export async function attachByAutomation(
	tx: TransactionSql,
	actor: Pick<Actor, 'organisationId' | 'accountId' | 'ipHash'>,
	hulpvraagId: string,
	on: { titelId: string } | { statusId: string }
): Promise<void> {
	const rules = await tx<{ templateId: string }[]>`
		select form_template_id as template_id from process_automation
		where organisation_id = ${actor.organisationId} and active and form_template_id is not null
			and ${
				'titelId' in on
					? tx`kind = 'form_from_titel' and titel_id = ${on.titelId}`
					: tx`kind = 'form_from_status' and status_id = ${on.statusId}`
			}`;
	for (const r of rules) await attachIn(tx, actor, hulpvraagId, r.templateId, true);
}

export async function attach(
	sql: Sql,
	actor: Actor,
	hulpvraagId: string,
	templateId: string
): Promise<string> {
	return sql.begin(async (tx) => {
		await authorizedHulpvraag(tx, actor, 'attach-form', hulpvraagId);
		if (!isUuid(templateId)) throw new Invalid({ formulier: 'Kies een formulier.' });
		const id = await attachIn(tx, actor, hulpvraagId, templateId, false);
		if (!id) {
			throw new Invalid(
				{ formulier: 'Dit formulier hangt al aan deze hulpvraag, of is (nog) niet gepubliceerd.' },
				'Het formulier is niet toegevoegd.'
			);
		}
		return id;
	});
}

/** Takes off a form nobody has written in yet (one with answers or approvals stays). */
export async function detach(sql: Sql, actor: Actor, formId: string): Promise<void> {
	await sql.begin(async (tx) => {
		const form = await formOf(tx, actor, formId);
		await authorizedHulpvraag(tx, actor, 'attach-form', form.hulpvraagId);
		const [used] = await tx`
			select 1 from form_section where form_id = ${form.id} and version > 0
			union all select 1 from form_approval where form_id = ${form.id} limit 1`;
		if (used) throw new Invalid({}, 'Dit formulier is al ingevuld en blijft bij de hulpvraag.');
		await tx`update form set detached_at = now(), detached_by = ${actor.accountId}
			where organisation_id = ${actor.organisationId} and id = ${form.id}`;
		await audit.byActor(tx, actor, 'form.detach', 'form', form.id);
	});
}

async function formOf(tx: TransactionSql, actor: Actor, formId: string): Promise<Form> {
	const form = isUuid(formId) ? await formById(tx, actor.organisationId, formId) : undefined;
	if (!form) throw new NotAllowed('fill', 'formulier bestaat niet');
	return form;
}

async function sectionWithFacts(tx: TransactionSql, actor: Actor, formId: string, key: string) {
	const form = await formOf(tx, actor, formId);
	const ctx = (await formContext(tx, actor.organisationId, form.hulpvraagId))!;
	const section = form.definition.sections.find((s) => s.key === key);
	if (!section) throw new NotAllowed('grant-form', 'onderdeel bestaat niet');
	return { form, ctx, section };
}

export interface Candidate {
	id: string;
	name: string;
	functionTitle: string;
	roles: string[];
}

/**
 * Accounts that could be given write access to a section: active accounts of the
 * organisation (not parents) whom the policy lets write once named, found by name.
 */
export async function candidates(
	sql: Sql,
	actor: Actor,
	ctx: FormContext,
	query: string,
	limit = 20
): Promise<Candidate[]> {
	const q = query.trim().toLowerCase();
	const rows = await sql<(Candidate & { email: string; schoolIds: string[] })[]>`
		select a.id, a.display_name as name, a.function_title, a.roles, a.email,
			${schoolIdsOf(sql, 'a')} as school_ids
		from account a
		where a.organisation_id = ${actor.organisationId} and a.state = 'active'
			and a.id <> ${actor.accountId} and not (a.roles = array['ouder'])
			${q ? sql`and lower(a.display_name) like ${'%' + q.replace(/[%_\\]/g, '\\$&') + '%'}` : sql``}
			${ctx.hulpvraag.schoolId ? sql`order by exists (select 1 from account_school s where s.account_id = a.id and s.school_id = ${ctx.hulpvraag.schoolId}) desc, a.display_name` : sql`order by a.display_name`}
		limit 200`;
	return rows
		.filter(
			(r) => nameable(whoOf({ ...r, organisationId: actor.organisationId }), ctx.hulpvraag).allowed
		)
		.slice(0, limit)
		.map(({ id, name, functionTitle, roles }) => ({ id, name, functionTitle, roles }));
}

export async function grant(
	sql: Sql,
	actor: Actor,
	input: { formId: string; sectionKey: string; accountId: string }
): Promise<void> {
	await sql.begin(async (tx) => {
		const { form, ctx, section } = await sectionWithFacts(
			tx,
			actor,
			input.formId,
			input.sectionKey
		);
		authorize(actor, 'grant-form', sectionFacts(form, section, ctx));
		const [who] = isUuid(input.accountId)
			? await tx<
					{ id: string; email: string; displayName: string; roles: string[]; schoolIds: string[] }[]
				>`
				select a.id, a.email, a.display_name, a.roles, ${schoolIdsOf(tx, 'a')} as school_ids
				from account a
				where a.id = ${input.accountId} and a.organisation_id = ${actor.organisationId} and a.state = 'active'`
			: [];
		const writes =
			who &&
			nameable(whoOf({ ...who, organisationId: actor.organisationId }), ctx.hulpvraag).allowed;
		if (!who || !writes) {
			throw new Invalid(
				{ account: 'Kies een account uit de lijst: dit account kan de hulpvraag niet zien.' },
				'Er is geen schrijfrecht gegeven.'
			);
		}
		const [added] = await tx`
			insert into form_grant (form_id, section_key, account_id, granted_by)
			values (${form.id}, ${section.key}, ${who.id}, ${actor.accountId})
			on conflict do nothing returning 1`;
		if (!added) return;
		await audit.byActor(tx, actor, 'form.grant', 'form', form.id, {
			section: section.key,
			account: who.id
		});
		const asksApproval = section.questions.some((q) => q.type === 'approval');
		await mailAbout(tx, actor, form, who, who.id, 'form.grant', {
			subject: asksApproval
				? `Uw goedkeuring gevraagd: ${form.templateName}`
				: `U kunt een formulier invullen: ${form.templateName}`,
			text: asksApproval
				? `U heeft schrijfrecht gekregen op ‘${section.title}’ van het formulier ‘${form.templateName}’. Uw goedkeuring wordt gevraagd.`
				: `U heeft schrijfrecht gekregen op ‘${section.title}’ van het formulier ‘${form.templateName}’.`
		});
	});
}

export async function revoke(
	sql: Sql,
	actor: Actor,
	input: { formId: string; sectionKey: string; accountId: string }
): Promise<void> {
	await sql.begin(async (tx) => {
		const { form, ctx, section } = await sectionWithFacts(
			tx,
			actor,
			input.formId,
			input.sectionKey
		);
		authorize(actor, 'grant-form', sectionFacts(form, section, ctx));
		if (!isUuid(input.accountId)) return;
		const [gone] = await tx`
			delete from form_grant where form_id = ${form.id} and section_key = ${section.key}
				and account_id = ${input.accountId} returning 1`;
		if (gone) {
			await audit.byActor(tx, actor, 'form.revoke', 'form', form.id, {
				section: section.key,
				account: input.accountId
			});
		}
	});
}

export async function share(
	sql: Sql,
	actor: Actor,
	input: { formId: string; sectionKey: string; shared: boolean }
): Promise<void> {
	await sql.begin(async (tx) => {
		const { form, ctx, section } = await sectionWithFacts(
			tx,
			actor,
			input.formId,
			input.sectionKey
		);
		authorize(actor, 'share-form', sectionFacts(form, section, ctx));
		await tx`
			insert into form_section (form_id, section_key, shared_with_parents)
			values (${form.id}, ${section.key}, ${input.shared})
			on conflict (form_id, section_key) do update set shared_with_parents = ${input.shared}`;
		await audit.byActor(tx, actor, input.shared ? 'form.share' : 'form.unshare', 'form', form.id, {
			section: section.key
		});
	});
}
