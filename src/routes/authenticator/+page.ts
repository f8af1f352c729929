// Prerendered and precached by the service worker (vite.config.ts), so the authenticator
// opens without a network. It holds no personal data: the entries live in IndexedDB.
export const prerender = true;
