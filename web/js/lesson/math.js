// TeX rendering with the vendored KaTeX (a classic deferred script that defines the global `katex`;
// it runs before this module because deferred and module scripts execute in document order).
import { bind } from "../i18n.js";

const escape = (s) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function tex(src, display = false) {
  if (!globalThis.katex) return `<code>${escape(src)}</code>`; // KaTeX missing: still readable
  return globalThis.katex.renderToString(src, { displayMode: display, throwOnError: false });
}

// Trusted markup from the string tables with $...$ turned into rendered TeX.
const withMath = (html) => html.replace(/\$([^$]+)\$/g, (m, src) => tex(src));

// Display formulas (data-tex); translated markup with TeX (data-i18n-math="key") bound to its key.
export function renderMath(root) {
  for (const el of root.querySelectorAll("[data-tex]")) el.innerHTML = tex(el.dataset.tex, true);
  for (const el of root.querySelectorAll("[data-i18n-math]")) bind(el, el.dataset.i18nMath, {}, { html: withMath });
}
