/**
 * The demo dossiers' calendar: days since 1970-01-01, local Dutch time, and a seeded
 * generator, so every seeding gives the same dates and times.
 */
import { demoToday } from './dossier-model';

export function toDay(iso: string): number {
	return Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

export function isoOf(day: number): string {
	return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The same day on a weekday, else the Monday after. */
export function workday(day: number): number {
	const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
	return weekday === 6 ? day + 2 : weekday === 0 ? day + 1 : day;
}

/** March and October both have 31 days. */
function lastSunday(year: number, month: 3 | 10): number {
	const last = toDay(`${year}-${String(month).padStart(2, '0')}-31`);
	return last - ((last + 4) % 7);
}

/** The instant of a local time in the Netherlands (CET, CEST from the last Sunday of March). */
export function amsterdam(day: number, minute: number): Date {
	const year = Number(isoOf(day).slice(0, 4));
	const utcGuess = day * 1440 + minute - 60;
	const summerStart = lastSunday(year, 3) * 1440 + 60;
	const summerEnd = lastSunday(year, 10) * 1440 + 60;
	const offset = utcGuess >= summerStart && utcGuess < summerEnd ? 120 : 60;
	return new Date((day * 1440 + minute - offset) * 60_000);
}

export interface Moment {
	day: number;
	minute: number;
}

export const after = (a: Moment, b: Moment) =>
	a.day > b.day || (a.day === b.day && a.minute > b.minute);

/** A small seeded generator (mulberry32 on an FNV-1a hash), so every run is the same. */
export function generator(seedText: string): () => number {
	let h = 2166136261;
	for (let i = 0; i < seedText.length; i++) h = Math.imul(h ^ seedText.charCodeAt(i), 16777619);
	let a = h >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Moments of the creation and each step: working days, office hours, not after demoToday. */
export function schedule(
	start: string,
	gapsWanted: (number | undefined)[],
	random: () => number
): Moment[] {
	const end = toDay(demoToday);
	const first = workday(toDay(start));
	let gaps = gapsWanted.map((g) => g ?? 4 + Math.floor(random() * 15));
	const total = gaps.reduce((a, b) => a + b, 0);
	if (first + total > end) gaps = gaps.map((g) => Math.floor((g * (end - first)) / total));
	const moments: Moment[] = [{ day: first, minute: 510 + Math.floor(random() * 420) }];
	for (const gap of gaps) {
		const previous = moments[moments.length - 1]!;
		const day = Math.max(previous.day, Math.min(end, workday(previous.day + gap)));
		let minute = 510 + Math.floor(random() * 480);
		if (day === previous.day && minute <= previous.minute) minute = previous.minute + 20;
		moments.push({ day, minute });
	}
	return moments;
}
