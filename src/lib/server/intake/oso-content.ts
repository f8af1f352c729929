/**
 * The base64 content of a `bestandsinhoud` that the skeleton lexer set aside: its characters
 * without whitespace and CDATA markers (`ContentText`), and their bytes (`ContentDecoder`).
 */

export const cdataOpen = '<![CDATA[';

/** 1: a base64 character, 2: XML whitespace. */
const kinds = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=') {
	kinds[c.charCodeAt(0)] = 1;
}
for (const c of ' \t\r\n') kinds[c.charCodeAt(0)] = 2;

/** A base64 character or XML whitespace: what a set-aside content may hold. */
export const plain = (code: number) => code < 128 && kinds[code] !== 0;
export const isSpace = (code: number) => code < 128 && kinds[code] === 2;
/**
 * The base64 characters of a content the lexer set aside, fed in pieces: whitespace and CDATA
 * markers left out. In such a content `<` only opens `<![CDATA[` and `]` only opens `]]>`.
 */
export class ContentText {
	private skip = 0;
	private inCdata = false;

	base64(raw: string): string {
		const parts: string[] = [];
		let i = 0;
		while (i < raw.length) {
			if (this.skip > 0) {
				const n = Math.min(this.skip, raw.length - i);
				this.skip -= n;
				i += n;
				continue;
			}
			const code = raw.charCodeAt(i);
			if (code === 60) {
				this.skip = cdataOpen.length;
				this.inCdata = true;
			} else if (code === 93 && this.inCdata) {
				this.skip = 3;
				this.inCdata = false;
			} else if (isSpace(code)) {
				i++;
			} else {
				let j = i + 1;
				while (j < raw.length && kinds[raw.charCodeAt(j)] === 1) j++;
				parts.push(raw.slice(i, j));
				i = j;
			}
		}
		return parts.join('');
	}
}

const base64Values = new Int8Array(128).fill(-1);
for (const [i, c] of [
	...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
].entries()) {
	base64Values[c.charCodeAt(0)] = i;
}

/**
 * Decodes the bytes of a set-aside content whose base64 is valid (see `Base64Rule`), fed in
 * pieces, straight into a buffer: no string of the content is made.
 */
export class ContentDecoder {
	private skip = 0;
	private inCdata = false;
	private bits = 0;
	private count = 0;

	/** Decodes `raw` into `out` from `at` on; returns where the next byte goes. */
	decode(raw: Uint8Array, out: Uint8Array, at: number): number {
		for (let i = 0; i < raw.length; i++) {
			const code = raw[i] ?? 0;
			if (this.skip > 0) {
				this.skip--;
			} else if (code === 60) {
				this.skip = cdataOpen.length - 1;
				this.inCdata = true;
			} else if (code === 93 && this.inCdata) {
				this.skip = 2;
				this.inCdata = false;
			} else {
				const value = code < 128 ? (base64Values[code] ?? -1) : -1;
				if (value < 0) continue;
				this.bits = (this.bits << 6) | value;
				if (++this.count === 4) {
					out[at++] = (this.bits >> 16) & 0xff;
					out[at++] = (this.bits >> 8) & 0xff;
					out[at++] = this.bits & 0xff;
					this.bits = 0;
					this.count = 0;
				}
			}
		}
		return at;
	}

	/** The last bytes of a content that ends in `=` padding. */
	end(out: Uint8Array, at: number): number {
		if (this.count === 2) out[at++] = (this.bits >> 4) & 0xff;
		else if (this.count === 3) {
			out[at++] = (this.bits >> 10) & 0xff;
			out[at++] = (this.bits >> 2) & 0xff;
		}
		this.bits = 0;
		this.count = 0;
		return at;
	}
}
