/**
 * Seeds the demo dossiers (dossiers.ts): each history is checked step by step against the
 * process in the database and refused when it breaks it.
 */
import { Readable } from 'node:stream';
import type { Role } from '../../roles';
import type { TransactionSql } from '../db';
import * as files from '../files';
import type { FileStore } from '../files/store';
import {
	after,
	amsterdam,
	generator,
	isoOf,
	schedule,
	toDay,
	workday,
	type Moment
} from './calendar';
import { demoDocument } from './documents';
import {
	actorFor,
	bijlageAuthor,
	loadProcess,
	schoolRoles,
	via,
	type AccountRow,
	type Process,
	type StatusRow
} from './dossier-process';
import { demoToday, jk, schoolContacts, teachers, type DemoDossier } from './dossier-model';
import { dossiers } from './dossiers';
import { renderPdf } from './pdf';

function groepFor(geboortedatum: string): string {
	const [y, m, d] = geboortedatum.split('-').map(Number);
	// Age on 1 October 2026: four-year-olds are in groep 1.
	const age = 2026 - y! - (m! > 10 || (m === 10 && d! > 1) ? 1 : 0);
	return String(Math.min(8, Math.max(1, age - 3)));
}

function fullName(d: DemoDossier): string {
	return [d.roepnaam, d.tussenvoegsel, d.achternaam].filter(Boolean).join(' ');
}

function fail(d: DemoDossier, message: string): never {
	throw new Error(`Demo dossier ${fullName(d)}: ${message}`);
}

async function seedDossier(
	tx: TransactionSql,
	p: Process,
	d: DemoDossier,
	index: number,
	store: FileStore | undefined
): Promise<void> {
	const school = d.school ? p.school(d.school) : undefined;
	const contact = d.school ? schoolContacts[d.school] : undefined;
	const groep = d.groep ?? (d.school ? groepFor(d.geboortedatum) : '');

	// Plan every hulpvraag first: its moments and who acted, checked against the process.
	const plans = d.hulpvragen.map((h, hi) => {
		const titel = p.titel(h.titel);
		const brin = h.school ?? d.school;
		const earlier = h.school ? d.earlierSchools?.find((e) => e.school === h.school) : undefined;
		if (h.school && !earlier) fail(d, `${h.school} asks, but the child was never there`);
		if (earlier && (h.start < (earlier.start ?? '') || h.start > (earlier.end ?? demoToday)))
			fail(d, `"${h.titel}" was asked by ${h.school} outside the child's period there`);
		const asking = brin ? p.school(brin) : undefined;
		if (asking && titel.onlyRegions.length > 0 && !titel.onlyRegions.includes(asking.region))
			fail(d, `titel "${h.titel}" is only for ${titel.onlyRegions.join(', ')}`);
		if (asking && titel.excludedRegions.includes(asking.region))
			fail(d, `titel "${h.titel}" is not for ${asking.region}`);
		if (!asking && h.titel !== jk) fail(d, 'only a Jonge Kind hulpvraag goes without a school');
		const random = generator(`${d.organisation}:${index}:${hi}`);
		const steps = h.steps.map((s) =>
			typeof s === 'string' ? { status: s } : Array.isArray(s) ? { status: s[0], reason: s[1] } : s
		);
		const moments = schedule(
			h.start,
			steps.map((s) => ('gap' in s ? s.gap : undefined)),
			random
		);
		const initial = p.initialStatus(titel.id);
		const creator = actorFor(p, initial, h.titel, brin);
		const changes = [
			{
				from: null as StatusRow | null,
				to: initial,
				by: creator,
				reason: creator ? '' : via,
				automatic: creator === null,
				at: moments[0]!
			}
		];
		let coordinator = h.coordinator ? p.account(h.coordinator).id : null;
		const omschrijving = h.omschrijving;
		for (const [i, s] of steps.entries()) {
			const from = changes[changes.length - 1]!.to;
			const to = p.status(s.status);
			if (!p.transitions.has(`${from.id}>${to.id}`))
				fail(d, `"${from.name}" → "${to.name}" is not a transition of the process`);
			const reason = s.reason ?? '';
			if (to.reasonRequired && reason === '') fail(d, `"${to.name}" needs a reason`);
			let by: AccountRow | null;
			let automatic = false;
			if ('automatic' in s && s.automatic) {
				if (p.statusAfterAttachment.get(from.id) !== to.id)
					fail(d, `no automation sets "${to.name}" after an attachment`);
				if (!h.bijlagen?.some((b) => b.at === i && b.justBefore))
					fail(d, `"${to.name}" follows a bijlage, but none is added just before it`);
				by = p.withRole('voorschool');
				automatic = true;
			} else {
				by = 'by' in s && s.by ? p.account(s.by) : actorFor(p, to, h.titel, brin);
			}
			if (by && !by.roles.some((r) => to.settableBy.includes(r)))
				fail(d, `${by.username} may not set "${to.name}"`);
			if (!by && !to.settableBy.some((r) => schoolRoles.includes(r as Role)))
				fail(d, `nobody to set "${to.name}"`);
			changes.push({
				from,
				to,
				by,
				reason: by ? reason : reason || via,
				automatic: automatic || by === null,
				at: moments[i + 1]!
			});
			const automaticCoordinator = p.coordinatorFromStatus.get(to.id);
			if (automaticCoordinator) {
				if (coordinator && coordinator !== automaticCoordinator)
					fail(d, `the coordinator differs from the one "${to.name}" assigns`);
				coordinator = automaticCoordinator;
			}
		}
		const current = changes[changes.length - 1]!.to;
		const groepThere = earlier ? (earlier.groep ?? '') : groep;
		return { h, titel, brin, asking, groepThere, changes, coordinator, omschrijving, current };
	});

	const firstPlan = plans.reduce((a, b) => (after(a.changes[0]!.at, b.changes[0]!.at) ? b : a));
	const createdBy = firstPlan.changes[0]!.by;
	const firstMoment = firstPlan.changes[0]!.at;
	const createdAt = amsterdam(firstMoment.day, Math.max(0, firstMoment.minute - 10));

	const [dossier] = await tx<{ id: string }[]>`
		insert into dossier (organisation_id, roepnaam, tussenvoegsel, achternaam, geboortedatum, geslacht,
			woonadres, postadres, adres_opmerking, created_by, created_at, updated_at)
		values (${p.organisationId}, ${d.roepnaam}, ${d.tussenvoegsel ?? ''}, ${d.achternaam}, ${d.geboortedatum},
			${d.geslacht}, ${tx.json({ ...d.woonadres })},
			${d.postadres ? tx.json({ ...d.postadres }) : null}, ${d.adresOpmerking ?? ''},
			${createdBy?.id ?? null}, ${createdAt}, ${createdAt})
		returning id`;
	const dossierId = dossier!.id;

	for (const email of d.parents ?? []) {
		await tx`
			insert into dossier_parent_email (dossier_id, email, added_by, added_at)
			values (${dossierId}, ${email}, ${createdBy?.id ?? null}, ${createdAt})`;
	}

	for (const [i, period] of (d.earlierSchools ?? []).entries()) {
		const c = schoolContacts[period.school]!;
		await tx`
			insert into school_period (dossier_id, school_id, groep, aanvrager, contactpersoon, email, phone,
				start_date, end_date)
			values (${dossierId}, ${p.school(period.school).id}, ${period.groep ?? ''}, ${c.aanvrager},
				${teachers[(index + i + 3) % teachers.length]!}, ${c.email}, ${c.phone}, ${period.start},
				${period.end ?? null})`;
	}
	if (school && contact) {
		const [y, m, dd] = d.geboortedatum.split('-').map(Number);
		const fourth = isoOf(
			workday(toDay(`${y! + 4}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`) + 1)
		);
		const start = d.schoolStart === undefined ? fourth : d.schoolStart;
		const isJk = d.hulpvragen.every((h) => h.titel === jk);
		await tx`
			insert into school_period (dossier_id, school_id, groep, aanvrager, contactpersoon, email, phone, start_date)
			values (${dossierId}, ${school.id}, ${groep},
				${isJk ? `${p.withRole('jk_specialist').displayName} (Jonge Kind-specialist)` : contact.aanvrager},
				${isJk ? contact.aanvrager : teachers[index % teachers.length]!}, ${contact.email}, ${contact.phone},
				${start})`;
	}

	for (const [hi, plan] of plans.entries()) {
		const { h, changes, brin, asking } = plan;
		const isJk = h.titel === jk;
		const aanvrager = !isJk && brin ? (p.staffOf(brin) ?? null) : null;
		const first = changes[0]!;
		const last = changes[changes.length - 1]!;
		const [row] = await tx<{ id: string }[]>`
			insert into hulpvraag (organisation_id, dossier_id, school_id, titel_id, status_id, datum, omschrijving,
				coordinator_id, aanvrager_id, labels, version, created_at, updated_at)
			values (${p.organisationId}, ${dossierId}, ${asking?.id ?? null}, ${plan.titel.id}, ${plan.current.id},
				${isoOf(first.at.day)}, ${plan.omschrijving},
				${plan.coordinator ?? (isJk ? p.withRole('jk_specialist').id : null)}, ${aanvrager?.id ?? null},
				${tx.array(h.labels ?? [])}, ${changes.length}, ${amsterdam(first.at.day, first.at.minute)},
				${amsterdam(last.at.day, last.at.minute)})
			returning id`;
		const hulpvraagId = row!.id;
		for (const c of changes) {
			await tx`
				insert into status_change (organisation_id, hulpvraag_id, from_status_id, to_status_id, changed_by,
					changed_at, reason, automatic)
				values (${p.organisationId}, ${hulpvraagId}, ${c.from?.id ?? null}, ${c.to.id}, ${c.by?.id ?? null},
					${amsterdam(c.at.day, c.at.minute)}, ${c.reason}, ${c.automatic})`;
		}
		if (isJk) {
			await tx`
				insert into hulpvraag_link (hulpvraag_id, account_id, role, added_at)
				values (${hulpvraagId}, ${p.withRole('voorschool').id}, 'voorschool',
					${amsterdam(first.at.day, first.at.minute + 5)})`;
		}

		const bijlagen = h.bijlagen ?? [];
		const random = generator(`${d.organisation}:${index}:${hi}:bijlagen`);
		for (const [bi, b] of bijlagen.entries()) {
			const during = changes[b.at];
			if (!during) fail(d, `a bijlage at step ${b.at} of "${h.titel}"`);
			const next = changes[b.at + 1];
			if (b.justBefore && !next) fail(d, 'a bijlage just before a step that does not come');
			let at: Moment;
			if (next && b.justBefore) {
				at = { day: next.at.day, minute: next.at.minute - 2 * (bijlagen.length - bi) };
			} else if (next) {
				const middle = workday(during.at.day + Math.floor((next.at.day - during.at.day) / 2));
				const day = middle > next.at.day ? during.at.day : middle;
				const minute =
					day === during.at.day ? during.at.minute + 7 + bi : 540 + Math.floor(random() * 420);
				at = { day, minute };
				if (!after(next.at, at)) at = { day: next.at.day, minute: next.at.minute - 5 - bi };
			} else {
				const day = Math.min(toDay(demoToday), workday(during.at.day + 1));
				at = {
					day,
					minute:
						day === during.at.day ? during.at.minute + 40 + bi : 540 + Math.floor(random() * 420)
				};
			}
			if (!after(at, during.at)) fail(d, `a bijlage of "${h.titel}" would predate its status`);
			const status = during.to;
			if (status.closesAttachments) fail(d, `a bijlage while "${status.name}" closes attachments`);
			const author = b.by ? p.account(b.by) : bijlageAuthor(p, b.kind, brin);
			const swvOnly = !author.roles.some((r) => [...schoolRoles, 'beheerder'].includes(r));
			if (status.voorlopig && swvOnly)
				fail(d, `${author.username} cannot see a voorlopige hulpvraag`);
			const addedAt = amsterdam(at.day, at.minute);
			const date = isoOf(at.day);
			const document = demoDocument(b.kind, {
				roepnaam: d.roepnaam,
				fullName: fullName(d),
				geboortedatum: d.geboortedatum,
				geslacht: d.geslacht,
				achternaam: [d.tussenvoegsel, d.achternaam].filter(Boolean).join(' '),
				schoolName: asking?.name ?? '',
				groep: plan.groepThere,
				focus: d.focus,
				authorName: author.displayName,
				authorFunction: author.functionTitle || author.roles.join(', '),
				date,
				dateTime: addedAt
			});
			const bytes = await renderPdf(document.spec);
			const accepted = await files.accept(Readable.from([bytes]), document.fileName, { store });
			const inserted = await files.insert(tx, accepted, {
				organisationId: p.organisationId,
				hulpvraagId,
				addedBy: author.id,
				parentVisible: b.parentVisible ?? false
			});
			await tx`update bijlage set added_at = ${addedAt} where id = ${inserted.id}`;
		}
	}

	for (const note of d.notes ?? []) {
		const [day, time] = note.at.split(' ');
		const [hh, mm] = time!.split(':').map(Number);
		const at = amsterdam(toDay(day!), hh! * 60 + mm!);
		await tx`
			insert into dossier_note (dossier_id, author_id, body, created_at, updated_at)
			values (${dossierId}, ${p.account('lotte.vandam').id}, ${note.body}, ${at}, ${at})`;
	}
}

/**
 * Adds the demo dossiers of each organisation that has none yet (so seeding again, or
 * after a user made dossiers of their own, changes nothing). Bijlagen go into `store`
 * (default: the one in FILES_DIR).
 */
export async function seedDossiers(
	tx: TransactionSql,
	organisationIds: Map<string, string>,
	options: { store?: FileStore } = {}
): Promise<void> {
	for (const [code, organisationId] of organisationIds) {
		const list = dossiers.filter((d) => d.organisation === code);
		if (list.length === 0) continue;
		const [existing] = await tx<{ n: number }[]>`
			select count(*)::int as n from dossier where organisation_id = ${organisationId}`;
		if ((existing?.n ?? 0) > 0) continue;
		const process = await loadProcess(tx, organisationId, code);
		for (const [index, d] of list.entries())
			await seedDossier(tx, process, d, index, options.store);
	}
}
