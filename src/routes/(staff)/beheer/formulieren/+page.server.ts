import { requireBeheerder } from '$lib/server/beheer/accounts';
import { sql } from '$lib/server/db';
import * as templates from '$lib/server/forms/templates';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event, 'manage-forms');
	const list = await templates.list(sql, me.organisationId);
	return {
		templates: list.map((t) => ({ ...t, purposeLabel: templates.purposeLabels[t.purpose] }))
	};
};
