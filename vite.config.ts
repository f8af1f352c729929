import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const themeColor = '#1f5f8b';
/** Where the service worker keeps its copy of the prerendered authenticator. */
const authenticatorCopy = 'authenticator?precache=1';

/**
 * In development SvelteKit runs the server `init` hook (database start, migrations, demo
 * data) on the first request. Make that first request ourselves as soon as Vite listens,
 * so `npm run dev` prints the database line and the demo logins without waiting for a browser.
 */
function warmUpOnListen(): Plugin {
	return {
		name: 'kindkring:warm-up',
		apply: 'serve',
		configureServer(server) {
			server.httpServer?.once('listening', () => {
				const address = server.httpServer?.address();
				if (!address || typeof address === 'string') return;
				setTimeout(() => {
					fetch(`http://localhost:${address.port}/healthz`).catch(() => undefined);
				}, 200);
			});
		}
	};
}

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			strategies: 'generateSW',
			registerType: 'prompt',
			// Absolute: with SvelteKit's relative paths the default would be `./sw.js` with scope
			// `./`, which a nested page (/hulp/inloggen) resolves to /hulp/sw.js, a 404. One
			// worker at /sw.js covers the whole site from whichever page registers it.
			base: '/',
			scope: '/',
			injectRegister: false,
			manifestFilename: 'manifest.webmanifest',
			manifest: {
				id: '/',
				name: 'Kindkring',
				short_name: 'Kindkring',
				description:
					'Hulpvragen, overlegrondes en dossiers van samenwerkingsverbanden passend onderwijs, veilig gedeeld met ouders en specialisten.',
				lang: 'nl',
				dir: 'ltr',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				orientation: 'any',
				theme_color: themeColor,
				background_color: '#ffffff',
				categories: ['education', 'productivity'],
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{
						src: '/icons/maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				],
				shortcuts: [
					{
						name: 'Authenticator',
						short_name: 'Authenticator',
						description: 'Inlogcodes op dit apparaat, ook zonder internet',
						url: '/authenticator',
						icons: [{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' }]
					}
				]
			},
			workbox: {
				// Privacy (architecture.md): precache only the app shell, static assets, the
				// prerendered offline page and the prerendered authenticator (public, no personal
				// data: its entries live encrypted in IndexedDB). Never authenticated pages,
				// __data.json or attachments.
				globPatterns: [
					'client/_app/immutable/**/*.{js,css}',
					'client/**/*.{ico,png,svg,webp,woff2,webmanifest}',
					'prerendered/pages/offline.html',
					'prerendered/pages/authenticator.html'
				],
				// Our own URL mapping (instead of the plugin's): the authenticator is precached under
				// a URL no navigation uses, so workbox's precache route (registered before any
				// runtime route) does not answer /authenticator from the cache. Every navigation,
				// the authenticator's too, goes to the network first.
				manifestTransforms: [
					async (entries) => {
						const seen = new Set<string>();
						const manifest = entries
							.map((entry) => {
								let url = entry.url;
								if (url.startsWith('client/')) url = url.slice('client/'.length);
								else if (url === 'prerendered/pages/offline.html') url = 'offline';
								else if (url === 'prerendered/pages/authenticator.html') url = authenticatorCopy;
								return { ...entry, url };
							})
							.filter((entry) => !seen.has(entry.url) && seen.add(entry.url));
						return { manifest, warnings: [] };
					}
				],
				navigateFallback: null,
				cleanupOutdatedCaches: true,
				runtimeCaching: [
					{
						// The authenticator: the network, and offline the precached copy rather than
						// the offline page.
						urlPattern: ({ request, url }) =>
							request.mode === 'navigate' && url.pathname === '/authenticator',
						handler: 'NetworkOnly',
						options: { precacheFallback: { fallbackURL: `/${authenticatorCopy}` } }
					},
					{
						// Every navigation goes to the network; only when that fails, the offline page.
						urlPattern: ({ request }) => request.mode === 'navigate',
						handler: 'NetworkOnly',
						options: { precacheFallback: { fallbackURL: '/offline' } }
					}
				]
			},
			kit: {
				includeVersionFile: true
			},
			devOptions: { enabled: false }
		}),
		warmUpOnListen()
	],
	server: {
		fs: { allow: ['migrations'] }
	},
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['tests/unit/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/support/global-setup.ts'],
					setupFiles: ['tests/support/database-per-file.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});
