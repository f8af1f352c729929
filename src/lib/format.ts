/** Dates as Dutch users read them, always in Dutch time whatever the device's zone. */
const dateTime = new Intl.DateTimeFormat('nl-NL', {
	timeZone: 'Europe/Amsterdam',
	day: 'numeric',
	month: 'short',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});

export function formatDateTime(value: Date | string | null, never = 'nooit'): string {
	return value ? dateTime.format(new Date(value)) : never;
}

const dateOnly = new Intl.DateTimeFormat('nl-NL', {
	timeZone: 'UTC',
	day: 'numeric',
	month: 'long',
	year: 'numeric'
});

/** A calendar date ("2019-03-14") as "14 maart 2019"; no time zone shift. */
export function formatDate(value: string | null, none = '—'): string {
	if (!value) return none;
	const d = new Date(value.slice(0, 10) + 'T00:00:00Z');
	return Number.isNaN(d.getTime()) ? value : dateOnly.format(d);
}

/** File sizes as people read them: "820 kB", "4,2 MB". */
export function formatSize(bytes: number): string {
	if (bytes < 1024) return `${bytes} bytes`;
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} kB`;
	return `${(bytes / (1024 * 1024)).toLocaleString('nl-NL', { maximumFractionDigits: 1 })} MB`;
}
