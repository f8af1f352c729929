/**
 * Reads an OSO dossier from a stream (the `dossier` part of an intake request). The result
 * is what `readOsoDossier` gives for the same bytes, except that the documents are handed
 * out one at a time, so a caller that stores each before asking for the next holds at most
 * one unpacked document in memory.
 */
import {
	maxDossierBytes,
	readOsoDossier,
	type OsoDocument,
	type OsoDossier,
	type OsoOptions
} from './oso';

export type OsoStreamDossier = Omit<OsoDossier, 'documenten'> & {
	/** The number of `document` elements in the dossier, refused ones included. */
	aantalDocumenten: number;
	/** The documents in the order of the dossier, each unpacked or refused on its own. */
	documenten: () => AsyncIterable<OsoDocument>;
};

export type OsoStreamResult =
	| { ok: true; dossier: OsoStreamDossier; dispose: () => Promise<void> }
	| { ok: false; fout: string; code: string; veld?: string };

const tooLarge = (limit: number) => ({
	ok: false as const,
	code: 'te_groot',
	fout: `Het dossier is groter dan ${Math.round(limit / (1024 * 1024))} MB en is niet ingelezen.`
});

export async function readOsoDossierStream(
	input: AsyncIterable<Uint8Array>,
	options: OsoOptions = {}
): Promise<OsoStreamResult> {
	const limit = options.maxBytes ?? maxDossierBytes;
	const chunks: Uint8Array[] = [];
	let size = 0;
	let over = false;
	for await (const chunk of input) {
		size += chunk.length;
		// Read to the end all the same: the caller's body must be consumed.
		if (size > limit) over = true;
		else chunks.push(chunk);
	}
	if (over) return tooLarge(limit);
	const result = readOsoDossier(Buffer.concat(chunks), options);
	if (!result.ok) return result;
	const { documenten, ...rest } = result.dossier;
	return {
		ok: true,
		dossier: {
			...rest,
			aantalDocumenten: documenten.length,
			documenten: async function* () {
				yield* documenten;
			}
		},
		dispose: async () => undefined
	};
}
