// A classic script at the top of each page, run before anything is painted:
// 1. The page is served once per language (build.py renders index.html, index.ru.html, ...): a visitor whose
//    language (the one chosen on this site before, else the browser's) is not this file's goes to its
//    sibling at once, so the other language never flashes.
// 2. Starts the Python worker while the HTML is still being parsed, before the module graph has loaded
//    (Pyodide takes seconds; every millisecond earlier counts). client.js takes the worker over, with the
//    messages it sent in the meantime.
(() => {
  let chosen = null;
  try {
    chosen = localStorage.getItem("perceptron-lab.lang");
  } catch { /* storage can be blocked: the browser's language decides */ }
  chosen ||= (navigator.languages || [navigator.language]).some((l) => /^ru\b/i.test(l)) ? "ru" : "en";
  const sibling = document.querySelector(`link[rel=alternate][hreflang="${chosen}"]`);
  if (chosen !== document.documentElement.lang && sibling) {
    document.documentElement.style.visibility = "hidden"; // nothing of this file is shown while the other loads
    location.replace(sibling.href + location.search + location.hash);
    return;
  }
  // Named "first": the one worker whose downloads are kept for the service worker's precache (pyworker.js).
  const worker = new Worker(new URL("pyworker.js", document.currentScript.src), { type: "module", name: "first" });
  const queued = [];
  worker.onmessage = ({ data }) => queued.push(data);
  globalThis.perceptronLabEarlyWorker = { worker, queued };
})();
