/**
 * Offline once loaded: registers the service worker (public/sw.js) and stores the files this
 * page loaded (its address and every same-origin script, style and chunk fetched so far) in the
 * cache the worker answers from. Diagrams load Mermaid on first use: once drawn, they too work
 * offline. Resolves to whether the page is stored (false where service workers are unavailable,
 * e.g. a page opened from a file).
 */
const CACHE = 'netscn-playground';

export async function keepForOffline(): Promise<boolean> {
  if (!('serviceWorker' in navigator) || !('caches' in window) || location.protocol === 'file:') return false;
  try {
    await navigator.serviceWorker.register('./sw.js');
    const own = performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .filter((url) => new URL(url).origin === location.origin);
    const page = location.href.split('#')[0] as string;
    await (await caches.open(CACHE)).addAll([...new Set([page, ...own])]);
    return true;
  } catch {
    return false;
  }
}
