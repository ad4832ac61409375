// TeX as MathML (native in every current browser: no stylesheet, no fonts) with the vendored KaTeX.
// The build typesets the page's formulas into the HTML (web/build/prerender.mjs provides `katex`), each with its
// source (data-src); the browser reuses them, and loads KaTeX only for a formula the page has not shown yet (the
// chain rule of another parameter, a language switch): at load it costs nothing.
import { t } from "../i18n.js";

let katex = globalThis.katex; // set by the build's prerender
let loading;
const loadKatex = () => (loading ??= import("../../vendor/katex.js").then((m) => { katex = m.default; }));

// Markup by display mode and source: the page's own formulas, then each one typeset here.
let typeset;
const key = (src, display) => `${display ? "block" : "inline"} ${src}`;

class NotLoaded extends Error {}

// Markup of a formula; throws NotLoaded for one neither on the page nor typesetable yet (see withMath).
export function tex(src, display = false) {
  typeset ??= new Map([...document.querySelectorAll("math[data-src]")]
    .map((m) => [key(m.getAttribute("data-src"), m.getAttribute("display") === "block"), m.outerHTML]));
  let html = typeset.get(key(src, display));
  if (html === undefined) {
    if (!katex) throw new NotLoaded();
    const box = document.createElement("template");
    box.innerHTML = katex.renderToString(src, { displayMode: display, throwOnError: false, output: "mathml" });
    lean(box.content);
    box.content.querySelector("math")?.setAttribute("data-src", src);
    html = box.innerHTML;
    typeset.set(key(src, display), html);
  }
  return html;
}

// Runs `draw`, which writes formulas with tex(): now, or again once KaTeX has loaded if it needed a new one.
export async function withMath(draw) {
  try {
    draw();
  } catch (e) {
    if (!(e instanceof NotLoaded)) throw e;
    await loadKatex();
    draw();
  }
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
  math.removeAttribute("xmlns"); // MathML in HTML needs no namespace declaration, and the pages name no URL
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
const texIn = (html) => html.replace(/\$([^$]+)\$/g, (m, src) => tex(src));

// Display formulas (data-tex) once; translated markup with TeX (data-i18n-math="key": not i18n.js's binding,
// since typesetting may wait for KaTeX). Call it through withMath. Elements the build typeset keep their formulas unless `again` (after a
// language switch).
export function renderMath(root, { again = false } = {}) {
  for (const el of root.querySelectorAll("[data-tex]")) if (!el.firstChild) el.innerHTML = tex(el.dataset.tex, true);
  for (const el of root.querySelectorAll("[data-i18n-math]")) {
    if (again || !el.firstChild) el.innerHTML = texIn(t(el.dataset.i18nMath));
  }
}
