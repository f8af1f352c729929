/** Organisations (samenwerkingsverbanden): the tenants. */
import type { Sql } from './db';

export interface OrganisationChoice {
	code: string;
	name: string;
	shortName: string;
}

export async function list(sql: Sql): Promise<OrganisationChoice[]> {
	return sql<OrganisationChoice[]>`select code, name, short_name from organisation order by name`;
}

/**
 * What a user typed or picked in the organisation field: "PO2806 PPO Rotterdam", "po2806",
 * "PPO Rotterdam" or "Stromenland" all resolve; anything ambiguous does not.
 */
export function resolve(input: string, choices: OrganisationChoice[]): OrganisationChoice | null {
	const value = input.trim();
	if (!value) return null;
	const code = /\b((?:PO|VO)\d{4})\b/i.exec(value)?.[1]?.toUpperCase();
	if (code) return choices.find((c) => c.code === code) ?? null;
	// "2806": the number part of the code.
	if (/^\d{4}$/.test(value)) {
		const byNumber = choices.filter((c) => c.code.endsWith(value));
		return byNumber.length === 1 ? byNumber[0]! : null;
	}
	const lower = value.toLowerCase();
	const exact = choices.filter(
		(c) => c.name.toLowerCase() === lower || c.shortName.toLowerCase() === lower
	);
	if (exact.length === 1) return exact[0]!;
	// "PPO": part of the name, when only one organisation has it.
	const partial = choices.filter((c) => `${label(c)} ${c.shortName}`.toLowerCase().includes(lower));
	return partial.length === 1 ? partial[0]! : null;
}

export function label(choice: OrganisationChoice): string {
	return `${choice.code} ${choice.name}`;
}
