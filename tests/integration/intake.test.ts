import { beforeAll, describe, expect, it } from 'vitest';
import { NotAllowed } from '../../src/lib/server/access/authorize';
import type { Actor } from '../../src/lib/server/access/actor';
import { sql } from '../../src/lib/server/db';
import * as dossiers from '../../src/lib/server/dossiers/dossier';
import { authenticate, type Caller } from '../../src/lib/server/intake/koppelingen';
import { receive } from '../../src/lib/server/intake/receive';
import { statusOf } from '../../src/lib/server/intake/status';
import { chooseTitle, reviewQueue } from '../../src/lib/server/intake/titles';
import { initialStatus } from '../../src/lib/server/workflow/process';
import { seedWorld, type World } from '../support/demo-world';
import { demoCode, envelope, kompasDossierXml, osoDossier } from '../support/intake';
import { bombZipBase64, osoFixture, zipBase64 } from '../support/oso-fixtures';
import { enter } from '../../src/lib/server/intake/koppelingen';
import * as fixture from '../support/files';

let w: World;
let kompas: Caller;
let rachid: Actor;
let nora: Actor;
let femke: Actor;
const where = { ipHash: null, origin: 'https://kindkring.test' };

beforeAll(async () => {
	w = await seedWorld(sql);
	const auth = await authenticate(sql, demoCode);
	if (!auth.ok) throw new Error('the demo koppeling is not seeded');
	kompas = auth.caller;
	rachid = await w.acting('rachid.elamrani');
	nora = await w.acting('nora.yilmaz');
	femke = await w.acting('beheer.femke');
});

let n = 0;
/** A child of its own per test, so tests do not find each other's dossiers. */
function child() {
	n++;
	return { achternaam: `Proef${n}`, kenmerk: `ESIS-${1000 + n}` };
}

async function send(
	over: Parameters<typeof envelope>[0] = {},
	dossier: Parameters<typeof kompasDossierXml>[0] = {}
) {
	return receive(sql, kompas, envelope(over), await osoDossier(kompasDossierXml(dossier)), where);
}

async function received(
	over: Parameters<typeof envelope>[0] = {},
	dossier: Parameters<typeof kompasDossierXml>[0] = {}
) {
	const outcome = await send(over, dossier);
	if (!outcome.ok) throw new Error(`refused: ${outcome.code} ${outcome.fout}`);
	return outcome;
}

async function hulpvraagRow(id: string) {
	const [row] = await sql<
		{
			dossierId: string;
			schoolId: string;
			titel: string;
			statusId: string;
			voorlopig: boolean;
			aanvragerId: string;
			omschrijving: string;
			datum: string;
		}[]
	>`
		select h.dossier_id, h.school_id, t.name as titel, h.status_id, s.voorlopig, h.aanvrager_id,
			h.omschrijving, to_char(h.datum, 'YYYY-MM-DD') as datum
		from hulpvraag h join hulpvraag_titel t on t.id = h.titel_id
		join process_status s on s.id = h.status_id where h.id = ${id}`;
	return row!;
}

const bijlagen = (hulpvraagId: string) =>
	sql<{ displayName: string }[]>`
		select display_name from bijlage where hulpvraag_id = ${hulpvraagId} and removed_at is null
		order by added_at`;

describe('a new intake', () => {
	it('makes the dossier, the school period and the hulpvraag as the contactpersoon', async () => {
		const c = child();
		const out = await received({ kenmerk: c.kenmerk }, { achternaam: c.achternaam });
		expect(out.status).toBe(201);
		const h = await hulpvraagRow(out.hulpvraagId);
		expect(h.titel).toBe('Ambulante Begeleiding');
		expect(h.schoolId).toBe(w.school('21XC00'));
		expect(h.aanvragerId).toBe(rachid.accountId);
		expect(h.omschrijving).toBe('Sanne heeft moeite met lezen en concentratie.');
		expect(h.datum).toBe('2026-11-30');
		// The initial status the title has when made by hand.
		expect(h.statusId).toBe(
			await initialStatus(sql, w.org.PO2806, w.titel('PO2806', 'Ambulante Begeleiding'))
		);
		expect(out.statusName).toBeTruthy();

		const d = (await dossiers.get(sql, w.org.PO2806, h.dossierId))!;
		expect(d).toMatchObject({
			roepnaam: 'Sanne',
			tussenvoegsel: 'van der',
			achternaam: c.achternaam,
			geboortedatum: '2017-06-21',
			geslacht: 'v',
			adresGeheim: true,
			woonadres: {
				straat: 'Geheime Laan',
				huisnummer: '7 b',
				postcode: '9999 YY',
				plaats: 'Verzonnenstad'
			}
		});
		expect(d.periods.map((p) => p.brinVestiging)).toEqual(['21XC00']);
		// The parents: Eva's address is open, Ruben's e-mail address was secret and never came.
		expect(d.parentEmails).toEqual(['eva@voorbeeld.invalid']);
		expect(d.verzorgers.map((v) => v.naam)).toEqual(['Eva van der Proef', 'Ruben Testman']);
		expect(d.verzorgers[0]).toMatchObject({
			telefoon: '0600000002',
			wettigVertegenwoordiger: true,
			adresGeheim: false,
			adres: { straat: 'Open Straat', huisnummer: '12' }
		});
		expect(d.osoOndersteuning).toMatchObject({
			opp: { ingangsdatum: '2026-09-01', einddatum: '2027-07-31' },
			tlvs: [{ categorie: 'L', beschikkingsnummer: 'TLV-2026-0001' }]
		});
		expect((await bijlagen(out.hulpvraagId)).map((b) => b.displayName)).toEqual([
			expect.stringMatching(/opp-sanne/i)
		]);
		expect(out).toMatchObject({ toegevoegd: 1, alAanwezig: 0, geweigerd: [] });

		const [intake] = await sql<
			{ inzage: Record<string, unknown>; sends: number; pakket: string }[]
		>`
			select inzage, sends, pakket from intake_aanvraag where hulpvraag_id = ${out.hulpvraagId}`;
		expect(intake).toMatchObject({
			sends: 1,
			pakket: 'Proefpakket',
			inzage: { inzage: true, akkoord: 'Ja', inzagedatum: '2026-10-05' }
		});
	});

	it('finds a known child by name and birth date, and adds only a missing school period', async () => {
		const c = child();
		const first = await received({ kenmerk: c.kenmerk }, { achternaam: c.achternaam });
		const second = await received(
			{ kenmerk: `${c.kenmerk}-b`, aanvraagtype: 'Psychodiagnostisch onderzoek' },
			{ achternaam: c.achternaam }
		);
		expect(second.status).toBe(201);
		expect(second.hulpvraagId).not.toBe(first.hulpvraagId);
		const a = await hulpvraagRow(first.hulpvraagId);
		const b = await hulpvraagRow(second.hulpvraagId);
		expect(b.dossierId).toBe(a.dossierId);
		expect(b.titel).toBe('Psychodiagnostisch onderzoek');
		expect((await dossiers.periods(sql, w.org.PO2806, a.dossierId)).length).toBe(1);
		// Another birth date is another child.
		const other = await received(
			{ kenmerk: `${c.kenmerk}-c` },
			{ achternaam: c.achternaam, geboortedatum: '2017-06-22' }
		);
		expect((await hulpvraagRow(other.hulpvraagId)).dossierId).not.toBe(a.dossierId);
	});

	it('matches the type regardless of case, dashes and brackets', async () => {
		const c = child();
		const out = await received(
			{ kenmerk: c.kenmerk, aanvraagtype: '  ambulante-BEGELEIDING ' },
			{ achternaam: c.achternaam }
		);
		expect((await hulpvraagRow(out.hulpvraagId)).titel).toBe('Ambulante Begeleiding');
	});

	it('flags a private-looking phone number of the contactpersoon', async () => {
		const c = child();
		const out = await received(
			{
				kenmerk: c.kenmerk,
				contactpersoon: { ...envelope().contactpersoon, telefoon: '06 12 34 56 78' }
			},
			{ achternaam: c.achternaam }
		);
		expect(out.waarschuwingen.join(' ')).toMatch(/privénummer/);
		const [row] = await sql<{ contactpersoon: { telefoonPrive: boolean } }[]>`
			select contactpersoon from intake_aanvraag where hulpvraag_id = ${out.hulpvraagId}`;
		expect(row!.contactpersoon.telefoonPrive).toBe(true);
	});
});

describe('a resend of the same kenmerk', () => {
	it('updates the same hulpvraag and adds only new documents', async () => {
		const c = child();
		const first = await received({ kenmerk: c.kenmerk }, { achternaam: c.achternaam });
		const again = await received(
			{ kenmerk: c.kenmerk, omschrijving: 'Aangevuld na dossier incompleet.' },
			{ achternaam: c.achternaam }
		);
		expect(again.status).toBe(200);
		expect(again.hulpvraagId).toBe(first.hulpvraagId);
		expect(again).toMatchObject({ toegevoegd: 0, alAanwezig: 1 });
		expect((await hulpvraagRow(first.hulpvraagId)).omschrijving).toBe(
			'Aangevuld na dossier incompleet.'
		);
		const newer = await received(
			{ kenmerk: c.kenmerk },
			{
				achternaam: c.achternaam,
				oppZip: zipBase64({ 'opp-v2.pdf': fixture.minimalPdf('OPP v2') })
			}
		);
		expect(newer).toMatchObject({ status: 200, toegevoegd: 1, alAanwezig: 0 });
		expect(await bijlagen(first.hulpvraagId)).toHaveLength(2);
		const [row] = await sql<{ sends: number }[]>`
			select sends from intake_aanvraag where hulpvraag_id = ${first.hulpvraagId}`;
		expect(row!.sends).toBe(3);
	});

	it('five at once make one hulpvraag with one copy of each document', async () => {
		const c = child();
		const outcomes = await Promise.all(
			Array.from({ length: 5 }, () => send({ kenmerk: c.kenmerk }, { achternaam: c.achternaam }))
		);
		const ok = outcomes.filter((o) => o.ok);
		expect(ok).toHaveLength(5);
		const ids = new Set(ok.map((o) => o.ok && o.hulpvraagId));
		expect(ids.size).toBe(1);
		expect(ok.map((o) => o.ok && o.status).sort()).toEqual([200, 200, 200, 200, 201]);
		const [id] = [...ids] as string[];
		expect(await bijlagen(id!)).toHaveLength(1);
		const [count] = await sql<{ n: number }[]>`
			select count(*)::int as n from intake_aanvraag where kenmerk = ${c.kenmerk}`;
		expect(count!.n).toBe(1);
		const [d] = await sql<{ n: number }[]>`
			select count(*)::int as n from dossier where achternaam = ${c.achternaam}`;
		expect(d!.n).toBe(1);
	});

	it('a draft starts voorlopig; sending it moves it to the initial status', async () => {
		const c = child();
		const draft = await received(
			{ kenmerk: c.kenmerk, verzenden: false },
			{ achternaam: c.achternaam }
		);
		expect((await hulpvraagRow(draft.hulpvraagId)).voorlopig).toBe(true);
		const sent = await received(
			{ kenmerk: c.kenmerk, verzenden: true },
			{ achternaam: c.achternaam }
		);
		const h = await hulpvraagRow(sent.hulpvraagId);
		expect(h.statusId).toBe(
			await initialStatus(sql, w.org.PO2806, w.titel('PO2806', 'Ambulante Begeleiding'))
		);
		const status = (await statusOf(sql, kompas, sent.hulpvraagId))!;
		expect(status.geschiedenis.map((g) => g.reden)).toEqual([
			'Verzonden vanuit het schoolsysteem',
			'Ontvangen uit het schoolsysteem'
		]);
	});
});

describe('refusals', () => {
	it('an envelope of another school than the code', async () => {
		const out = await send({ ...child(), vestiging: '01' });
		expect(out).toMatchObject({ ok: false, status: 403, code: 'andere_school' });
	});

	it('a dossier of another school than the envelope', async () => {
		const out = await send({ kenmerk: child().kenmerk }, { brin: '21XD' });
		expect(out).toMatchObject({
			ok: false,
			status: 422,
			code: 'dossier_andere_school',
			veld: 'dossier/huidigeschool/brincode'
		});
	});

	it('a child without roepnaam or voornaam, in Dutch with the element', async () => {
		const xml = kompasDossierXml()
			.replace(/<voornaam>[^<]*<\/voornaam>/g, '')
			.replace(/<roepnaam>[^<]*<\/roepnaam>/g, '');
		const out = await receive(
			sql,
			kompas,
			envelope({ kenmerk: child().kenmerk }),
			await osoDossier(xml),
			where
		);
		expect(out).toMatchObject({
			ok: false,
			status: 422,
			code: 'verplicht_ontbreekt',
			veld: 'dossier/huidigeschool/leerling/roepnaam'
		});
	});

	it('another samenwerkingsverband', async () => {
		const out = await send({ kenmerk: child().kenmerk, samenwerkingsverband: 'PO2507' });
		expect(out).toMatchObject({ ok: false, status: 422, code: 'ander_samenwerkingsverband' });
	});

	it('a contactpersoon without an account at the school, in Dutch with what to do', async () => {
		const out = await send({
			kenmerk: child().kenmerk,
			// Lotte is an IB'er of another school.
			contactpersoon: { ...envelope().contactpersoon, email: 'l.vandam@vuurtoren.example.nl' }
		});
		expect(out).toMatchObject({ ok: false, status: 422, code: 'contactpersoon_onbekend' });
		expect(!out.ok && out.fout).toMatch(/geen actief account/);
	});

	it('every intake is audited with school, kenmerk and result, without content', async () => {
		const c = child();
		await received({ kenmerk: c.kenmerk }, { achternaam: c.achternaam });
		await send({ kenmerk: c.kenmerk, samenwerkingsverband: 'PO2507' });
		const rows = await sql<{ details: Record<string, string> }[]>`
			select details from audit_log where action = 'intake.receive' and details->>'kenmerk' = ${c.kenmerk}
			order by occurred_at`;
		expect(rows.map((r) => r.details.result)).toEqual(['nieuw', 'ander_samenwerkingsverband']);
		for (const r of rows) {
			expect(r.details.school).toBe('21XC00');
			expect(JSON.stringify(r.details)).not.toMatch(/Sanne|Proef|Geheime/);
		}
	});
});

describe('documents', () => {
	it('a document refused by sniffing or unpacking is listed with the reason; the rest stands', async () => {
		const c = child();
		const html = await received(
			{ kenmerk: c.kenmerk },
			{ achternaam: c.achternaam, oppZip: zipBase64({ 'opp.pdf': fixture.html }) }
		);
		expect(html.status).toBe(201);
		expect(html.toegevoegd).toBe(0);
		expect(html.geweigerd).toEqual([
			{
				bestandsnaam: 'opp-sanne.pdf',
				omschrijving: 'Ontwikkelingsperspectiefplan',
				reden: expect.any(String)
			}
		]);
		const [row] = await sql<{ geweigerd: { reden: string }[] }[]>`
			select geweigerd from intake_aanvraag where hulpvraag_id = ${html.hulpvraagId}`;
		expect(row!.geweigerd).toHaveLength(1);

		const d = child();
		const bomb = await received(
			{ kenmerk: d.kenmerk },
			{ achternaam: d.achternaam, oppZip: bombZipBase64() }
		);
		expect(bomb.geweigerd[0]!.reden).toMatch(/10 MB/);
	});
});

describe('an unknown aanvraagtype', () => {
	it('lands in the review queue; SWV staff choose the title, which may be remembered', async () => {
		const c = child();
		const out = await received(
			{ kenmerk: c.kenmerk, aanvraagtype: 'Arrangement lezen (AL)' },
			{ achternaam: c.achternaam }
		);
		expect((await hulpvraagRow(out.hulpvraagId)).titel).toBe('Titel onbekend');
		expect(out.waarschuwingen.join(' ')).toMatch(/kent het samenwerkingsverband niet/);
		const queue = await reviewQueue(sql, nora);
		expect(queue.map((q) => q.hulpvraagId)).toContain(out.hulpvraagId);
		// The school does not choose: that would let it pick a title its region may not have.
		expect(await reviewQueue(sql, rachid)).toEqual([]);
		await expect(
			chooseTitle(sql, rachid, {
				hulpvraagId: out.hulpvraagId,
				titelId: w.titel('PO2806', 'Ambulante Begeleiding'),
				rememberAlias: true
			})
		).rejects.toBeInstanceOf(NotAllowed);

		await chooseTitle(sql, nora, {
			hulpvraagId: out.hulpvraagId,
			titelId: w.titel('PO2806', 'Ambulante Begeleiding'),
			rememberAlias: true
		});
		const h = await hulpvraagRow(out.hulpvraagId);
		expect(h.titel).toBe('Ambulante Begeleiding');
		expect(h.statusId).toBe(
			await initialStatus(sql, w.org.PO2806, w.titel('PO2806', 'Ambulante Begeleiding'))
		);
		expect((await reviewQueue(sql, nora)).map((q) => q.hulpvraagId)).not.toContain(out.hulpvraagId);

		// The alias: the same type now maps at once.
		const next = child();
		const later = await received(
			{ kenmerk: next.kenmerk, aanvraagtype: 'arrangement lezen AL' },
			{ achternaam: next.achternaam }
		);
		expect((await hulpvraagRow(later.hulpvraagId)).titel).toBe('Ambulante Begeleiding');
		expect(later.waarschuwingen).toEqual([]);
	});
});

describe('a secret address', () => {
	it('is seen by SWV staff and beheerders, not by the school or a parent', async () => {
		const c = child();
		const out = await received({ kenmerk: c.kenmerk }, { achternaam: c.achternaam });
		const d = (await dossiers.get(
			sql,
			w.org.PO2806,
			(await hulpvraagRow(out.hulpvraagId)).dossierId
		))!;
		const parent = {
			...rachid,
			roles: ['ouder' as const],
			schoolIds: [],
			email: 'eva@voorbeeld.invalid'
		};
		for (const viewer of [rachid, parent]) {
			const seen = dossiers.forViewer(viewer, d);
			expect(seen.woonadres).toBeNull();
			expect(seen.adresVerborgen).toBe(true);
		}
		for (const viewer of [nora, femke]) {
			const seen = dossiers.forViewer(viewer, d);
			expect(seen.woonadres).toMatchObject({ straat: 'Geheime Laan' });
			expect(seen.adresVerborgen).toBe(false);
		}
	});

	it('is kept when the school saves the basisgegevens it cannot see', async () => {
		const c = child();
		const out = await received({ kenmerk: c.kenmerk }, { achternaam: c.achternaam });
		const id = (await hulpvraagRow(out.hulpvraagId)).dossierId;
		const d = (await dossiers.get(sql, w.org.PO2806, id))!;
		const seen = dossiers.forViewer(rachid, d);
		await dossiers.updateBasis(sql, rachid, id, d.version, seen, d.parentEmails);
		const after = (await dossiers.get(sql, w.org.PO2806, id))!;
		expect(after.woonadres).toMatchObject({ straat: 'Geheime Laan' });
	});
});

describe('the status for the school system', () => {
	it('is given to the school that sent it, not to another', async () => {
		const c = child();
		const out = await received({ kenmerk: c.kenmerk }, { achternaam: c.achternaam });
		const status = (await statusOf(sql, kompas, out.hulpvraagId))!;
		expect(status).toMatchObject({
			hulpvraag: out.hulpvraagId,
			kenmerk: c.kenmerk,
			titel: 'Ambulante Begeleiding'
		});
		expect(status.geschiedenis).toHaveLength(1);
		expect(
			await statusOf(sql, { ...kompas, schoolId: w.school('21XD00') }, out.hulpvraagId)
		).toBeUndefined();
	});
});

describe('the other fixtures: a VO school, and a PO dossier with categories left out', () => {
	it('a full VO dossier: every document a bijlage, a verzorger’s secret address kept from the school', async () => {
		// A VO school of the organisation with its own koppeling; the IB'er works there too.
		const [vo] = await sql<{ id: string }[]>`
			insert into school (organisation_id, brin_vestiging, name, region, city)
			values (${w.org.PO2806}, '97ZZ02', 'Scholengemeenschap Het Verzonnen Veld', 'Noord', 'Nergenshuizen')
			returning id`;
		await sql`insert into account_school (account_id, school_id) values (${rachid.accountId}, ${vo!.id})`;
		const code = '97ZZ02-vo-koppeling-test';
		await enter(sql, femke, { schoolId: vo!.id, code, label: 'VO' });
		const auth = await authenticate(sql, code);
		if (!auth.ok) throw new Error('no VO koppeling');
		const out = await receive(
			sql,
			auth.caller,
			envelope({ brin: '97ZZ', vestiging: '02', kenmerk: 'VO-1' }),
			await osoDossier(
				osoFixture(
					'vo-volledig.xml',
					Object.fromEntries(
						['OPP', 'TLV', 'PAO', 'TOELICHTING'].map((k) => [
							`${k}_ZIP`,
							zipBase64({ [`${k.toLowerCase()}.pdf`]: fixture.minimalPdf(k) })
						])
					)
				)
			),
			where
		);
		if (!out.ok) throw new Error(`refused: ${out.code} ${out.fout}`);
		expect(out.status).toBe(201);
		expect(out.toegevoegd).toBe(4);
		const h = await hulpvraagRow(out.hulpvraagId);
		const d = (await dossiers.get(sql, w.org.PO2806, h.dossierId))!;
		expect(d).toMatchObject({ roepnaam: 'Joris', achternaam: 'Verzinsel', adresGeheim: false });
		expect(d.parentEmails).not.toContain('geheim@geheim.geheim');
		const fenna = d.verzorgers.find((v) => v.naam.includes('Bedenker'))!;
		expect(fenna).toMatchObject({ adresGeheim: true, telefoon: '0600000009' });
		expect(
			dossiers.forViewer(rachid, d).verzorgers.find((v) => v.naam === fenna.naam)?.adres
		).toBeNull();
		expect(
			dossiers.forViewer(nora, d).verzorgers.find((v) => v.naam === fenna.naam)?.adres
		).toMatchObject({
			straat: 'Verborgen Hof'
		});
	});

	it('a PO dossier whose parents left categories out still makes its hulpvraag', async () => {
		const xml = osoFixture('po-opt-out.xml').replace(
			'<brincode>95WW</brincode>',
			'<brincode>21XC</brincode>'
		);
		const out = await receive(
			sql,
			kompas,
			envelope({ kenmerk: 'OPT-OUT-1' }),
			await osoDossier(xml),
			where
		);
		if (!out.ok) throw new Error(`refused: ${out.code} ${out.fout}`);
		expect(out).toMatchObject({ status: 201, toegevoegd: 0, geweigerd: [] });
		const d = (await dossiers.get(
			sql,
			w.org.PO2806,
			(await hulpvraagRow(out.hulpvraagId)).dossierId
		))!;
		expect(d).toMatchObject({ achternaam: 'Fictief', geboortedatum: '2018-11-30', verzorgers: [] });
		expect(d.osoOndersteuning).toMatchObject({ opp: null, tlvs: [] });
	});
});
