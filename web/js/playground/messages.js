// Status lines that code writes (the playground's message, the CSV and save lines): each keeps its last message
// as (key, params) and writes it again after a language switch. A param that is an error (errorText) or a
// [key, params] pair is said in the new language too.
import { t, onLangChange, errorText } from "../i18n.js";

const shown = new Map(); // element → {keys, params}

const word = (v) => (v instanceof Error ? errorText(v) : Array.isArray(v) ? t(...v) : v);

function render(el, { keys, params }) {
  const words = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, word(v)]));
  el.textContent = keys.map((key) => t(key, words)).join(" ");
}

// One key or several (joined by spaces; falsy ones skipped), or none to clear; state goes to data-state if given.
export function say(el, keys, params = {}, state) {
  const message = { keys: [keys].flat().filter(Boolean), params };
  shown.set(el, message);
  if (state) el.dataset.state = state;
  render(el, message);
}

onLangChange(() => shown.forEach((message, el) => render(el, message)));
