/**
 * Koppelingen: the verificatiecodes with which a school's own system (ParnasSys, Esis, a
 * connector of the OSO hub) sends hulpvragen. The school makes the code up; it starts with
 * the school's BRIN and vestiging (six positions) and is 20 to 50 visible characters. The
 * SWV's beheerder enters it for that school. Only a keyed hash is stored, so the code is
 * seen once, when it is entered. Deleting it pauses the exchange (the school system gets
 * 403); entering the same code again resumes it. A school with several environments of its
 * system has several codes. A new code that replaces an old one leaves the old valid for a
 * day, so the school switches over without a moment in which neither works.
 */
import type { Actor } from '../access/actor';
import { authorize } from '../access/authorize';
import * as audit from '../audit';
import { hmac } from '../crypto';
import type { Sql, TransactionSql } from '../db';
import { Invalid } from '../dossiers/dossier';
import { isUuid } from '../ids';

type Db = Sql | TransactionSql;

export const minCodeLength = 20;
export const maxCodeLength = 50;
/** How long a replaced code still works. */
export const overlapHours = 24;

const visibleAscii = /^[\x21-\x7e]+$/;

export function codeHash(code: string): string {
	return hmac('intake-code', code);
}

/** What a beheerder sees of a code: its BRIN + vestiging and its last two characters. */
export function codeHint(code: string): string {
	return `${code.slice(0, 6)}…${code.slice(-2)}`;
}

/** Why a code cannot be used for the school with `brinVestiging`, in Dutch; null when it can. */
export function codeProblem(code: string, brinVestiging: string): string | null {
	if (code.length < minCodeLength || code.length > maxCodeLength) {
		return `De verificatiecode is ${minCodeLength} tot ${maxCodeLength} tekens lang; deze heeft er ${code.length}.`;
	}
	if (!visibleAscii.test(code)) {
		return 'De verificatiecode bestaat uit letters, cijfers en leestekens, zonder spaties of letters met accenten.';
	}
	if (code.slice(0, 6).toUpperCase() !== brinVestiging.toUpperCase()) {
		return `De verificatiecode begint met de BRIN en vestiging van de school: ${brinVestiging}.`;
	}
	return null;
}

export type KoppelingState = 'actief' | 'gepauzeerd' | 'vervalt' | 'vervallen';

export interface Koppeling {
	id: string;
	schoolId: string;
	label: string;
	codeHint: string;
	state: KoppelingState;
	createdAt: Date;
	createdBy: string | null;
	pausedAt: Date | null;
	validUntil: Date | null;
	lastUsedAt: Date | null;
}

function manage(actor: Actor): void {
	authorize(actor, 'manage-koppelingen', {
		type: 'organisation',
		organisationId: actor.organisationId
	});
}

async function schoolOf(tx: Db, actor: Actor, schoolId: string) {
	if (!isUuid(schoolId)) throw new Invalid({ school_id: 'Deze school bestaat niet.' });
	const [school] = await tx<{ id: string; brinVestiging: string; name: string }[]>`
		select id, brin_vestiging, name from school
		where organisation_id = ${actor.organisationId} and id = ${schoolId}`;
	if (!school) throw new Invalid({ school_id: 'Deze school bestaat niet.' });
	return school;
}

/** The school's codes, newest first; expired replaced ones too, for the history. */
export async function list(sql: Db, actor: Actor, schoolId: string): Promise<Koppeling[]> {
	manage(actor);
	await schoolOf(sql, actor, schoolId);
	return sql<Koppeling[]>`
		select k.id, k.school_id, k.label, k.code_hint, k.created_at, a.display_name as created_by,
			k.paused_at, k.valid_until, k.last_used_at,
			case when k.paused_at is not null then 'gepauzeerd'
				when k.valid_until is not null and k.valid_until <= now() then 'vervallen'
				when k.valid_until is not null then 'vervalt'
				else 'actief' end as state
		from intake_koppeling k left join account a on a.id = k.created_by
		where k.organisation_id = ${actor.organisationId} and k.school_id = ${schoolId}
		order by k.created_at desc`;
}

export interface NewKoppeling {
	schoolId: string;
	code: string;
	label: string;
	/** A code of the same school this one replaces: it stays valid for `overlapHours`. */
	replaces?: string | null;
}

/**
 * Enters a code for a school. The same code again (it was paused) resumes it. Answers
 * whether it was new or resumed.
 */
export async function enter(
	sql: Sql,
	actor: Actor,
	input: NewKoppeling
): Promise<{ id: string; resumed: boolean }> {
	manage(actor);
	const code = input.code.trim();
	const label = input.label.trim();
	if (label.length > 100) throw new Invalid({ label: 'Gebruik hoogstens 100 tekens.' });
	return sql.begin(async (tx) => {
		const school = await schoolOf(tx, actor, input.schoolId);
		const problem = codeProblem(code, school.brinVestiging);
		if (problem) throw new Invalid({ code: problem });
		const hash = codeHash(code);
		const [existing] = await tx<{ id: string; schoolId: string; organisationId: string }[]>`
			select id, school_id, organisation_id from intake_koppeling where code_hash = ${hash} for update`;
		if (existing) {
			if (existing.organisationId !== actor.organisationId || existing.schoolId !== school.id) {
				throw new Invalid({
					code: 'Deze verificatiecode is al in gebruik. Vraag de school een andere code te bedenken.'
				});
			}
			await tx`
				update intake_koppeling set paused_at = null, paused_by = null, valid_until = null,
					replaced_by = null, label = case when ${label} = '' then label else ${label} end
				where id = ${existing.id}`;
			await audit.byActor(tx, actor, 'intake.koppeling.resume', 'school', school.id, {
				koppeling: existing.id
			});
			return { id: existing.id, resumed: true };
		}
		const [row] = await tx<{ id: string }[]>`
			insert into intake_koppeling (organisation_id, school_id, label, code_hash, code_hint, created_by)
			values (${actor.organisationId}, ${school.id}, ${label}, ${hash}, ${codeHint(code)}, ${actor.accountId})
			returning id`;
		const id = row!.id;
		if (input.replaces) {
			if (!isUuid(input.replaces)) throw new Invalid({ replaces: 'Deze code bestaat niet.' });
			const replaced = await tx`
				update intake_koppeling set replaced_by = ${id},
					valid_until = now() + make_interval(hours => ${overlapHours})
				where id = ${input.replaces} and organisation_id = ${actor.organisationId}
					and school_id = ${school.id} and paused_at is null
					and (valid_until is null or valid_until > now())`;
			if (replaced.count === 0) {
				throw new Invalid({ replaces: 'De code die u vervangt is niet (meer) actief.' });
			}
		}
		await audit.byActor(tx, actor, 'intake.koppeling.add', 'school', school.id, {
			koppeling: id,
			replaces: input.replaces ?? null
		});
		return { id, resumed: false };
	});
}

/** Deleting a code pauses it: the school system gets 403 until the code is entered again. */
export async function pause(sql: Sql, actor: Actor, koppelingId: string): Promise<void> {
	manage(actor);
	if (!isUuid(koppelingId)) throw new Invalid({ koppeling: 'Deze code bestaat niet.' });
	await sql.begin(async (tx) => {
		const [row] = await tx<{ schoolId: string }[]>`
			update intake_koppeling set paused_at = now(), paused_by = ${actor.accountId}
			where id = ${koppelingId} and organisation_id = ${actor.organisationId} and paused_at is null
			returning school_id`;
		if (!row) throw new Invalid({ koppeling: 'Deze code bestaat niet of is al gepauzeerd.' });
		await audit.byActor(tx, actor, 'intake.koppeling.pause', 'school', row.schoolId, {
			koppeling: koppelingId
		});
	});
}

export interface Caller {
	koppelingId: string;
	organisationId: string;
	organisationCode: string;
	schoolId: string;
	brinVestiging: string;
	schoolName: string;
	schoolRegion: string;
}

export type Authentication =
	{ ok: true; caller: Caller } | { ok: false; status: 401 | 403; code: string; fout: string };

/** The bearer token of an `Authorization` header, or null. */
export function bearer(header: string | null): string | null {
	const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
	return match ? match[1]! : null;
}

/**
 * Who calls with this code. Unknown, or replaced more than a day ago: 401. Paused: 403
 * (the SWV stopped the exchange; the school system should say so, not ask for a new code).
 */
export async function authenticate(sql: Db, code: string | null): Promise<Authentication> {
	const unknown = {
		ok: false as const,
		status: 401 as const,
		code: 'code_onbekend',
		fout: 'De verificatiecode ontbreekt of is onbekend. Controleer de code in de instellingen van de koppeling; de beheerder van het samenwerkingsverband voert dezelfde code in Kindkring in.'
	};
	if (!code || code.length > maxCodeLength) return unknown;
	const [row] = await sql<(Caller & { paused: boolean; expired: boolean })[]>`
		select k.id as koppeling_id, k.organisation_id, o.code as organisation_code, k.school_id,
			s.brin_vestiging, s.name as school_name, s.region as school_region,
			k.paused_at is not null as paused,
			coalesce(k.valid_until <= now(), false) as expired
		from intake_koppeling k join school s on s.id = k.school_id
		join organisation o on o.id = k.organisation_id
		where k.code_hash = ${codeHash(code)}`;
	if (!row || row.expired) return unknown;
	if (row.paused) {
		return {
			ok: false,
			status: 403,
			code: 'koppeling_gepauzeerd',
			fout: 'De koppeling met Kindkring is gepauzeerd door het samenwerkingsverband. Neem contact op met het samenwerkingsverband om haar te hervatten.'
		};
	}
	const { paused: _paused, expired: _expired, ...caller } = row;
	return { ok: true, caller };
}

/** Marks the code as used now, for the beheerder's overview. */
export async function touch(sql: Db, koppelingId: string): Promise<void> {
	await sql`update intake_koppeling set last_used_at = now() where id = ${koppelingId}`;
}
