/**
 * What the pages that fill a form share: reading a section's answers from the posted form,
 * and a refusal of the domain as the page's failure on the form it came from. The
 * domain functions (fill.ts) decide; these only translate.
 */
import { NotAllowed } from '../access/authorize';
import type { Actor } from '../access/policy';
import type { Sql } from '../db';
import { anyText, integer, invalid, readForm, v } from '../input';
import * as fill from './fill';

/** The fields of a section save: the answers are `q.<key>`, read by the domain per type. */
export function sectionFields(form: FormData): fill.Fields {
	const out: fill.Fields = {};
	for (const key of new Set(form.keys())) {
		if (!key.startsWith('q.')) continue;
		const all = form.getAll(key).filter((x): x is string => typeof x === 'string');
		out[key] = all.length === 1 ? all[0]! : all;
	}
	return out;
}

export const where = v.object({ formulier: anyText(), onderdeel: anyText() });
export const saveSchema = v.object({ ...where.entries, version: integer() });
export const approveSchema = v.object({ ...where.entries, vraag: anyText() });

/** A domain refusal as the page's failure, on the form it came from; anything else throws. */
export function refused(e: unknown, form: string, values: object) {
	if (e instanceof fill.Invalid) {
		return invalid(400, { form, values, errors: e.errors, message: e.message });
	}
	if (e instanceof fill.Conflict) return invalid(409, { form, values, message: e.message });
	if (e instanceof NotAllowed) {
		return invalid(403, {
			form,
			values,
			message: 'Dit mag u bij dit formulier niet doen. Er is niets opgeslagen.'
		});
	}
	throw e;
}

/** Saves the section posted in `data`: the page's result, a refusal included. */
export async function saveAction(sql: Sql, actor: Actor, data: FormData, done = 'Opgeslagen.') {
	const { output } = readForm(saveSchema, data);
	const fields = sectionFields(data);
	const form = `${output.formulier}/${output.onderdeel}`;
	try {
		await fill.saveSection(sql, actor, {
			formId: output.formulier,
			sectionKey: output.onderdeel,
			version: output.version,
			fields
		});
	} catch (e) {
		return refused(e, form, fields);
	}
	return { form, done };
}

/**
 * One change of a form page: `data` read by `schema`, the domain's change run, its result
 * (`done`, the text the page shows) on the form `key` names; a refusal of the domain is the
 * failure on that same form, with what was sent.
 */
export async function formAction<T>(
	schema: v.GenericSchema<unknown, T>,
	data: FormData,
	key: (output: T) => string,
	run: (output: T) => Promise<string>
) {
	const { output, values } = readForm(schema, data);
	const form = key(output);
	try {
		return { form, done: await run(output) };
	} catch (e) {
		return refused(e, form, values);
	}
}

/** The form of a section on the page: `<formulier>/<onderdeel>`, then what part of it. */
export const sectionKey =
	(suffix = '') =>
	(o: { formulier: string; onderdeel: string }) =>
		`${o.formulier}/${o.onderdeel}${suffix}`;

/** Gives the approval or signature posted in `data`: the page's result, a refusal included. */
export function approveAction(sql: Sql, actor: Actor, data: FormData, done = 'Vastgelegd.') {
	return formAction(approveSchema, data, sectionKey(), async (o) => {
		await fill.approve(sql, actor, {
			formId: o.formulier,
			sectionKey: o.onderdeel,
			questionKey: o.vraag
		});
		return done;
	});
}
