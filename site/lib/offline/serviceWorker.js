/**
 * Receptive's service worker, written to dist/sw.js by site/integrations/offlineCache.ts with the build's version in
 * place of the placeholder below. It keeps every same-origin file a demo page used (the page, its scripts and styles,
 * onnxruntime-web, the models) in one cache named after the build, so a reader who opened a post once can reopen it
 * and run its demos with the network off. A new build's worker deletes every older cache when it takes over.
 * The models' integrity is not its concern: the page checks their sha256 whatever the source (site/lib/inference/fetchVerified.ts).
 */
const VERSION = '__RECEPTIVE_BUILD_VERSION__';
const PREFIX = 'receptive-';
const CACHE = `${PREFIX}${VERSION}`;

/** Files that never change under one URL (content hash or version in the name, or the sha256 in the query). */
function immutable(url) {
  return /^\/(_astro|ort)\//.test(url.pathname) || url.searchParams.has('sha256');
}

function cacheable(response) {
  return response.ok && response.type === 'basic' && response.status === 200;
}

/** A response the cache can give back for a navigation: a followed redirect's flag would make the browser refuse it. */
function storable(response) {
  if (!response.redirected) return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * This build's cache to write to, opened once per worker start while it exists, else undefined. `caches.open` creates
 * the name it is given, so calling it after a newer build's worker deleted this one would bring the old cache back; a
 * Cache object opened before the deletion keeps working, unlisted. Reads go through `cached`, which opens nothing.
 */
let opened;
function ownCache() {
  opened ??= caches.has(CACHE).then((exists) => (exists ? caches.open(CACHE) : undefined));
  return opened;
}

/** The cache to write to, or undefined once a newer build's worker has taken over. */
async function current() {
  const cache = await ownCache();
  return self.serviceWorker?.state === 'redundant' ? undefined : cache;
}

async function put(request, response) {
  const cache = cacheable(response) ? await current() : undefined;
  await cache?.put(request, storable(response));
}

/** A read of this build's cache that never creates it (`caches.open` would, after a newer worker deleted it). */
function cached(request, options) {
  return caches.match(request, { ...options, cacheName: CACHE });
}

async function cacheFirst(request) {
  const hit = await cached(request);
  if (hit) return hit;
  const response = await fetch(request);
  await put(request, response.clone()).catch(() => undefined); // a full cache only costs the next visit a download
  return response;
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    await put(request, response.clone()).catch(() => undefined);
    return response;
  } catch (error) {
    // A page opened with other query parameters (the URL's demo state) is the same page.
    const hit = (await cached(request)) ?? (request.mode === 'navigate' ? await cached(request, { ignoreSearch: true }) : undefined);
    if (hit) return hit;
    throw error;
  }
}

/** Files the page loaded before this worker controlled it: fetched again (from the HTTP cache, mostly) and kept. */
async function keep(urls) {
  const cache = await current();
  if (!cache) return;
  for (const href of urls) {
    const url = new URL(href, self.location.href);
    if (url.origin !== self.location.origin || url.pathname === '/sw.js' || (await cache.match(url.href))) continue;
    const response = await fetch(url.href).catch(() => undefined);
    if (response) await put(url.href, response).catch(() => undefined);
  }
}

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
      opened = caches.open(CACHE); // this build's cache exists from now on, even before the first file is kept
      await opened;
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'keep' && Array.isArray(event.data.urls)) event.waitUntil(keep(event.data.urls));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || request.headers.has('range')) return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname === '/sw.js') return;
  event.respondWith(immutable(url) ? cacheFirst(request) : networkFirst(request));
});
