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

/** Gives the approval or signature posted in `data`: the page's result, a refusal included. */
export async function approveAction(sql: Sql, actor: Actor, data: FormData, done = 'Vastgelegd.') {
	const { output, values } = readForm(approveSchema, data);
	const form = `${output.formulier}/${output.onderdeel}`;
	try {
		await fill.approve(sql, actor, {
			formId: output.formulier,
			sectionKey: output.onderdeel,
			questionKey: output.vraag
		});
	} catch (e) {
		return refused(e, form, values);
	}
	return { form, done };
}
