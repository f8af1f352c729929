/**
 * Splits the text of an OSO dossier, as it arrives, into its skeleton (every character of the
 * XML) and the contents of its `bestandsinhoud` elements, which are the bulk of a dossier and
 * are set aside as they pass. The skeleton then goes through the very checks and the parser of
 * a whole dossier, with a stand-in where each set-aside content stood.
 *
 * Only a content that the parser reads as plain text is set aside: base64 characters and XML
 * whitespace, also inside CDATA sections. Replacing such a run by another run of base64
 * characters changes neither the well-formedness nor the shape of the tree. When anything else
 * turns up inside a `bestandsinhoud` (an entity, a comment, a child element, another character)
 * the content is abandoned: the caller puts what was set aside back into the skeleton, so the
 * parser sees exactly what was sent.
 *
 * This is a lexer, not a parser: it follows comments, CDATA sections, processing instructions
 * and quoted attribute values only so far as to know where a `bestandsinhoud` content begins
 * and ends. After a declaration other than those (a DOCTYPE among them, which the checks then
 * refuse) nothing more is set aside.
 */
import { cdataOpen, isSpace, plain } from './oso-content';

export type SkeletonPiece =
	/** Text of the skeleton. */
	| { kind: 'xml'; text: string }
	/** The content of a `bestandsinhoud` begins. */
	| { kind: 'open' }
	/** Raw content, CDATA markers included; only base64 characters, XML whitespace and those. */
	| { kind: 'content'; text: string }
	/** The content ended at its end tag: replace it by a stand-in. */
	| { kind: 'close' }
	/** The content is not plain base64: put it back into the skeleton as it was. */
	| { kind: 'abandon' };

type State = 'text' | 'markup' | 'start-tag' | 'end-tag' | 'comment' | 'pi' | 'cdata' | 'rest';

const commentOpen = '<!--';

/** Longer names are never `bestandsinhoud` (with a prefix): no need to keep them. */
const maxName = 256;

export class SkeletonLexer {
	private state: State = 'text';
	/** Inside the content of a `bestandsinhoud`, setting it aside. */
	private diverting = false;
	/** The characters of a `<…` not yet known to be a tag, a comment, a CDATA section… */
	private pending = '';
	private name = '';
	private nameDone = false;
	private quote = 0;
	private slash = false;
	/** The run of `-`, `?` or `]` that may close a comment, a PI or a CDATA section. */
	private run = 0;
	private out: SkeletonPiece[] = [];

	feed(text: string): SkeletonPiece[] {
		let i = 0;
		while (i < text.length) i = this.step(text, i);
		return this.take();
	}

	/** The end of the text: whatever is still pending belongs to the skeleton. */
	end(): SkeletonPiece[] {
		if (this.diverting) {
			// The `]` of a CDATA section that may have been about to close are held back.
			const held = this.state === 'cdata' ? ']'.repeat(this.run) : '';
			this.abandon();
			this.emit('xml', held);
		}
		this.emit('xml', this.pending);
		this.pending = '';
		return this.take();
	}

	private take(): SkeletonPiece[] {
		const out = this.out;
		this.out = [];
		return out;
	}

	private emit(kind: 'xml' | 'content', text: string): void {
		if (text === '') return;
		const last = this.out.at(-1);
		if (last?.kind === kind) last.text += text;
		else this.out.push({ kind, text });
	}

	private abandon(): void {
		this.out.push({ kind: 'abandon' });
		this.diverting = false;
	}

	/** Handles text from `i` on and returns where it stopped. */
	private step(text: string, i: number): number {
		switch (this.state) {
			case 'text':
				return this.diverting ? this.content(text, i) : this.textAt(text, i);
			case 'markup':
				return this.markup(text, i);
			case 'start-tag':
				return this.startTag(text, i);
			case 'end-tag': {
				const end = text.indexOf('>', i);
				if (end < 0) {
					this.emit('xml', text.slice(i));
					return text.length;
				}
				this.emit('xml', text.slice(i, end + 1));
				this.state = 'text';
				return end + 1;
			}
			case 'comment':
				return this.closing(text, i, 45, 2);
			case 'pi':
				return this.pi(text, i);
			case 'cdata':
				return this.diverting ? this.cdataContent(text, i) : this.closing(text, i, 93, 2);
			case 'rest':
				this.emit('xml', text.slice(i));
				return text.length;
		}
	}

	private textAt(text: string, i: number): number {
		const lt = text.indexOf('<', i);
		if (lt < 0) {
			this.emit('xml', text.slice(i));
			return text.length;
		}
		this.emit('xml', text.slice(i, lt));
		this.state = 'markup';
		this.pending = '<';
		return lt + 1;
	}

	private content(text: string, i: number): number {
		let j = i;
		while (j < text.length && plain(text.charCodeAt(j))) j++;
		this.emit('content', text.slice(i, j));
		if (j === text.length) return j;
		if (text.charCodeAt(j) === 60) {
			this.state = 'markup';
			this.pending = '<';
			return j + 1;
		}
		this.abandon();
		return j;
	}

	/** One more character of a `<…`, until it is known what it opens. */
	private markup(text: string, i: number): number {
		const c = text[i] ?? '';
		const p = this.pending + c;
		if (this.diverting) {
			if (p === '</') {
				this.out.push({ kind: 'close' });
				this.diverting = false;
			} else if (cdataOpen.startsWith(p)) {
				this.pending = p;
				if (p === cdataOpen) {
					this.emit('content', p);
					this.pending = '';
					this.state = 'cdata';
					this.run = 0;
				}
				return i + 1;
			} else {
				// Look at the same character again, now as part of the skeleton.
				this.abandon();
				return i;
			}
		}
		if (p.length === 2 && c !== '!') {
			this.pending = '';
			if (c === '/') {
				this.emit('xml', p);
				this.state = 'end-tag';
				return i + 1;
			}
			if (c === '?') {
				this.emit('xml', p);
				this.state = 'pi';
				// The parser looks for `?>` from the `?` of `<?` on.
				this.run = 1;
				this.quote = 0;
				return i + 1;
			}
			this.emit('xml', '<');
			this.state = 'start-tag';
			this.name = '';
			this.nameDone = false;
			this.quote = 0;
			this.slash = false;
			return i;
		}
		if (p === commentOpen || p === cdataOpen) {
			this.emit('xml', p);
			this.pending = '';
			this.state = p === commentOpen ? 'comment' : 'cdata';
			this.run = 0;
			return i + 1;
		}
		if (commentOpen.startsWith(p) || cdataOpen.startsWith(p)) {
			this.pending = p;
			return i + 1;
		}
		this.emit('xml', p);
		this.pending = '';
		this.state = 'rest';
		return i + 1;
	}

	private startTag(text: string, i: number): number {
		const from = i;
		for (; i < text.length; i++) {
			const code = text.charCodeAt(i);
			if (this.quote !== 0) {
				if (code === this.quote) this.quote = 0;
				this.slash = false;
				continue;
			}
			if (code === 62) {
				this.emit('xml', text.slice(from, i + 1));
				this.state = 'text';
				const name = this.name.endsWith('/') ? this.name.slice(0, -1) : this.name;
				if (!this.slash && name.slice(name.indexOf(':') + 1) === 'bestandsinhoud') {
					this.out.push({ kind: 'open' });
					this.diverting = true;
				}
				return i + 1;
			}
			if (code === 34 || code === 39) {
				this.quote = code;
				// A quote in the name: no name of ours.
				if (!this.nameDone) this.name = '"';
				this.nameDone = true;
			} else if (!this.nameDone) {
				if (isSpace(code)) this.nameDone = true;
				else if (this.name.length < maxName) this.name += text[i];
			}
			this.slash = code === 47;
		}
		this.emit('xml', text.slice(from));
		return i;
	}

	/** A comment or CDATA section in the skeleton: up to a run of two `close` and `>`. */
	private closing(text: string, i: number, close: number, needed: number): number {
		const from = i;
		for (; i < text.length; i++) {
			const code = text.charCodeAt(i);
			if (code === 62 && this.run >= needed) {
				this.emit('xml', text.slice(from, i + 1));
				this.state = 'text';
				this.run = 0;
				return i + 1;
			}
			this.run = code === close ? this.run + 1 : 0;
		}
		this.emit('xml', text.slice(from));
		return i;
	}

	/** A processing instruction: up to `?>` outside quotes, as the parser reads it. */
	private pi(text: string, i: number): number {
		const from = i;
		for (; i < text.length; i++) {
			const code = text.charCodeAt(i);
			if (this.quote !== 0) {
				if (code === this.quote) this.quote = 0;
				continue;
			}
			if (code === 62 && this.run > 0) {
				this.emit('xml', text.slice(from, i + 1));
				this.state = 'text';
				this.run = 0;
				return i + 1;
			}
			if (code === 34 || code === 39) this.quote = code;
			this.run = code === 63 ? 1 : 0;
		}
		this.emit('xml', text.slice(from));
		return i;
	}

	/** A CDATA section inside a content being set aside: base64, whitespace, then `]]>`. */
	private cdataContent(text: string, i: number): number {
		let j = i;
		if (this.run === 0) {
			while (j < text.length && plain(text.charCodeAt(j))) j++;
			this.emit('content', text.slice(i, j));
		}
		for (; j < text.length; j++) {
			const code = text.charCodeAt(j);
			if (code === 93 && this.run < 2) {
				this.run++;
			} else if (code === 62 && this.run === 2) {
				this.emit('content', ']]>');
				this.state = 'text';
				this.run = 0;
				return j + 1;
			} else if (this.run === 0 && plain(code)) {
				return j;
			} else {
				// The `]` seen so far are text of the section: go on as skeleton, having seen them.
				this.abandon();
				this.emit('xml', ']'.repeat(this.run));
				return j;
			}
		}
		return j;
	}
}
