import { redirect } from '@sveltejs/kit';
import { notFound, requireActor } from '$lib/server/access/actor';
import { tlvIdSchema } from '$lib/server/arrangements/input';
import * as tlv from '$lib/server/arrangements/tlv';
import { sql } from '$lib/server/db';
import { parseForm } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

// The organisation's TLVs that are not archived, as far as the actor sees their hulpvraag.
export const load: PageServerLoad = async (event) => {
	const actor = requireActor(event);
	return {
		tlvs: await tlv.active(sql, actor, new Date()),
		archived: event.url.searchParams.has('gearchiveerd')
	};
};

export const actions: Actions = {
	archiveren: async (event) => {
		const actor = requireActor(event);
		const which = parseForm(tlvIdSchema, await event.request.formData());
		if (!which.success) notFound();
		const own = (await tlv.active(sql, actor, new Date())).find((t) => t.id === which.output.tlv);
		if (!own || !own.mayArchive) notFound();
		await tlv.archive(sql, actor, own.id);
		redirect(303, '/tlvs?gearchiveerd=1');
	}
};
