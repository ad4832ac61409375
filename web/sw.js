// Service worker: precaches every file of the build so the site opens and trains offline after one visit,
// and adds COOP/COEP headers so the page is cross-origin isolated (SharedArrayBuffer → a Stop button that
// interrupts Python without restarting it). build.py fills in the version and the file list.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = `perceptron-lab-${VERSION}`;
const scope = new URL(self.registration.scope);

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE.map((f) => new URL(f, scope)))));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith("perceptron-lab-") && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

function isolated(response) {
  if (!response || response.type === "opaque" || response.status === 0) return response;
  const headers = new Headers(response.headers);
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Cross-Origin-Embedder-Policy", "require-corp");
  headers.set("Cross-Origin-Resource-Policy", "same-origin");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== scope.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(event.request, { ignoreSearch: true })
      || (event.request.mode === "navigate" && url.pathname.endsWith("/")
        && await cache.match(new URL("index.html", url)));
    return isolated(hit || await fetch(event.request));
  })());
});
