/**
 * The key of one chosen file for the upload endpoint (Idempotency-Key): a random UUID,
 * made once per file and sent again with every retry of that file, so a retry after a lost
 * answer returns the first bijlage instead of adding it twice. `crypto.randomUUID` exists
 * only in a secure context; elsewhere (a plain http address on a school network) the same
 * version-4 UUID is built from `getRandomValues`.
 */
export function uploadKey(): string {
	if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
	const b = crypto.getRandomValues(new Uint8Array(16));
	b[6] = (b[6]! & 0x0f) | 0x40;
	b[8] = (b[8]! & 0x3f) | 0x80;
	const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
