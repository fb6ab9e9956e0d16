// TripSage service worker: the app shell and a trip's last answers offline, nothing else.
// - Pages (navigations): network first; offline, the cached shell (index.html) — the client routes.
// - Built assets (/assets/*, content-hashed): cache first, saved as they are loaded.
// - A trip's own reads (GET /api/trips/<id>, /state, /events): network first; a good answer is saved;
//   offline, the saved copy is answered with a TripSage-Cached-At header, so the page can say
//   "Offline — showing the trip as of <time>". The client deletes the API cache on sign-out.
// Everything else (sign-in, writes, other API reads, Socket.IO) goes to the network untouched.
const VERSION = 'v1';
const SHELL_CACHE = `tripsage-shell-${VERSION}`;
const API_CACHE = 'tripsage-api';
const CACHED_AT_HEADER = 'TripSage-Cached-At';
const TRIP_READ = /^\/api\/trips\/[^/]+(\/state|\/events)?$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(['/', '/manifest.webmanifest', '/icon.svg']))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('tripsage-shell-') && name !== SHELL_CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(shell(request));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(asset(request));
  } else if (TRIP_READ.test(url.pathname)) {
    event.respondWith(tripRead(request, url));
  }
});

async function shell(request) {
  try {
    const response = await fetch(request);
    if (response.ok) {
      const cache = await caches.open(SHELL_CACHE);
      await cache.put('/', response.clone());
    }
    return response;
  } catch (error) {
    const cached = await caches.match('/', { cacheName: SHELL_CACHE });
    if (cached) return cached;
    throw error;
  }
}

async function asset(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const cache = await caches.open(SHELL_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

/** The saved copy's key: the path (an events read keeps its `after`), never the credentials. */
function tripKey(url) {
  return url.pathname.endsWith('/events') ? `${url.pathname}?after=${url.searchParams.get('after') ?? '0'}` : url.pathname;
}

async function tripRead(request, url) {
  const cache = await caches.open(API_CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) {
      const headers = new Headers(response.headers);
      headers.set(CACHED_AT_HEADER, new Date().toISOString());
      const copy = new Response(await response.clone().arrayBuffer(), { status: response.status, statusText: response.statusText, headers });
      await cache.put(tripKey(url), copy);
    }
    return response;
  } catch (error) {
    // Offline (or the API down): the last good answer for this trip, marked as a saved copy.
    const cached = await cache.match(tripKey(url));
    if (cached) return cached;
    throw error;
  }
}
