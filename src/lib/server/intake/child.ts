/**
 * The child of an OSO dossier as Kindkring keeps it: basisgegevens for a new dossier, the
 * dossier of the organisation it already is, and what a school system's send updates — the
 * parents (verzorgers, replaced by those sent; their e-mail addresses give them access as
 * parents, except secret ones, which OSO never sends), a secret address (marked, never
 * cleared by a send), missing addresses, and the OPP/TLV data. Basisgegevens the SWV may
 * have corrected are not overwritten.
 */
import type { Actor } from '../access/actor';
import type { TransactionSql } from '../db';
import type { Adres, Basisgegevens, Geslacht } from '../dossiers/dossier';
import { isEmail } from '../input';
import { amsterdamDate } from '../overlegronde/dates';
import type { OsoAdres, OsoPersoon } from './oso';
import type { OsoStreamDossier } from './oso-stream';

const geslachtOf = (g: OsoPersoon['geslacht']): Geslacht =>
	g === 'vrouw' ? 'v' : g === 'man' ? 'm' : 'onbekend';

function adresOf(a: OsoAdres): Adres {
	return {
		straat: a.straat ?? '',
		huisnummer: [a.huisnummer, a.toevoeging].filter(Boolean).join(' '),
		postcode: a.postcode ?? '',
		plaats: a.plaats ?? ''
	};
}

/** The child's addresses: a postal address apart, the first other one as the home address. */
function addressesOf(p: OsoPersoon): { woonadres: Adres | null; postadres: Adres | null } {
	const post = p.adressen.find((a) => /post/i.test(a.soort ?? ''));
	const home = p.adressen.find((a) => a !== post);
	return { woonadres: home ? adresOf(home) : null, postadres: post ? adresOf(post) : null };
}

const fullName = (p: OsoPersoon) =>
	[p.roepnaam ?? p.voornamen[0] ?? '', p.tussenvoegsel ?? '', p.achternaam]
		.filter(Boolean)
		.join(' ');

/** E-mail addresses the sender did not mark secret (a secret one carries no value). */
const emailsOf = (p: OsoPersoon) =>
	p.communicatie
		.filter((c) => /mail/i.test(c.soort ?? '') && !c.geheim && c.waarde)
		.map((c) => c.waarde!.trim().toLowerCase())
		.filter((e) => isEmail(e));

const phoneOf = (p: OsoPersoon) =>
	p.communicatie.find((c) => /telefoon|mobiel/i.test(c.soort ?? '') && !c.geheim && c.waarde)
		?.waarde ?? '';

/** Basisgegevens of a new dossier for the child (its birth date checked by the caller). */
export function basisOf(leerling: OsoPersoon): Basisgegevens {
	return {
		roepnaam: (leerling.roepnaam ?? leerling.voornamen[0] ?? '').slice(0, 100),
		tussenvoegsel: leerling.tussenvoegsel ?? '',
		achternaam: leerling.achternaam.slice(0, 150),
		geboortedatum: leerling.geboortedatum!,
		geslacht: geslachtOf(leerling.geslacht),
		...addressesOf(leerling),
		adresOpmerking: ''
	};
}

/** The dossier of the organisation with the same roepnaam, tussenvoegsel, achternaam and birth date. */
export async function findDossier(
	tx: TransactionSql,
	organisationId: string,
	leerling: OsoPersoon
) {
	const roepnaam = (leerling.roepnaam ?? leerling.voornamen[0] ?? '').trim().toLowerCase();
	const [row] = await tx<{ id: string }[]>`
		select id from dossier
		where organisation_id = ${organisationId} and anonymised_at is null
			and geboortedatum = ${leerling.geboortedatum} and lower(roepnaam) = ${roepnaam}
			and lower(achternaam) = ${leerling.achternaam.trim().toLowerCase()}
			and lower(tussenvoegsel) = ${(leerling.tussenvoegsel ?? '').trim().toLowerCase()}
		order by created_at limit 1`;
	return row?.id;
}

/** The parents and the OPP/TLV data as the school system last sent them. */
export async function updateChild(
	tx: TransactionSql,
	actor: Actor,
	dossierId: string,
	dossier: OsoStreamDossier
): Promise<void> {
	const { woonadres, postadres } = addressesOf(dossier.leerling);
	await tx`
		update dossier set
			adres_geheim = adres_geheim or ${dossier.leerling.adresgeheim},
			woonadres = coalesce(woonadres, ${woonadres ? tx.json({ ...woonadres }) : null}),
			postadres = coalesce(postadres, ${postadres ? tx.json({ ...postadres }) : null}),
			oso_ondersteuning = ${tx.json({
				...dossier.onderwijsondersteuning,
				ontvangenOp: amsterdamDate(new Date())
			})},
			updated_at = now(), version = version + 1
		where id = ${dossierId} and organisation_id = ${actor.organisationId}`;
	await tx`delete from dossier_verzorger where dossier_id = ${dossierId}`;
	let position = 0;
	for (const v of dossier.verzorgers) {
		const adres = v.adressen[0];
		await tx`
			insert into dossier_verzorger (dossier_id, naam, relatie, wettig_vertegenwoordiger, telefoon, adres, adres_geheim, position)
			values (${dossierId}, ${fullName(v).slice(0, 200) || 'Onbekend'}, ${v.relatie ?? ''},
				${v.wettigVertegenwoordiger}, ${phoneOf(v).slice(0, 40)},
				${adres ? tx.json({ ...adresOf(adres) }) : null}, ${v.adresgeheim}, ${position++})`;
		for (const email of emailsOf(v)) {
			await tx`insert into dossier_parent_email (dossier_id, email, added_by)
				values (${dossierId}, ${email}, ${actor.accountId}) on conflict do nothing`;
		}
	}
}
