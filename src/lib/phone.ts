/**
 * Phone numbers in schoolgegevens. Private mobile numbers of staff get copied from
 * ParnasSys into hulpvragen; warn when a number looks like a (Dutch) mobile number, so the
 * school enters its own number instead.
 */

function digits(phone: string): string {
	return phone.replace(/[\s().-]/g, '');
}

export function looksLikeMobile(phone: string): boolean {
	const d = digits(phone);
	return /^(06\d{8}|\+316\d{8}|00316\d{8})$/.test(d);
}

export const mobileWarning =
	'Dit lijkt een mobiel nummer. Vul het telefoonnummer van de school in, geen privénummer: iedereen die de hulpvraag ziet, ziet dit nummer.';
