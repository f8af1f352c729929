/**
 * TOTP codes for browser tests, without waiting for the next 30-second step.
 *
 * The server accepts the code of the current step and of the steps right before and after
 * it, each step once per authenticator (src/lib/server/auth/code-check.ts). So a test has
 * three fresh codes per step: it takes a step of that window that no earlier code of the
 * same key used. Used steps are what this process handed out, plus what the caller knows
 * (the `used_steps` the database recorded, a step a test used by hand).
 */
import * as totp from '../../../src/lib/server/auth/totp';

const handedOut = new Map<string, Set<number>>();

/**
 * The previous step only while the server will still be in this one when it checks the
 * code: the browser fills and submits in well under this, also on a busy machine.
 */
const previousStepMarginMs = 8_000;

function usedOf(secret: string): Set<number> {
	let used = handedOut.get(secret);
	if (!used) handedOut.set(secret, (used = new Set()));
	return used;
}

/** Records that a code of `step` was used for this key outside these helpers. */
export function markUsed(secret: string, step: number): void {
	usedOf(secret).add(step);
}

/**
 * Takes `step` for a code obtained elsewhere (an authenticator app's screen): false when an
 * earlier code used it, so the server would refuse this one.
 */
export function claimStep(secret: string, step: number, alsoUsed: Iterable<number> = []): boolean {
	const used = usedOf(secret);
	for (const s of alsoUsed) used.add(s);
	if (used.has(step)) return false;
	used.add(step);
	return true;
}

/** A code of `secret` in a step of the accepted window that no earlier code used. */
export async function freshCode(
	secret: string,
	alsoUsed: Iterable<number> = []
): Promise<{ code: string; step: number }> {
	const used = usedOf(secret);
	for (const s of alsoUsed) used.add(s);
	for (;;) {
		const now = Date.now();
		const current = totp.currentStep(now);
		const msLeft = (current + 1) * totp.period * 1000 - now;
		const candidates = [current, current + 1];
		if (msLeft > previousStepMarginMs) candidates.push(current - 1);
		const step = candidates.find((s) => !used.has(s));
		if (step !== undefined) {
			used.add(step);
			return { code: totp.generate(secret, step * totp.period * 1000), step };
		}
		// Every step the server accepts now was used: only a new step makes a new code,
		// so what is waited for here is time itself.
		await new Promise((r) => setTimeout(r, msLeft + 100));
	}
}
