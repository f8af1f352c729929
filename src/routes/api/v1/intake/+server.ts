import * as audit from '$lib/server/audit';
import { sql } from '$lib/server/db';
import { parseAanvraag } from '$lib/server/intake/aanvraag';
import { answer, caller, refusal } from '$lib/server/intake/http';
import { receive } from '$lib/server/intake/receive';
import { isMultipart, readIntakeBody } from '$lib/server/intake/request';
import { bodyFailure } from '$lib/server/request-body';
import type { RequestHandler } from './$types';

// A school system sends a hulpvraag with the child's OSO dossier (see openapi.yaml).
export const POST: RequestHandler = async (event) => {
	const who = await caller(sql, event, 'intake.receive');
	if (!who.ok) return who.response;
	const { caller: school } = who;
	const refused = async (status: number, code: string, fout: string, veld?: string) => {
		await audit.record(sql, {
			organisationId: school.organisationId,
			action: 'intake.receive',
			targetType: 'school',
			targetId: school.schoolId,
			ipHash: event.locals.ipHash,
			details: { school: school.brinVestiging, result: code, koppeling: school.koppelingId }
		});
		return refusal(status, code, fout, veld);
	};
	if (!isMultipart(event.request)) {
		return refused(
			415,
			'geen_multipart',
			'Stuur de aanvraag als multipart/form-data met de onderdelen aanvraag (JSON) en dossier (OSO-XML).'
		);
	}
	let body;
	try {
		body = await readIntakeBody(event.request);
	} catch (e) {
		const failure = bodyFailure(e);
		if (!failure) throw e;
		return refused(
			failure.status,
			failure.status === 413 ? 'te_groot' : 'afgebroken',
			failure.message
		);
	}
	try {
		if (body.aanvraagTooLong) {
			return await refused(
				413,
				'te_groot',
				'Het onderdeel aanvraag is groter dan 100 kB.',
				'aanvraag'
			);
		}
		const parsed = parseAanvraag(body.aanvraag);
		if (!parsed.ok) return await refused(422, parsed.code, parsed.fout, parsed.veld);
		if (!body.dossier) {
			return await refused(
				422,
				'verplicht_ontbreekt',
				'Het onderdeel dossier (de OSO-XML) ontbreekt in het verzoek.',
				'dossier'
			);
		}
		if (!body.dossier.ok) {
			const { code, fout, veld } = body.dossier;
			return await refused(code === 'te_groot' ? 413 : 422, code, fout, veld);
		}
		const outcome = await receive(sql, school, parsed.aanvraag, body.dossier.dossier, {
			ipHash: event.locals.ipHash,
			origin: event.url.origin
		});
		if (!outcome.ok) {
			const { status, code, fout, veld } = outcome;
			return refusal(status, code, fout, veld);
		}
		return answer(outcome.status, {
			hulpvraag: outcome.hulpvraagId,
			status: outcome.statusName,
			url: `${event.url.origin}/hulpvragen/${outcome.hulpvraagId}`,
			bijlagen: {
				toegevoegd: outcome.toegevoegd,
				alAanwezig: outcome.alAanwezig,
				geweigerd: outcome.geweigerd
			},
			waarschuwingen: outcome.waarschuwingen
		});
	} finally {
		if (body.dossier?.ok) await body.dossier.dispose();
	}
};
