/**
 * Password strength with Dutch words (zxcvbn-ts with its Dutch dictionary and the common
 * passwords list). Shared by the server, which decides, and the browser, which gives
 * feedback while typing: the same function with the same words, so both always agree.
 * Loads its dictionaries lazily: they are large.
 *
 * Refused, with a Dutch message that says what to do:
 * - shorter than 10 characters;
 * - one of the most common passwords (zxcvbn's list, plus common Dutch ones);
 * - one word (from a dictionary, or the user's own words) with at most a number such as a
 *   year and punctuation around it: `Welkom2026!!`, `Zomer2024!!!`, `Kindkring2026`;
 * - a zxcvbn score below 3, judged with the user's own words (name, username,
 *   organisation) and "Kindkring" as words an attacker tries first.
 */
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const minimumLength = 10;
/** zxcvbn score 0–4; 3 means "safely unguessable: moderate protection from offline attacks". */
export const minimumScore = 3;

export interface Strength {
	ok: boolean;
	score: number;
	/** Dutch, for under the field. */
	message: string;
	suggestions: string[];
}

/** Words everyone at Kindkring might lean on, whoever the user is. */
const alwaysContext = ['Kindkring', 'kindkring', 'PPO', 'SWV', 'passend onderwijs'];

/**
 * Common Dutch password words that zxcvbn's lists rank too low or miss: welcome words,
 * seasons, months, football clubs, school words.
 */
export const commonDutchWords = [
	'welkom',
	'wachtwoord',
	'paswoord',
	'geheim',
	'zomer',
	'winter',
	'lente',
	'herfst',
	'voorjaar',
	'najaar',
	'januari',
	'februari',
	'maart',
	'april',
	'mei',
	'juni',
	'juli',
	'augustus',
	'september',
	'oktober',
	'november',
	'december',
	'ajax',
	'feyenoord',
	'psv',
	'utrecht',
	'twente',
	'vitesse',
	'heerenveen',
	'sparta',
	'excelsior',
	'oranje',
	'nederland',
	'holland',
	'rotterdam',
	'amsterdam',
	'school',
	'onderwijs',
	'leerling',
	'kinderen'
];

export interface ContextSource {
	organisationCode?: string;
	organisationName?: string;
	organisationShortName?: string;
	username?: string;
	displayName?: string;
}

/** The user's own words for `check`: the server sends the same list to the browser. */
export function contextOf(source: ContextSource): string[] {
	return [
		source.username,
		source.displayName,
		source.organisationName,
		source.organisationShortName,
		source.organisationCode
	].filter((s): s is string => typeof s === 'string' && s.trim().length > 0);
}

/** Each phrase whole, without separators, and word by word: "piet.pietersen" → piet, pietersen, pietpietersen. */
function userInputs(context: string[]): string[] {
	const words = new Set<string>();
	for (const phrase of [...context, ...alwaysContext]) {
		const lower = phrase.trim().toLowerCase();
		if (!lower) continue;
		words.add(lower);
		words.add(lower.replace(/[^\p{L}\p{N}]+/gu, ''));
		for (const part of lower.split(/[^\p{L}\p{N}]+/u)) if (part.length >= 3) words.add(part);
	}
	return [...words].filter(Boolean);
}

interface Loaded {
	zxcvbn: ZxcvbnFactory;
	common: Set<string>;
}

let loaded: Promise<Loaded> | undefined;

function load(): Promise<Loaded> {
	loaded ??= (async () => {
		const [core, common, nl] = await Promise.all([
			import('@zxcvbn-ts/core'),
			import('@zxcvbn-ts/language-common'),
			import('@zxcvbn-ts/language-nl-be')
		]);
		const zxcvbn = new core.ZxcvbnFactory({
			translations: nl.translations,
			graphs: common.adjacencyGraphs,
			dictionary: { ...common.dictionary, ...nl.dictionary, commonDutchWords },
			useLevenshteinDistance: true
		});
		const passwords = common.dictionary['passwords-common'] as string[];
		return { zxcvbn, common: new Set([...passwords, ...commonDutchWords]) };
	})();
	return loaded;
}

const labels = ['Zeer zwak', 'Zwak', 'Matig', 'Sterk', 'Zeer sterk'];

const advice = 'Een zin van een paar woorden is lang en goed te onthouden.';
const ownWordsAdvice =
	'Gebruik een zin van een paar woorden, zonder uw naam, uw organisatie of Kindkring.';

/**
 * One word with at most a number (a year) and punctuation before or after it. The word may
 * have digits or signs in it for letters (W3lkom), but no spaces or separators.
 */
const wordWithAffixes =
	/^[\p{P}\p{S}\s]*\d{0,4}[\p{P}\p{S}\s]*(\p{L}(?:[\p{L}\d@$]*\p{L})?)[\p{P}\p{S}\s]*\d{0,4}[\p{P}\p{S}\s]*$/u;

/** Whether `password` is one known word (dictionary or own word) dressed up with a year or signs. */
function isWordPattern(zxcvbn: ZxcvbnFactory, password: string, inputs: string[]): boolean {
	const word = wordWithAffixes.exec(password)?.[1];
	if (!word || word === password) return false;
	const { sequence } = zxcvbn.check(word, inputs);
	return (
		sequence.length === 1 && sequence[0]!.pattern === 'dictionary' && sequence[0]!.token === word
	);
}

/** `context`: the user's own words (contextOf): name, username, organisation. */
export async function check(password: string, context: string[] = []): Promise<Strength> {
	if (password.length < minimumLength) {
		return {
			ok: false,
			score: 0,
			message: `Gebruik minstens ${minimumLength} tekens (nu ${password.length}).`,
			suggestions: [advice]
		};
	}
	const { zxcvbn, common } = await load();
	if (common.has(password.toLowerCase())) {
		return {
			ok: false,
			score: 0,
			message:
				'Zeer zwak wachtwoord: dit is een van de meest gebruikte wachtwoorden, en daardoor te makkelijk te raden.',
			suggestions: [advice]
		};
	}
	const inputs = userInputs(context);
	const result = zxcvbn.check(password, inputs);
	if (isWordPattern(zxcvbn, password, inputs)) {
		return {
			ok: false,
			score: Math.min(result.score, 1),
			message:
				'Zwak wachtwoord: één woord met een jaartal of leestekens erbij (zoals Zomer2024!) is te makkelijk te raden.',
			suggestions: [ownWordsAdvice]
		};
	}
	const ok = result.score >= minimumScore;
	const suggestions = [result.feedback.warning, ...result.feedback.suggestions].filter(
		(s): s is string => typeof s === 'string' && s.length > 0
	);
	return {
		ok,
		score: result.score,
		message: ok
			? `${labels[result.score]} wachtwoord.`
			: `${labels[result.score]} wachtwoord: dit is te makkelijk te raden.`,
		suggestions: ok ? suggestions : suggestions.length > 0 ? suggestions : [ownWordsAdvice]
	};
}
