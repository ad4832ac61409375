// Small DOM helpers shared by the sections: numbers with full precision on hover/focus, translated
// templates with live nodes inside, the "waiting for Python" placeholder and Python error messages.
import { t, bind } from "../i18n.js";

// Sensible precision for reading: `digits` significant digits (null: every digit), never rounding away
// the integer part; the exact value goes to data-full/title.
export function fmt(value, digits = 3) {
  const abs = Math.abs(value);
  let s;
  if (digits === null || !Number.isFinite(value) || Number.isInteger(value) && abs < 1e6) s = String(value);
  else if (abs !== 0 && (abs < 1e-4 || abs >= 1e6)) s = value.toExponential(digits - 1);
  else if (abs >= 10 ** digits) s = value.toFixed(0);
  else s = String(Number(value.toPrecision(digits)));
  return minus(s);
}
const minus = (s) => s.replace(/^-/, "−");

// A number as read: rounded (data-short), every digit on hover (title) and, for everyone, with the lesson's
// "Show every digit" switch (showEveryDigit): one control rather than a Tab stop per number.
let everyDigit = false;
export function num(value, digits = 3) {
  const el = document.createElement("span");
  el.className = "num";
  el.dataset.full = String(value);
  el.dataset.short = fmt(value, digits);
  el.title = String(value);
  el.textContent = everyDigit ? fmt(value, null) : el.dataset.short;
  return el;
}
export function showEveryDigit(on) {
  everyDigit = on;
  for (const el of document.querySelectorAll(".num")) el.textContent = on ? fmt(Number(el.dataset.full), null) : el.dataset.short;
}

// t(key, params) with the params that are nodes put in their places, as a fragment.
export function tNodes(key, params) {
  const frag = document.createDocumentFragment();
  const marked = Object.entries(params).map(([k, v]) => [k, v instanceof Node ? `\u0000${k}\u0000` : v]);
  const template = t(key, Object.fromEntries(marked));
  template.split("\u0000").forEach((piece, i) => frag.append(i % 2 === 0 ? piece : params[piece]));
  return frag;
}

// Elements with class "pending" show "waiting for Python…" until their first result replaces it (`fill`).
export function showPending(root) {
  for (const el of root.querySelectorAll(".pending")) {
    if (el.tagName !== "TBODY") bind(el, "lesson.waiting");
    else {
      const td = document.createElement("td");
      td.colSpan = el.closest("table").querySelectorAll("thead th").length;
      bind(td, "lesson.waiting");
      el.replaceChildren(document.createElement("tr"));
      el.firstChild.append(td);
    }
  }
}
export function fill(el, ...nodes) {
  if (el.classList.contains("pending")) bind(el, null);
  el.classList.remove("pending");
  el.replaceChildren(...nodes);
}

// A Python error shown next to the section's output (the last good result stays on screen).
export function pyErrorSlot(el) {
  return {
    show(e) { bind(el, "lesson.pyError", { message: e }); },
    clear() { bind(el, null); },
  };
}
