/**
 * Every route that reads a body, found in src/routes (every `actions` object and every POST
 * handler), so a route added later is attacked by the tests that use this too; and a world
 * of a test's own to send them to (a dossier, a hulpvraag, a session of a beheerder).
 */
import { expect } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type postgres from 'postgres';
import { randomToken, tokenHash } from '../../../src/lib/server/crypto';

export interface Target {
	/** The route id, for the failure message. */
	route: string;
	/** A concrete URL path (with the action's query). */
	url: string;
	/** What the route reads: a form (actions) or anything (a POST handler). */
	kind: 'form' | 'endpoint';
	/** Field names the route's page has (`name="…"`), for attacks that fill real fields. */
	fields: string[];
}

function routeFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = path.join(dir, name);
		if (statSync(full).isDirectory()) return routeFiles(full);
		return name === '+page.server.ts' || name === '+server.ts' ? [full] : [];
	});
}

/** The route id of a file: groups and the file name dropped. */
function routeOf(file: string): string {
	const relative = path.relative('src/routes', path.dirname(file));
	const segments = relative.split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
	return '/' + segments.join('/');
}

/** Action names of an `actions = { … }` object, formatted as prettier writes it. */
function actionNames(source: string): string[] {
	const start = source.indexOf('export const actions');
	if (start < 0) return [];
	const names = [...source.slice(start).matchAll(/^\t([A-Za-z_$][\w$]*)\s*:/gm)].map((m) => m[1]!);
	return [...new Set(names)];
}

export interface Ids {
	dossier: string;
	hulpvraag: string;
	overlegronde: string;
	account: string;
	status: string;
	titel: string;
}

function concrete(route: string, ids: Ids): string {
	return route
		.replace(/^\/dossiers\/\[[^\]]+\]/, `/dossiers/${ids.dossier}`)
		.replace(/^\/hulpvragen\/\[[^\]]+\]/, `/hulpvragen/${ids.hulpvraag}`)
		.replace(/^\/overlegrondes\/\[[^\]]+\]/, `/overlegrondes/${ids.overlegronde}`)
		.replace(/^\/beheer\/accounts\/\[[^\]]+\]/, `/beheer/accounts/${ids.account}`)
		.replace(
			/^\/beheer\/processen\/statussen\/\[[^\]]+\]/,
			`/beheer/processen/statussen/${ids.status}`
		)
		.replace(/^\/beheer\/processen\/titels\/\[[^\]]+\]/, `/beheer/processen/titels/${ids.titel}`)
		.replace(/\[[^\]]+\]/g, 'a'.repeat(40));
}

export function targets(ids: Ids): Target[] {
	const result: Target[] = [];
	for (const file of routeFiles('src/routes')) {
		const source = readFileSync(file, 'utf8');
		const url = concrete(routeOf(file), ids);
		expect(url, `no concrete id for a parameter of ${file}`).not.toMatch(/\[/);
		if (file.endsWith('+server.ts')) {
			if (/export const (POST|PUT|PATCH|DELETE)\b/.test(source)) {
				result.push({ route: routeOf(file), url, kind: 'endpoint', fields: fieldNames(file) });
			}
			continue;
		}
		for (const name of actionNames(source)) {
			const query = name === 'default' ? '' : `?/${name}`;
			result.push({
				route: `${routeOf(file)} ${name}`,
				url: url + query,
				kind: 'form',
				fields: fieldNames(file)
			});
		}
	}
	return result;
}

/** The `name` attributes in the Svelte files next to a route file and in its folders below. */
function fieldNames(file: string): string[] {
	const names = new Set<string>();
	const visit = (dir: string, depth: number) => {
		for (const entry of readdirSync(dir)) {
			const full = path.join(dir, entry);
			if (statSync(full).isDirectory()) {
				if (depth < 1) visit(full, depth + 1);
			} else if (entry.endsWith('.svelte')) {
				for (const m of readFileSync(full, 'utf8').matchAll(/\sname="([\w.-]+)"/g))
					names.add(m[1]!);
			}
		}
	};
	visit(path.dirname(file), 0);
	return [...names];
}

/**
 * A dossier and hulpvraag of the test's own (a copy of a demo one's school, title and
 * status) in PPO Rotterdam, ids to fill the routes' parameters, and a session of the
 * beheerder straight in the database (what a login makes), for plain HTTP requests.
 */
export async function testWorld(sql: postgres.Sql): Promise<{ ids: Ids; cookie: string }> {
	const [femke] = await sql<{ id: string; organisationId: string }[]>`
		select a.id, a.organisation_id from account a join organisation o on o.id = a.organisation_id
		where o.code = 'PO2806' and a.username = 'beheer.femke'`;
	const org = femke!.organisationId;
	// A dossier and hulpvraag of this file's own (a copy of a demo one's school, title and
	// status), so what the attacks store changes no demo case other tests look at.
	const [demo] = await sql<{ schoolId: string; titelId: string; statusId: string }[]>`
		select school_id, titel_id, status_id from hulpvraag
		where organisation_id = ${org} and school_id is not null order by created_at limit 1`;
	const [d] = await sql<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, achternaam, geboortedatum, geslacht, created_by)
		values (${org}, 'Verzoek', 'Lichaamtest', '2018-05-01', 'x', ${femke!.id}) returning id`;
	const [h] = await sql<{ id: string; dossierId: string }[]>`
		insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id,
			omschrijving, aanvrager_id)
		values (${org}, ${d!.id}, ${demo!.schoolId}, ${demo!.titelId}, ${demo!.statusId},
			'Hulpvraag voor de test van verzoeken.', ${femke!.id})
		returning id, dossier_id`;
	const [o] = await sql<{ id: string }[]>`
		select id from overlegronde where organisation_id = ${org} limit 1`;
	const [s] = await sql<{ id: string }[]>`
		select id from process_status where organisation_id = ${org} limit 1`;
	const [t] = await sql<{ id: string }[]>`
		select id from hulpvraag_titel where organisation_id = ${org} limit 1`;
	const [a] = await sql<{ id: string }[]>`
		select id from account where organisation_id = ${org} and username = 'lotte.vandam'`;
	const ids: Ids = {
		dossier: h!.dossierId,
		hulpvraag: h!.id,
		overlegronde: o?.id ?? '00000000-0000-4000-8000-000000000000',
		account: a!.id,
		status: s!.id,
		titel: t!.id
	};
	// A session straight in the database (what a login makes), for plain HTTP requests.
	const token = randomToken();
	await sql`
		insert into session (id, account_id, created_at, last_seen_at, expires_at, absolute_expires_at)
		values (${tokenHash(token)}, ${femke!.id}, now(), now(), now() + interval '1 hour',
			now() + interval '2 hours')`;
	return { ids, cookie: `__Host-kk_session=${token}` };
}
