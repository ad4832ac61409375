// Shared start of every page: starts the Python worker first (it takes seconds), registers the service
// worker, shows what is loading, sets <body data-ready="true|error">, and wires the language switch.
import { PyClient } from "./client.js";
import { bind, reword, setLang, lang, onLangChange } from "./i18n.js";
import "./router.js"; // the lesson and the playground as views of one document: one Python for both
import { watchWorker } from "./recover.js";

export const py = new PyClient();

// Student code (the lesson's exercises) runs in an interpreter of its own, never in the one that computes the
// page's numbers: nothing a cell does reaches them, and stopping, losing or restarting it leaves the page's
// Python alone. Started by its first use (a first Run or Check), so that it costs a visitor who never runs code
// nothing; replaced whenever it dies (the cell says what happened).
let student = null;
export function studentPython() {
  if (!student) {
    student = new PyClient();
    watchWorker(student, () => {});
  }
  return student;
}

const statusEl = document.getElementById("py-status");
function showStatus(key, params = {}) {
  bind(statusEl, key, params);
  statusEl.dataset.state = key.slice("status.".length);
}
showStatus("status.runtime");

document.addEventListener("viewload", (e) => py.addPrebuilt(e.detail));
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
}
onLangChange(markLang);
if (!document.getElementById("prebuilt")) reword(); // the build worded its pages; only the template needs it here
markLang();

// The service worker precaches the whole site (~18 MB): registered once Python is up and its downloads are kept, so that this download
// does not compete with the first start, whose own downloads the precache then reads (see sw.js). Without a
// service worker, nothing will read the downloads the Python worker kept for it.
py.events.addEventListener("kept", async () => {
  try {
    await navigator.serviceWorker.register("./sw.js");
  } catch (e) {
    console.warn("offline cache unavailable:", e.message);
    await globalThis.caches?.delete("perceptron-lab-downloaded");
  }
}, { once: true });

// A handle for the browser tests and the curious (the console): the page's Python clients.
globalThis.perceptronLab = { py, studentPython };
