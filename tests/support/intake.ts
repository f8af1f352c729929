/**
 * Intake test material: the fictional PO dossier of Sanne van der Proef, re-addressed to a
 * demo school, with documents of the test's choosing, and envelopes for it.
 */
import {
	readOsoDossierStream,
	type OsoStreamDossier
} from '../../src/lib/server/intake/oso-stream';
import type { Aanvraag } from '../../src/lib/server/intake/aanvraag';
import { osoFixture, smallPdf, zipBase64 } from './oso-fixtures';

export interface DossierOptions {
	brin?: string;
	vestiging?: string;
	/** Base64 ZIP for the OPP document; default a small PDF. */
	oppZip?: string;
	achternaam?: string;
	geboortedatum?: string;
}

export function kompasDossierXml(o: DossierOptions = {}): string {
	return osoFixture('po-volledig.xml', {
		OPP_ZIP: o.oppZip ?? zipBase64({ 'opp-sanne.pdf': smallPdf() })
	})
		.replace('<brincode>99XX</brincode>', `<brincode>${o.brin ?? '21XC'}</brincode>`)
		.replace(
			'<vestigingscode>01</vestigingscode>',
			`<vestigingscode>${o.vestiging ?? '00'}</vestigingscode>`
		)
		.replace(
			'<achternaam>Proef</achternaam>',
			`<achternaam>${o.achternaam ?? 'Proef'}</achternaam>`
		)
		.replace(
			'<geboortedatum>2017-06-21</geboortedatum>',
			`<geboortedatum>${o.geboortedatum ?? '2017-06-21'}</geboortedatum>`
		);
}

export async function* chunks(text: string | Uint8Array): AsyncGenerator<Uint8Array> {
	yield typeof text === 'string' ? new TextEncoder().encode(text) : text;
}

export async function osoDossier(xml: string): Promise<OsoStreamDossier> {
	const result = await readOsoDossierStream(chunks(xml));
	if (!result.ok) throw new Error(`dossier refused: ${result.code} ${result.fout}`);
	return result.dossier;
}

export function envelope(over: Partial<Aanvraag> = {}): Aanvraag {
	return {
		brin: '21XC',
		vestiging: '00',
		samenwerkingsverband: 'PO2806',
		aanvraagtype: 'Ambulante Begeleiding',
		omschrijving: 'Sanne heeft moeite met lezen en concentratie.',
		datum: '2026-11-30',
		contactpersoon: {
			naam: 'Rachid El Amrani',
			email: 'R.ElAmrani@hetkompas.example.nl',
			telefoon: '010-1234567',
			functie: "IB'er"
		},
		verzenden: true,
		kenmerk: 'ESIS-1001',
		...over
	};
}

export const demoCode = '21XC00-demo-koppeling-2026';
