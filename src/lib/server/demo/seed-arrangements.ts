/**
 * The demo's aanpakken and TLVs: on demo hulpvragen whose history reached the decision, by
 * the SWV staff who took it. Idempotent: a hulpvraag that has an aanpak (or a TLV) already
 * gets none, and a demo dossier that is not there (a user's own database) is skipped.
 */
import type { TransactionSql } from '../db';

interface Where {
	organisation: string;
	roepnaam: string;
	achternaam: string;
	titel: string;
	by: string;
}

interface DemoAanpak extends Where {
	type: string;
	behandelaar: string;
	start: string;
	end?: string;
	evaluation?: string;
	budgetCents?: number;
	toelichting?: string;
}

interface DemoTlv extends Where {
	swvNumber: string;
	category: 'laag' | 'midden' | 'hoog';
	soType: 'sbo' | 'so';
	ingangsdatum: string;
	einddatum: string;
	beschikkingsnummer: string;
}

const aanpakken: DemoAanpak[] = [
	{
		organisation: 'PO2806',
		roepnaam: 'Jasmijn',
		achternaam: 'Verstraten',
		titel: 'Ambulante Begeleiding',
		by: 'nora.yilmaz',
		type: 'Ambulante begeleiding',
		behandelaar: 'Ambulante dienst PPO Rotterdam',
		start: '2024-01-08',
		evaluation: '2027-01-18',
		toelichting: 'Begeleiding op werkhouding, een ochtend per twee weken, ook voor de leerkracht.'
	},
	{
		organisation: 'PO2806',
		roepnaam: 'Jesse',
		achternaam: 'Verhoeven-Kuijpers',
		titel: 'Ondersteuningsbudget',
		by: 'pieter.verbeek',
		type: 'Ondersteuningsbudget',
		behandelaar: 'OBS De Vuurtoren (onderwijsassistent)',
		start: '2026-08-31',
		end: '2027-07-16',
		evaluation: '2027-07-01',
		budgetCents: 1_180_000,
		toelichting: 'Onderwijsassistent 4 uur per week in de schrijflessen, en een laptop.'
	},
	{
		organisation: 'PO2507',
		roepnaam: 'Eva',
		achternaam: 'Leeuwen',
		titel: 'Ambulante Begeleiding',
		by: 'bram.kok',
		type: 'Ambulante begeleiding',
		behandelaar: 'Ambulante begeleiding Stromenland',
		start: '2026-09-07',
		end: '2027-02-05',
		evaluation: '2027-01-25',
		toelichting: 'Tien begeleidingsmomenten in de klas, verdeeld over het eerste half jaar.'
	}
];

const tlvs: DemoTlv[] = [
	{
		organisation: 'PO2806',
		roepnaam: 'Mohammed',
		achternaam: 'El Amrani',
		titel: 'TLV-aanvraag (IJsselmonde)',
		by: 'anouk.smit',
		swvNumber: 'TLV-2026-0142',
		category: 'laag',
		soType: 'sbo',
		ingangsdatum: '2026-08-01',
		einddatum: '2028-07-31',
		beschikkingsnummer: 'PPO-B-2026-0142'
	}
];

interface Found {
	organisationId: string;
	hulpvraagId: string;
	dossierId: string;
	accountId: string;
	updatedAt: Date;
}

async function find(tx: TransactionSql, w: Where): Promise<Found | undefined> {
	const [row] = await tx<Found[]>`
		select o.id as organisation_id, h.id as hulpvraag_id, h.dossier_id, a.id as account_id,
			h.updated_at
		from organisation o
		join dossier d on d.organisation_id = o.id and d.roepnaam = ${w.roepnaam}
			and d.achternaam = ${w.achternaam}
		join hulpvraag h on h.dossier_id = d.id and h.organisation_id = o.id
		join hulpvraag_titel t on t.id = h.titel_id and t.name = ${w.titel}
		join account a on a.organisation_id = o.id and a.username = ${w.by}
		where o.code = ${w.organisation}
		order by h.created_at limit 1`;
	return row;
}

export async function seedArrangements(tx: TransactionSql): Promise<void> {
	for (const a of aanpakken) {
		const f = await find(tx, a);
		if (!f) continue;
		await tx`
			insert into aanpak (organisation_id, hulpvraag_id, type, behandelaar, start_date, end_date,
				evaluation_date, budget_cents, toelichting, created_by, created_at, updated_at)
			select ${f.organisationId}, ${f.hulpvraagId}, ${a.type}, ${a.behandelaar}, ${a.start},
				${a.end ?? null}, ${a.evaluation ?? null}, ${a.budgetCents ?? null}, ${a.toelichting ?? ''},
				${f.accountId}, ${f.updatedAt}, ${f.updatedAt}
			where not exists (select 1 from aanpak where hulpvraag_id = ${f.hulpvraagId})`;
	}
	for (const t of tlvs) {
		const f = await find(tx, t);
		if (!f) continue;
		// The TLV document: the last bijlage added before the TLV was given.
		await tx`
			insert into tlv (organisation_id, hulpvraag_id, dossier_id, swv_number, category, so_type,
				ingangsdatum, einddatum, beschikkingsnummer, bijlage_id, created_by, created_at)
			select ${f.organisationId}, ${f.hulpvraagId}, ${f.dossierId}, ${t.swvNumber}, ${t.category},
				${t.soType}, ${t.ingangsdatum}, ${t.einddatum}, ${t.beschikkingsnummer},
				(select b.id from bijlage b where b.hulpvraag_id = ${f.hulpvraagId} and b.removed_at is null
					order by b.added_at desc limit 1),
				${f.accountId}, ${f.updatedAt}
			where not exists (select 1 from tlv where hulpvraag_id = ${f.hulpvraagId})`;
	}
}
