// Small DOM helpers shared by the sections: numbers with full precision on hover/focus, translated
// templates with live nodes inside, the "waiting for Python" placeholder and Python error messages.
import { t, onLangChange, errorText } from "../i18n.js";

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

export function num(value, digits = 3) {
  const el = document.createElement("span");
  el.className = "num";
  el.tabIndex = 0; // focus shows the full value, as hover does
  el.dataset.full = String(value);
  el.title = String(value);
  el.textContent = fmt(value, digits);
  return el;
}

// t(key) with {name} placeholders filled by nodes (or strings), as a fragment.
export function tNodes(key, parts) {
  const frag = document.createDocumentFragment();
  const template = t(key, Object.fromEntries(Object.keys(parts).map((k) => [k, `\u0000${k}\u0000`])));
  template.split("\u0000").forEach((piece, i) => {
    if (i % 2 === 0) frag.append(piece);
    else {
      const part = parts[piece];
      frag.append(part instanceof Node ? part : String(part));
    }
  });
  return frag;
}

// Elements with class "pending" show "waiting for Python…" until their first result replaces it (`fill`).
export function showPending(root) {
  for (const el of root.querySelectorAll(".pending")) {
    if (el.tagName !== "TBODY") el.textContent = t("lesson.waiting");
    else {
      const td = document.createElement("td");
      td.colSpan = el.closest("table").querySelectorAll("thead th").length;
      td.textContent = t("lesson.waiting");
      el.replaceChildren(document.createElement("tr"));
      el.firstChild.append(td);
    }
  }
}
export function fill(el, ...nodes) {
  el.classList.remove("pending");
  el.replaceChildren(...nodes);
}

// A Python error shown next to the section's output (the last good result stays on screen).
export function pyErrorSlot(el) {
  let error = null;
  const render = () => { el.textContent = error ? t("lesson.pyError", { message: errorText(error) }) : ""; };
  onLangChange(render);
  return {
    show(e) { error = e; render(); },
    clear() { error = null; render(); },
  };
}
