// Renders the built pages to static HTML at build time: runs each page's own modules in a DOM (jsdom),
// with a stand-in for the Python worker that answers through the CPython core (answers.py), then writes the
// resulting document, one file per language. The browser runs the same modules again over it; the answers
// it asked for are embedded (script#prebuilt) so the page shows them before its own Python is ready.
//   node prerender.mjs SITE_DIR PAGE LANG PYTHON OUT.html   (PYTHONPATH must reach py_core)
// One page and language a process: the modules keep their state (language, Python client) for the process.
import { createRequire } from "node:module";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

// The pinned npm packages live in build.py's cache, not beside this file.
const require = createRequire(`${process.env.NODE_MODULES}/`);
const { JSDOM, VirtualConsole } = require("jsdom");
const katex = require("katex");

const [site, page, lang, python, out] = process.argv.slice(2);
const LANGS = { en: "", ru: ".ru" }; // as build.py's LANGS: the file of a page in a language
const PAGES = ["index.html", "playground.html", "digits.html"];
const fileIn = (l, name) => name.replace(/\.html$/, `${LANGS[l]}.html`);

// One CPython process answers every call, in order.
const answers = spawn(python, [new URL("answers.py", import.meta.url).pathname, `${site}/py`], { stdio: ["pipe", "pipe", "inherit"] });
const lines = createInterface({ input: answers.stdout });
const waiting = [];
lines.on("line", (line) => waiting.shift()(JSON.parse(line)));
const ask = (method, args) => new Promise((resolve) => {
  waiting.push(resolve);
  answers.stdin.write(JSON.stringify({ method, args }) + "\n");
});

// A canvas context that accepts every drawing call and draws nothing: the browser draws the canvases.
const noContext = new Proxy(function () {}, { get: (t, k) => (k === "measureText" ? () => ({ width: 0 }) : noContext), apply: () => noContext, set: () => true });

async function render(page, lang) {
  const errors = [];
  const virtualConsole = new VirtualConsole();
  virtualConsole.on("jsdomError", (e) => errors.push(e.message));
  const dom = new JSDOM(readFileSync(`${site}/${page}`, "utf8"), { url: `http://prerender.invalid/${page}`, pretendToBeVisual: true, virtualConsole });
  const w = dom.window;
  const doc = w.document;
  doc.documentElement.lang = lang;
  // The same page in every language, before start.js, which goes to the visitor's before anything is shown.
  doc.querySelector("script[src$='js/start.js']").before(...Object.keys(LANGS).map((l) =>
    Object.assign(doc.createElement("link"), { rel: "alternate", hreflang: l, href: fileIn(l, page) })));
  for (const a of doc.querySelectorAll("a[href]")) {
    if (PAGES.includes(a.getAttribute("href"))) a.setAttribute("href", fileIn(lang, a.getAttribute("href")));
  }
  w.HTMLCanvasElement.prototype.getContext = () => noContext;
  // Nothing is laid out here: observers of sizes and visibility never fire.
  w.ResizeObserver = w.IntersectionObserver = class { observe() {} unobserve() {} disconnect() {} };
  const calls = new Map(); // the calls made and their answers, by the key the page's client looks them up with
  let open = 0;
  let decode, prebuiltKey; // the page's own (client.js), once its modules are loaded
  w.Worker = class {
    postMessage(msg) {
      if (msg.type !== "call") return;
      open++;
      ask(msg.method, msg.args).then((a) => {
        calls.set(prebuiltKey(msg.method, msg.args), a);
        open--;
        this.onmessage?.({ data: a.error ? { type: "error", id: msg.id, error: a.error } : { type: "result", id: msg.id, value: decode(a.value) } });
      });
    }
    terminate() {}
  };
  w.katex = katex;
  // The page's modules expect browser globals; jsdom keeps them on its window.
  const names = new Set();
  for (let o = w; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) Object.getOwnPropertyNames(o).forEach((k) => names.add(k));
  for (const k of names) {
    if (k in globalThis && !/EventListener$|^dispatchEvent$/.test(k)) continue;
    const v = w[k];
    globalThis[k] = typeof v === "function" && /^[a-z]/.test(k) ? v.bind(w) : v; // methods of window, not classes
  }
  Object.assign(globalThis, { window: w, document: doc, navigator: w.navigator, localStorage: w.localStorage, Worker: w.Worker, katex });
  ({ decode, prebuiltKey } = await import(pathToFileURL(`${site}/js/client.js`).href));
  for (const script of doc.querySelectorAll("script[type=module][src]")) {
    await import(pathToFileURL(`${site}/${script.getAttribute("src")}`).href);
  }
  doc.dispatchEvent(new w.Event("DOMContentLoaded"));
  // Settled: no call open for a while.
  for (let quiet = 0; quiet < 5;) {
    await new Promise((r) => setTimeout(r, 50));
    quiet = open ? 0 : quiet + 1;
  }
  if (errors.length) throw new Error(`${page} (${lang}): ${errors.join("; ")}`);
  // Ready is what the browser's run of the modules says: a view the router opens runs them again over this HTML.
  doc.querySelector("main").removeAttribute("data-ready");
  const prebuilt = doc.createElement("script");
  prebuilt.type = "application/json";
  prebuilt.id = "prebuilt";
  prebuilt.textContent = JSON.stringify(Object.fromEntries(calls)).replace(/</g, "\\u003c");
  doc.head.append(prebuilt);
  return dom.serialize();
}

writeFileSync(out, await render(page, lang));
answers.stdin.end();
process.exit(0);
