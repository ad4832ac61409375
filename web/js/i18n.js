// Russian and English for every visible string. Each feature registers its own table:
//   registerStrings({en: {"nav.lesson": "Lesson"}, ru: {"nav.lesson": "Урок"}});
// and marks its markup with data-i18n="key" (text), data-i18n-html="key" (trusted markup from the tables
// only, never user text) or data-i18n-attr="aria-label:key;title:key". t("key", {n: 3}) fills {n}.
import { ERROR_MESSAGES_EN } from "./contract.js";
import { ERROR_STRINGS_RU } from "./error-strings.js";

const STORAGE_KEY = "perceptron-lab.lang";
export const LANGS = ["en", "ru"];
const tables = { en: {}, ru: {} };
const listeners = new Set();

function initialLang() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGS.includes(saved)) return saved;
  } catch { /* storage can be blocked: fall back to the browser's language */ }
  return (navigator.languages || [navigator.language]).some((l) => /^ru\b/i.test(l)) ? "ru" : "en";
}

let current = initialLang();
export const lang = () => current;

export function registerStrings(byLang) {
  for (const l of LANGS) Object.assign(tables[l], byLang[l]);
}

export function t(key, params = {}) {
  const s = tables[current][key] ?? tables.en[key];
  if (s === undefined) {
    console.warn(`i18n: missing string ${key}`);
    return key;
  }
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
}

// A failed Python call's message in the page's language: an InputError by its key, anything else as Python said it.
export function errorText(e) {
  const key = e?.key && `err.${e.key}`;
  return key && key in tables.en ? t(key, e.params) : e?.message || String(e);
}

export function applyI18n(root = document) {
  document.documentElement.lang = current;
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-html]")) el.innerHTML = t(el.dataset.i18nHtml);
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":");
      el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

export function setLang(l) {
  if (!LANGS.includes(l) || l === current) return;
  current = l;
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch { /* not remembered, still switched */ }
  applyI18n();
  for (const f of listeners) f(l);
}

// Called after every language switch: for text that code writes (numbers with units, logs, canvases).
export function onLangChange(f) {
  listeners.add(f);
}

registerStrings({ en: ERROR_MESSAGES_EN, ru: ERROR_STRINGS_RU });
