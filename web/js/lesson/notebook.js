// The lesson as a notebook's blocks (see lesson_notebook in web/py/notebook.py), read from the page in its order:
// headings, the text as the strings table words it in the page's language (TeX as $…$, which Jupyter's
// Markdown renders), the formulas, the tables of data, and for each exercise the blocks `exercise(id)` gives.
// The live parts (figures; in a .demo all but its text and exercises) and the page's own panels (nav, aside,
// notes on the page's state) stay out.
import { t } from "../i18n.js";

const LEFT_OUT = "figure, nav, aside, .sub";
const IN_A_DEMO = "p[data-i18n-math]:not(.sub), [data-exercise]";
const words = (el) => (el.dataset.i18nMath || el.dataset.i18n ? t(el.dataset.i18nMath || el.dataset.i18n)
  : el.textContent.replace(/\s+/g, " ").trim());

export function lessonBlocks(root, exercise) {
  const blocks = [];
  for (const el of root.children) {
    if (el.matches(LEFT_OUT)) continue;
    if (el.matches(".demo")) {
      for (const part of el.querySelectorAll(IN_A_DEMO)) {
        blocks.push(...(part.dataset.exercise ? exercise(part.dataset.exercise) : [{ kind: "text", text: words(part) }]));
      }
      continue;
    }
    if (/^H[1-3]$/.test(el.tagName)) {
      blocks.push({ kind: "heading", level: Number(el.tagName[1]), text: el.textContent.replace(/\s+/g, " ").trim() });
    } else if (el.dataset.tex) blocks.push({ kind: "math", tex: el.dataset.tex });
    else if (el.dataset.exercise) blocks.push(...exercise(el.dataset.exercise));
    else if (el.matches("p")) blocks.push({ kind: "text", text: words(el) });
    else if (el.matches("ol, ul")) blocks.push({ kind: "list", items: [...el.children].map(words) });
    else if (el.matches("table")) blocks.push({ kind: "table", rows: [...el.rows].map((row) => [...row.cells].map(words)) });
    else blocks.push(...lessonBlocks(el, exercise)); // a section, a table's wrapper
  }
  return blocks;
}
