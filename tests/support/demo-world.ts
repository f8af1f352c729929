/**
 * The seeded demo world for tests of dossiers and hulpvragen: ids of organisations, schools,
 * statuses, titles and accounts by their demo names, actors for demo accounts, and quick
 * ways to create a dossier and to put a hulpvraag in a given status.
 */
import type { Actor } from '../../src/lib/server/access/actor';
import { actorFor } from '../../src/lib/server/access/actor';
import type { Sql } from '../../src/lib/server/db';
import * as demo from '../../src/lib/server/demo/seed';
import * as dossier from '../../src/lib/server/dossiers/dossier';

export type OrgCode = 'PO2806' | 'PO2507';

export interface World {
	org: Record<OrgCode, string>;
	school(brin: string): string;
	status(code: OrgCode, name: string): string;
	titel(code: OrgCode, name: string): string;
	account(username: string): { id: string; organisationId: string; roles: string[]; email: string };
	acting(username: string): Promise<Actor>;
}

export async function seedWorld(sql: Sql): Promise<World> {
	await demo.seed(sql);
	const orgs = await sql<{ id: string; code: OrgCode }[]>`select id, code from organisation`;
	const org = Object.fromEntries(orgs.map((o) => [o.code, o.id])) as Record<OrgCode, string>;
	const schools = await sql<{ id: string; brinVestiging: string }[]>`
		select id, brin_vestiging from school`;
	const statuses = await sql<{ id: string; organisationId: string; name: string }[]>`
		select id, organisation_id, name from process_status`;
	const titels = await sql<{ id: string; organisationId: string; name: string }[]>`
		select id, organisation_id, name from hulpvraag_titel`;
	const accounts = await sql<
		{ id: string; organisationId: string; username: string; roles: string[]; email: string }[]
	>`select id, organisation_id, username, roles, email from account`;
	const find = <T>(rows: T[], pred: (r: T) => boolean, what: string): T => {
		const row = rows.find(pred);
		if (!row) throw new Error(`Not in the demo data: ${what}`);
		return row;
	};
	const account = (username: string) => find(accounts, (a) => a.username === username, username);
	return {
		org,
		school: (brin) => find(schools, (s) => s.brinVestiging === brin, brin).id,
		status: (code, name) =>
			find(statuses, (s) => s.organisationId === org[code] && s.name === name, name).id,
		titel: (code, name) =>
			find(titels, (t) => t.organisationId === org[code] && t.name === name, name).id,
		account,
		acting: async (username) => ({
			...(await actorFor(sql, account(username))),
			ipHash: null,
			origin: 'https://kindkring.test'
		})
	};
}

let counter = 0;

/** A dossier at `schoolId`, created by `actor` through the module. */
export async function makeDossier(
	sql: Sql,
	actor: Actor,
	schoolId: string,
	name: Partial<dossier.Basisgegevens> = {},
	parentEmails: string[] = []
): Promise<string> {
	counter++;
	return dossier.create(sql, actor, {
		basis: {
			roepnaam: `Kind${counter}`,
			tussenvoegsel: '',
			achternaam: `Testnaam${counter}`,
			geboortedatum: '2018-05-01',
			geslacht: 'onbekend',
			woonadres: null,
			postadres: null,
			adresOpmerking: '',
			...name
		},
		period: {
			schoolId,
			groep: '3',
			aanvrager: '',
			contactpersoon: '',
			email: '',
			phone: '',
			startDate: null,
			endDate: null
		},
		parentEmails
	});
}
