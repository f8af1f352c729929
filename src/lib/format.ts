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
