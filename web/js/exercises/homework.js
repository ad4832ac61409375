// The lesson's exercises at a glance, at the top of the lesson (<aside id="homework">): each one not tried, not
// yet right or accepted (its last Check, kept across reloads), a link to it, and "Check all"; and "Download my
// notebook": the lesson in the page's language with the student's code in place of each blank, as a Jupyter
// notebook (lesson/notebook.js reads the page, notebook.py writes the notebook).
import { notebooks } from "../api.js";
import { bind, errorText, lang, t } from "../i18n.js";
import { download, wheelUrl } from "../storage.js";
import { lessonBlocks } from "../lesson/notebook.js";
import { isHidden } from "../lesson/link.js";

const STATES = { accepted: "hw.accepted", failed: "hw.notYet", null: "hw.untried" };

function el(tag, attrs = {}, ...children) {
  const node = Object.assign(document.createElement(tag), attrs);
  node.append(...children);
  return node;
}

export function mountHomework(panel, cells, lessonRoot) {
  const items = cells.map((cell) => {
    const state = el("span", { className: "hw-state" });
    const item = el("li", {}, el("a", { href: `#${cell.host.id}` }, el("code", {}, cell.name)), " ", state);
    return { cell, item, state };
  });
  const summary = el("p", { className: "hw-summary" });
  const checkAll = el("button", { type: "button" });
  const notebook = el("button", { type: "button" });
  const status = el("span", { className: "hw-status", role: "status" });
  const title = el("h2", { id: "homework-h" });
  bind(title, "hw.title");
  bind(checkAll, "hw.checkAll");
  bind(notebook, "hw.notebook");
  panel.setAttribute("aria-labelledby", title.id);
  const hiddenNote = el("p", { className: "hw-hidden" });
  const hides = ["solutions", "hints"].filter(isHidden);
  if (hides.length) bind(hiddenNote, `hw.hidden.${hides.join(".")}`);
  else hiddenNote.hidden = true;
  panel.replaceChildren(title, hiddenNote, el("ol", { className: "hw-list" }, ...items.map((i) => i.item)), summary,
    el("div", { className: "buttons" }, checkAll, notebook, status));

  function show() {
    for (const { cell, item, state } of items) {
      item.dataset.state = cell.verdict ?? "untried";
      bind(state, STATES[cell.verdict]);
    }
    bind(summary, "hw.summary", { n: cells.filter((c) => c.verdict === "accepted").length, total: cells.length });
  }
  show();
  lessonRoot.addEventListener("exercise-verdict", show);

  checkAll.addEventListener("click", async () => {
    checkAll.disabled = true;
    try {
      for (const [k, cell] of cells.entries()) {
        bind(status, "hw.checking", { k: k + 1, total: cells.length, name: cell.name });
        await cell.execute("check");
      }
      bind(status, "hw.checked");
    } finally {
      checkAll.disabled = false;
    }
  });

  const byId = new Map(cells.map((c) => [c.id, c]));
  const exercise = (id) => {
    const cell = byId.get(id);
    return cell ? [{ kind: "text", text: `**${t("ex.label")}:** \`${cell.name}\`` }, { kind: "code", code: cell.code() }] : [];
  };
  notebook.addEventListener("click", async () => {
    bind(status, null);
    try {
      const nb = await notebooks.lessonNotebook({ blocks: lessonBlocks(lessonRoot, exercise), lang: lang(),
        wheelUrl: wheelUrl() });
      download(nb.filename, nb.text, "application/x-ipynb+json");
      bind(status, "hw.downloaded", { file: nb.filename });
    } catch (e) {
      bind(status, "hw.notebookFailed", { error: errorText(e) });
    }
  });
}
