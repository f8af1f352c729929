import { error, fail } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as automations from '$lib/server/beheer/process-automations';
import * as titles from '$lib/server/beheer/process-titles';
import * as processes from '$lib/server/beheer/processes';
import { sql } from '$lib/server/db';
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

async function change(
	event: RequestEvent,
	done: string,
	perform: (
		actor: ReturnType<typeof requireBeheerder>['actor'],
		id: string
	) => Promise<{ ok: true } | { ok: false; reason: string; message?: string }>
) {
	const me = requireBeheerder(event, 'manage-processes');
	const id = (await event.request.formData()).get('id');
	const result = await perform(me.actor, typeof id === 'string' ? id : '');
	if (!result.ok) {
		if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
		return fail(409, { message: result.message ?? 'Dat lukte niet.', done: null });
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
