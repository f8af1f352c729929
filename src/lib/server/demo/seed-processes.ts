/** Writes the demo processes (statuses, transitions, titles, automations); idempotent. */
import type { TransactionSql } from '../db';
import { processes, type ProcessDef } from './processes';

async function seedOne(tx: TransactionSql, organisationId: string, def: ProcessDef): Promise<void> {
	for (const [position, s] of def.statuses.entries()) {
		await tx`
			insert into process_status (organisation_id, name, parent_text, next_step_text, instruction, settable_by,
				voorlopig, final, parent_visible, reason_required, closes_attachments, ends_voorschool_access, position)
			values (${organisationId}, ${s.name}, ${s.parentText}, ${s.nextStep ?? ''}, ${s.instruction ?? ''}, ${tx.array(s.settableBy)},
				${s.voorlopig ?? false}, ${s.final ?? false}, ${s.parentVisible ?? true}, ${s.reasonRequired ?? false},
				${s.closesAttachments ?? false}, ${s.endsVoorschoolAccess ?? false}, ${position})
			on conflict (organisation_id, name) do nothing`;
	}
	const statusRows = await tx<{ id: string; name: string }[]>`
		select id, name from process_status where organisation_id = ${organisationId}`;
	const status = (name: string): string => {
		const row = statusRows.find((r) => r.name === name);
		if (!row) throw new Error(`Demo process of ${def.organisation} names unknown status "${name}"`);
		return row.id;
	};
	for (const [from, targets] of def.transitions) {
		for (const to of targets) {
			await tx`
				insert into process_transition (organisation_id, from_status_id, to_status_id)
				values (${organisationId}, ${status(from)}, ${status(to)})
				on conflict do nothing`;
		}
	}
	for (const [position, t] of def.titels.entries()) {
		await tx`
			insert into hulpvraag_titel (organisation_id, name, only_regions, excluded_regions, position)
			values (${organisationId}, ${t.name}, ${tx.array(t.onlyRegions ?? [])}, ${tx.array(t.excludedRegions ?? [])}, ${position})
			on conflict (organisation_id, name) do nothing`;
	}
	const [existing] = await tx<{ n: number }[]>`
		select count(*)::int as n from process_automation where organisation_id = ${organisationId}`;
	// Kinds that came later reach a demo database that has the others already; never twice.
	for (const [kind, list] of [
		['status_after_aanpak', def.statusAfterAanpak ?? []],
		['status_after_tlv', def.statusAfterTlv ?? []]
	] as const) {
		for (const a of list) {
			await tx`
				insert into process_automation (organisation_id, kind, status_id, target_status_id)
				select ${organisationId}, ${kind}, ${status(a.status)}, ${status(a.target)}
				where not exists (select 1 from process_automation
					where organisation_id = ${organisationId} and kind = ${kind})`;
		}
	}
	if ((existing?.n ?? 0) > 0) return;
	const titelRows = await tx<{ id: string; name: string }[]>`
		select id, name from hulpvraag_titel where organisation_id = ${organisationId}`;
	const titel = (name: string) => titelRows.find((r) => r.name === name)!.id;

	// The default initial status: an automation without a title.
	await tx`
		insert into process_automation (organisation_id, kind, target_status_id)
		values (${organisationId}, 'initial_status_from_titel', ${status(def.defaultInitialStatus)})`;
	for (const t of def.titels.filter((x) => x.initialStatus)) {
		await tx`
			insert into process_automation (organisation_id, kind, titel_id, target_status_id)
			values (${organisationId}, 'initial_status_from_titel', ${titel(t.name)}, ${status(t.initialStatus!)})`;
	}
	for (const c of def.coordinatorFromStatus ?? []) {
		await tx`
			insert into process_automation (organisation_id, kind, status_id, coordinator_id)
			select ${organisationId}, 'coordinator_from_status', ${status(c.status)}, id
			from account where organisation_id = ${organisationId} and username = ${c.username}`;
	}
	for (const a of def.statusAfterAttachment ?? []) {
		await tx`
			insert into process_automation (organisation_id, kind, status_id, target_status_id)
			values (${organisationId}, 'status_after_attachment', ${status(a.status)}, ${status(a.target)})`;
	}
}

export async function seedProcesses(
	tx: TransactionSql,
	organisationIds: Map<string, string>
): Promise<void> {
	for (const def of processes) {
		const id = organisationIds.get(def.organisation);
		if (id) await seedOne(tx, id, def);
	}
}
