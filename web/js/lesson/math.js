// TeX as MathML (native in every current browser: no stylesheet, no fonts) with the vendored KaTeX.
// The build typesets the page's formulas into the HTML (web/build/prerender.mjs provides `katex`); the browser
// loads KaTeX only for formulas that change: the chain rule of a chosen parameter, and a language switch.
import { t } from "../i18n.js";

let katex = globalThis.katex; // set by the build's prerender
// Resolves once tex() can typeset.
export const mathReady = katex ? Promise.resolve()
  : import("../../vendor/katex.js").then((m) => { katex = m.default; });

// MathML in HTML needs no namespace declaration (and the built pages name no URL).
export function tex(src, display = false) {
  return katex.renderToString(src, { displayMode: display, throwOnError: false, output: "mathml" })
    .replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "");
}

// Trusted markup from the string tables with $...$ turned into rendered TeX.
const withMath = (html) => html.replace(/\$([^$]+)\$/g, (m, src) => tex(src));

// Display formulas (data-tex) once; translated markup with TeX (data-i18n-math="key": not i18n.js's binding,
// since typesetting waits for KaTeX). Elements the build typeset keep their formulas unless `again` (after a
// language switch).
export function renderMath(root, { again = false } = {}) {
  for (const el of root.querySelectorAll("[data-tex]")) if (!el.firstChild) el.innerHTML = tex(el.dataset.tex, true);
  for (const el of root.querySelectorAll("[data-i18n-math]")) {
    if (again || !el.firstChild) el.innerHTML = withMath(t(el.dataset.i18nMath));
  }
}
