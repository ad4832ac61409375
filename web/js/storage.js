// Keeping and sharing the pages' state, with nothing trusted that comes back in:
//   createStore(name, {version})   localStorage under a versioned key, throttled saves, a notice (never an
//                                  exception) for a corrupt, old or unreadable entry
//   hashCodec(table)               the URL hash from ONE declarative table of typed properties (as TF
//                                  Playground's state.ts); bad values are dropped one by one, each with a notice
//   download(name, text, type), readText(file, maxBytes)   files out and in; text is only ever set as text
//   wheelUrl()                     the core's wheel on this site, for notebooks
//   showNotices(el, notices)       a list of notices, in the page's language
// Notices are {key, params} for t() (a param may be [key, params] too); their strings are in storage-strings.js.
import { t, bind } from "./i18n.js";
import { WHEEL } from "./contract.js";

const PREFIX = "perceptron-lab";

// ---------------------------------------------------------------- localStorage

// A store of one JSON value. load() → {value, notice}: value null when there is nothing usable, notice a
// {key, params} to show or null. save(get) keeps at most one write per `delay` ms: get() is read when the
// write happens, so a stream of changes (training at 60 frames a second) costs one JSON.stringify per delay.
// onNotice(notice) hears of failed writes. The newest value is also written when the page is hidden or left.
export function createStore(name, { version, delay = 500, onNotice = () => {} }) {
  const key = `${PREFIX}:${name}:v${version}`;
  let pending = null; // the getter of the value waiting to be written
  let timer = 0;

  function write() {
    clearTimeout(timer);
    timer = 0;
    if (!pending) return;
    const get = pending;
    pending = null;
    try {
      localStorage.setItem(key, JSON.stringify(get()));
    } catch (e) {
      onNotice({ key: "persist.full", params: { error: e.name || e.message } });
    }
  }
  addEventListener("pagehide", write);
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && write());

  return {
    key,
    load() {
      let raw;
      try {
        raw = localStorage.getItem(key);
        if (raw === null) return { value: null, notice: dropOlder(name, version) };
      } catch {
        return { value: null, notice: { key: "persist.unavailable", params: {} } };
      }
      try {
        const value = JSON.parse(raw);
        if (!value || typeof value !== "object") throw new Error("not an object");
        return { value, notice: null };
      } catch (e) {
        return { value: null, notice: { key: "persist.corrupt", params: { error: e.message } } };
      }
    },
    save(get) {
      pending = get;
      timer ||= setTimeout(write, delay);
    },
    flush: write,
    clear() {
      pending = null;
      clearTimeout(timer);
      timer = 0;
      try {
        localStorage.removeItem(key);
      } catch { /* nothing was saved either */ }
    },
  };
}

// Entries of older versions of this store: removed, with one notice that they were not used.
function dropOlder(name, version) {
  const older = [];
  for (let i = 0; i < localStorage.length; i++) {
    const k = localStorage.key(i);
    const m = k?.match(/^perceptron-lab:(.+):v(\d+)$/);
    if (m && m[1] === name && Number(m[2]) < version) older.push(k);
  }
  older.forEach((k) => localStorage.removeItem(k));
  return older.length ? { key: "persist.old", params: {} } : null;
}

// ---------------------------------------------------------------- the URL hash

// table: {name: spec}; spec.type is one of
//   int, number {min, max} · bool · enum {values} · set {values}: a subset, written in the table's order ·
//   enums {values, maxLength}: a list, each value one of values · ints {min, max, maxLength} ·
//   blob {maxLength}: base64url text (data, weights), decoded and checked further by the core.
// encode(values) → "name=value&…" for the names present; decode(hash) → {values, notices}.
export function hashCodec(table) {
  const encodeOne = (spec, v) => {
    if (spec.type === "bool") return v ? "1" : "0";
    if (Array.isArray(v)) return v.join(",");
    return String(v);
  };
  return {
    encode(values) {
      const params = new URLSearchParams();
      for (const [name, spec] of Object.entries(table)) {
        if (values[name] !== undefined && values[name] !== null) params.set(name, encodeOne(spec, values[name]));
      }
      return params.toString();
    },
    decode(hash) {
      const values = {};
      const notices = [];
      let params;
      try {
        params = new URLSearchParams(String(hash).replace(/^#/, ""));
      } catch {
        params = new URLSearchParams();
      }
      for (const [name, raw] of params) {
        const spec = Object.hasOwn(table, name) ? table[name] : null;
        if (!spec) {
          notices.push({ key: "persist.hash.unknown", params: { name: clip(name) } });
          continue;
        }
        const value = parseValue(spec, raw);
        if (value === undefined) {
          notices.push({ key: "persist.hash.bad", params: { name, value: clip(raw), why: why(spec) } });
        } else values[name] = value;
      }
      return { values, notices };
    },
  };
}

const clip = (text) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

// A plain decimal number, as typed in a field or written in a link: no hex, no "Infinity", no blanks.
export const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

// The typed value of one hash value, or undefined if it is not a valid one.
function parseValue(spec, raw) {
  const list = () => (raw === "" ? [] : raw.split(","));
  switch (spec.type) {
    case "int":
    case "number": {
      if (!NUMBER.test(raw)) return undefined;
      const v = Number(raw);
      const ok = Number.isFinite(v) && v >= spec.min && v <= spec.max && (spec.type === "number" || Number.isInteger(v));
      return ok ? v : undefined;
    }
    case "bool":
      return raw === "1" ? true : raw === "0" ? false : undefined;
    case "enum":
      return spec.values.includes(raw) ? raw : undefined;
    case "set": {
      const items = list();
      return items.length && items.every((v) => spec.values.includes(v)) && new Set(items).size === items.length
        ? spec.values.filter((v) => items.includes(v)) : undefined;
    }
    case "enums": {
      const items = list();
      return items.length && items.length <= spec.maxLength && items.every((v) => spec.values.includes(v)) ? items : undefined;
    }
    case "ints": {
      const items = list();
      const ok = items.length <= spec.maxLength && items.every((v) => /^\d+$/.test(v) && +v >= spec.min && +v <= spec.max);
      return ok ? items.map(Number) : undefined;
    }
    case "blob":
      return raw.length <= spec.maxLength && /^[A-Za-z0-9_-]*$/.test(raw) ? raw : undefined;
  }
  return undefined;
}

function why(spec) {
  switch (spec.type) {
    case "int":
    case "number":
      return [`persist.why.${spec.type}`, { min: spec.min, max: spec.max }];
    case "bool":
      return ["persist.why.bool"];
    case "enum":
      return ["persist.why.enum", { values: spec.values.join(", ") }];
    case "set":
    case "enums":
      return ["persist.why.list", { max: spec.maxLength ?? spec.values.length, values: spec.values.join(", ") }];
    case "ints":
      return ["persist.why.ints", { max: spec.maxLength, min: spec.min, max2: spec.max }];
    default:
      return ["persist.why.blob", { max: spec.maxLength }];
  }
}

// ---------------------------------------------------------------- files

// Where the site serves the core's wheel, for the notebooks' install cell.
export const wheelUrl = () => new URL(`pyodide/${WHEEL}`, location.href).href;

export function download(filename, text, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = Object.assign(document.createElement("a"), { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// The file's text, or an Error whose message (in the page's language) says why not. The size is checked
// before a byte is read, so a huge file costs nothing.
export function readText(file, maxBytes) {
  const fail = (key, params) => Promise.reject(new Error(t(key, { file: file.name, ...params })));
  if (file.size > maxBytes) return fail("persist.file.big", { size: bytes(file.size), max: bytes(maxBytes) });
  if (file.size === 0) return fail("persist.file.empty");
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(new Error(t("persist.file.read", { file: file.name, error: reader.error?.message || "?" })));
    reader.readAsText(file);
  });
}

const bytes = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${Math.ceil(n / 1e3)} kB` : `${n} B`);

// ---------------------------------------------------------------- notices

// Notices as list items, each bound to its key (as text only: values from a link or a file can hold anything,
// markup included), so a language switch words them again.
export function showNotices(el, notices) {
  el.replaceChildren(...notices.map((n) => {
    const li = document.createElement("li");
    bind(li, n.key, n.params);
    return li;
  }));
  el.hidden = notices.length === 0;
}
