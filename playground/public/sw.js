// The playground's service worker: once the page has been loaded, it opens and runs offline.
// The page itself stores its own files in the cache when it starts (offline.ts); this worker
// answers from that cache first for the page's files (their names carry a content hash, so a
// new build never collides with an old one) and from the network first for the page's address,
// so a new build is picked up whenever the network is there. Nothing but this origin's files is
// touched; nothing is ever sent anywhere.
const CACHE = 'netscn-playground';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(request.mode === 'navigate' ? networkFirst(request) : cacheFirst(request));
});

async function cacheFirst(request) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(CACHE)).put(request, response.clone());
    return response;
  } catch (offline) {
    const hit = (await caches.match(request, { ignoreSearch: true })) ?? (await caches.match('./'));
    if (hit) return hit;
    throw offline;
  }
}
