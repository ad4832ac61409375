// TeX rendering with the vendored KaTeX (a classic deferred script that defines the global `katex`;
// it runs before this module because deferred and module scripts execute in document order).
const escape = (s) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function tex(src, display = false) {
  if (!globalThis.katex) return `<code>${escape(src)}</code>`; // KaTeX missing: still readable
  return globalThis.katex.renderToString(src, { displayMode: display, throwOnError: false });
}

// Trusted markup from the string tables with $...$ turned into rendered TeX.
export const withMath = (html) => html.replace(/\$([^$]+)\$/g, (m, src) => tex(src));

// Display formulas (data-tex) once, and every translated paragraph (data-i18n-html) again after a language switch.
export function renderMath(root, { displays = true } = {}) {
  if (displays) for (const el of root.querySelectorAll("[data-tex]")) el.innerHTML = tex(el.dataset.tex, true);
  for (const el of root.querySelectorAll("[data-i18n-html]")) {
    if (el.closest(".exercise")) continue; // the exercises render their own text
    if (el.innerHTML.includes("$")) el.innerHTML = withMath(el.innerHTML);
  }
}
