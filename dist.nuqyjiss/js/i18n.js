// Every visible string in English and Russian, and the one way to put them on the page.
//   t(key, params)                          the text in the page's language
//   bind(el, keys, params, {attr, html})    writes it into an element (text, trusted markup, or an attribute) now
//                                           and again after every language switch; one key or several, joined
//                                           by spaces; none clears it. Markup binds the same way with
//                                           data-i18n="key", data-i18n-html="key", data-i18n-attr="title:key;…".
//   onLangChange(f)                         for what is not an element's text: canvases, text around live nodes
// A message fills {name} from params; a parameter that is an Error is worded by errorText, one that is
// [key, params] by t. {n, plural, one {# epoch} other {# epochs}} picks the form for the number n by
// Intl.PluralRules ("#" is n); {name:gen} takes the case "gen" of a [key] parameter whose entry lists the forms
// of a name ({nom: "Алиса", gen: "Алисы"}). Nothing here touches the browser until it is called, so Node can
// import it (and string-tables.js) at build time.
import { TABLES } from "./string-tables.js";

const STORAGE_KEY = "perceptron-lab.lang";
export const LANGS = ["en", "ru"];
const tables = Object.fromEntries(LANGS.map((l) => [l, Object.assign({}, ...TABLES.map((table) => table[l]))]));
const pluralRules = Object.fromEntries(LANGS.map((l) => [l, new Intl.PluralRules(l)]));
const listeners = new Set();

// Each page is served in each language (build.py), and start.js has already sent the visitor to theirs.
const served = globalThis.document?.documentElement.lang;
let current = LANGS.includes(served) ? served : "en";
export const lang = () => current;

export function t(key, params = {}) {
  return text(key, params, "nom");
}

// The entry of key (a name's entry: its form `form`) with params filled in, in the page's language.
function text(key, params, form) {
  const entry = tables[current][key] ?? tables.en[key];
  if (entry === undefined) {
    console.warn(`i18n: missing string ${key}`);
    return key;
  }
  return format(typeof entry === "string" ? entry : entry[form] ?? entry.nom, params);
}

// A parameter as text: an error in the page's language, a [key, params] pair worded (a name in its case).
function word(value, form = "nom") {
  if (value instanceof Error) return errorText(value);
  if (Array.isArray(value)) return text(value[0], value[1] ?? {}, form);
  return String(value);
}

const PARAM = /\{(\w+)(?::(\w+))?\}/y;
const PLURAL = /\{(\w+), *plural, */y;
const BRANCH = /\s*(=?\w+)\s*\{/y;

// {name}, {name:form} and {n, plural, …} filled from params; any other brace (TeX in the lesson) stays as it is.
function format(message, params) {
  let out = "";
  let i = 0;
  for (let open = message.indexOf("{"); open >= 0; open = message.indexOf("{", i)) {
    out += message.slice(i, open);
    PARAM.lastIndex = PLURAL.lastIndex = open;
    const param = PARAM.exec(message);
    const plural = !param && PLURAL.exec(message);
    const end = plural ? closing(message, open) : -1;
    if (param && param[1] in params) {
      i = PARAM.lastIndex; // before word(), whose own format() moves it
      out += word(params[param[1]], param[2]);
    } else if (plural && plural[1] in params && end > 0) {
      out += format(pluralForm(message.slice(PLURAL.lastIndex, end), params[plural[1]]), params);
      i = end + 1;
    } else {
      out += "{";
      i = open + 1;
    }
  }
  return out + message.slice(i);
}

// The index of the brace that closes the one at `open`, or -1.
function closing(s, open) {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "{") depth++;
    else if (s[i] === "}" && --depth === 0) return i;
  }
  return -1;
}

// The branch of "one {# epoch} other {# epochs}" for n: "=n" first, then the language's plural category.
function pluralForm(branches, n) {
  const forms = {};
  BRANCH.lastIndex = 0;
  for (let m = BRANCH.exec(branches); m; m = BRANCH.exec(branches)) {
    const end = closing(branches, BRANCH.lastIndex - 1);
    if (end < 0) break;
    forms[m[1]] = branches.slice(BRANCH.lastIndex, end);
    BRANCH.lastIndex = end + 1;
  }
  const form = forms[`=${n}`] ?? forms[pluralRules[current].select(Number(n))] ?? forms.other;
  return form.replaceAll("#", String(n));
}

// A failed Python call's message in the page's language: an InputError by its key, anything else as Python said it.
export function errorText(e) {
  const key = e?.key && `err.${e.key}`;
  return key && key in tables.en ? t(key, e.params) : e?.message || String(e);
}

// ---------------------------------------------------------------- the binding

// element → {text: {keys, params, html}, attrs: {name: {keys, params}}}; markup's bindings are read from its
// data-i18n* attributes, which bind() writes too, so a language switch finds every bound element in the page.
const bindings = new WeakMap();
const BOUND = "[data-i18n], [data-i18n-html], [data-i18n-attr]";
const keyList = (keys) => [keys].flat().filter(Boolean);

function fromMarkup(el) {
  const { i18n, i18nHtml, i18nAttr } = el.dataset;
  const key = i18n ?? i18nHtml;
  const attrs = (i18nAttr || "").split(";").filter(Boolean).map((pair) => pair.split(":").map((s) => s.trim()));
  return {
    text: key === undefined ? null : { keys: keyList(key.split(" ")), params: {}, html: i18nHtml !== undefined },
    attrs: Object.fromEntries(attrs.map(([name, keys]) => [name, { keys: keyList(keys.split(" ")), params: {} }])),
  };
}

// html: true for trusted markup from the tables, or a function that makes the markup of the text.
export function bind(el, keys, params = {}, { attr, html = false } = {}) {
  const b = bindings.get(el) ?? fromMarkup(el);
  bindings.set(el, b);
  const bound = { keys: keyList(keys), params };
  if (attr) {
    if (bound.keys.length) b.attrs[attr] = bound;
    else delete b.attrs[attr];
    const pairs = Object.entries(b.attrs).map(([name, a]) => `${name}:${a.keys.join(" ")}`);
    if (pairs.length) el.dataset.i18nAttr = pairs.join(";");
    else delete el.dataset.i18nAttr;
    if (!bound.keys.length) el.removeAttribute(attr);
  } else {
    b.text = bound.keys.length ? { ...bound, html } : null;
    delete el.dataset.i18n;
    delete el.dataset.i18nHtml;
    if (b.text) el.dataset[html ? "i18nHtml" : "i18n"] = bound.keys.join(" ");
    else el.textContent = "";
  }
  render(el, b);
}

const wording = ({ keys, params }) => keys.map((key) => t(key, params)).join(" ");

function render(el, b = bindings.get(el) ?? fromMarkup(el)) {
  if (b.text) {
    const s = wording(b.text);
    if (!b.text.html) el.textContent = s;
    else el.innerHTML = b.text.html === true ? s : b.text.html(s);
  }
  for (const [name, a] of Object.entries(b.attrs)) el.setAttribute(name, wording(a));
}

// Every bound element below root in the page's language.
export function reword(root = document) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll(BOUND)) render(el);
}

export function setLang(l) {
  if (!LANGS.includes(l) || l === current) return;
  current = l;
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch { /* not remembered, still switched */ }
  // The address becomes this page's file in the new language, so a reload or a shared link keeps it.
  const file = document.querySelector(`link[rel=alternate][hreflang="${l}"]`);
  if (file) history.replaceState(history.state, "", file.href + location.search + location.hash);
  reword();
  for (const f of listeners) f(l);
}

// Called after every language switch: for what bind cannot reach (canvases, text around live nodes).
export function onLangChange(f) {
  listeners.add(f);
}
