/**
 * A parent without an account signs by link: staff who may edit the hulpvraag send a
 * one-time link to one of the dossier's parent addresses, and the code that goes with it in
 * a second mail. The link alone does not sign: the code does, typed on the page, with at most
 * five wrong tries. Both are stored only as hashes; the link works once and for 14 days.
 * What the parent signs is recorded like any approval (via 'link', the name they were sent
 * under), and from then on a change to the answers voids it the same way.
 */
import { randomInt } from 'node:crypto';
import { NotAllowed } from '../access/authorize';
import type { Actor } from '../access/policy';
import * as audit from '../audit';
import { hmac, randomToken, safeEqual, tokenHash } from '../crypto';
import type { Sql, TransactionSql } from '../db';
import { authorizedHulpvraag } from '../dossiers/facts';
import { isEmail } from '../input';
import { isUuid } from '../ids';
import { enqueue } from '../mail/outbox';
import { compose } from '../mail/templates';
import { give, Invalid, lockForm } from './fill';
import { formById, type Form } from './load';

export const signLifetimeMs = 14 * 24 * 60 * 60_000;
export const maxCodeAttempts = 5;

export interface SignRequestInput {
	formId: string;
	sectionKey: string;
	questionKey: string;
	email: string;
	name: string;
}

function signatureQuestion(form: Form, sectionKey: string, questionKey: string) {
	const section = form.definition.sections.find((s) => s.key === sectionKey);
	const question = section?.questions.find(
		(q) => q.key === questionKey && q.type === 'approval' && q.approval === 'ondertekening'
	);
	return section && question ? { section, question } : undefined;
}

export async function requestSignature(
	sql: Sql,
	actor: Actor,
	input: SignRequestInput,
	now = new Date()
): Promise<void> {
	await sql.begin(async (tx) => {
		const form = isUuid(input.formId)
			? await formById(tx, actor.organisationId, input.formId)
			: undefined;
		if (!form) throw new NotAllowed('attach-form', 'formulier bestaat niet');
		const facts = await authorizedHulpvraag(tx, actor, 'attach-form', form.hulpvraagId);
		const target = signatureQuestion(form, input.sectionKey, input.questionKey);
		if (!target) throw new Invalid({}, 'Deze vraag vraagt geen ondertekening.');
		const email = input.email.trim().toLowerCase();
		const name = input.name.trim();
		const errors: Record<string, string> = {};
		if (!isEmail(email)) errors.email = 'Vul een geldig e-mailadres in.';
		else if (!facts.parentEmails.includes(email)) {
			errors.email =
				'Stuur de link alleen naar een e-mailadres van een ouder dat in het dossier staat (Basisgegevens).';
		}
		if (!name || name.length > 200) errors.naam = 'Vul de naam van de ouder in.';
		if (Object.keys(errors).length) throw new Invalid(errors, 'Er is geen link verstuurd.');

		const token = randomToken();
		const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
		await tx`
			insert into form_sign_request (organisation_id, form_id, section_key, question_key, email, name,
				token_hash, code_hash, expires_at, created_by)
			values (${actor.organisationId}, ${form.id}, ${target.section.key}, ${target.question.key},
				${email}, ${name}, ${tokenHash(token)}, ${hmac('form-sign-code', code)},
				${new Date(now.getTime() + signLifetimeMs)}, ${actor.accountId})`;
		await audit.byActor(tx, actor, 'form.sign.requested', 'form', form.id, {
			question: target.question.key
		});
		const [org] = await tx<{ name: string; mailClosingText: string }[]>`
			select name, mail_closing_text from organisation where id = ${actor.organisationId}`;
		const from = { name: org!.name, closingText: org!.mailClosingText };
		const base = {
			kind: 'form.sign',
			organisationId: actor.organisationId,
			accountId: null,
			fromName: org!.name,
			to: email
		};
		const link = compose(from, `Ondertekenen: ${form.templateName}`, `Beste ${name},`, [
			{
				text: `U wordt gevraagd het formulier ‘${form.templateName}’ over uw kind te lezen en te ondertekenen. De code die u daarvoor nodig heeft, krijgt u in een aparte mail.`,
				link: {
					label: 'Formulier lezen en ondertekenen',
					url: `${actor.origin}/ondertekenen/${token}`
				}
			},
			{ text: 'De link werkt één keer en 14 dagen lang.' }
		]);
		const codeMail = compose(
			from,
			`Uw code om te ondertekenen: ${form.templateName}`,
			`Beste ${name},`,
			[
				{
					text: `Uw code is ${code}. Vul deze code in op de pagina die de link uit de andere mail opent. Deel de code met niemand.`
				}
			]
		);
		await enqueue(tx, { ...link, ...base });
		await enqueue(tx, { ...codeMail, ...base });
	});
}

export type SignRequestState =
	| {
			state: 'valid';
			id: string;
			form: Form;
			sectionKey: string;
			questionKey: string;
			name: string;
			expiresAt: Date;
	  }
	| { state: 'unknown' | 'used' | 'expired' | 'blocked' };

interface RequestRow {
	id: string;
	organisationId: string;
	formId: string;
	sectionKey: string;
	questionKey: string;
	name: string;
	codeHash: string;
	attempts: number;
	expiresAt: Date;
	usedAt: Date | null;
}

async function row(sql: Sql | TransactionSql, token: string, lock: boolean) {
	const [r] = await sql<RequestRow[]>`
		select id, organisation_id, form_id, section_key, question_key, name, code_hash, attempts,
			expires_at, used_at
		from form_sign_request where token_hash = ${tokenHash(token)}
		${lock ? sql`for update` : sql``}`;
	return r;
}

function stateOf(r: RequestRow | undefined, now: Date): SignRequestState['state'] {
	if (!r) return 'unknown';
	if (r.usedAt) return 'used';
	if (r.attempts >= maxCodeAttempts) return 'blocked';
	if (r.expiresAt <= now) return 'expired';
	return 'valid';
}

export async function openRequest(
	sql: Sql,
	token: string,
	now = new Date()
): Promise<SignRequestState> {
	const r = await row(sql, token, false);
	const state = stateOf(r, now);
	if (state !== 'valid') return { state };
	const form = await formById(sql, r!.organisationId, r!.formId);
	if (!form) return { state: 'unknown' };
	return {
		state: 'valid',
		id: r!.id,
		form,
		sectionKey: r!.sectionKey,
		questionKey: r!.questionKey,
		name: r!.name,
		expiresAt: r!.expiresAt
	};
}

export class WrongCode extends Error {
	constructor(readonly left: number) {
		super(
			left > 0
				? `Deze code klopt niet. U kunt het nog ${left} keer proberen.`
				: 'Deze code klopt niet. De link werkt nu niet meer: vraag de school om een nieuwe.'
		);
	}
}

/** Signs with the code from the second mail; `WrongCode` counts a wrong try. */
export async function signByLink(
	sql: Sql,
	token: string,
	code: string,
	ipHash: string | null,
	now = new Date()
): Promise<SignRequestState['state'] | 'signed'> {
	const result = await sql.begin(async (tx) => {
		const r = await row(tx, token, true);
		const state = stateOf(r, now);
		if (state !== 'valid') return state;
		if (!safeEqual(hmac('form-sign-code', code.replace(/\s/g, '')), r!.codeHash)) {
			await tx`update form_sign_request set attempts = attempts + 1 where id = ${r!.id}`;
			return { wrong: maxCodeAttempts - r!.attempts - 1 };
		}
		await lockForm(tx, r!.organisationId, r!.formId);
		const form = (await formById(tx, r!.organisationId, r!.formId))!;
		const target = signatureQuestion(form, r!.sectionKey, r!.questionKey);
		if (!target) return 'unknown' as const;
		const by = { organisationId: r!.organisationId, accountId: '', ipHash };
		await give(tx, by, form, target.section, target.question, {
			accountId: null,
			via: 'link',
			name: r!.name
		});
		await tx`update form_sign_request set used_at = ${now} where id = ${r!.id}`;
		return 'signed' as const;
	});
	if (typeof result === 'object') throw new WrongCode(result.wrong);
	return result;
}

/**
 * Asks the parents who have an account to sign a section they write (its writers name the
 * role ouder): a mail to each that leads to the hulpvraag on Mijn kind, where they sign as
 * themselves. Staff who may edit the hulpvraag ask it, while parents see the hulpvraag.
 * Parents without an account get a link instead (`requestSignature`). Returns how many were
 * asked.
 */
export async function askParents(
	sql: Sql,
	actor: Actor,
	input: { formId: string; sectionKey: string }
): Promise<number> {
	return sql.begin(async (tx) => {
		const form = isUuid(input.formId)
			? await formById(tx, actor.organisationId, input.formId)
			: undefined;
		if (!form) throw new NotAllowed('attach-form', 'formulier bestaat niet');
		const facts = await authorizedHulpvraag(tx, actor, 'attach-form', form.hulpvraagId);
		const section = form.definition.sections.find((s) => s.key === input.sectionKey);
		const signature = section?.questions.find(
			(q) => q.type === 'approval' && q.approval === 'ondertekening'
		);
		if (!section || !signature || !section.writers.roles.includes('ouder')) {
			throw new Invalid({}, 'Ouders ondertekenen dit onderdeel niet zelf.');
		}
		if (!facts.status.parentVisible) {
			throw new Invalid(
				{},
				'Ouders zien deze hulpvraag in de huidige status niet, en kunnen dus nog niet ondertekenen. Stuur hun een link, of vraag het in een latere status.'
			);
		}
		const parents = await tx<{ id: string; email: string; displayName: string }[]>`
			select id, email, display_name from account
			where organisation_id = ${actor.organisationId} and state = 'active'
				and 'ouder' = any(roles) and lower(email) = any(${tx.array(facts.parentEmails.map((e) => e.toLowerCase()))}::text[])
			order by display_name`;
		if (parents.length === 0) {
			throw new Invalid(
				{},
				'Geen van de ouders in het dossier heeft een account. Stuur hun een link om te ondertekenen.'
			);
		}
		const [org] = await tx<{ name: string; mailClosingText: string }[]>`
			select name, mail_closing_text from organisation where id = ${actor.organisationId}`;
		for (const parent of parents) {
			const mail = compose(
				{ name: org!.name, closingText: org!.mailClosingText },
				`Uw handtekening gevraagd: ${form.templateName}`,
				`Beste ${parent.displayName},`,
				[
					{
						text: `U wordt gevraagd het formulier ‘${form.templateName}’ over uw kind te lezen en te ondertekenen. U doet dat in Kindkring, bij Mijn kind.`,
						link: {
							label: 'Formulier lezen en ondertekenen',
							url: `${actor.origin}/mijn-kind/${facts.dossierId}/${form.hulpvraagId}#formulieren`
						}
					}
				]
			);
			await enqueue(tx, {
				...mail,
				kind: 'form.sign.asked',
				organisationId: actor.organisationId,
				accountId: parent.id,
				fromName: org!.name,
				to: parent.email
			});
		}
		await audit.byActor(tx, actor, 'form.sign.asked', 'form', form.id, {
			section: section.key,
			parents: parents.length
		});
		return parents.length;
	});
}
