/**
 * Password strength with Dutch words (zxcvbn-ts with its Dutch dictionary and the common
 * passwords list). Shared by the server, which decides, and the browser, which gives
 * feedback while typing. Loads its dictionaries lazily: they are large.
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

let factory: Promise<ZxcvbnFactory> | undefined;

function load(): Promise<ZxcvbnFactory> {
	factory ??= (async () => {
		const [core, common, nl] = await Promise.all([
			import('@zxcvbn-ts/core'),
			import('@zxcvbn-ts/language-common'),
			import('@zxcvbn-ts/language-nl-be')
		]);
		return new core.ZxcvbnFactory({
			translations: nl.translations,
			graphs: common.adjacencyGraphs,
			dictionary: { ...common.dictionary, ...nl.dictionary },
			useLevenshteinDistance: true
		});
	})();
	return factory;
}

const labels = ['Zeer zwak', 'Zwak', 'Matig', 'Sterk', 'Zeer sterk'];

/** `context`: words the password must not lean on (username, name, organisation). */
export async function check(password: string, context: string[] = []): Promise<Strength> {
	if (password.length < minimumLength) {
		return {
			ok: false,
			score: 0,
			message: `Gebruik minstens ${minimumLength} tekens (nu ${password.length}).`,
			suggestions: ['Een zin van een paar woorden is lang en goed te onthouden.']
		};
	}
	const zxcvbn = await load();
	const result = zxcvbn.check(password, context.filter(Boolean));
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
		suggestions
	};
}
