import { describe, expect, it } from 'vitest';
import {
	describe as describeVerdict,
	estimateOffset,
	judge,
	measure
} from '../../src/lib/client/clock';

describe('clock offset estimate', () => {
	it('uses the sample with the smallest round trip', () => {
		const estimate = estimateOffset([
			{ t0: 1_000, t1: 1_400, serverTime: 5_000 }, // rtt 400, offset 3800
			{ t0: 2_000, t1: 2_020, serverTime: 6_010 }, // rtt 20, offset 4000
			{ t0: 3_000, t1: 3_300, serverTime: 7_500 } // rtt 300, offset 4350
		]);
		expect(estimate).toEqual({ offsetMs: 4_000, roundTripMs: 20 });
	});

	it('gives a negative offset when the device runs ahead of the server', () => {
		const device = 1_700_000_045_000;
		const estimate = estimateOffset([{ t0: device, t1: device + 10, serverTime: device - 45_000 }]);
		expect(estimate!.offsetMs).toBe(-45_005);
		const verdict = judge(estimate!);
		expect(verdict).toMatchObject({ kind: 'skew', direction: 'voor', seconds: 45, hours: null });
		expect(describeVerdict(verdict)).toMatch(/^De klok van dit apparaat loopt 45 seconden voor\./);
	});

	it('gives a positive offset when the device runs behind', () => {
		const estimate = estimateOffset([{ t0: 0, t1: 100, serverTime: 20_050 }]);
		expect(estimate!.offsetMs).toBe(20_000);
		expect(judge(estimate!)).toMatchObject({ kind: 'skew', direction: 'achter', seconds: 20 });
	});

	it('accepts up to ten seconds', () => {
		expect(judge({ offsetMs: 9_999, roundTripMs: 5 })).toEqual({ kind: 'ok' });
		expect(judge({ offsetMs: -10_000, roundTripMs: 5 })).toEqual({ kind: 'ok' });
		expect(judge({ offsetMs: -10_001, roundTripMs: 5 }).kind).toBe('skew');
		expect(describeVerdict({ kind: 'ok' })).toBeNull();
	});

	it('recognises a whole hour as a time-zone mistake', () => {
		const ahead = judge({ offsetMs: -(3_600_000 + 40_000), roundTripMs: 10 });
		expect(ahead).toMatchObject({ kind: 'skew', direction: 'voor', hours: 1 });
		expect(describeVerdict(ahead)).toMatch(/ongeveer 1 uur voor.*tijdzone/);
		expect(judge({ offsetMs: 2 * 3_600_000 - 30_000, roundTripMs: 10 })).toMatchObject({
			direction: 'achter',
			hours: 2
		});
		// Forty minutes off is a wrong clock, not a time zone.
		expect(judge({ offsetMs: 40 * 60_000, roundTripMs: 10 })).toMatchObject({ hours: null });
		expect(judge({ offsetMs: 90 * 60_000, roundTripMs: 10 })).toMatchObject({ hours: null });
	});

	it('ignores impossible samples and returns null without any', () => {
		expect(estimateOffset([])).toBeNull();
		expect(estimateOffset([{ t0: 10, t1: 5, serverTime: 7 }])).toBeNull();
		expect(
			estimateOffset([
				{ t0: 10, t1: 5, serverTime: 7 },
				{ t0: 0, t1: 50, serverTime: 1_025 }
			])
		).toEqual({ offsetMs: 1_000, roundTripMs: 50 });
	});

	it('measures with injected clocks and skips failed round trips', async () => {
		let device = 0;
		let call = 0;
		const estimate = await measure(
			async () => {
				call++;
				if (call === 2) throw new Error('offline');
				device += call === 3 ? 10 : 200; // third trip is the fastest
				return device - 5 + 60_000;
			},
			4,
			() => device
		);
		expect(estimate).toEqual({ offsetMs: 60_000, roundTripMs: 10 });
	});
});
