import { error } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as automations from '$lib/server/beheer/process-automations';
import * as titles from '$lib/server/beheer/process-titles';
import * as processes from '$lib/server/beheer/processes';
import { sql } from '$lib/server/db';
import { anyText, invalid, readForm, v } from '$lib/server/input';
import { roleLabels } from '$lib/roles';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event, 'manage-processes');
	const [statuses, titels, list] = await Promise.all([
		processes.listStatuses(sql, me.organisationId),
		titles.list(sql, me.organisationId),
		automations.list(sql, me.organisationId)
	]);
	const name = new Map(statuses.map((s) => [s.id, s.name]));
	return {
		statuses: statuses.map((s) => ({
			id: s.id,
			name: s.name,
			voorlopig: s.voorlopig,
			final: s.final,
			parentVisible: s.parentVisible,
			reasonRequired: s.reasonRequired,
			closesAttachments: s.closesAttachments,
			endsVoorschoolAccess: s.endsVoorschoolAccess,
			active: s.active,
			inUse: s.inUse,
			instruction: s.instruction,
			settableBy: s.settableBy.map((r) => roleLabels[r] ?? r),
			next: s.next.map((id) => name.get(id) ?? '')
		})),
		titels,
		automations: list.map((a) => ({
			...a,
			kindLabel: automations.kindLabels[a.kind] ?? a.kind
		})),
		removed: event.url.searchParams.get('verwijderd')
	};
};

// Whether the automation exists for this beheerder is the domain's to say.
const idSchema = v.object({ id: anyText() });

async function change(
	event: RequestEvent,
	done: string,
	perform: (
		actor: ReturnType<typeof requireBeheerder>['actor'],
		id: string
	) => Promise<{ ok: true } | { ok: false; reason: string; message?: string }>
) {
	const me = requireBeheerder(event, 'manage-processes');
	const { output } = readForm(idSchema, await event.request.formData());
	const result = await perform(me.actor, output.id);
	if (!result.ok) {
		if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
		return invalid(409, { message: result.message ?? 'Dat lukte niet.' });
	}
	return { message: null, done };
}

export const actions: Actions = {
	aanzetten: (event) =>
		change(event, 'De automatisering staat aan.', (actor, id) =>
			automations.setActive(sql, actor, id, true)
		),
	uitzetten: (event) =>
		change(event, 'De automatisering staat uit.', (actor, id) =>
			automations.setActive(sql, actor, id, false)
		),
	verwijderen: (event) =>
		change(event, 'De automatisering is verwijderd.', (actor, id) =>
			automations.remove(sql, actor, id)
		)
};
