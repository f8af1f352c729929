import { error } from '@sveltejs/kit';
import { requireBeheerder } from '$lib/server/beheer/accounts';
import * as requirements from '$lib/server/beheer/form-requirements';
import * as processes from '$lib/server/beheer/processes';
import { sql } from '$lib/server/db';
import { editorActions } from '$lib/server/beheer/editor-actions';
import { anyText, invalid, list, readForm, v } from '$lib/server/input';
import { roleLabels, roles } from '$lib/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const me = requireBeheerder(event, 'manage-processes');
	const statuses = await processes.listStatuses(sql, me.organisationId);
	const status = statuses.find((s) => s.id === event.params.id);
	if (!status) error(404, 'Pagina niet gevonden');
	const name = new Map(statuses.map((s) => [s.id, s.name]));
	const [forms, required, titels] = await Promise.all([
		requirements.choosableForms(sql, me.organisationId, status.id),
		requirements.requiredForms(sql, me.organisationId, status.id),
		requirements.choosableTitels(sql, me.organisationId, status.id)
	]);
	return {
		forms,
		requiredForms: required,
		titels,
		status: {
			id: status.id,
			name: status.name,
			inUse: status.inUse,
			previous: status.previous.map((id) => name.get(id) ?? '')
		},
		values: processes.toValues(status),
		statuses: statuses
			.filter((s) => s.id !== status.id)
			.map((s) => ({ id: s.id, name: s.name, active: s.active })),
		roleOptions: roles
			.filter((r) => r !== 'beheerder')
			.map((r) => ({ value: r, label: roleLabels[r] })),
		saved: event.url.searchParams.has('opgeslagen')
	};
};

const formsSchema = v.object({ formulieren: list(anyText()) });

/**
 * Per chosen form: `bereik-<id>` is 'alle' or 'titels', `titels-<id>` the titles then. Which
 * ids are valid the domain decides.
 */
function scopeSchema(templateIds: string[]) {
	return v.object(
		Object.fromEntries(
			templateIds.flatMap((id) => [
				[`bereik-${id}`, anyText()],
				[`titels-${id}`, list(anyText())]
			])
		)
	);
}

function requirementsOf(data: FormData): requirements.Requirement[] {
	const { formulieren } = readForm(formsSchema, data).output;
	const scope = readForm(scopeSchema(formulieren), data).output as Record<
		string,
		string | string[]
	>;
	return formulieren.map((templateId) => ({
		templateId,
		titelIds:
			scope[`bereik-${templateId}`] === 'titels'
				? (scope[`titels-${templateId}`] as string[])
				: null
	}));
}

export const actions = {
	...editorActions(sql, {
		fromForm: processes.statusFromForm,
		save: processes.saveStatus,
		remove: processes.removeStatus,
		saved: 'De status is opgeslagen.',
		removedTo: '/beheer/processen?verwijderd=status'
	}),
	formulieren: async (event) => {
		const me = requireBeheerder(event, 'manage-processes');
		const result = await requirements.saveRequiredForms(
			sql,
			me.actor,
			event.params.id,
			requirementsOf(await event.request.formData())
		);
		if (!result.ok) {
			if (result.reason === 'not-found') error(404, 'Pagina niet gevonden');
			return invalid(400, { values: null, message: result.message });
		}
		return {
			values: null,
			errors: {},
			message: null,
			done: 'De vereiste formulieren zijn opgeslagen.'
		};
	}
} satisfies Actions;
