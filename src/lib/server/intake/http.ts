/**
 * What the intake API answers, shared by its routes: JSON, never cached, refusals as
 * `{ fout, code, veld }` with `fout` in Dutch for the school's IT person. The code of the
 * caller is checked here, with a rate limit per code (and per address for unknown codes, so
 * codes cannot be guessed), and a refused call is audited like an accepted one.
 */
import type { RequestEvent } from '@sveltejs/kit';
import * as audit from '../audit';
import { hit } from '../auth/throttle';
import type { Sql } from '../db';
import { authenticate, bearer, touch, type Caller } from './koppelingen';

/** Calls per code per minute: a school system sends a few a day, a resend loop many. */
export const callsPerMinute = 60;
/** Calls with an unknown code per address per ten minutes. */
export const unknownPerTenMinutes = 20;

export function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
	return new Response(JSON.stringify(body), {
		status,
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'cache-control': 'no-store',
			...headers
		}
	});
}

export const refusal = (
	status: number,
	code: string,
	fout: string,
	veld?: string,
	headers: Record<string, string> = {}
) => answer(status, { fout, code, ...(veld ? { veld } : {}) }, headers);

/** The caller of this request, or the answer that refuses it. */
export async function caller(
	sql: Sql,
	event: Pick<RequestEvent, 'request' | 'locals'>,
	action: string
): Promise<{ ok: true; caller: Caller } | { ok: false; response: Response }> {
	const ipHash = event.locals.ipHash;
	const auth = await authenticate(sql, bearer(event.request.headers.get('authorization')));
	if (!auth.ok) {
		await audit.record(sql, {
			action,
			ipHash,
			details: { result: auth.code }
		});
		if (auth.status === 401) {
			const limited = await hit(
				sql,
				`intake-unknown:${ipHash ?? 'none'}`,
				unknownPerTenMinutes,
				600
			);
			if (!limited.allowed) return { ok: false, response: tooMany(limited.retryAt) };
			return {
				ok: false,
				response: refusal(401, auth.code, auth.fout, undefined, {
					'www-authenticate': 'Bearer realm="kindkring-intake"'
				})
			};
		}
		return { ok: false, response: refusal(auth.status, auth.code, auth.fout) };
	}
	const limited = await hit(sql, `intake-code:${auth.caller.koppelingId}`, callsPerMinute, 60);
	if (!limited.allowed) {
		await audit.record(sql, {
			organisationId: auth.caller.organisationId,
			action,
			targetType: 'school',
			targetId: auth.caller.schoolId,
			ipHash,
			details: {
				school: auth.caller.brinVestiging,
				result: 'te_veel_verzoeken',
				koppeling: auth.caller.koppelingId
			}
		});
		return { ok: false, response: tooMany(limited.retryAt) };
	}
	await touch(sql, auth.caller.koppelingId);
	return { ok: true, caller: auth.caller };
}

function tooMany(retryAt: Date): Response {
	const seconds = Math.max(1, Math.ceil((retryAt.getTime() - Date.now()) / 1000));
	return refusal(
		429,
		'te_veel_verzoeken',
		`Te veel verzoeken met deze verificatiecode. Probeer het over ${seconds} seconden opnieuw.`,
		undefined,
		{ 'retry-after': String(seconds) }
	);
}
