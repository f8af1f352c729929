import { full } from '$lib/child-name';
import { notFound, requireActor } from '$lib/server/access/actor';
import * as audit from '$lib/server/audit';
import { sql } from '$lib/server/db';
import * as dossiers from '$lib/server/dossiers/dossier';
import { viewHulpvraag } from '$lib/server/dossiers/guard';
import { formPdf } from '$lib/server/forms/pdf';
import { formsPage } from '$lib/server/forms/view';
import type { RequestHandler } from './$types';

/** The form as PDF, with the sections (and approvals) this reader may see; the read is audited. */
export const GET: RequestHandler = async (event) => {
	const actor = requireActor(event);
	const facts = await viewHulpvraag(sql, actor, event.params.id, { page: 'formulier-pdf' });
	const page = await formsPage(sql, actor, facts.id);
	const form = page.forms.find((f) => f.id === event.params.formulier);
	if (!form) notFound();
	const dossier = (await dossiers.get(sql, actor.organisationId, facts.dossierId))!;
	const [org] = await sql<{ name: string }[]>`
		select name from organisation where id = ${actor.organisationId}`;
	const bytes = await formPdf(form, page, full(dossier), org!.name);
	await audit.byActor(sql, actor, 'form.pdf', 'form', form.id);
	const name = `${form.templateName.replace(/[^\p{L}\p{N} _-]/gu, '')}.pdf`;
	return new Response(bytes as BodyInit, {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
			'cache-control': 'private, no-store'
		}
	});
};
