/**
 * The write matrix of form sections, on the server: for each state of a hulpvraag, every
 * role tries to save every section of the demo forms through `saveSection` (and, for the
 * approval of the bevoegd gezag, `approve`). Allowed: the answer is stored, by that account.
 * Denied: `NotAllowed`, nothing of the forms changed, and the refusal is an audit row.
 *
 * The roles are the demo's: the school that asked (IB'er and aanvrager, directeur), an IB'er
 * of another school, SWV staff (the hulpvraag's coördinator, the SCP, who writes the
 * Deskundigeadvies), the child's parent, a linked voorschoolse contactpersoon (in PPO
 * Rotterdam an account made here: no section there names the role), an extern, a beheerder
 * and an account of the other organisation. Jonge Kind (the voorschool's own form) is
 * Stromenland's, so its states have a table of their own there. Names given write access
 * write the approval they were named on, and only while they see the hulpvraag.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { actorFor } from '../../src/lib/server/access/actor';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import { sql } from '../../src/lib/server/db';
import {
	deskundigeadvies,
	jkAanvraag,
	obAanvraag,
	obBesluit,
	obEvaluatie,
	tlvIjsselmonde
} from '../../src/lib/server/demo/form-templates';
import * as dossier from '../../src/lib/server/dossiers/dossier';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import * as voorschool from '../../src/lib/server/dossiers/voorschool';
import * as attach from '../../src/lib/server/forms/attach';
import * as fill from '../../src/lib/server/forms/fill';
import * as participants from '../../src/lib/server/overlegronde/participants';
import * as round from '../../src/lib/server/overlegronde/round';
import { makeDossier, seedWorld, type OrgCode, type World } from '../support/demo-world';

let w: World;

/** Who tries, by the name the tables use. */
const rotterdamRoles = [
	"IB'er (aanvrager)",
	'directeur',
	"IB'er andere school",
	'coördinator',
	'SCP',
	'ouder',
	'voorschool',
	'extern',
	'beheerder',
	'andere organisatie'
] as const;
type RotterdamRole = (typeof rotterdamRoles)[number];

const jkRoles = [
	'JK-specialist',
	'voorschool',
	'SCP',
	'coördinator',
	"IB'er",
	'ouder',
	'extern',
	'beheerder',
	'andere organisatie'
] as const;
type JkRole = (typeof jkRoles)[number];

/** A section of a demo form and one of its questions that holds text. */
interface SectionSpec {
	template: string;
	key: string;
	question: string;
}

const sections = {
	'OB aanvraag › behoeften': { template: obAanvraag, key: 'behoeften', question: 'behoeften' },
	'Besluit › besluit': { template: obBesluit, key: 'besluit', question: 'motivering' },
	'Evaluatie › evaluatie': { template: obEvaluatie, key: 'evaluatie', question: 'inzet' },
	'TLV IJsselmonde › ouders': { template: tlvIjsselmonde, key: 'ouders', question: 'zienswijze' },
	'Deskundigeadvies › advies': {
		template: deskundigeadvies,
		key: 'advies',
		question: 'bevindingen'
	},
	'JK aanvraag › kind': { template: jkAanvraag, key: 'kind', question: 'ontwikkeling' }
} satisfies Record<string, SectionSpec>;
type SectionName = keyof typeof sections;

const rotterdamSections: SectionName[] = [
	'OB aanvraag › behoeften',
	'Besluit › besluit',
	'Evaluatie › evaluatie',
	'TLV IJsselmonde › ouders',
	'Deskundigeadvies › advies'
];
const jkSections: SectionName[] = ['JK aanvraag › kind', 'Deskundigeadvies › advies'];

interface Cell<R extends string> {
	who: R;
	section: string;
	allowed: boolean;
}

/** Every role × section; allowed only where `allowed` names the pair. */
function table<R extends string>(
	roles: readonly R[],
	names: readonly string[],
	allowed: Partial<Record<R, readonly string[]>>
): Cell<R>[] {
	return roles.flatMap((who) =>
		names.map((section) => ({
			who,
			section,
			allowed: (allowed[who] ?? []).includes(section)
		}))
	);
}

let rotterdam: Record<RotterdamRole, Actor>;
let jk: Record<JkRole, Actor>;

async function newAccount(code: OrgCode, username: string, roles: string[]): Promise<Actor> {
	const [account] = await sql<
		{ id: string; organisationId: string; roles: string[]; email: string }[]
	>`
		insert into account (organisation_id, username, email, display_name, roles, state)
		values (${w.org[code]}, ${username}, ${username + '@voorschool.example.nl'},
			${'Test ' + username}, ${roles}, 'active')
		returning id, organisation_id, roles, email`;
	return { ...(await actorFor(sql, account!)), ipHash: null, origin: 'https://kindkring.test' };
}

beforeAll(async () => {
	w = await seedWorld(sql);
	rotterdam = {
		"IB'er (aanvrager)": await w.acting('lotte.vandam'),
		directeur: await w.acting('henk.degroot'),
		"IB'er andere school": await w.acting('rachid.elamrani'),
		coördinator: await w.acting('pieter.verbeek'),
		SCP: await w.acting('nora.yilmaz'),
		ouder: await w.acting('sanne.bakker'),
		// PPO Rotterdam's demo has no pre-school: one linked to its hulpvragen, as in Jonge Kind.
		voorschool: await newAccount('PO2806', 'test.kinderopvang', ['voorschool']),
		extern: await w.acting('mila.jansen'),
		beheerder: await w.acting('beheer.femke'),
		'andere organisatie': await w.acting('karin.dekker')
	};
	jk = {
		'JK-specialist': await w.acting('esther.bos'),
		voorschool: await w.acting('fatima.ouali'),
		SCP: await w.acting('yara.peters'),
		coördinator: await w.acting('bram.kok'),
		"IB'er": await w.acting('karin.dekker'),
		ouder: await w.acting('tom.vanleeuwen'),
		extern: await w.acting('daan.smits'),
		beheerder: await w.acting('beheer.joost'),
		'andere organisatie': await w.acting('lotte.vandam')
	};
});

async function templateId(code: OrgCode, name: string): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		select id from form_template where organisation_id = ${w.org[code]} and name = ${name}`;
	return row!.id;
}

/** The forms of one hulpvraag by the table's section names. */
type Forms = Map<string, { formId: string; spec: SectionSpec }>;

async function attachAll(
	code: OrgCode,
	by: Actor,
	hulpvraagId: string,
	names: readonly SectionName[],
	label = (name: string) => name
): Promise<Forms> {
	const out: Forms = new Map();
	for (const name of names) {
		const spec = sections[name];
		const formId = await attach.attach(sql, by, hulpvraagId, await templateId(code, spec.template));
		out.set(label(name), { formId, spec });
	}
	return out;
}

/** A hulpvraag of De Vuurtoren asked by the IB'er, coördinator Pieter, the parent listed. */
async function vuurtorenHulpvraag(): Promise<{ id: string; dossierId: string }> {
	const lotte = rotterdam["IB'er (aanvrager)"];
	const dossierId = await makeDossier(sql, lotte, w.school('21XA00'), {}, [rotterdam.ouder.email]);
	const id = await hulpvraag.create(sql, lotte, {
		dossierId,
		schoolId: w.school('21XA00'),
		datum: '2026-09-01',
		titelId: w.titel('PO2806', 'Ambulante Begeleiding'),
		omschrijving: '',
		coordinatorId: rotterdam.coördinator.accountId,
		labels: []
	});
	await voorschool.add(sql, rotterdam.SCP, id, rotterdam.voorschool.accountId);
	return { id, dossierId };
}

async function putIn(code: OrgCode, hulpvraagId: string, status: string) {
	await sql`update hulpvraag set status_id = ${w.status(code, status)} where id = ${hulpvraagId}`;
}

/** The child leaves De Vuurtoren yesterday and is at Het Kompas from today. */
async function moveToKompas(dossierId: string) {
	await sql`update school_period
		set end_date = (now() at time zone 'Europe/Amsterdam')::date - 1
		where dossier_id = ${dossierId} and school_id = ${w.school('21XA00')}`;
	await sql`insert into school_period (dossier_id, school_id, start_date)
		values (${dossierId}, ${w.school('21XC00')}, (now() at time zone 'Europe/Amsterdam')::date)`;
}

/** Everything a write leaves in the forms: answers, versions, approvals, grants. */
async function snapshot(formIds: readonly string[]) {
	const ids = sql.array([...formIds]);
	return sql`
		select 'section' as what, form_id::text, section_key as key, answers::text as value,
			version::text as extra, updated_by::text as by
		from form_section where form_id = any(${ids}::uuid[])
		union all
		select 'approval', form_id::text, question_key, answers_hash, voided_at::text, account_id::text
		from form_approval where form_id = any(${ids}::uuid[])
		union all
		select 'grant', form_id::text, section_key, account_id::text, null, null
		from form_grant where form_id = any(${ids}::uuid[])
		union all
		select 'audit', target_id, action, details::text, null, account_id::text
		from audit_log where target_id = any(${ids}::text[]) and action <> 'form.write.refused'
		order by 1, 2, 3, 4`;
}

async function refusals(formId: string, actor: Actor) {
	return sql<{ organisationId: string; details: Record<string, unknown> }[]>`
		select organisation_id, details from audit_log
		where action = 'form.write.refused' and target_id = ${formId} and account_id = ${actor.accountId}
		order by id`;
}

async function sectionRow(formId: string, key: string) {
	const [row] = await sql<
		{ answers: Record<string, unknown>; version: number; updatedBy: string }[]
	>`
		select answers, version, updated_by from form_section
		where form_id = ${formId} and section_key = ${key}`;
	return row;
}

async function outcome(p: Promise<unknown>): Promise<unknown> {
	return p.then(
		() => null,
		(e: unknown) => e
	);
}

/**
 * Checks one cell: `write` is the attempt; `stored` says whether it landed. Denied: the
 * policy's refusal, nothing changed, one more audited refusal of this account on the form.
 */
async function check(
	actor: Actor,
	allowed: boolean,
	formId: string,
	allFormIds: readonly string[],
	section: string,
	write: () => Promise<unknown>,
	stored: () => Promise<void>
) {
	const before = await snapshot(allFormIds);
	const refusedBefore = (await refusals(formId, actor)).length;
	const thrown = await outcome(write());
	if (allowed) {
		expect(thrown).toBeNull();
		await stored();
		return;
	}
	expect(thrown).toBeInstanceOf(NotAllowed);
	expect(await snapshot(allFormIds)).toEqual(before);
	const after = await refusals(formId, actor);
	expect(after).toHaveLength(refusedBefore + 1);
	expect(after.at(-1)).toMatchObject({
		organisationId: actor.organisationId,
		details: { section }
	});
}

/** Stored answers as the fields of the section's form. */
function asFields(answers: Record<string, unknown>): fill.Fields {
	const out: fill.Fields = {};
	for (const [key, a] of Object.entries(answers)) {
		out[`q.${key}`] = Array.isArray(a)
			? a.map(String)
			: typeof a === 'boolean'
				? a
					? 'ja'
					: 'nee'
				: String(a);
	}
	return out;
}

/** One cell of a table: saving the section's question as `who`. */
async function trySave(actor: Actor, forms: Forms, section: string, allowed: boolean, tag: string) {
	const { formId, spec } = forms.get(section)!;
	const value = `${tag}: ${actor.accountId}`;
	const current = await sectionRow(formId, spec.key);
	const version = current?.version ?? 0;
	// As the page sends it: the section's other answers as they are, this question changed.
	const fields: fill.Fields = {
		...asFields(current?.answers ?? {}),
		[`q.${spec.question}`]: value
	};
	await check(
		actor,
		allowed,
		formId,
		[...forms.values()].map((f) => f.formId),
		spec.key,
		() =>
			fill.saveSection(sql, actor, {
				formId,
				sectionKey: spec.key,
				version,
				fields
			}),
		async () => {
			const row = (await sectionRow(formId, spec.key))!;
			expect(row.answers[spec.question]).toBe(value);
			expect(row.updatedBy).toBe(actor.accountId);
			expect(row.version).toBe(version + 1);
		}
	);
}

const name = (c: Cell<string>) => `${c.who} ${c.allowed ? 'schrijft' : 'niet'} ${c.section}`;

describe('a submitted hulpvraag (Aanmelding)', () => {
	let forms: Forms;
	beforeAll(async () => {
		const h = await vuurtorenHulpvraag();
		forms = await attachAll('PO2806', rotterdam["IB'er (aanvrager)"], h.id, rotterdamSections);
	});
	it.each(
		table(rotterdamRoles, rotterdamSections, {
			"IB'er (aanvrager)": ['OB aanvraag › behoeften', 'Evaluatie › evaluatie'],
			coördinator: ['Besluit › besluit'],
			SCP: ['Besluit › besluit', 'Deskundigeadvies › advies'],
			ouder: ['TLV IJsselmonde › ouders']
		})
	)('$who → $section: $allowed', async (c) => {
		await trySave(rotterdam[c.who], forms, c.section, c.allowed, name(c));
	});
});

describe('a voorlopig hulpvraag: the SWV does not write, the school still does', () => {
	let forms: Forms;
	beforeAll(async () => {
		const h = await vuurtorenHulpvraag();
		forms = await attachAll('PO2806', rotterdam["IB'er (aanvrager)"], h.id, rotterdamSections);
		await putIn('PO2806', h.id, 'Voorlopige aanmelding');
	});
	// A voorlopig status is not shown to parents either.
	it.each(
		table(rotterdamRoles, rotterdamSections, {
			"IB'er (aanvrager)": ['OB aanvraag › behoeften', 'Evaluatie › evaluatie']
		})
	)('$who → $section: $allowed', async (c) => {
		await trySave(rotterdam[c.who], forms, c.section, c.allowed, name(c));
	});
});

describe('a status parents do not see: the parent no longer writes', () => {
	let forms: Forms;
	beforeAll(async () => {
		await sql`
			insert into process_status (organisation_id, name, parent_visible, position)
			values (${w.org.PO2806}, 'Intern overleg SWV', false, 99)`;
		const [s] = await sql<{ id: string }[]>`
			select id from process_status where organisation_id = ${w.org.PO2806} and name = 'Intern overleg SWV'`;
		const h = await vuurtorenHulpvraag();
		forms = await attachAll('PO2806', rotterdam["IB'er (aanvrager)"], h.id, rotterdamSections);
		await sql`update hulpvraag set status_id = ${s!.id} where id = ${h.id}`;
	});
	it.each(
		table(rotterdamRoles, rotterdamSections, {
			"IB'er (aanvrager)": ['OB aanvraag › behoeften', 'Evaluatie › evaluatie'],
			coördinator: ['Besluit › besluit'],
			SCP: ['Besluit › besluit', 'Deskundigeadvies › advies']
		})
	)('$who → $section: $allowed', async (c) => {
		await trySave(rotterdam[c.who], forms, c.section, c.allowed, name(c));
	});
});

describe('the child moved to Het Kompas: the former school no longer writes, the new one does on its own', () => {
	let forms: Forms;
	const kompas = (s: string) => `${s} (Het Kompas)`;
	const kompasSections: SectionName[] = ['OB aanvraag › behoeften', 'Evaluatie › evaluatie'];
	beforeAll(async () => {
		const h = await vuurtorenHulpvraag();
		forms = await attachAll('PO2806', rotterdam["IB'er (aanvrager)"], h.id, rotterdamSections);
		await moveToKompas(h.dossierId);
		// The new school asks for the child too: its own hulpvraag, with its own forms.
		const rachid = rotterdam["IB'er andere school"];
		const newer = await hulpvraag.create(sql, rachid, {
			dossierId: h.dossierId,
			schoolId: w.school('21XC00'),
			datum: '2026-11-02',
			titelId: w.titel('PO2806', 'Ambulante Begeleiding'),
			omschrijving: '',
			coordinatorId: rotterdam.coördinator.accountId,
			labels: []
		});
		for (const [k, v] of await attachAll('PO2806', rachid, newer, kompasSections, kompas)) {
			forms.set(k, v);
		}
	});
	it.each(
		table(rotterdamRoles, [...rotterdamSections, ...kompasSections.map(kompas)], {
			"IB'er andere school": kompasSections.map(kompas),
			coördinator: ['Besluit › besluit'],
			SCP: ['Besluit › besluit', 'Deskundigeadvies › advies'],
			ouder: ['TLV IJsselmonde › ouders']
		})
	)('$who → $section: $allowed', async (c) => {
		await trySave(rotterdam[c.who], forms, c.section, c.allowed, name(c));
	});
});

describe('Jonge Kind (Stromenland): the linked voorschool writes its form until its access ended', () => {
	let counter = 0;
	async function jkHulpvraag(): Promise<Forms> {
		counter++;
		const esther = jk['JK-specialist'];
		const dossierId = await dossier.create(sql, esther, {
			basis: {
				roepnaam: 'Peuter',
				tussenvoegsel: '',
				achternaam: `Schrijfmatrix${counter}`,
				geboortedatum: '2023-03-01',
				geslacht: 'onbekend',
				woonadres: null,
				postadres: null,
				adresOpmerking: ''
			},
			period: null,
			parentEmails: [jk.ouder.email]
		});
		const id = await hulpvraag.create(sql, esther, {
			dossierId,
			schoolId: '',
			datum: '2026-11-23',
			titelId: w.titel('PO2507', 'Jonge kind (3,2 - 4 jr) advisering'),
			omschrijving: '',
			coordinatorId: jk.coördinator.accountId,
			labels: []
		});
		await voorschool.add(sql, esther, id, jk.voorschool.accountId);
		const forms = await attachAll('PO2507', esther, id, jkSections);
		(forms as Forms & { hulpvraagId?: string }).hulpvraagId = id;
		return forms;
	}

	describe('while the voorschool has access', () => {
		let forms: Forms;
		beforeAll(async () => {
			forms = await jkHulpvraag();
		});
		it.each(
			table(jkRoles, jkSections, {
				'JK-specialist': ['JK aanvraag › kind'],
				voorschool: ['JK aanvraag › kind'],
				SCP: ['Deskundigeadvies › advies']
			})
		)('$who → $section: $allowed', async (c) => {
			await trySave(jk[c.who], forms, c.section, c.allowed, name(c));
		});
	});

	describe('after advies afgerond ended the voorschool access', () => {
		let forms: Forms;
		beforeAll(async () => {
			forms = await jkHulpvraag();
			const id = (forms as Forms & { hulpvraagId?: string }).hulpvraagId!;
			// What reaching 'advies afgerond' leaves: the status and the moment access ended.
			await sql`update hulpvraag set status_id = ${w.status('PO2507', 'advies afgerond')},
				voorschool_access_ended_at = now() where id = ${id}`;
		});
		it.each(
			table(jkRoles, jkSections, {
				'JK-specialist': ['JK aanvraag › kind'],
				SCP: ['Deskundigeadvies › advies']
			})
		)('$who → $section: $allowed', async (c) => {
			await trySave(jk[c.who], forms, c.section, c.allowed, name(c));
		});
	});
});

describe('a named grant: the granted account writes only its section, while it still sees the hulpvraag', () => {
	const grantSections = ['OB aanvraag › behoeften', 'OB aanvraag › bevoegd (instemming)'] as const;

	/**
	 * An OB aanvraag the school filled in completely, its last section given to `to` (after
	 * `first`, which may let them see the hulpvraag).
	 */
	async function filledAndGranted(to: Actor, first?: (hulpvraagId: string) => Promise<unknown>) {
		const lotte = rotterdam["IB'er (aanvrager)"];
		const h = await vuurtorenHulpvraag();
		await first?.(h.id);
		const formId = await attach.attach(sql, lotte, h.id, await templateId('PO2806', obAanvraag));
		const [opp] = await sql<{ id: string }[]>`
			insert into bijlage (organisation_id, hulpvraag_id, sha256, size, mime, original_name, display_name, added_by)
			values (${lotte.organisationId}, ${h.id}, ${'b'.repeat(64)}, 10, 'application/pdf', 'OPP.pdf', 'OPP.pdf', ${lotte.accountId})
			returning id`;
		const save = (sectionKey: string, fields: fill.Fields) =>
			fill.saveSection(sql, lotte, { formId, sectionKey, version: 0, fields });
		await save('behoeften', { 'q.behoeften': 'Rust in de klas', 'q.doelen': 'Zelfstandig werken' });
		await save('budget', {
			'q.uren': '4',
			'q.vanaf': '2026-09-01',
			'q.tot': '2027-07-01',
			'q.oppbesproken': 'ja',
			'q.opp': opp!.id
		});
		await attach.grant(sql, lotte, { formId, sectionKey: 'bevoegd', accountId: to.accountId });
		return { ...h, formId };
	}

	/** A round of the school on the hulpvraag with the extern in it; its id. */
	async function roundWithExtern(hulpvraagId: string): Promise<string> {
		const lotte = rotterdam["IB'er (aanvrager)"];
		const now = new Date();
		const day = (n: number) => new Date(now.getTime() + n * 86_400_000).toISOString().slice(0, 10);
		const roundId = await round.create(
			sql,
			lotte,
			{
				hulpvraagId,
				onderwerp: 'Overleg met de logopedist',
				omschrijving: '',
				besloten: false,
				einddatumReacties: day(7),
				einddatumInzage: day(14)
			},
			now
		);
		await participants.addExisting(sql, lotte, roundId, rotterdam.extern.accountId, now);
		return roundId;
	}

	/** One cell: the approval of the bevoegd section, or a save of the school's section. */
	async function tryWrite(actor: Actor, formId: string, section: string, allowed: boolean) {
		if (section === 'OB aanvraag › behoeften') {
			const forms: Forms = new Map([[section, { formId, spec: sections[section] }]]);
			return trySave(actor, forms, section, allowed, 'schrijfrecht');
		}
		await check(
			actor,
			allowed,
			formId,
			[formId],
			'bevoegd',
			() => fill.approve(sql, actor, { formId, sectionKey: 'bevoegd', questionKey: 'instemming' }),
			async () => {
				const given = await sql<{ accountId: string }[]>`
					select account_id from form_approval
					where form_id = ${formId} and question_key = 'instemming' and voided_at is null`;
				expect(given).toEqual([{ accountId: actor.accountId }]);
			}
		);
	}

	describe('the directeur given the instemming', () => {
		let formId: string;
		beforeAll(async () => {
			({ formId } = await filledAndGranted(rotterdam.directeur));
		});
		it.each(
			table(rotterdamRoles, grantSections, {
				"IB'er (aanvrager)": ['OB aanvraag › behoeften'],
				directeur: ['OB aanvraag › bevoegd (instemming)']
			})
		)('$who → $section: $allowed', async (c) => {
			await tryWrite(rotterdam[c.who], formId, c.section, c.allowed);
		});
	});

	describe('an extern taking part in the overlegronde, given the instemming', () => {
		let formId: string;
		beforeAll(async () => {
			({ formId } = await filledAndGranted(rotterdam.extern, roundWithExtern));
		});
		it.each(
			table(rotterdamRoles, grantSections, {
				"IB'er (aanvrager)": ['OB aanvraag › behoeften'],
				extern: ['OB aanvraag › bevoegd (instemming)']
			})
		)('$who → $section: $allowed', async (c) => {
			await tryWrite(rotterdam[c.who], formId, c.section, c.allowed);
		});
	});

	it('names nobody whom the name would not let write: not the school the child left', async () => {
		const lotte = rotterdam["IB'er (aanvrager)"];
		const h = await vuurtorenHulpvraag();
		const formId = await attach.attach(sql, lotte, h.id, await templateId('PO2806', obAanvraag));
		await moveToKompas(h.dossierId);
		// Who may still attach forms (the SWV) tries to name the former school's directeur.
		const refused = await outcome(
			attach.grant(sql, rotterdam.SCP, {
				formId,
				sectionKey: 'bevoegd',
				accountId: rotterdam.directeur.accountId
			})
		);
		expect(refused).toBeInstanceOf(fill.Invalid);
		expect(await sql`select 1 from form_grant where form_id = ${formId}`).toHaveLength(0);
	});

	// The grant stays on the form; what ends is the relation that let the account see it.
	it.each([
		{ who: 'directeur', after: 'the child moved to Het Kompas' },
		{ who: 'SCP', after: 'the hulpvraag went back to voorlopig' },
		{ who: 'extern', after: 'the end of the overlegronde’s inzage' }
	] as const)('$who no longer writes after $after', async ({ who }) => {
		const granted = rotterdam[who];
		let roundId = '';
		const h = await filledAndGranted(granted, async (id) => {
			if (who === 'extern') roundId = await roundWithExtern(id);
		});
		if (who === 'directeur') await moveToKompas(h.dossierId);
		else if (who === 'SCP') await putIn('PO2806', h.id, 'Voorlopige aanmelding');
		else {
			await sql`update overlegronde set einddatum_reacties = current_date - 2,
				einddatum_inzage = current_date - 1 where id = ${roundId}`;
		}
		const [grant] = await sql`select 1 from form_grant where form_id = ${h.formId}`;
		expect(grant).toBeDefined();
		for (const section of grantSections) await tryWrite(granted, h.formId, section, false);
	});
});
