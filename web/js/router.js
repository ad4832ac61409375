// One document for the pages of the nav (the lesson, the playground, the digits), so that all keep the one Python
// worker: moving between them must not start Pyodide again. A click on a link to a page of the nav fetches that
// page once, puts its <main> next to this one, adds its stylesheets, runs its scripts, and gives it its own URL
// (history.pushState); the view left is hidden, not removed, so its fields, canvases and runs live on. Back and
// forward show the view of the URL. A modified click (new tab, new window) or any failure navigates as usual.
// Each view hears "viewhide" and "viewshow" on its <main> (the playground pauses training while hidden); the
// document hears "viewload" (detail: the page's parsed document) before a page's modules first run.
// Each page is built once per language (build.py): NAME.html in English, NAME.<lang>.html in the others; a view is
// the page whatever its language, and shows the file of the language chosen.
import { reword, lang, LANGS } from "./i18n.js";

const LANG_FILE = new RegExp(`\\.(${LANGS.join("|")})(?=\\.html$)`);
const pageKey = (url) => {
  const u = new URL(url, location.href);
  return u.origin + u.pathname.replace(LANG_FILE, "");
};
// The page's file in each language, from its <link rel=alternate hreflang> (start.js reads them too).
const alternatesOf = (doc, base) => Object.fromEntries([...doc.querySelectorAll("link[rel=alternate][hreflang]")]
  .map((l) => [l.hreflang, new URL(l.getAttribute("href"), base).href]));
const navLinks = [...document.querySelectorAll("header nav a[href]")];
const pages = new Set(navLinks.map((a) => pageKey(a.href)));
const stylesOf = (doc, base) => [...doc.querySelectorAll("link[rel=stylesheet]")].map((l) => new URL(l.getAttribute("href"), base).href);

// A view: its <main>, <title>, body[data-page], stylesheets, module scripts (run when first shown) and scroll.
let current = {
  url: pageKey(document.querySelector("header nav a[aria-current=page]")?.href ?? location.href),
  main: document.querySelector("main"),
  title: document.querySelector("title"),
  page: document.body.dataset.page,
  styles: new Set(stylesOf(document, location.href)),
  alternates: alternatesOf(document, location.href),
  started: Promise.resolve(),
  scroll: 0,
};
const views = new Map([[current.url, Promise.resolve(current)], [pageKey(location.href), Promise.resolve(current)]]);
const managedStyles = new Set(current.styles); // every view's own sheets; others (added by code) stay as they are

const loaded = (el) => new Promise((resolve, reject) => {
  el.addEventListener("load", resolve);
  el.addEventListener("error", () => reject(new Error(`${el.href || el.src} did not load`)));
});

async function fetchPage(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new DOMParser().parseFromString(await response.text(), "text/html");
}

async function load(url) {
  let doc = await fetchPage(url);
  const other = doc.documentElement.lang !== lang() && alternatesOf(doc, url)[lang()];
  if (other) doc = await fetchPage(url = other); // the page in the language the visitor chose
  const main = doc.querySelector("main");
  if (!main) throw new Error(`${url} has no <main>`);
  const modules = [...doc.querySelectorAll("script[type=module][src]")].map((s) => new URL(s.getAttribute("src"), url).href);
  for (const href of modules) document.head.append(Object.assign(document.createElement("link"), { rel: "modulepreload", href }));
  const styles = stylesOf(doc, url);
  const present = new Set(stylesOf(document, location.href));
  await Promise.all(styles.filter((href) => !present.has(href)).map(async (href) => {
    // Loaded without applying to the view shown (media "not all"), then kept off until its view is shown.
    const link = Object.assign(document.createElement("link"), { rel: "stylesheet", href, media: "not all" });
    document.head.append(link);
    await loaded(link);
    link.disabled = !current.styles.has(href);
    link.removeAttribute("media");
  }));
  styles.forEach((href) => managedStyles.add(href));
  main.hidden = true;
  current.main.after(document.adoptNode(main));
  reword(main); // in the page's language, as boot.js does before a page's modules run
  document.dispatchEvent(new CustomEvent("viewload", { detail: doc }));
  return {
    url: pageKey(url),
    main,
    title: document.adoptNode(doc.querySelector("title")),
    page: doc.body.dataset.page,
    styles: new Set(styles),
    alternates: alternatesOf(doc, url),
    modules,
    scroll: 0,
  };
}

// The page's modules, in its order, now that their <main> is in the document and shown (they measure it);
// boot.js is one of them and already ran, so `py` is the same client.
async function start(view) {
  for (const src of view.modules) await import(src);
}

function show(view) {
  current.scroll = scrollY;
  current.main.hidden = true;
  current.main.dispatchEvent(new Event("viewhide"));
  for (const link of document.querySelectorAll("link[rel=stylesheet]")) {
    if (managedStyles.has(link.href)) link.disabled = !view.styles.has(link.href); // lesson.css styles every canvas
  }
  document.querySelector("title").replaceWith(view.title);
  document.querySelectorAll("link[rel=alternate]").forEach((l) => l.remove()); // the shown page's languages
  document.head.prepend(...Object.entries(view.alternates).map(([hreflang, href]) =>
    Object.assign(document.createElement("link"), { rel: "alternate", hreflang, href })));
  reword(document.head); // the title, in the language chosen meanwhile
  document.body.dataset.page = view.page;
  for (const a of navLinks) {
    if (pageKey(a.href) === view.url) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  view.main.hidden = false;
  current = view;
  scrollTo(0, view.scroll);
  const heading = view.main.querySelector("h1"); // where a screen reader's user expects to be on a new page
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  view.main.dispatchEvent(new Event("viewshow"));
}

// The view of a page's URL, loaded (not started) at most once.
function viewOf(url) {
  const key = pageKey(url);
  if (!views.has(key)) views.set(key, load(url));
  return views.get(key);
}

let latest = 0; // the newest navigation: an older one that finishes loading later is not shown
async function go(url, push) {
  const mine = ++latest;
  let settled = !push; // once the URL is the target's, the fallback is a reload
  try {
    const view = await viewOf(url);
    if (mine !== latest || view === current) return;
    const address = view.alternates[lang()] ?? url; // the file in the language chosen, maybe since it was left
    if (push) history.pushState(null, "", address);
    else if (address !== location.href) history.replaceState(history.state, "", address);
    settled = true;
    show(view);
    await (view.started ??= start(view));
  } catch (e) {
    console.warn("router: opening the page normally:", e.message);
    if (settled) location.reload();
    else location.assign(url);
  }
}

// The URL of a link this router opens, or null: a hash or a query is the page's to read when it loads.
function routed(target) {
  const a = target.closest?.("a[href]");
  if (!a || a.target || a.hasAttribute("download")) return null;
  const url = new URL(a.href);
  return url.search || url.hash || !pages.has(pageKey(url)) ? null : url.href;
}

document.addEventListener("click", (e) => {
  const url = routed(e.target);
  if (!url || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  go(url, true);
});
// A pointer over the link or focus on it announces a click: the page's files are fetched meanwhile.
for (const type of ["pointerover", "focusin"]) {
  document.addEventListener(type, (e) => {
    const url = routed(e.target);
    if (url) viewOf(url).catch(() => {}); // a failure is met again, and handled, by the click
  });
}
addEventListener("popstate", () => go(location.href, false));
