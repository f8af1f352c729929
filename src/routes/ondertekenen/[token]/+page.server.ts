import { sql } from '$lib/server/db';
import * as signing from '$lib/server/forms/signing';
import { Invalid } from '$lib/server/forms/fill';
import { prefilledFor } from '$lib/server/forms/load';
import { checkbox, code, invalid, parseForm, v } from '$lib/server/input';
import type { Actions, PageServerLoad } from './$types';

/**
 * What a parent signing by link reads: the sections meant for parents (written or read by
 * the role ouder, or shared with them) and the section they sign; never the staff's own.
 */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	const opened = await signing.openRequest(sql, params.token);
	if (opened.state !== 'valid') return { state: opened.state };
	const { form } = opened;
	const sections = form.definition.sections.filter(
		(s) =>
			s.key === opened.sectionKey ||
			s.writers.roles.includes('ouder') ||
			s.readers.roles.includes('ouder') ||
			form.sections.get(s.key)?.sharedWithParents
	);
	const answers = Object.fromEntries(
		sections.flatMap((s) => Object.entries(form.sections.get(s.key)?.answers ?? {}))
	);
	const question = form.definition.sections
		.find((s) => s.key === opened.sectionKey)!
		.questions.find((q) => q.key === opened.questionKey)!;
	return {
		state: 'valid' as const,
		templateName: form.templateName,
		definition: form.definition,
		sections,
		answers,
		prefilled: await prefilledFor(sql, form.organisationId, form.hulpvraagId),
		question: question.label,
		name: opened.name,
		signed: form.approvals.some((a) => a.questionKey === opened.questionKey && !a.voidedAt)
	};
};

const schema = v.object({
	code: code('Vul de 6 cijfers uit de tweede mail in.', {
		required: 'Vul de code uit de tweede mail in.'
	}),
	gelezen: v.pipe(
		checkbox(),
		v.check((on) => on, 'Zet het vinkje als u het formulier heeft gelezen.')
	)
});

export const actions: Actions = {
	default: async ({ request, params, locals }) => {
		const input = parseForm(schema, await request.formData());
		if (!input.success) return invalid(400, { values: input.values, errors: input.errors });
		try {
			const state = await signing.signByLink(sql, params.token, input.output.code, locals.ipHash);
			return { state };
		} catch (e) {
			if (e instanceof signing.WrongCode) {
				return invalid(400, { values: input.values, errors: { code: e.message } });
			}
			if (e instanceof Invalid) return invalid(400, { values: input.values, message: e.message });
			throw e;
		}
	}
};
