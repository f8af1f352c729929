/**
 * Beheer → Processen → Automatiseringen: the beginstatus from the title, the
 * coördinator from the status, the status after bijlagen, an aanpak or a TLV are added
 * (status-change.ts afterEvent), and the form attached by title or on reaching a status
 * (forms/attach.ts attachByAutomation). What the school must
 * do in a status is no automation but the status's own instruction (processes.ts).
 *
 * Automations only act on future changes (a status change records `automatic`, not which
 * automation), so they may be added, switched off and deleted without touching history.
 * Per kind and trigger (title or status) at most one is active, so what happens is never a
 * matter of row order; for the form kinds per trigger and template, since several forms
 * attached on one trigger do not depend on each other's order. Every query filters on the
 * actor's organisation.
 */
import { swvRoles } from '../access/policy';
import { anyText, readForm, v } from '../input';
import * as audit from '../audit';
import type { Sql, TransactionSql } from '../db';
import { isUuid } from '../ids';
import { authorizeOrganisation } from '../access/authorize';
import type { Actor } from '../access/policy';
import { inUse, notFound, type RemoveResult, type SaveResult } from './process-common';

export const kinds = [
	'initial_status_from_titel',
	'coordinator_from_status',
	'status_after_attachment',
	'status_after_aanpak',
	'status_after_tlv',
	'form_from_titel',
	'form_from_status'
] as const;
export type Kind = (typeof kinds)[number];

export const kindLabels: Record<string, string> = {
	initial_status_from_titel: 'Beginstatus bij titel',
	coordinator_from_status: 'Coördinator bij status',
	status_after_attachment: 'Status na toevoegen bijlage',
	status_after_aanpak: 'Status na toevoegen aanpak',
	status_after_tlv: 'Status na toevoegen TLV',
	form_from_titel: 'Formulier bij titel',
	form_from_status: 'Formulier bij status'
};

/** What the status-after kinds are about, for their messages. */
const addedThing: Record<string, string> = {
	status_after_attachment: 'de bijlage',
	status_after_aanpak: 'de aanpak',
	status_after_tlv: 'de TLV'
};

export function isKind(value: string): value is Kind {
	return (kinds as readonly string[]).includes(value);
}

export interface Automation {
	id: string;
	kind: string;
	titelId: string | null;
	titelName: string | null;
	statusId: string | null;
	statusName: string | null;
	targetStatusId: string | null;
	targetStatusName: string | null;
	coordinatorId: string | null;
	coordinatorName: string | null;
	formName: string | null;
	textValue: string | null;
	active: boolean;
}

export interface AutomationValues {
	kind: string;
	titelId: string;
	statusId: string;
	targetStatusId: string;
	coordinatorId: string;
	/** The form template the form kinds attach; '' for the other kinds. */
	templateId: string;
}

// Which ids are valid (the organisation's own, active, published) only `add` can say, in
// its transaction: the fields are read as text here and `add` gives the Dutch messages.
const automationSchema = v.pipe(
	v.object({
		soort: anyText(),
		titel: anyText(),
		status: anyText(),
		nieuwe_status: anyText(),
		coordinator: anyText(),
		formulier: anyText()
	}),
	v.transform((f): AutomationValues => ({
		kind: f.soort,
		titelId: f.titel,
		statusId: f.status,
		targetStatusId: f.nieuwe_status,
		coordinatorId: f.coordinator,
		templateId: f.formulier
	}))
);

export function automationFromForm(data: FormData): AutomationValues {
	return readForm(automationSchema, data).output;
}

export async function list(sql: Sql | TransactionSql, orgId: string): Promise<Automation[]> {
	return sql<Automation[]>`
		select a.id, a.kind, a.titel_id, t.name as titel_name, a.status_id, s.name as status_name,
			a.target_status_id, g.name as target_status_name, a.coordinator_id,
			c.display_name as coordinator_name, f.name as form_name, a.text_value, a.active
		from process_automation a
		left join form_template f on f.id = a.form_template_id and f.organisation_id = ${orgId}
		left join hulpvraag_titel t on t.id = a.titel_id and t.organisation_id = ${orgId}
		left join process_status s on s.id = a.status_id and s.organisation_id = ${orgId}
		left join process_status g on g.id = a.target_status_id and g.organisation_id = ${orgId}
		left join account c on c.id = a.coordinator_id and c.organisation_id = ${orgId}
		where a.organisation_id = ${orgId}
		order by a.active desc, a.kind, t.position nulls first, s.position, a.id`;
}

export interface TemplateOption {
	id: string;
	name: string;
}

/**
 * Which templates a form automation can attach: the organisation's active ones with a
 * published version (attaching takes the newest published version; a draft is not a form).
 */
export async function attachableTemplates(
	sql: Sql | TransactionSql,
	orgId: string
): Promise<TemplateOption[]> {
	return sql<TemplateOption[]>`
		select t.id, t.name from form_template t
		where t.organisation_id = ${orgId} and t.active
			and exists (select 1 from form_template_version v
				where v.template_id = t.id and v.published_at is not null)
		order by t.name, t.id`;
}

export interface CoordinatorOption {
	id: string;
	displayName: string;
}

/** Who can be made coördinator: the organisation's SWV staff whose account is not ended. */
export async function coordinators(
	sql: Sql | TransactionSql,
	orgId: string
): Promise<CoordinatorOption[]> {
	return sql<CoordinatorOption[]>`
		select id, display_name from account
		where organisation_id = ${orgId} and state in ('pending', 'active', 'blocked')
			and roles && ${sql.array([...swvRoles])}::text[]
		order by display_name, id`;
}

/**
 * Whether another active automation of this kind has the same trigger: the title for the
 * title kinds, else the status.
 */
async function activeTwin(
	tx: TransactionSql,
	orgId: string,
	a: {
		kind: string;
		titelId: string | null;
		statusId: string | null;
		templateId: string | null;
	},
	exceptId: string | null
): Promise<boolean> {
	const byTitel = a.kind === 'initial_status_from_titel' || a.kind === 'form_from_titel';
	const sameTemplate = isFormKind(a.kind)
		? tx`and form_template_id is not distinct from ${a.templateId}::uuid`
		: tx``;
	const [row] = byTitel
		? await tx`
			select 1 from process_automation
			where organisation_id = ${orgId} and kind = ${a.kind} and active
				and titel_id is not distinct from ${a.titelId}::uuid and id is distinct from ${exceptId}::uuid
				${sameTemplate}`
		: await tx`
			select 1 from process_automation
			where organisation_id = ${orgId} and kind = ${a.kind} and active
				and status_id is not distinct from ${a.statusId}::uuid and id is distinct from ${exceptId}::uuid
				${sameTemplate}`;
	return !!row;
}

function isFormKind(kind: string): boolean {
	return kind === 'form_from_titel' || kind === 'form_from_status';
}

async function ownTitel(tx: TransactionSql, orgId: string, id: string): Promise<boolean> {
	if (!isUuid(id)) return false;
	const [row] = await tx`
		select 1 from hulpvraag_titel where id = ${id} and organisation_id = ${orgId} and active`;
	return !!row;
}

const twinMessage =
	'Er is al een actieve automatisering van deze soort voor deze titel of status. Zet die eerst uit.';
const formTwinMessage =
	'Er is al een actieve automatisering die dit formulier bij deze titel of status toevoegt.';

async function ownStatus(tx: TransactionSql, orgId: string, id: string): Promise<boolean> {
	if (!isUuid(id)) return false;
	const [row] = await tx`
		select 1 from process_status where id = ${id} and organisation_id = ${orgId} and active`;
	return !!row;
}

export async function add(sql: Sql, actor: Actor, v: AutomationValues): Promise<SaveResult> {
	const orgId = actor.organisationId;
	return sql.begin(async (tx): Promise<SaveResult> => {
		authorizeOrganisation(actor, 'manage-processes');
		const errors: Record<string, string> = {};
		if (!isKind(v.kind)) {
			return { ok: false, reason: 'invalid', errors: { kind: 'Kies een soort automatisering.' } };
		}
		const pickStatus = 'Kies een status uit de lijst.';
		let titelId: string | null = null;
		let statusId: string | null = null;
		let targetId: string | null = null;
		let coordinatorId: string | null = null;
		let templateId: string | null = null;
		const pickTitel = 'Kies een titel uit de lijst.';

		if (v.kind === 'initial_status_from_titel') {
			// No title: the beginstatus of every title without one of its own.
			if (v.titelId) {
				if (await ownTitel(tx, orgId, v.titelId)) titelId = v.titelId;
				else errors.titelId = pickTitel;
			}
		} else if (v.kind === 'form_from_titel') {
			if (await ownTitel(tx, orgId, v.titelId)) titelId = v.titelId;
			else errors.titelId = pickTitel;
		} else if (await ownStatus(tx, orgId, v.statusId)) {
			statusId = v.statusId;
		} else {
			errors.statusId = pickStatus;
		}

		if (isFormKind(v.kind)) {
			const attachable = isUuid(v.templateId)
				? (await attachableTemplates(tx, orgId)).some((t) => t.id === v.templateId)
				: false;
			if (attachable) templateId = v.templateId;
			else
				errors.templateId =
					'Kies een formulier uit de lijst: een gepubliceerd formulier dat aan staat.';
		} else if (v.kind !== 'coordinator_from_status') {
			if (await ownStatus(tx, orgId, v.targetStatusId)) targetId = v.targetStatusId;
			else errors.targetStatusId = pickStatus;
			if (targetId && targetId === statusId)
				errors.targetStatusId = `Kies een andere status dan de status waarin ${addedThing[v.kind]} komt.`;
		}
		if (v.kind === 'coordinator_from_status') {
			const [account] = isUuid(v.coordinatorId)
				? await tx`
					select 1 from account where id = ${v.coordinatorId} and organisation_id = ${orgId}
						and state in ('pending', 'active', 'blocked')
						and roles && ${tx.array([...swvRoles])}::text[]`
				: [];
			if (account) coordinatorId = v.coordinatorId;
			else errors.coordinatorId = 'Kies een coördinator uit de lijst.';
		}
		if (
			Object.keys(errors).length === 0 &&
			(await activeTwin(tx, orgId, { kind: v.kind, titelId, statusId, templateId }, null))
		) {
			errors.kind = isFormKind(v.kind) ? formTwinMessage : twinMessage;
		}
		if (Object.keys(errors).length > 0) return { ok: false, reason: 'invalid', errors };

		const [created] = await tx<{ id: string }[]>`
			insert into process_automation (organisation_id, kind, titel_id, status_id, target_status_id,
				coordinator_id, form_template_id)
			values (${orgId}, ${v.kind}, ${titelId}, ${statusId}, ${targetId}, ${coordinatorId},
				${templateId})
			returning id`;
		await audit.byActor(tx, actor, 'process.automation.create', 'process_automation', created!.id, {
			kind: v.kind
		});
		return { ok: true, id: created!.id };
	});
}

export type ChangeResult =
	| { ok: true }
	| { ok: false; reason: 'not-found' }
	| { ok: false; reason: 'invalid'; message: string };

interface Locked {
	id: string;
	kind: string;
	titelId: string | null;
	statusId: string | null;
	templateId: string | null;
	active: boolean;
}

async function lock(tx: TransactionSql, orgId: string, id: string): Promise<Locked | null> {
	if (!isUuid(id)) return null;
	const [row] = await tx<Locked[]>`
		select id, kind, titel_id, status_id, form_template_id as template_id, active
		from process_automation
		where id = ${id} and organisation_id = ${orgId} for update`;
	return row ?? null;
}

/** Every new hulpvraag needs a beginstatus (workflow/process.ts initialStatus). */
async function isLastDefault(tx: TransactionSql, orgId: string, a: Locked): Promise<boolean> {
	if (a.kind !== 'initial_status_from_titel' || a.titelId !== null || !a.active) return false;
	return !(await activeTwin(tx, orgId, a, a.id));
}

const lastDefaultMessage =
	'Dit is de beginstatus voor alle titels zonder eigen beginstatus. Voeg eerst een andere toe; zonder beginstatus kan niemand een hulpvraag aanmaken.';

export async function setActive(
	sql: Sql,
	actor: Actor,
	id: string,
	active: boolean
): Promise<ChangeResult> {
	const orgId = actor.organisationId;
	return sql.begin(async (tx): Promise<ChangeResult> => {
		authorizeOrganisation(actor, 'manage-processes');
		const a = await lock(tx, orgId, id);
		if (!a) return notFound;
		if (a.active === active) return { ok: true };
		if (!active && (await isLastDefault(tx, orgId, a))) {
			return { ok: false, reason: 'invalid', message: lastDefaultMessage };
		}
		if (active && (await activeTwin(tx, orgId, a, a.id))) {
			return {
				ok: false,
				reason: 'invalid',
				message: isFormKind(a.kind) ? formTwinMessage : twinMessage
			};
		}
		await tx`
			update process_automation set active = ${active} where id = ${a.id} and organisation_id = ${orgId}`;
		await audit.byActor(
			tx,
			actor,
			active ? 'process.automation.activate' : 'process.automation.deactivate',
			'process_automation',
			a.id
		);
		return { ok: true };
	});
}

export async function remove(sql: Sql, actor: Actor, id: string): Promise<RemoveResult> {
	const orgId = actor.organisationId;
	return sql.begin(async (tx): Promise<RemoveResult> => {
		authorizeOrganisation(actor, 'manage-processes');
		const a = await lock(tx, orgId, id);
		if (!a) return notFound;
		if (await isLastDefault(tx, orgId, a)) {
			return inUse(lastDefaultMessage);
		}
		await tx`delete from process_automation where id = ${a.id} and organisation_id = ${orgId}`;
		await audit.byActor(tx, actor, 'process.automation.delete', 'process_automation', a.id, {
			kind: a.kind
		});
		return { ok: true };
	});
}
