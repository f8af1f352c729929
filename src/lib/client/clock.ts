/**
 * Estimating how far this device's clock is off, NTP-style, against the server's clock.
 * Wrong clocks make every TOTP code wrong (domain.md, struggle 7) and cause certificate
 * warnings (struggle 12), so the authenticator and the 2FA help wizard both show it.
 *
 * Pure functions: the caller measures, these only reason about the numbers.
 */

/** One round trip: device time before sending (t0), after receiving (t1), server time in between. */
export interface ClockSample {
	t0: number;
	t1: number;
	serverTime: number;
}

export interface ClockEstimate {
	/** serverTime − deviceTime in ms: negative means the device runs ahead (voor). */
	offsetMs: number;
	/** Round trip of the sample the estimate came from; the error is at most half of it. */
	roundTripMs: number;
}

/**
 * The offset from the sample with the smallest round trip: its server timestamp is the one
 * most tightly bracketed by t0 and t1, so assuming it was taken halfway has the least error.
 * Samples with a negative round trip (device clock jumped mid-request) are ignored.
 */
export function estimateOffset(samples: readonly ClockSample[]): ClockEstimate | null {
	let best: ClockSample | null = null;
	for (const s of samples) {
		if (![s.t0, s.t1, s.serverTime].every(Number.isFinite) || s.t1 < s.t0) continue;
		if (!best || s.t1 - s.t0 < best.t1 - best.t0) best = s;
	}
	if (!best) return null;
	return {
		offsetMs: best.serverTime - (best.t0 + best.t1) / 2,
		roundTripMs: best.t1 - best.t0
	};
}

/** Above this the codes start to fail (one 30-second step, minus margin for typing). */
export const skewThresholdMs = 10_000;

export type ClockVerdict =
	| { kind: 'ok' }
	| {
			kind: 'skew';
			/** The device clock runs ahead (voor) or behind (achter) of real time. */
			direction: 'voor' | 'achter';
			seconds: number;
			/** Whole hours when the offset is close to them: usually a wrong time zone or DST setting. */
			hours: number | null;
	  };

/** Within this of a whole number of hours, the offset is most likely a time-zone mistake. */
const hourTolerance = 2 * 60_000;

export function judge(estimate: ClockEstimate, thresholdMs = skewThresholdMs): ClockVerdict {
	const off = estimate.offsetMs;
	if (Math.abs(off) <= thresholdMs) return { kind: 'ok' };
	const hoursExact = Math.abs(off) / 3_600_000;
	const hours = Math.round(hoursExact);
	const nearHour = hours >= 1 && Math.abs(Math.abs(off) - hours * 3_600_000) <= hourTolerance;
	return {
		kind: 'skew',
		direction: off < 0 ? 'voor' : 'achter',
		seconds: Math.round(Math.abs(off) / 1000),
		hours: nearHour ? hours : null
	};
}

/** The warning in Dutch, or null when the clock is fine. */
export function describe(verdict: ClockVerdict): string | null {
	if (verdict.kind === 'ok') return null;
	const base = `De klok van dit apparaat loopt ${verdict.seconds} seconden ${verdict.direction}.`;
	if (verdict.hours !== null) {
		const uur = verdict.hours === 1 ? '1 uur' : `${verdict.hours} uur`;
		return (
			`De klok van dit apparaat loopt ongeveer ${uur} ${verdict.direction}. ` +
			'Waarschijnlijk staat de tijdzone of de zomertijd verkeerd ingesteld. ' +
			'Kies de tijdzone Amsterdam en zet "Tijd automatisch instellen" aan.'
		);
	}
	return `${base} Daardoor kloppen de codes niet. Zet "Tijd automatisch instellen" aan in de instellingen van het apparaat.`;
}

/**
 * Takes `count` samples with the given functions and returns the estimate. `fetchServerTime`
 * should ask a small no-store endpoint; a failed round trip is skipped.
 */
export async function measure(
	fetchServerTime: () => Promise<number>,
	count = 5,
	now: () => number = Date.now
): Promise<ClockEstimate | null> {
	const samples: ClockSample[] = [];
	for (let i = 0; i < count; i++) {
		const t0 = now();
		try {
			const serverTime = await fetchServerTime();
			samples.push({ t0, t1: now(), serverTime });
		} catch {
			// Offline or a hiccup: the other samples may still do.
		}
	}
	return estimateOffset(samples);
}
