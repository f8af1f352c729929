/**
 * Jonge Kind, the process of the pre-schools' manual of Stromenland: the JK-specialist starts a dossier and hulpvraag for a toddler
 * without a school, links the voorschoolse contactpersoon (only active voorschool accounts
 * of her own organisation; audit row; a mail without the child's name), the pre-school
 * follows the status by mail until "advies afgerond", and then reads why access ended
 * while every other account still meets a plain 404.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/lib/server/access/actor';
import { actorFor } from '../../src/lib/server/access/actor';
import { may } from '../../src/lib/server/access/policy';
import { sql } from '../../src/lib/server/db';
import * as dossier from '../../src/lib/server/dossiers/dossier';
import { hulpvraagFacts } from '../../src/lib/server/dossiers/facts';
import { hulpvraagFor } from '../../src/lib/server/dossiers/guard';
import * as hulpvraag from '../../src/lib/server/dossiers/hulpvraag';
import * as voorschool from '../../src/lib/server/dossiers/voorschool';
import { seedWorld, type World } from '../support/demo-world';

let w: World;
let esther: Actor; // JK-specialist, Stromenland
let karin: Actor; // IB'er, Stromenland (27YA00)
let fatima: Actor; // voorschoolse contactpersoon, Stromenland
let other: Actor; // a second voorschool account of Stromenland, never linked

const jkTitel = 'Jonge kind (3,2 - 4 jr) advisering';
let counter = 0;

async function newAccount(org: string, username: string, roles: string[]): Promise<Actor> {
	const [account] = await sql<
		{ id: string; organisationId: string; roles: string[]; email: string }[]
	>`
		insert into account (organisation_id, username, email, display_name, roles, state)
		values (${org}, ${username}, ${username + '@voorschool.example.nl'}, ${'Test ' + username},
			${roles}, 'active')
		returning id, organisation_id, roles, email`;
	return { ...(await actorFor(sql, account!)), ipHash: null, origin: 'https://kindkring.test' };
}

beforeAll(async () => {
	w = await seedWorld(sql);
	esther = await w.acting('esther.bos');
	karin = await w.acting('karin.dekker');
	fatima = await w.acting('fatima.ouali');
	other = await newAccount(w.org.PO2507, 'test.peuterspeelzaal', ['voorschool']);
});

/** A toddler's dossier without a school and its JK hulpvraag, by Esther. */
async function jk(): Promise<{ dossierId: string; id: string }> {
	counter++;
	const dossierId = await dossier.create(sql, esther, {
		basis: {
			roepnaam: 'Peuter',
			tussenvoegsel: '',
			achternaam: `Jongekind${counter}`,
			geboortedatum: '2023-03-01',
			geslacht: 'onbekend',
			woonadres: null,
			postadres: null,
			adresOpmerking: ''
		},
		period: null,
		parentEmails: []
	});
	const id = await hulpvraag.create(sql, esther, {
		dossierId,
		schoolId: '',
		datum: '2026-11-23',
		titelId: w.titel('PO2507', jkTitel),
		omschrijving: '',
		coordinatorId: esther.accountId,
		labels: []
	});
	return { dossierId, id };
}

async function move(actor: Actor, id: string, to: string, reason = ''): Promise<void> {
	const h = (await hulpvraag.get(sql, actor.organisationId, id))!;
	await hulpvraag.changeStatus(sql, actor, {
		hulpvraagId: id,
		toStatusId: w.status('PO2507', to),
		reason,
		version: h.version
	});
}

const facts = async (id: string) => (await hulpvraagFacts(sql, w.org.PO2507, id))!;

const mails = (accountId: string, kind: string) =>
	sql<{ toAddress: string; subject: string; textBody: string; htmlBody: string }[]>`
		select to_address, subject, text_body, html_body from outbox
		where account_id = ${accountId} and kind = ${kind} order by id`;

describe('a toddler without a school', () => {
	it('lets the JK-specialist create the dossier and the JK hulpvraag, which starts in "JK onderwijsadvies aanvraag"', async () => {
		const { dossierId, id } = await jk();
		expect(await dossier.periods(sql, w.org.PO2507, dossierId)).toEqual([]);
		expect(await hulpvraag.get(sql, w.org.PO2507, id)).toMatchObject({
			titel: jkTitel,
			status: 'JK onderwijsadvies aanvraag',
			schoolId: null,
			coordinator: 'Esther Bos'
		});
		// Esther still sees both.
		expect(may(esther, 'view', await facts(id)).allowed).toBe(true);
	});

	it('offers only titles that do not start voorlopig without a school', async () => {
		// A voorlopig hulpvraag without a school would be invisible to everyone but the
		// beheerder: only its school submits it. In Rotterdam Ondersteuningsbudget starts
		// voorlopig, and the IJsselmonde TLV is for IJsselmonde schools only.
		const titles = (await hulpvraag.titlesWithoutSchool(sql, w.org.PO2806)).map((t) => t.name);
		expect(titles).toContain(jkTitel);
		expect(titles).toContain('Thuiszitter');
		expect(titles).not.toContain('Ondersteuningsbudget');
		expect(titles).not.toContain('TLV-aanvraag (IJsselmonde)');
		// In Stromenland nothing starts voorlopig.
		expect((await hulpvraag.titlesWithoutSchool(sql, w.org.PO2507)).map((t) => t.name)).toContain(
			'Ondersteuningsbudget'
		);
		const nora = await w.acting('nora.yilmaz');
		const dossierId = await dossier.create(sql, nora, {
			basis: {
				roepnaam: 'Kind',
				tussenvoegsel: '',
				achternaam: 'Zonderschool',
				geboortedatum: '2019-03-01',
				geslacht: 'onbekend',
				woonadres: null,
				postadres: null,
				adresOpmerking: ''
			},
			period: null,
			parentEmails: []
		});
		await expect(
			hulpvraag.create(sql, nora, {
				dossierId,
				schoolId: '',
				datum: '2026-11-23',
				titelId: w.titel('PO2806', 'Ondersteuningsbudget'),
				omschrijving: '',
				coordinatorId: null,
				labels: []
			})
		).rejects.toMatchObject({ errors: { titel_id: expect.stringContaining('school') } });
	});

	it('keeps the school required for school users', async () => {
		await expect(
			dossier.create(sql, karin, {
				basis: {
					roepnaam: 'Peuter',
					tussenvoegsel: '',
					achternaam: 'Zonderschool',
					geboortedatum: '2023-03-01',
					geslacht: 'onbekend',
					woonadres: null,
					postadres: null,
					adresOpmerking: ''
				},
				period: null,
				parentEmails: []
			})
		).rejects.toMatchObject({ errors: { school_id: 'Kies een school uit de lijst.' } });
		const { dossierId } = await jk();
		await expect(
			hulpvraag.create(sql, karin, {
				dossierId,
				schoolId: '',
				datum: '2026-11-23',
				titelId: w.titel('PO2507', jkTitel),
				omschrijving: '',
				coordinatorId: null,
				labels: []
			})
		).rejects.toMatchObject({ errors: { school_id: 'Kies de school die de hulpvraag stelt.' } });
	});
});

describe('linking the voorschoolse contactpersoon', () => {
	it('offers the active voorschool accounts of the organisation only', async () => {
		const names = (await voorschool.candidates(sql, w.org.PO2507)).map((c) => c.id);
		expect(names).toContain(fatima.accountId);
		expect(names).toContain(other.accountId);
		expect(names).not.toContain(karin.accountId);
		expect(await voorschool.candidates(sql, w.org.PO2806)).toEqual([]);
	});

	it('is for SWV staff: not for the pre-school, a school or a parent', async () => {
		const { id } = await jk();
		await voorschool.add(sql, esther, id, fatima.accountId);
		const f = await facts(id);
		expect(may(esther, 'link-voorschool', f).allowed).toBe(true);
		expect(may(fatima, 'link-voorschool', f).allowed).toBe(false);
		expect(may(karin, 'link-voorschool', f).allowed).toBe(false);
		expect(may(await w.acting('beheer.joost'), 'link-voorschool', f).allowed).toBe(true);
	});

	it('links, audits and mails the contactpersoon without the child’s name; twice changes nothing', async () => {
		const { id } = await jk();
		const before = (await mails(fatima.accountId, 'hulpvraag.voorschool')).length;
		expect(await voorschool.add(sql, esther, id, fatima.accountId)).toBe(true);
		expect((await voorschool.linked(sql, w.org.PO2507, id)).map((l) => l.displayName)).toEqual([
			'Fatima Ouali'
		]);
		expect((await facts(id)).voorschoolAccountIds).toEqual([fatima.accountId]);
		const audit = await sql<{ accountId: string; details: { account: string } }[]>`
			select account_id, details from audit_log
			where action = 'hulpvraag.voorschool.add' and target_id = ${id}`;
		expect(audit).toEqual([
			{ accountId: esther.accountId, details: { account: fatima.accountId } }
		]);
		const sent = (await mails(fatima.accountId, 'hulpvraag.voorschool')).slice(before);
		expect(sent).toHaveLength(1);
		const mail = sent[0]!;
		expect(mail.toAddress).toBe(fatima.email);
		expect(mail.subject).toBe(`Hulpvraag voor u: ${jkTitel} — JK onderwijsadvies aanvraag`);
		expect(mail.textBody).toContain(`https://kindkring.test/hulpvragen/${id}`);
		expect(mail.textBody).toContain('Aanvraag onderwijsadvies Jonge Kind');
		for (const body of [mail.subject, mail.textBody, mail.htmlBody]) {
			expect(body).not.toContain('Peuter');
			expect(body).not.toContain(`Jongekind${counter}`);
		}
		// She now sees it, may add attachments and set "JK bijlagen toegevoegd".
		const f = await facts(id);
		expect(may(fatima, 'view', f).allowed).toBe(true);
		expect(may(fatima, 'add-attachment', f).allowed).toBe(true);

		expect(await voorschool.add(sql, esther, id, fatima.accountId)).toBe(false);
		expect(await mails(fatima.accountId, 'hulpvraag.voorschool')).toHaveLength(before + 1);
		const [n] = await sql<{ n: number }[]>`
			select count(*)::int as n from audit_log where action = 'hulpvraag.voorschool.add' and target_id = ${id}`;
		expect(n!.n).toBe(1);
	});

	it('refuses accounts that are not voorschool, inactive, or of another organisation', async () => {
		const { id } = await jk();
		const rotterdam = await newAccount(w.org.PO2806, 'test.voorschool.rotterdam', ['voorschool']);
		const blocked = await newAccount(w.org.PO2507, 'test.voorschool.weg', ['voorschool']);
		await sql`update account set state = 'deactivated' where id = ${blocked.accountId}`;
		for (const accountId of [
			karin.accountId,
			esther.accountId,
			rotterdam.accountId,
			blocked.accountId,
			'geen-uuid'
		]) {
			await expect(voorschool.add(sql, esther, id, accountId)).rejects.toMatchObject({
				errors: { voorschool: 'Kies een voorschoolse contactpersoon uit de lijst.' }
			});
		}
		expect(await voorschool.linked(sql, w.org.PO2507, id)).toEqual([]);
		// A hulpvraag of another organisation does not exist for Esther.
		const nora = await w.acting('nora.yilmaz');
		const [elsewhere] = await sql<{ id: string }[]>`
			select id from hulpvraag where organisation_id = ${nora.organisationId} limit 1`;
		await expect(voorschool.add(sql, esther, elsewhere!.id, fatima.accountId)).rejects.toThrow();
	});

	it('unlinks with an audit row; access ends at once', async () => {
		const { id } = await jk();
		await voorschool.add(sql, esther, id, fatima.accountId);
		expect(await voorschool.remove(sql, esther, id, fatima.accountId)).toBe(true);
		expect(await voorschool.linked(sql, w.org.PO2507, id)).toEqual([]);
		expect(may(fatima, 'view', await facts(id)).allowed).toBe(false);
		const audit = await sql<{ accountId: string; details: { account: string } }[]>`
			select account_id, details from audit_log
			where action = 'hulpvraag.voorschool.remove' and target_id = ${id}`;
		expect(audit).toEqual([
			{ accountId: esther.accountId, details: { account: fatima.accountId } }
		]);
		expect(await voorschool.remove(sql, esther, id, fatima.accountId)).toBe(false);
		// Unlinked is not "ended": a plain 404, no notice.
		expect(await voorschool.ended(sql, fatima, id)).toEqual([]);
	});
});

describe('following the status until "advies afgerond"', () => {
	it('mails the pre-school every status change up to the one that ends its access, then tells it why', async () => {
		const { id } = await jk();
		await voorschool.add(sql, esther, id, fatima.accountId);
		const statusMails = async () =>
			(await mails(fatima.accountId, 'hulpvraag.status'))
				.filter((m) => m.textBody.includes(`/hulpvragen/${id}`))
				.map((m) => m.subject);

		// Her own upload moves it on: the JK-specialist is mailed, she is not (she did it).
		const moved = await sql.begin((tx) => hulpvraag.afterAttachment(tx, fatima, id));
		expect(moved).toBe(w.status('PO2507', 'JK bijlagen toegevoegd'));
		const estherMails = await sql<{ subject: string }[]>`
			select subject from outbox where account_id = ${esther.accountId} and kind = 'hulpvraag.status'
				and text_body like ${'%/hulpvragen/' + id + '%'}`;
		expect(estherMails.map((m) => m.subject)).toEqual([
			`Status gewijzigd: ${jkTitel} — JK bijlagen toegevoegd`
		]);
		expect(await statusMails()).toEqual([]);

		for (const status of [
			'JK Onderwijsadvies',
			'JK aanmelden school',
			'JK advies afgerond',
			'advies afgerond'
		]) {
			expect(may(fatima, 'view', await facts(id)).allowed).toBe(true);
			expect(await voorschool.ended(sql, fatima, id)).toEqual([]);
			await move(
				esther,
				id,
				status,
				status === 'advies afgerond' ? 'Vanaf 1 maart naar school.' : ''
			);
		}
		expect(await statusMails()).toEqual(
			['JK Onderwijsadvies', 'JK aanmelden school', 'JK advies afgerond', 'advies afgerond'].map(
				(s) => `Status gewijzigd: ${jkTitel} — ${s}`
			)
		);

		const f = await facts(id);
		expect(may(fatima, 'view', f).allowed).toBe(false);
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(
			new Date()
		);
		expect(await voorschool.ended(sql, fatima, id)).toEqual([
			{ hulpvraagId: id, titel: jkTitel, endedOn: today }
		]);
		expect((await voorschool.ended(sql, fatima)).map((e) => e.hulpvraagId)).toContain(id);
		// Nobody else gets the notice: not another pre-school, not staff.
		expect(await voorschool.ended(sql, other, id)).toEqual([]);
		expect(await voorschool.ended(sql, esther, id)).toEqual([]);

		// At the door: 410 with the title and date for her, 404 for the other pre-school.
		await expect(hulpvraagFor(sql, fatima, id)).rejects.toMatchObject({
			status: 410,
			body: {
				titel: jkTitel,
				message: expect.stringMatching(
					/^Uw toegang tot deze aanvraag is beëindigd: het advies is afgerond \(\d{1,2} \w+ \d{4}\)\.$/
				)
			}
		});
		await expect(hulpvraagFor(sql, other, id)).rejects.toMatchObject({ status: 404 });
		await expect(hulpvraagFor(sql, esther, id)).resolves.toMatchObject({ id });

		// Nothing after the end reaches her, and she cannot be linked again.
		await expect(voorschool.add(sql, esther, id, other.accountId)).rejects.toMatchObject({
			errors: { voorschool: expect.stringContaining('advies is afgerond') }
		});
	});
});
