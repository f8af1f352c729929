import { error } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import { sql } from '$lib/server/db';
import * as templates from '$lib/server/forms/templates';
import { invalid, parseForm, text, v } from '$lib/server/input';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event, 'manage-forms');
	const t = await templates.get(sql, me.organisationId, event.params.id);
	if (!t) error(404, 'Pagina niet gevonden');
	const draft = t.versions.find((v) => v.publishedAt === null);
	const newest = t.versions[0]!;
	return {
		template: {
			id: t.id,
			name: t.name,
			purposeLabel: templates.purposeLabels[t.purpose],
			description: t.description,
			active: t.active
		},
		definition: (draft ?? newest).definition,
		// No draft yet: a save starts one from the newest version, unless someone else did
		// meanwhile (then the save is refused like one over a later save).
		geladen: draft ? draft.updatedAt.toISOString() : `versie-${newest.version}`,
		draftVersion: draft?.version ?? null,
		versions: t.versions
			.filter((v) => v.publishedAt !== null)
			.map((v) => ({ version: v.version, publishedAt: v.publishedAt!.toISOString() })),
		created: event.url.searchParams.has('nieuw')
	};
};

/** The definition as the editor sent it: JSON in one or more `definitie` fields. */
function definitionOf(form: FormData): unknown {
	const text = form
		.getAll('definitie')
		.filter((x): x is string => typeof x === 'string')
		.join('');
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

const unreadable = [
	{
		message:
			'Het formulier kon niet worden gelezen. Laad de pagina opnieuw en probeer het nog eens.'
	}
];

async function save(event: RequestEvent, publishToo: boolean) {
	const me = requireBeheerder(event, 'manage-forms');
	const form = await event.request.formData();
	const definition = definitionOf(form);
	const geladen = form.get('geladen');
	const refuse = (problems: templates.Invalid['problems']) =>
		invalid(400, {
			problems,
			message:
				problems.length === 1
					? `Niet opgeslagen: ${problems[0]!.message}`
					: `Niet opgeslagen: ${problems.length} punten om te verbeteren (zie hieronder en bij de onderdelen).`
		});
	if (definition === undefined) return refuse(unreadable);
	try {
		const saved = await templates.saveDraft(
			sql,
			me.actor,
			event.params.id ?? '',
			definition,
			typeof geladen === 'string' && geladen !== '' ? geladen : null
		);
		if (!publishToo) {
			return { problems: [], message: null, done: `Concept (versie ${saved.version}) opgeslagen.` };
		}
		const version = await templates.publish(sql, me.actor, event.params.id ?? '');
		return { problems: [], message: null, done: `Versie ${version} is gepubliceerd.` };
	} catch (e) {
		if (e instanceof templates.Invalid) return refuse(e.problems);
		throw e;
	}
}

async function switchTo(event: RequestEvent, active: boolean) {
	const me = requireBeheerder(event, 'manage-forms');
	try {
		await templates.setActive(sql, me.actor, event.params.id ?? '', active);
	} catch (e) {
		if (e instanceof templates.Invalid) error(404, 'Pagina niet gevonden');
		throw e;
	}
	return {
		problems: [],
		message: null,
		done: active
			? 'Het formulier staat aan: het kan weer aan hulpvragen worden toegevoegd.'
			: 'Het formulier staat uit: het wordt niet meer aan nieuwe hulpvragen toegevoegd.'
	};
}

const detailsSchema = v.object({
	naam: text(160, { required: 'Vul een naam in.' }),
	omschrijving: text(1000)
});

async function rename(event: RequestEvent) {
	const me = requireBeheerder(event, 'manage-forms');
	const parsed = parseForm(detailsSchema, await event.request.formData());
	const refuse = (errors: Record<string, string>) =>
		invalid(400, {
			form: 'gegevens',
			values: parsed.values,
			errors,
			problems: [] as templates.Invalid['problems'],
			message: 'Naam en omschrijving zijn niet opgeslagen: verbeter de gemarkeerde velden.'
		});
	if (!parsed.success) return refuse(parsed.errors);
	try {
		await templates.rename(sql, me.actor, event.params.id ?? '', {
			name: parsed.output.naam,
			description: parsed.output.omschrijving
		});
	} catch (e) {
		if (!(e instanceof templates.Invalid)) throw e;
		if (e.message === templates.notFoundMessage) error(404, 'Pagina niet gevonden');
		return refuse({ naam: e.message });
	}
	return { problems: [], message: null, done: 'Naam en omschrijving zijn opgeslagen.' };
}

export const actions: Actions = {
	gegevens: rename,
	opslaan: (event) => save(event, false),
	publiceren: (event) => save(event, true),
	aanzetten: (event) => switchTo(event, true),
	uitzetten: (event) => switchTo(event, false)
};
