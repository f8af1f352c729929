import type { SubmitFunction } from '@sveltejs/kit';

/**
 * A form that shows it is working: `busy` is true while its request runs (the submit button
 * says "Bezig…" and is disabled, so a second tap sends nothing twice), and the fields keep
 * what was typed after a failure (`reset: false`), so nothing typed is lost.
 */
export class Busy {
	busy = $state(false);

	submit: SubmitFunction = () => {
		this.busy = true;
		return async ({ update }) => {
			await update({ reset: false });
			this.busy = false;
		};
	};
}
