// TeX as MathML (native in every current browser: no stylesheet, no fonts) with the vendored KaTeX.
// The build typesets the page's formulas into the HTML (web/build/prerender.mjs provides `katex`); the browser
// loads KaTeX only for formulas that change: the chain rule of a chosen parameter, and a language switch.
import { t } from "../i18n.js";

let katex = globalThis.katex; // set by the build's prerender
// Resolves once tex() can typeset.
export const mathReady = katex ? Promise.resolve()
  : import("../../vendor/katex.js").then((m) => { katex = m.default; });

export function tex(src, display = false) {
  const box = document.createElement("template");
  box.innerHTML = katex.renderToString(src, { displayMode: display, throwOnError: false, output: "mathml" });
  lean(box.content);
  return box.innerHTML;
}

// KaTeX's MathML without what a reader neither sees nor hears, as there are many formulas (DOM size): the span
// around <math> (its class moves onto <math>), the TeX source (<semantics> and <annotation>), an <mrow> or
// <mstyle> that is the only child of an element that is a row anyway (mstyle's displaystyle and scriptlevel are
// attributes of every MathML element), and an <mrow> around a single child (not around an operator, whose form
// its place in a row decides; nor empty ones, which give the next operator its spacing).
const ROWS = new Set(["math", "mstyle", "mtd", "msqrt", "mpadded", "mphantom"]);

function lean(root) {
  const math = root.querySelector(".katex > math"); // none when the TeX had an error
  if (!math) return;
  math.classList.add("katex");
  root.replaceChildren(math);
  for (const s of root.querySelectorAll("semantics")) s.replaceWith(s.firstElementChild);
  for (const row of root.querySelectorAll("mrow, mstyle")) {
    const parent = row.parentNode;
    if (ROWS.has(parent.localName) && parent.childElementCount === 1 && ![...row.attributes].some((a) => parent.hasAttribute(a.name))) {
      for (const a of row.attributes) parent.setAttribute(a.name, a.value);
      row.replaceWith(...row.childNodes);
    } else if (row.localName === "mrow" && !row.attributes.length && row.childElementCount === 1 && row.firstElementChild.localName !== "mo") {
      row.replaceWith(row.firstElementChild);
    }
  }
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
