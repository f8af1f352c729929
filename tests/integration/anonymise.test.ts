import { beforeAll, describe, expect, it } from 'vitest';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import type { Actor } from '../../src/lib/server/access/actor';
import { anonymiseDossier, anonymiseHulpvraag } from '../../src/lib/server/beheer/anonymise';
import { sql } from '../../src/lib/server/db';
import { Invalid } from '../../src/lib/server/dossiers/dossier';
import { authenticate } from '../../src/lib/server/intake/koppelingen';
import { receive } from '../../src/lib/server/intake/receive';
import { seedWorld, type World } from '../support/demo-world';
import { demoCode, envelope, kompasDossierXml, osoDossier } from '../support/intake';

let w: World;
let femke: Actor;
let nora: Actor;
let joost: Actor; // beheerder Stromenland

beforeAll(async () => {
	w = await seedWorld(sql);
	femke = await w.acting('beheer.femke');
	nora = await w.acting('nora.yilmaz');
	joost = await w.acting('beheer.joost');
});

/** A child as a school system sends it, with a note, a reason and an overlegronde reaction. */
async function childWithEverything(achternaam: string, kenmerk: string) {
	const auth = await authenticate(sql, demoCode);
	if (!auth.ok) throw new Error('no demo koppeling');
	const out = await receive(
		sql,
		auth.caller,
		envelope({ kenmerk, omschrijving: `Omschrijving over ${achternaam}` }),
		await osoDossier(kompasDossierXml({ achternaam })),
		{ ipHash: null, origin: 'https://kindkring.test' }
	);
	if (!out.ok) throw new Error(out.fout);
	const [h] = await sql<
		{ dossierId: string }[]
	>`select dossier_id from hulpvraag where id = ${out.hulpvraagId}`;
	await sql`insert into dossier_note (dossier_id, author_id, body)
		values (${h!.dossierId}, ${nora.accountId}, ${`Notitie over ${achternaam}`})`;
	await sql`update status_change set reason = ${`Reden over ${achternaam}`} where hulpvraag_id = ${out.hulpvraagId}`;
	return { hulpvraagId: out.hulpvraagId, dossierId: h!.dossierId };
}

/** Every text column of the tables that hold a child's data, as one string. */
async function everything(): Promise<string> {
	const tables = [
		'dossier',
		'dossier_parent_email',
		'dossier_verzorger',
		'dossier_note',
		'school_period',
		'hulpvraag',
		'status_change',
		'bijlage',
		'intake_aanvraag',
		'overlegronde',
		'overlegronde_reaction',
		'form_section'
	];
	let all = '';
	for (const t of tables) all += JSON.stringify(await sql.unsafe(`select * from ${t}`));
	return all;
}

describe('anonymising', () => {
	it('a dossier: nothing that names the child or its story is left; the figures are', async () => {
		const c = await childWithEverything('Vergeetmij', 'ANON-1');
		expect(await everything()).toContain('Vergeetmij');
		const [before] = await sql<{ changes: number; datum: string; titel: string }[]>`
			select (select count(*)::int from status_change where hulpvraag_id = h.id) as changes,
				to_char(h.datum, 'YYYY-MM-DD') as datum, h.titel_id as titel
			from hulpvraag h where h.id = ${c.hulpvraagId}`;

		const report = await anonymiseDossier(sql, femke, c.dossierId);
		expect(report).toEqual({ hulpvragen: 1, bijlagen: 1 });

		const all = await everything();
		for (const gone of [
			'Vergeetmij',
			'Geheime Laan',
			'eva@voorbeeld.invalid',
			'Open Straat',
			'Omschrijving over',
			'Notitie over',
			'Reden over',
			'R.ElAmrani@hetkompas',
			'Ontwikkelingsperspectiefplan'
		]) {
			expect(all, gone).not.toContain(gone);
		}
		const [d] = await sql<{ roepnaam: string; geboortedatum: string; anonymisedAt: Date | null }[]>`
			select roepnaam, to_char(geboortedatum, 'YYYY-MM-DD') as geboortedatum, anonymised_at
			from dossier where id = ${c.dossierId}`;
		expect(d).toMatchObject({ roepnaam: 'Geanonimiseerd', geboortedatum: '2017-01-01' });
		expect(d!.anonymisedAt).not.toBeNull();
		// The figures stay: the hulpvraag, its title, date and status history.
		const [after] = await sql<{ changes: number; datum: string; titel: string }[]>`
			select (select count(*)::int from status_change where hulpvraag_id = h.id) as changes,
				to_char(h.datum, 'YYYY-MM-DD') as datum, h.titel_id as titel
			from hulpvraag h where h.id = ${c.hulpvraagId}`;
		expect(after).toEqual(before);
		const [row] = await sql<{ details: Record<string, number> }[]>`
			select details from audit_log where action = 'dossier.anonymise' and target_id = ${c.dossierId}`;
		expect(row!.details).toEqual({ hulpvragen: 1, bijlagen: 1 });
	});

	it('one hulpvraag: its own story goes, the dossier stays', async () => {
		const c = await childWithEverything('Blijftstaan', 'ANON-2');
		await anonymiseHulpvraag(sql, femke, c.hulpvraagId);
		const all = await everything();
		expect(all).not.toContain('Omschrijving over Blijftstaan');
		expect(all).not.toContain('Reden over Blijftstaan');
		expect(all).toContain('Notitie over Blijftstaan');
		const [d] = await sql<
			{ achternaam: string }[]
		>`select achternaam from dossier where id = ${c.dossierId}`;
		expect(d!.achternaam).toBe('Blijftstaan');
		const [b] = await sql<{ n: number }[]>`
			select count(*)::int as n from bijlage where hulpvraag_id = ${c.hulpvraagId}`;
		expect(b!.n).toBe(0);
	});

	it('is for a beheerder of the organisation only', async () => {
		const c = await childWithEverything('Beschermd', 'ANON-3');
		await expect(anonymiseDossier(sql, nora, c.dossierId)).rejects.toBeInstanceOf(NotAllowed);
		await expect(anonymiseHulpvraag(sql, nora, c.hulpvraagId)).rejects.toBeInstanceOf(NotAllowed);
		await expect(anonymiseDossier(sql, joost, c.dossierId)).rejects.toBeInstanceOf(Invalid);
		await expect(anonymiseHulpvraag(sql, joost, c.hulpvraagId)).rejects.toBeInstanceOf(Invalid);
		expect(await everything()).toContain('Beschermd');
	});
});
