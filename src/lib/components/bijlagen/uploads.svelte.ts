/**
 * Bijlagen toevoegen with JavaScript: files go one by one to the upload endpoint with their
 * progress on screen, and a file that broke off on the way can be sent again. The photo form
 * and the file form share one of these, so a busy upload holds both back.
 */
import { invalidateAll } from '$app/navigation';
import { uploadKey } from '$lib/client/upload-key';

export interface Progress {
	key: string;
	name: string;
	size: number;
	sent: number;
	state: 'wacht' | 'bezig' | 'klaar' | 'geweigerd';
	message: string;
	warnings: string[];
	/** Sent with every attempt of this file: the server adds it once. */
	idempotencyKey: string;
	/** It failed on the way (connection, server briefly away): "Opnieuw proberen". */
	retryable: boolean;
}

/** The answer to one attempt; null when none came (the connection broke). */
type Answer = { status: number; text: string; retryAfter: number } | null;

// A file that broke off on the way is sent again by itself this many times in all.
const maxAttempts = 3;

export class Uploads {
	items = $state<Progress[]>([]);
	busy = $state(false);
	/** The file form's input: emptied once its files are sent. */
	fileInput = $state<HTMLInputElement>();
	// The chosen files by progress key, for "Opnieuw proberen" (the same key goes again);
	// nothing on screen depends on it, so it is a plain record, not state.
	readonly #chosen: Record<string, File> = {};
	readonly #url: () => string;
	readonly #maxBytes: () => number;

	/** `url` and `maxBytes` are read when a file is sent, so they follow the page's data. */
	constructor(url: () => string, maxBytes: () => number) {
		this.#url = url;
		this.#maxBytes = maxBytes;
	}

	/** The refusal of a file over the limit, with how to make it smaller. */
	get tooBig(): string {
		const mb = Math.round(this.#maxBytes() / 1048576);
		return `Het bestand is groter dan ${mb} MB. Scan het document op 300 dpi als PDF (zwart-wit of grijstinten); dan blijft het ruim onder de ${mb} MB.`;
	}

	#post(file: File, item: Progress): Promise<Answer> {
		return new Promise((resolve) => {
			const xhr = new XMLHttpRequest();
			xhr.open('POST', this.#url());
			xhr.setRequestHeader('Content-Type', 'application/octet-stream');
			xhr.setRequestHeader('X-Bestandsnaam', encodeURIComponent(file.name));
			xhr.setRequestHeader('Idempotency-Key', item.idempotencyKey);
			xhr.upload.onprogress = (e) => {
				item.sent = e.loaded;
			};
			xhr.onload = () =>
				resolve({
					status: xhr.status,
					text: xhr.responseText,
					retryAfter: Number(xhr.getResponseHeader('retry-after')) || 0
				});
			xhr.onerror = () => resolve(null);
			xhr.onabort = () => resolve(null);
			xhr.send(file);
		});
	}

	/**
	 * Sends one file; a lost answer or a server that is briefly away (502–504) is tried
	 * again with the same key, so the server adds the file at most once.
	 */
	async #send(file: File, item: Progress): Promise<void> {
		item.state = 'bezig';
		item.retryable = false;
		item.message = '';
		item.warnings = [];
		for (let attempt = 1; ; attempt++) {
			item.sent = 0;
			const answer = await this.#post(file, item);
			const transient = !answer || [502, 503, 504].includes(answer.status);
			if (transient && attempt < maxAttempts) {
				item.message = 'De verbinding viel weg. Kindkring probeert het opnieuw…';
				const seconds = Math.min(Math.max(answer?.retryAfter ?? 0, attempt), 5);
				await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
				continue;
			}
			this.#finish(item, answer);
			return;
		}
	}

	#finish(item: Progress, answer: Answer) {
		try {
			if (!answer) throw new Error('no answer');
			const body = JSON.parse(answer.text) as {
				results: { ok: boolean; error?: string; warnings: string[]; displayName?: string }[];
			};
			const r = body.results[0];
			item.state = r?.ok ? 'klaar' : 'geweigerd';
			item.message = r?.ok ? `Toegevoegd als ‘${r.displayName}’.` : (r?.error ?? 'Niet gelukt.');
			item.warnings = r?.warnings ?? [];
		} catch {
			item.state = 'geweigerd';
			if (answer?.status === 404) {
				item.message = 'U kunt hier (nu) geen bijlagen toevoegen.';
			} else {
				item.retryable = true;
				item.message = answer
					? 'Het uploaden is niet gelukt. Probeer het opnieuw.'
					: 'De verbinding viel weg. Probeer het opnieuw.';
			}
		}
	}

	async retry(item: Progress) {
		const file = this.#chosen[item.key];
		if (!file || this.busy) return;
		this.busy = true;
		await this.#send(file, item);
		this.busy = false;
		await invalidateAll();
	}

	async start(list: FileList | File[] | null | undefined) {
		if (!list || list.length === 0) return;
		this.busy = true;
		const files = [...list];
		const items = files.map((f, i) => ({
			key: `${Date.now()}-${i}`,
			name: f.name,
			size: f.size,
			sent: 0,
			state: 'wacht' as const,
			message: '',
			warnings: [] as string[],
			idempotencyKey: uploadKey(),
			retryable: false
		}));
		for (const [i, file] of files.entries()) this.#chosen[items[i]!.key] = file;
		this.items = [...items, ...this.items];
		// One at a time: a phone on a weak connection finishes files instead of stalling all.
		for (const [i, file] of files.entries()) {
			const item = this.items.find((u) => u.key === items[i]!.key)!;
			if (file.size > this.#maxBytes()) {
				item.state = 'geweigerd';
				item.message = this.tooBig;
				continue;
			}
			await this.#send(file, item);
		}
		this.busy = false;
		if (this.fileInput) this.fileInput.value = '';
		await invalidateAll();
	}
}
