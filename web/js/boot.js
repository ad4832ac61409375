// Shared start of every page: starts the Python worker first (it takes seconds), registers the service
// worker, shows what is loading, sets <body data-ready="true|error">, and wires the language switch.
import { PyClient } from "./client.js";
import { registerStrings, t, applyI18n, setLang, lang, onLangChange } from "./i18n.js";

export const py = new PyClient();

registerStrings({
  en: {
    "app.title": "Perceptron Lab",
    "nav.lesson": "Lesson",
    "nav.playground": "Playground",
    "title.playground": "Perceptron Lab · Playground",
    "nav.language": "Language",
    "nav.sections": "Sections",
    "status.runtime": "Loading Python (Pyodide)…",
    "status.core": "Loading numpy and the perceptron core…",
    "status.ready": "Python {python} · numpy {numpy} · perceptron {perceptron}",
    "status.restart": "Restarting Python…",
    "status.error": "Python could not start: {error}",
  },
  ru: {
    "app.title": "Perceptron Lab",
    "nav.lesson": "Урок",
    "nav.playground": "Песочница",
    "title.playground": "Perceptron Lab · Песочница",
    "nav.language": "Язык",
    "nav.sections": "Разделы",
    "status.runtime": "Загружаем Python (Pyodide)…",
    "status.core": "Загружаем numpy и ядро perceptron…",
    "status.ready": "Python {python} · numpy {numpy} · perceptron {perceptron}",
    "status.restart": "Перезапускаем Python…",
    "status.error": "Python не запустился: {error}",
  },
});

const statusEl = document.getElementById("py-status");
let statusKey = "status.runtime";
let statusParams = {};
function showStatus(key, params = {}) {
  statusKey = key;
  statusParams = params;
  statusEl.textContent = t(key, params);
  statusEl.dataset.state = key.slice("status.".length);
}

py.events.addEventListener("status", (e) => showStatus(`status.${e.detail.stage}`));
py.events.addEventListener("restart", () => {
  document.body.dataset.ready = "false";
  showStatus("status.restart");
});
py.events.addEventListener("ready", (e) => {
  performance.mark("py-ready"); // read by the benchmark (build.py bench)
  showStatus("status.ready", e.detail);
  document.body.dataset.ready = "true";
});
py.events.addEventListener("fatal", (e) => {
  showStatus("status.error", { error: e.detail.error });
  document.body.dataset.ready = "error";
});

for (const button of document.querySelectorAll("[data-lang]")) {
  button.addEventListener("click", () => setLang(button.dataset.lang));
}
function markLang() {
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang()));
  }
  showStatus(statusKey, statusParams);
}
onLangChange(markLang);
// Translate once every module script has registered its strings; boot.js itself runs first so that
// Python starts loading before anything else.
document.addEventListener("DOMContentLoaded", () => {
  applyI18n();
  markLang();
});

// The service worker precaches the whole site (~18 MB): registered once Python is up, so that this download
// does not compete with the first start, whose own downloads the precache then reads (see sw.js). Without a
// service worker, nothing will read the downloads the Python worker kept for it.
py.ready.then(() => navigator.serviceWorker.register("./sw.js"))
  .catch((e) => {
    console.warn("offline cache unavailable:", e.message);
    return globalThis.caches?.delete("perceptron-lab-downloaded");
  });

// A handle for the browser tests and the curious (the console): the page's one Python client.
globalThis.perceptronLab = { py };
