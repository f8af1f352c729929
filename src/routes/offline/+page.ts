// Prerendered and precached by the service worker: the one page shown without a network.
export const prerender = true;
// No JavaScript needed to read it; it also keeps the page independent of other chunks.
export const csr = false;
