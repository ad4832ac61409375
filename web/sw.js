// Service worker: precaches every file of the build so the site opens and trains offline after one visit,
// and adds COOP/COEP headers so the page is cross-origin isolated (SharedArrayBuffer → a Stop button that
// interrupts Python without restarting it). build.py fills in the version and the files with their sha256.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__; // {path: sha256 hex}
const CACHE = `perceptron-lab-${VERSION}`;
const scope = new URL(self.registration.scope);

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");

// The first visit has just downloaded most of these files: the worker kept Pyodide's downloads in DOWNLOADED
// (pyworker.js), the page's are in the HTTP cache; after a redeploy, the last build's cache holds the files that
// did not change. Take them from there, so that no byte comes twice. Any of these copies can be an older
// build's file under the same URL, so each must match this build's hash; one that does not is fetched again.
const DOWNLOADED = "perceptron-lab-downloaded";

async function precache(cache, path) {
  const url = new URL(path, scope);
  const sources = [() => caches.match(url), () => fetch(url, { cache: "force-cache" }), () => fetch(url, { cache: "no-cache" })];
  for (const source of sources) {
    const response = await source();
    if (response?.ok && hex(await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer())) === PRECACHE[path]) {
      return cache.put(url, response);
    }
  }
  throw new Error(`${path} on the server is not this build's`); // a deploy in progress: the next visit retries
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all(Object.keys(PRECACHE).map((path) => precache(cache, path)));
    await caches.delete(DOWNLOADED);
  })());
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
