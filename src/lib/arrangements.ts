/**
 * What the aanpak and the TLV of a hulpvraag are called, for staff and for parents: the
 * labels of their choices, amounts in euros, the school year, and the TLV in plain words.
 */
import { formatDate } from './format';

/** The kinds of aanpak an SWV records. */
export const aanpakTypes = [
	'Ambulante begeleiding',
	'Ondersteuningsbudget',
	'Arrangement',
	'Onderzoek',
	'Plaatsing',
	'Anders'
] as const;

export const tlvCategories = ['laag', 'midden', 'hoog'] as const;
export type TlvCategory = (typeof tlvCategories)[number];

export const categoryLabels: Record<TlvCategory, string> = {
	laag: 'Categorie 1 (laag)',
	midden: 'Categorie 2 (midden)',
	hoog: 'Categorie 3 (hoog)'
};

export const soTypes = ['sbo', 'so'] as const;
export type SoType = (typeof soTypes)[number];

export const soTypeLabels: Record<SoType, string> = {
	sbo: 'Speciaal basisonderwijs (SBO)',
	so: 'Speciaal onderwijs (SO)'
};

const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });

/** 125000 → "€ 1.250,00". */
export function formatEuro(cents: number | null, none = '—'): string {
	return cents === null ? none : euro.format(cents / 100);
}

/** Cents as the budget field shows them again: 125050 → "1250,50", 125000 → "1250". */
export function euroInput(cents: number | null): string {
	if (cents === null) return '';
	const whole = Math.floor(cents / 100);
	const rest = cents % 100;
	return rest === 0 ? String(whole) : `${whole},${String(rest).padStart(2, '0')}`;
}

/**
 * An amount in euros as typed ("1250", "1250,50", "1.250,50", "€ 1250") in cents; null for
 * nothing typed, NaN for something that is no amount.
 */
export function parseEuro(typed: string): number | null {
	let s = typed.replace(/€|\s/g, '');
	if (s === '') return null;
	if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) s = s.replace(/\./g, '');
	s = s.replace(',', '.');
	if (!/^\d{1,7}(\.\d{1,2})?$/.test(s)) return Number.NaN;
	const [whole, fraction = ''] = s.split('.');
	return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** The last day of the school year that `today` ("YYYY-MM-DD") is in: 31 July. */
export function schoolYearEnd(today: string): string {
	const year = Number(today.slice(0, 4));
	const month = Number(today.slice(5, 7));
	return `${month >= 8 ? year + 1 : year}-07-31`;
}

/** The TLV as a parent reads it, without codes or categories. */
export function tlvInPlainWords(tlv: {
	soType: SoType;
	ingangsdatum: string;
	einddatum: string;
}): string {
	const school =
		tlv.soType === 'so' ? 'het speciaal onderwijs (SO)' : 'het speciaal basisonderwijs (SBO)';
	return `Uw kind mag naar ${school} van ${formatDate(tlv.ingangsdatum)} tot en met ${formatDate(tlv.einddatum)}. Dit heet een toelaatbaarheidsverklaring (TLV).`;
}
