import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: {
		runes: true
	},
	kit: {
		adapter: adapter({ precompress: true }),
		// The service worker comes from @vite-pwa/sveltekit (workbox), not from SvelteKit's own.
		serviceWorker: { register: false },
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				// No 'unsafe-inline' for scripts: SvelteKit adds a nonce (SSR) or hash (prerendered).
				'script-src': ['self'],
				// Svelte writes style attributes; inline styles cannot run code.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'media-src': ['self', 'blob:'],
				'frame-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		// SvelteKit's own origin check for form posts is replaced by the same check in
		// hooks.server.ts (`formOrigin`), which exempts only the intake API: school systems
		// post multipart there without a browser Origin, authenticated by a code, never by a
		// cookie. tests/e2e/security.test.ts fails if a cross-site form post gets through.
		csrf: { trustedOrigins: ['*'] },
		version: {
			pollInterval: 0
		}
	}
};

export default config;
