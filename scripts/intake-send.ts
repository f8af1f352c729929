/**
 * Sends an OSO dossier to Kindkring's intake API as a school system does (ParnasSys, Esis):
 *
 *   npm run intake:send -- <dossier.xml> [--type "Ambulante Begeleiding"] [--kenmerk ESIS-1]
 *        [--concept] [--url http://localhost:5173] [--code <verificatiecode>]
 *        [--email <contactpersoon>] [--swv PO2806]
 *
 * Defaults: the demo koppeling of Basisschool Het Kompas and its IB'er, a new kenmerk each
 * time (the same --kenmerk again is a resend), the development server. The school's BRIN
 * and vestiging are the first six positions of the code. Prints the answer; exit code 1
 * when the intake was refused.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		type: { type: 'string', default: 'Ambulante Begeleiding' },
		kenmerk: { type: 'string' },
		concept: { type: 'boolean', default: false },
		url: { type: 'string', default: process.env.KINDKRING_URL ?? 'http://localhost:5173' },
		code: { type: 'string', default: process.env.INTAKE_CODE ?? '21XC00-demo-koppeling-2026' },
		email: { type: 'string', default: 'r.elamrani@hetkompas.example.nl' },
		naam: { type: 'string', default: 'Rachid El Amrani' },
		swv: { type: 'string', default: 'PO2806' },
		omschrijving: { type: 'string', default: 'Ingestuurd met npm run intake:send.' }
	}
});

const file = positionals[0];
if (!file) {
	console.error('Gebruik: npm run intake:send -- <dossier.xml> [--type "Ambulante Begeleiding"]');
	process.exit(2);
}

const code = values.code!;
const aanvraag = {
	brin: code.slice(0, 4),
	vestiging: code.slice(4, 6),
	samenwerkingsverband: values.swv,
	aanvraagtype: values.type,
	omschrijving: values.omschrijving,
	contactpersoon: { naam: values.naam, email: values.email, telefoon: '', functie: "IB'er" },
	verzenden: !values.concept,
	kenmerk: values.kenmerk ?? `intake-send-${Date.now()}`
};

const form = new FormData();
form.set('aanvraag', JSON.stringify(aanvraag));
form.set('dossier', new Blob([await readFile(file)], { type: 'application/xml' }), basename(file));

const response = await fetch(new URL('/api/v1/intake', values.url), {
	method: 'POST',
	headers: { authorization: `Bearer ${code}` },
	body: form
});
const text = await response.text();
let body: unknown = text;
try {
	body = JSON.parse(text);
} catch {
	// Not JSON: printed as it came.
}
console.log(`${response.status} ${response.statusText}`);
console.log(typeof body === 'string' ? body : JSON.stringify(body, null, 2));
process.exit(response.ok ? 0 : 1);
