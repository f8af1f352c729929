/**
 * Children's names, by the naming rules of the schools' manual (adding basisgegevens): Dutch names
 * with a clear tussenvoegsel keep it apart ("Jan van Boven" → Jan / van / Boven); with
 * (foreign) names where that is not clear, the supposed tussenvoegsel stays with the
 * achternaam ("Hasna El-Makrini", "Pedro Fortes Monteiro").
 */

export interface ChildName {
	roepnaam: string;
	tussenvoegsel: string;
	achternaam: string;
}

// Longest first, so "van der" wins over "van".
const tussenvoegsels = [
	"van 't",
	'van den',
	'van der',
	'van de',
	'in het',
	"in 't",
	'uit den',
	'uit de',
	'van',
	'de',
	'den',
	'der',
	'het',
	"'t",
	'te',
	'ten',
	'ter',
	'op',
	'in',
	'uit'
];

/** A suggestion from a full name as typed or pasted; the form always lets people correct it. */
export function split(fullName: string): ChildName {
	const parts = fullName.trim().split(/\s+/).filter(Boolean);
	if (parts.length === 0) return { roepnaam: '', tussenvoegsel: '', achternaam: '' };
	const [roepnaam, ...rest] = parts;
	const remainder = rest.join(' ');
	for (const t of tussenvoegsels) {
		// Only a lower-case Dutch tussenvoegsel followed by a surname counts as "clear".
		if (remainder.startsWith(t + ' ') && remainder.length > t.length + 1) {
			return { roepnaam: roepnaam!, tussenvoegsel: t, achternaam: remainder.slice(t.length + 1) };
		}
	}
	return { roepnaam: roepnaam!, tussenvoegsel: '', achternaam: remainder };
}

/** "Jan van Boven" */
export function full(name: ChildName): string {
	return [name.roepnaam, name.tussenvoegsel, name.achternaam].filter(Boolean).join(' ');
}

/** "Boven, Jan van": how lists are sorted and read. */
export function sortable(name: ChildName): string {
	const first = [name.roepnaam, name.tussenvoegsel].filter(Boolean).join(' ');
	return first ? `${name.achternaam}, ${first}` : name.achternaam;
}
