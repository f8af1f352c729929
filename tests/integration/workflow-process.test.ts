import { NotAllowed } from '../../src/lib/server/access/authorize';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { may } from '../../src/lib/server/access/policy';
import { sql } from '../../src/lib/server/db';
import * as demo from '../../src/lib/server/demo/seed';
import { hulpvraagFacts } from '../../src/lib/server/dossiers/facts';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import * as voorschool from '../../src/lib/server/dossiers/voorschool';
import * as process from '../../src/lib/server/workflow/process';
import { makeDossier, seedWorld, type OrgCode, type World } from '../support/demo-world';

let rotterdam: string;
let stromenland: string;

async function statusId(org: string, name: string): Promise<string> {
	const [row] = await sql<
		{ id: string }[]
	>`select id from process_status where organisation_id = ${org} and name = ${name}`;
	return row!.id;
}

async function titelId(org: string, name: string): Promise<string> {
	const [row] = await sql<
		{ id: string }[]
	>`select id from hulpvraag_titel where organisation_id = ${org} and name = ${name}`;
	return row!.id;
}

beforeAll(async () => {
	await demo.seed(sql);
	await demo.seed(sql); // idempotent
	const orgs = await sql<{ id: string; code: string }[]>`select id, code from organisation`;
	rotterdam = orgs.find((o) => o.code === 'PO2806')!.id;
	stromenland = orgs.find((o) => o.code === 'PO2507')!.id;
});

describe('processes as data', () => {
	it('seeds each organisation with its own statuses, once', async () => {
		const [r] = await sql<
			{ n: number }[]
		>`select count(*)::int as n from process_status where organisation_id = ${rotterdam}`;
		expect(r!.n).toBe(23);
		const jk =
			await sql`select 1 from process_status where organisation_id = ${stromenland} and name = 'JK bijlagen toegevoegd'`;
		expect(jk).toHaveLength(1);
		const none =
			await sql`select 1 from process_status where organisation_id = ${rotterdam} and name = 'JK bijlagen toegevoegd'`;
		expect(none).toHaveLength(0);
	});

	it('limits titles to regions: the IJsselmonde TLV only there, the three "TLV -…" titles not there', async () => {
		const ijsselmonde = (await process.titlesFor(sql, rotterdam, 'IJsselmonde')).map((t) => t.name);
		const noord = (await process.titlesFor(sql, rotterdam, 'Noord')).map((t) => t.name);
		expect(ijsselmonde).toContain('TLV-aanvraag (IJsselmonde)');
		expect(ijsselmonde).not.toContain('TLV -Nieuw');
		expect(ijsselmonde).not.toContain('TLV -Verlaging/ophoging');
		expect(ijsselmonde).not.toContain('TLV -Verlenging');
		expect(noord).not.toContain('TLV-aanvraag (IJsselmonde)');
		expect(noord).toEqual(
			expect.arrayContaining(['TLV -Nieuw', 'TLV -Verlaging/ophoging', 'TLV -Verlenging'])
		);
		expect(noord).toHaveLength(22);
	});

	it('starts a hulpvraag in the status its title says, else the default', async () => {
		expect(
			await process.initialStatus(sql, rotterdam, await titelId(rotterdam, 'Ondersteuningsbudget'))
		).toBe(await statusId(rotterdam, 'OB voorlopige aanvraag'));
		expect(
			await process.initialStatus(
				sql,
				rotterdam,
				await titelId(rotterdam, 'TLV-aanvraag (IJsselmonde)')
			)
		).toBe(await statusId(rotterdam, 'TLV_1_voorlopig (IJsselmonde)'));
		// Most titles: submitted when made, so the SWV sees it at once.
		expect(await process.initialStatus(sql, rotterdam, await titelId(rotterdam, 'KANS'))).toBe(
			await statusId(rotterdam, 'Aanmelding')
		);
		expect(
			await process.initialStatus(sql, rotterdam, await titelId(rotterdam, 'TLV -Nieuw'))
		).toBe(await statusId(rotterdam, 'TLV_2_aanvraag indienen'));
		expect(
			await process.initialStatus(sql, stromenland, await titelId(stromenland, 'Thuiszitter'))
		).toBe(await statusId(stromenland, 'Aanmelding'));
		expect(
			await process.initialStatus(
				sql,
				stromenland,
				await titelId(stromenland, 'Jonge kind (3,2 - 4 jr) advisering')
			)
		).toBe(await statusId(stromenland, 'JK onderwijsadvies aanvraag'));
	});

	it('offers only the next statuses this role may set', async () => {
		const aanmelding = await statusId(rotterdam, 'Aanmelding');
		const forScp = (await process.nextStatuses(sql, rotterdam, aanmelding, ['scp'])).map(
			(s) => s.name
		);
		expect(forScp).toEqual(
			expect.arrayContaining(['Dossier compleet', 'Dossier incompleet', 'Doorzetten SCP'])
		);
		// The school may only take it back to prepare it first.
		const forIb = await process.nextStatuses(sql, rotterdam, aanmelding, ['ib']);
		expect(forIb.map((s) => s.name)).toEqual(['Voorlopige aanmelding']);
		const incompleet = await statusId(rotterdam, 'Dossier incompleet');
		expect(
			(await process.nextStatuses(sql, rotterdam, incompleet, ['ib'])).map((s) => s.name)
		).toEqual(['Aanmelding']);
		const reasons = (await process.nextStatuses(sql, rotterdam, aanmelding, ['scp'])).filter(
			(s) => s.reasonRequired
		);
		expect(reasons.map((s) => s.name).sort()).toEqual(['Dossier incompleet', 'Niet ontvankelijk']);
	});

	it('lets the pre-school set only "JK bijlagen toegevoegd" in the JK process', async () => {
		const aanvraag = await statusId(stromenland, 'JK onderwijsadvies aanvraag');
		expect(
			(await process.nextStatuses(sql, stromenland, aanvraag, ['voorschool'])).map((s) => s.name)
		).toEqual(['JK bijlagen toegevoegd']);
		const onderwijsadvies = await statusId(stromenland, 'JK Onderwijsadvies');
		expect(await process.nextStatuses(sql, stromenland, onderwijsadvies, ['voorschool'])).toEqual(
			[]
		);
	});

	it('keeps process rows of one organisation out of the other', async () => {
		const aanmelding = await statusId(rotterdam, 'Aanmelding');
		expect(await process.nextStatuses(sql, stromenland, aanmelding, ['beheerder'])).toEqual([]);
	});
});

/**
 * Every demo process, walked the way the organisations' manuals describe it, through the domain functions, by
 * the demo accounts whose roles take each step; at each step also what the others may not do
 * and who sees the hulpvraag.
 */
describe('the demo processes, step by step', () => {
	let w: World;
	const people: Record<string, Actor> = {};

	beforeAll(async () => {
		w = await seedWorld(sql);
		// The process alone: the forms a status requires are tested with the forms.
		await sql`delete from status_form_requirement`;
		for (const u of [
			'lotte.vandam',
			'henk.degroot',
			'rachid.elamrani',
			'nora.yilmaz',
			'pieter.verbeek',
			'anouk.smit',
			'karin.dekker',
			'yara.peters',
			'bram.kok',
			'esther.bos',
			'fatima.ouali'
		]) {
			people[u] = await w.acting(u);
		}
	});

	const code = (a: Actor): OrgCode => (a.organisationId === w.org.PO2806 ? 'PO2806' : 'PO2507');

	async function ask(by: string, brin: string, titel: string): Promise<string> {
		const actor = people[by]!;
		const dossierId = await makeDossier(sql, actor, w.school(brin));
		return hulpvraag.create(sql, actor, {
			dossierId,
			schoolId: w.school(brin),
			datum: '2026-03-02',
			titelId: w.titel(code(actor), titel),
			omschrijving: 'Eigen tekst van de school.',
			coordinatorId: null,
			labels: []
		});
	}

	async function current(id: string) {
		const [row] = await sql<{ organisationId: string }[]>`
			select organisation_id from hulpvraag where id = ${id}`;
		return (await hulpvraag.get(sql, row!.organisationId, id))!;
	}

	/** `by` sets `to`, with the version they see. */
	async function step(by: string, id: string, to: string, reason = ''): Promise<void> {
		const actor = people[by]!;
		const h = await current(id);
		await hulpvraag.changeStatus(sql, actor, {
			hulpvraagId: id,
			toStatusId: w.status(code(actor), to),
			reason,
			version: h.version
		});
		expect((await current(id)).status).toBe(to);
	}

	async function refused(by: string, id: string, to: string, reason = 'Een reden.') {
		const before = await current(id);
		// Who does not see the hulpvraag (the SWV while it is voorlopig) is refused by the
		// policy; who sees it but may not choose this status, by the process.
		const refusal = (await sees(by, id)) ? hulpvraag.Invalid : NotAllowed;
		await expect(step(by, id, to, reason)).rejects.toBeInstanceOf(refusal);
		expect((await current(id)).version).toBe(before.version);
	}

	async function options(by: string, id: string): Promise<string[]> {
		const actor = people[by]!;
		const h = await current(id);
		return (await process.nextStatuses(sql, actor.organisationId, h.statusId, actor.roles)).map(
			(s) => s.name
		);
	}

	async function sees(by: string, id: string): Promise<boolean> {
		const actor = people[by]!;
		const facts = (await hulpvraagFacts(sql, actor.organisationId, id))!;
		return may(actor, 'view', facts).allowed;
	}

	it('Rotterdam, most titles: in Aanmelding when made; incomplete back to Aanmelding; decided by the SWV', async () => {
		const id = await ask('lotte.vandam', '21XA00', 'Ambulante Begeleiding');
		expect(await current(id)).toMatchObject({ status: 'Aanmelding', statusVoorlopig: false });
		expect(await sees('nora.yilmaz', id)).toBe(true);
		await refused('lotte.vandam', id, 'Dossier compleet');
		await step('nora.yilmaz', id, 'Doorzetten SCP');
		await step('nora.yilmaz', id, 'Dossier incompleet', 'Het OPP ontbreekt.');
		expect((await current(id)).statusInstruction).toContain('weer op ‘Aanmelding’');
		expect(await options('lotte.vandam', id)).toEqual(['Aanmelding']);
		await step('lotte.vandam', id, 'Aanmelding');
		await step('nora.yilmaz', id, 'Dossier compleet');
		await step('nora.yilmaz', id, 'Toegekend');
		await step('nora.yilmaz', id, 'In behandeling');
		await step('nora.yilmaz', id, 'Afgerond');
		expect(await current(id)).toMatchObject({
			statusFinal: true,
			omschrijving: 'Eigen tekst van de school.'
		});
		expect(await options('nora.yilmaz', id)).toEqual([]);
	});

	it('Rotterdam, KANS: the coördinator agrees and becomes the coördinator', async () => {
		const id = await ask('lotte.vandam', '21XA00', 'KANS');
		await step('nora.yilmaz', id, 'Dossier compleet');
		await refused('nora.yilmaz', id, 'Akkoord coördinator Herstart/KANS');
		await step('pieter.verbeek', id, 'Akkoord coördinator Herstart/KANS');
		expect((await current(id)).coordinator).toBe('Pieter Verbeek');
		await step('nora.yilmaz', id, 'In behandeling');
	});

	it('Rotterdam, Informatieuitwisseling overig: the school takes it out of the SWV’s sight for an overlegronde', async () => {
		const id = await ask('lotte.vandam', '21XA00', 'Informatieuitwisseling overig');
		expect((await current(id)).status).toBe('Aanmelding');
		await refused('nora.yilmaz', id, 'Voorlopige aanmelding');
		await step('lotte.vandam', id, 'Voorlopige aanmelding');
		expect(await sees('nora.yilmaz', id)).toBe(false);
		expect(await sees('lotte.vandam', id)).toBe(true);
		expect(await options('nora.yilmaz', id)).toEqual([]);
		expect(await options('lotte.vandam', id)).toEqual(['Aanmelding']);
	});

	it('Ondersteuningsbudget: voorlopig until the school submits; incomplete back to “OB aanvraag indienen”; gearrangeerd budget', async () => {
		const id = await ask('lotte.vandam', '21XA00', 'Ondersteuningsbudget');
		expect(await current(id)).toMatchObject({
			status: 'OB voorlopige aanvraag',
			statusVoorlopig: true,
			statusInstruction: expect.stringContaining('OB aanvraag indienen')
		});
		expect(await sees('nora.yilmaz', id)).toBe(false);
		expect(await sees('pieter.verbeek', id)).toBe(false);
		await refused('nora.yilmaz', id, 'OB aanvraag indienen');
		// The directeur (bevoegd gezag) agreed and submits it.
		await step('henk.degroot', id, 'OB aanvraag indienen');
		expect(await sees('nora.yilmaz', id)).toBe(true);
		// A budget is never 'Toegekend', and only the coördinator decides.
		expect(await options('pieter.verbeek', id)).not.toContain('Toegekend');
		await refused('nora.yilmaz', id, 'Gearrangeerd budget');
		await refused('lotte.vandam', id, 'Gearrangeerd budget');
		await step('nora.yilmaz', id, 'Dossier incompleet OB', 'Het OPP ontbreekt.');
		expect((await current(id)).statusInstruction).toContain('opnieuw ‘OB aanvraag indienen’');
		expect(await options('lotte.vandam', id)).toEqual(['OB aanvraag indienen']);
		await refused('lotte.vandam', id, 'Aanmelding');
		await step('lotte.vandam', id, 'OB aanvraag indienen');
		await step('pieter.verbeek', id, 'Gearrangeerd budget', 'Toegekend; evaluatie vóór 1 juli.');
		await step('nora.yilmaz', id, 'Afgerond');
		expect((await current(id)).statusFinal).toBe(true);
	});

	it('Ondersteuningsbudget: afgewezen regiomanager, with the reason', async () => {
		const id = await ask('lotte.vandam', '21XA00', 'Ondersteuningsbudget');
		await step('lotte.vandam', id, 'OB aanvraag indienen');
		await expect(step('pieter.verbeek', id, 'Afgewezen regiomanager')).rejects.toMatchObject({
			errors: { reden: expect.stringContaining('Afgewezen regiomanager') }
		});
		await step('pieter.verbeek', id, 'Afgewezen regiomanager', 'Valt onder de zorgverzekering.');
		expect(await current(id)).toMatchObject({ statusFinal: true });
		expect(await options('pieter.verbeek', id)).toEqual([]);
	});

	it('TLV in IJsselmonde: TLV_1_voorlopig until the school submits TLV_2; TLV_1_incompleet back to TLV_2; TLV afgegeven', async () => {
		const id = await ask('lotte.vandam', '21XA00', 'TLV-aanvraag (IJsselmonde)');
		expect(await current(id)).toMatchObject({
			status: 'TLV_1_voorlopig (IJsselmonde)',
			statusVoorlopig: true
		});
		expect(await sees('anouk.smit', id)).toBe(false);
		await refused('anouk.smit', id, 'TLV_2_aanvraag indienen');
		await step('lotte.vandam', id, 'TLV_2_aanvraag indienen');
		expect(await sees('anouk.smit', id)).toBe(true);
		await step('anouk.smit', id, 'TLV_1_incompleet', 'De handtekening van ouders ontbreekt.');
		expect(await options('lotte.vandam', id)).toEqual(['TLV_2_aanvraag indienen']);
		await step('lotte.vandam', id, 'TLV_2_aanvraag indienen');
		await refused('nora.yilmaz', id, 'TLV_3_in behandeling');
		await step('anouk.smit', id, 'TLV_3_in behandeling');
		await refused('nora.yilmaz', id, 'TLV afgegeven');
		await step('anouk.smit', id, 'TLV afgegeven');
		expect(await current(id)).toMatchObject({ statusFinal: true, closesAttachments: true });
	});

	it.each(['TLV -Nieuw', 'TLV -Verlaging/ophoging', 'TLV -Verlenging'])(
		'TLV outside IJsselmonde (%s): submitted when made, in the numbered TLV statuses',
		async (titel) => {
			const id = await ask('rachid.elamrani', '21XC00', titel);
			expect(await current(id)).toMatchObject({
				status: 'TLV_2_aanvraag indienen',
				statusVoorlopig: false
			});
			expect(await sees('anouk.smit', id)).toBe(true);
			await step('anouk.smit', id, 'TLV_3_in behandeling');
			// The deskundigen miss something: TLV_1_… means the school acts.
			await step('anouk.smit', id, 'TLV_1_incompleet', 'Het verslag van het MDO ontbreekt.');
			expect((await current(id)).statusInstruction).toContain('TLV_2_aanvraag indienen');
			expect(await options('rachid.elamrani', id)).toEqual(['TLV_2_aanvraag indienen']);
			await refused('rachid.elamrani', id, 'Aanmelding');
			await step('rachid.elamrani', id, 'TLV_2_aanvraag indienen');
			await step('anouk.smit', id, 'TLV_3_in behandeling');
			await step(
				'anouk.smit',
				id,
				'Afgewezen',
				'Eerst een jaar arrangement in het regulier onderwijs.'
			);
			expect((await current(id)).statusFinal).toBe(true);
		}
	);

	it('Stromenland, the school titles: in Aanmelding when made; incomplete back to Aanmelding', async () => {
		const id = await ask('karin.dekker', '27YA00', 'Ondersteuningsbudget');
		expect((await current(id)).status).toBe('Aanmelding');
		expect(await sees('yara.peters', id)).toBe(true);
		await step('yara.peters', id, 'Dossier incompleet', 'De directeur heeft niet ondertekend.');
		expect(await options('karin.dekker', id)).toEqual(['Aanmelding']);
		await step('karin.dekker', id, 'Aanmelding');
		await step('yara.peters', id, 'Dossier compleet');
		await step('bram.kok', id, 'Toegekend');
		await step('yara.peters', id, 'In behandeling');
		await step('yara.peters', id, 'Afgerond');
	});

	it('Stromenland, Jonge Kind: the pre-school adds the stukken, the JK-specialist advises, access ends at advies afgerond', async () => {
		const esther = people['esther.bos']!;
		const dossierId = await makeDossier(sql, esther, w.school('27YA00'));
		const id = await hulpvraag.create(sql, esther, {
			dossierId,
			schoolId: '',
			datum: '2026-03-02',
			titelId: w.titel('PO2507', 'Jonge kind (3,2 - 4 jr) advisering'),
			omschrijving: '',
			coordinatorId: esther.accountId,
			labels: []
		});
		expect((await current(id)).status).toBe('JK onderwijsadvies aanvraag');
		await voorschool.add(sql, esther, id, people['fatima.ouali']!.accountId);
		expect(await sees('fatima.ouali', id)).toBe(true);
		await refused('fatima.ouali', id, 'JK Onderwijsadvies');
		await sql.begin((tx) => hulpvraag.afterAttachment(tx, people['fatima.ouali']!, id));
		expect((await current(id)).status).toBe('JK bijlagen toegevoegd');
		await step('esther.bos', id, 'JK Onderwijsadvies');
		await step('esther.bos', id, 'JK aanmelden school');
		await step('esther.bos', id, 'JK afgewezen', 'De school van voorkeur heeft geen plek.');
		await step('esther.bos', id, 'JK aanmelden school');
		await step('esther.bos', id, 'JK advies afgerond');
		expect(await sees('fatima.ouali', id)).toBe(true);
		await step('esther.bos', id, 'advies afgerond');
		expect(await sees('fatima.ouali', id)).toBe(false);
		expect(await sees('esther.bos', id)).toBe(true);
	});
});
