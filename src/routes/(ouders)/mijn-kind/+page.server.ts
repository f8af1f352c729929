import { requireActor } from '$lib/server/access/actor';
import { sql } from '$lib/server/db';
import { waitingForParent } from '$lib/server/forms/inbox';
import * as parents from '$lib/server/parents/view';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	const [children, organisation, overlegrondes] = await Promise.all([
		parents.children(sql, actor),
		parents.organisation(sql, actor),
		parents.openOverlegrondes(sql, actor, new Date())
	]);
	await parents.recordView(
		sql,
		actor,
		children.map((c) => c.id),
		{ page: 'mijn-kind' }
	);
	// What a form asks of the parent (their part, their signature), first on the page.
	const childOf = new Map(children.flatMap((c) => c.hulpvragen.map((h) => [h.id, c] as const)));
	const asked = (await waitingForParent(sql, actor, [...childOf.keys()])).map((w) => {
		const c = childOf.get(w.hulpvraagId)!;
		return {
			formId: w.formId,
			href: `/mijn-kind/${c.id}/${w.hulpvraagId}#formulieren`,
			templateName: w.templateName,
			roepnaam: c.roepnaam,
			sign: w.approve.length > 0
		};
	});
	return { children, organisation, overlegrondes, asked };
};
