/**
 * The documents of an OSO dossier as bijlagen of the hulpvraag: each through the same checks
 * as an upload (content sniffing, 10 MB), one at a time as the reader hands them out. A
 * document the hulpvraag already has (a resend) is skipped; a refused one is returned with
 * the reason, for the list on the hulpvraag.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../access/actor';
import { NotAllowed } from '../access/authorize';
import type { Sql } from '../db';
import { upload, type IncomingFile } from '../dossiers/bijlage-upload';
import { hulpvraagFacts } from '../dossiers/facts';
import type { OsoStreamDocument } from './oso-stream';

export interface Geweigerd {
	bestandsnaam: string;
	omschrijving: string;
	reden: string;
}

/** A key per document content and hulpvraag: a retried send replays instead of adding it twice. */
function documentKey(hulpvraagId: string, sha256: string): string {
	const h = createHash('sha256').update(`${hulpvraagId}:${sha256}`).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

async function* one<T>(item: T): AsyncGenerator<T> {
	yield item;
}

/** Stores the documents one by one, each through the upload's checks. */
export async function storeDocuments(
	sql: Sql,
	actor: Actor,
	hulpvraagId: string,
	documents: AsyncIterable<OsoStreamDocument>
): Promise<{ toegevoegd: number; alAanwezig: number; geweigerd: Geweigerd[] }> {
	const geweigerd: Geweigerd[] = [];
	let toegevoegd = 0;
	let alAanwezig = 0;
	const present = new Set(
		(
			await sql<{ sha256: string }[]>`
				select sha256 from bijlage where organisation_id = ${actor.organisationId} and hulpvraag_id = ${hulpvraagId}
					and removed_at is null`
		).map((r) => r.sha256)
	);
	const describe = (d: OsoStreamDocument) => ({
		bestandsnaam: d.bestandsnaam ?? (d.ok ? d.naamInZip : '') ?? '',
		omschrijving: d.omschrijving ?? ''
	});
	const facts = await hulpvraagFacts(sql, actor.organisationId, hulpvraagId);
	for await (const d of documents) {
		if (!d.ok) {
			geweigerd.push({ ...describe(d), reden: d.weigering });
			continue;
		}
		const sha = d.sha256;
		if (present.has(sha)) {
			alAanwezig++;
			continue;
		}
		const name = describe(d).bestandsnaam || d.naamInZip;
		const file: IncomingFile = { name, stream: d.inhoud(), key: documentKey(hulpvraagId, sha) };
		try {
			const { results } = await upload(sql, actor, facts!, one(file));
			const result = results[0]!;
			if (!result.ok) geweigerd.push({ ...describe(d), reden: result.error ?? 'Geweigerd.' });
			else if (result.replayed) alAanwezig++;
			else toegevoegd++;
			present.add(sha);
		} catch (e) {
			if (!(e instanceof NotAllowed)) throw e;
			geweigerd.push({
				...describe(d),
				reden:
					'Bij deze hulpvraag kunnen nu geen bijlagen worden toegevoegd (de status sluit bijlagen af).'
			});
		}
	}
	return { toegevoegd, alAanwezig, geweigerd };
}
