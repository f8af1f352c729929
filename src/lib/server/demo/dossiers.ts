/**
 * Demo dossiers: about twenty fictional children per demo organisation,
 * with hulpvragen spread over every status of the process, a status history that follows
 * the process, a few small real PDF bijlagen and some notes, so every screen has something
 * real to show.
 *
 * The histories are written as paths of statuses; seeding checks each step against the
 * process in the database (process_transition, settable_by, reason_required, voorlopig,
 * closes_attachments, region rules, automations) and refuses demo data that breaks it.
 *
 * Deterministic: fixed dates up to `demoToday`, times from a seeded generator, PDFs with
 * fixed dates; the same run gives the same names, dates and blob hashes every time.
 * Names, addresses, e-mail addresses (example.* domains) and phone numbers are invented.
 */
import type { DemoDossier } from './dossier-model';
import { rotterdamAkkerKompasRegenboog } from './dossiers-rotterdam-akker-kompas-regenboog';
import { rotterdamLinde } from './dossiers-rotterdam-linde';
import { rotterdamVuurtoren } from './dossiers-rotterdam-vuurtoren';
import { stromenlandJongeKind } from './dossiers-jonge-kind';
import { stromenlandScholen } from './dossiers-stromenland';

export { demoToday, type Adres, type DemoDossier } from './dossier-model';

/** In this order: seeding numbers each organisation's dossiers by their place in this list. */
export const dossiers: DemoDossier[] = [
	...rotterdamVuurtoren,
	...rotterdamAkkerKompasRegenboog,
	...rotterdamLinde,
	...stromenlandScholen,
	...stromenlandJongeKind
];
