/**
 * Whom a parent can ask about a hulpvraag, from the facts the parent view reads with it.
 */

/** The facts of a hulpvraag that decide its contact person. */
export interface ContactFacts {
	schoolName: string | null;
	aanvragerName: string | null;
	aanvragerFunction: string | null;
	aanvragerEmail: string | null;
	periodAanvrager: string | null;
	periodEmail: string | null;
	schoolPhone: string | null;
	coordinator: string | null;
	coordinatorFunction: string | null;
	coordinatorEmail: string | null;
	organisationName: string;
}

/**
 * Whom the parent can ask about a hulpvraag: one person, with that person's own e-mail
 * address, never one person's name beside another's address. In order: the aanvrager of
 * the hulpvraag (the school's account that asked and follows it), else the aanvrager in
 * the school period (whose address the schoolgegevens hold), else the coördinator. The
 * phone number of the school period is the school's, and says so.
 */
export interface Contact {
	kind: 'school' | 'coordinator';
	/** The school's name, or the organisation's for a coördinator. */
	place: string;
	person: string;
	/** What the person does, e.g. "IB'er"; may be empty. */
	functionTitle: string;
	/** The person's own address; empty when there is none. */
	email: string;
	/** The school's phone number (school contacts only); may be empty. */
	phone: string;
}

export function contactOf(row: ContactFacts): Contact | null {
	const phone = row.schoolPhone?.trim() ?? '';
	if (row.schoolName && row.aanvragerName) {
		return {
			kind: 'school',
			place: row.schoolName,
			person: row.aanvragerName,
			functionTitle: row.aanvragerFunction ?? '',
			email: row.aanvragerEmail ?? '',
			phone
		};
	}
	const periodPerson = row.periodAanvrager?.trim() ?? '';
	if (row.schoolName && periodPerson) {
		return {
			kind: 'school',
			place: row.schoolName,
			person: periodPerson,
			functionTitle: '',
			email: row.periodEmail?.trim() ?? '',
			phone
		};
	}
	if (row.coordinator) {
		return {
			kind: 'coordinator',
			place: row.organisationName,
			person: row.coordinator,
			functionTitle: row.coordinatorFunction ?? '',
			email: row.coordinatorEmail ?? '',
			phone: ''
		};
	}
	if (row.schoolName && phone) {
		return {
			kind: 'school',
			place: row.schoolName,
			person: '',
			functionTitle: '',
			email: '',
			phone
		};
	}
	return null;
}
