/**
 * The dossier forms as the user filled them in: basisgegevens, parents' e-mail addresses
 * and a school period, trimmed and within their limits, with a Dutch message per field.
 */
import { isCalendarDate } from '../../calendar-date';
import { looksLikeMobile, mobileWarning } from '../../phone';
import { textFields } from '../input';
import type { Adres, Basisgegevens, SchoolPeriodInput } from './dossier';
import { isEmail } from '../input';

export const geslachten = { m: 'Jongen', v: 'Meisje', x: 'Anders', onbekend: 'Onbekend' } as const;
export type Geslacht = keyof typeof geslachten;

export type Errors = Record<string, string>;

/** Input that cannot be stored, with a Dutch message per field. */
export class Invalid extends Error {
	constructor(readonly errors: Errors) {
		super('Invalid input');
	}
}

type Text = ReturnType<typeof textFields>;

function adresFrom(text: Text, prefix: string): Adres | null {
	const adres = {
		straat: text(`${prefix}_straat`, 150, prefix),
		huisnummer: text(`${prefix}_huisnummer`, 20, prefix),
		postcode: text(`${prefix}_postcode`, 10, prefix).toUpperCase(),
		plaats: text(`${prefix}_plaats`, 100, prefix)
	};
	return Object.values(adres).some(Boolean) ? adres : null;
}

/** Basisgegevens from a form, with Dutch errors per field. */
export function parseBasis(
	form: FormData,
	today = new Date()
): { values: Basisgegevens; errors: Errors } {
	const errors: Errors = {};
	const text = textFields(form, errors);
	const geslacht = text('geslacht');
	const values: Basisgegevens = {
		roepnaam: text('roepnaam', 100),
		tussenvoegsel: text('tussenvoegsel', 30),
		achternaam: text('achternaam', 150),
		geboortedatum: text('geboortedatum', 10),
		geslacht: (geslacht in geslachten ? geslacht : 'onbekend') as Geslacht,
		woonadres: adresFrom(text, 'woonadres'),
		postadres: adresFrom(text, 'postadres'),
		adresOpmerking: text('adres_opmerking', 500)
	};
	if (!values.roepnaam) errors.roepnaam = 'Vul de roepnaam in.';
	if (!values.achternaam) errors.achternaam = 'Vul de achternaam in.';
	if (!values.geboortedatum) errors.geboortedatum = 'Vul de geboortedatum in.';
	else if (!isCalendarDate(values.geboortedatum))
		errors.geboortedatum = 'Vul een geldige datum in, bijvoorbeeld 14-03-2019.';
	else {
		const born = new Date(values.geboortedatum + 'T00:00:00Z');
		const age = (today.getTime() - born.getTime()) / (365.25 * 24 * 3600 * 1000);
		if (age < 0) errors.geboortedatum = 'De geboortedatum ligt in de toekomst.';
		else if (age > 25)
			errors.geboortedatum = 'Controleer de geboortedatum: het kind is ouder dan 25.';
	}
	for (const key of ['woonadres', 'postadres'] as const) {
		const a = values[key];
		if (a && (!a.straat || !a.plaats))
			errors[key] = 'Vul bij een adres ten minste straat en plaats in.';
		if (a?.postcode && !/^\d{4} ?[A-Z]{2}$/.test(a.postcode))
			errors[key] = 'Vul een postcode in als 1234 AB.';
	}
	if (!geslacht || !(geslacht in geslachten)) errors.geslacht = 'Kies het geslacht.';
	return { values, errors };
}

/** Parents' e-mail addresses, one per line or separated by commas or spaces. */
export function parseEmails(text: string): { emails: string[]; errors: Errors } {
	const emails = [
		...new Set(
			text
				.split(/[\s,;]+/)
				.map((e) => e.trim().toLowerCase())
				.filter(Boolean)
		)
	];
	const wrong = emails.filter((e) => !isEmail(e));
	return {
		emails: emails.filter((e) => !wrong.includes(e)).slice(0, 10),
		errors: wrong.length ? { ouders: `Geen geldig e-mailadres: ${wrong.join(', ')}` } : {}
	};
}

export function parseSchoolPeriod(form: FormData): {
	values: SchoolPeriodInput;
	errors: Errors;
	warnings: Errors;
} {
	const errors: Errors = {};
	const warnings: Errors = {};
	const text = textFields(form, errors);
	const values: SchoolPeriodInput = {
		schoolId: text('school_id', 40),
		groep: text('groep', 20),
		aanvrager: text('aanvrager', 200),
		contactpersoon: text('contactpersoon', 200),
		email: text('email', 254).toLowerCase(),
		phone: text('telefoon', 30),
		startDate: text('start_date', 10) || null,
		endDate: text('end_date', 10) || null
	};
	if (!values.schoolId) errors.school_id = 'Kies de school.';
	if (values.email && !isEmail(values.email)) errors.email = 'Vul een geldig e-mailadres in.';
	if (values.phone && !/^[+0-9 ()-]{6,30}$/.test(values.phone))
		errors.telefoon = 'Vul een telefoonnummer in met alleen cijfers, spaties of streepjes.';
	else if (values.phone && looksLikeMobile(values.phone)) warnings.telefoon = mobileWarning;
	for (const key of ['startDate', 'endDate'] as const) {
		const v = values[key];
		if (v && !isCalendarDate(v))
			errors[key === 'startDate' ? 'start_date' : 'end_date'] = 'Vul een geldige datum in.';
	}
	if (values.startDate && values.endDate && values.endDate < values.startDate)
		errors.end_date = 'De einddatum ligt vóór de begindatum.';
	return { values, errors, warnings };
}
