import type { SubmitFunction } from '@sveltejs/kit';

/**
 * Whether a form is on its way, for a button that says "Bezig…" meanwhile:
 * `use:enhance={sending.submit}`, `disabled={sending.busy}`. A refused form always keeps what
 * was typed; `keep` also keeps it after a success (SvelteKit empties the form then).
 * `after` runs once the page shows the answer.
 */
export class Sending {
	busy = $state(false);
	readonly submit: SubmitFunction;

	constructor({ keep = true, after }: { keep?: boolean; after?: (success: boolean) => void } = {}) {
		this.submit = () => {
			this.busy = true;
			return async ({ update, result }) => {
				await update({ reset: !keep });
				after?.(result.type === 'success');
				this.busy = false;
			};
		};
	}
}
