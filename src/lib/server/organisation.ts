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
	const lower = value.toLowerCase();
	const matches = choices.filter(
		(c) => c.name.toLowerCase() === lower || c.shortName.toLowerCase() === lower
	);
	return matches.length === 1 ? matches[0]! : null;
}

export function label(choice: OrganisationChoice): string {
	return `${choice.code} ${choice.name}`;
}
