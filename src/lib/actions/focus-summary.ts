/**
 * Moves the keyboard and screen-reader focus to an error summary when it appears, and again
 * whenever `key` changes (a second failed submit with the same message), instead of leaving
 * it on the page body after a failed form submit. Without JavaScript the element's
 * `autofocus` attribute does the same on the page the server sends back.
 */
export function focusSummary(node: HTMLElement, key?: unknown) {
	const focus = () => {
		if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
		// After the update that showed it has been painted, so the browser scrolls to it.
		requestAnimationFrame(() => {
			node.focus({ preventScroll: true });
			node.scrollIntoView({ block: 'center', behavior: 'instant' });
		});
	};
	focus();
	let last = key;
	return {
		update(next?: unknown) {
			if (next !== last) {
				last = next;
				focus();
			}
		}
	};
}
