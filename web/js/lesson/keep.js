// The lesson kept in this browser, in two entries of storage.js's stores:
//   "lesson"           every number field and choice, saved as the user changes it and put back on reload as
//                      if typed again, so each section recomputes and checks it as usual (a bad value shows
//                      its message next to its field);
//   "lesson-training"  the Training section's last run (training.js's run: network, log, loss curve), saved
//                      as it streams and drawn back at once; Python checks its network when it is ready.
// What does not pass its check is dropped with a notice, and the rest comes back. "Reset to the lesson's
// numbers" asks first in a <dialog> and clears both. A dead worker is restarted; everything is in the page.
// "Copy link" shares the fields (link.js), and a teacher can make the link hide the exercises' solutions and hints.
import { py } from "../boot.js";
import { lessonPage } from "../api.js";
import { t, bind } from "../i18n.js";
import { createStore, showNotices } from "../storage.js";
import { watchWorker, deathNotice } from "../recover.js";
import { checkRun } from "./training.js";
import { readLink, linkTo } from "./link.js";

const MAX_VALUE = 100; // characters of one saved field: numbers, or an option's value

export function keepLesson(root, training) {
  const store = createStore("lesson", { version: 1 });
  const runs = createStore("lesson-training", { version: 1 });
  // The page's own fields (not the exercises' code editors), by id, in page order: choices before numbers,
  // since a choice of units converts the numbers.
  const fields = () => [...root.querySelectorAll("select[id], input[type=text][id]")].filter((el) => !el.closest(".exercise"));
  const defaults = new Map(fields().map((el) => [el.id, el.value]));
  const values = () => Object.fromEntries(fields().map((el) => [el.id, el.value]));
  const notices = [];
  const panel = buildPanel(root);
  const show = () => showNotices(panel.notices, notices);

  function put(saved) {
    for (const el of fields()) {
      const v = saved[el.id];
      if (typeof v !== "string" || v.length > MAX_VALUE || v === el.value) continue;
      if (el.tagName === "SELECT" && ![...el.options].some((o) => o.value === v)) continue;
      el.value = v;
      el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
    }
  }

  const link = readLink(fields());
  const { value, notice } = store.load();
  if (link) {
    // A link's numbers, the lesson's where it has none; kept, as if typed.
    notices.push(...link.notices);
    put({ ...Object.fromEntries(defaults), ...link.values });
    store.save(values);
  } else {
    if (notice) notices.push(notice);
    if (value) put(value);
  }
  restoreRun();
  show();
  training.onChange((some) => (some ? runs.save(training.saved) : runs.clear()));
  for (const type of ["input", "change"]) {
    root.addEventListener(type, (e) => {
      if (e.isTrusted && fields().includes(e.target)) store.save(values);
    });
  }

  panel.button.addEventListener("click", () => {
    panel.dialog.returnValue = "";
    panel.dialog.showModal();
  });
  panel.dialog.addEventListener("close", () => {
    if (panel.dialog.returnValue !== "reset") return;
    store.clear();
    put(Object.fromEntries(defaults));
    training.clear();
  });
  panel.copy.addEventListener("click", async () => {
    const hide = ["solutions", "hints"].filter((what) => panel.hide[what].checked);
    const url = linkTo(fields(), hide);
    panel.link.value = url;
    panel.link.hidden = false;
    try {
      await navigator.clipboard.writeText(url);
      bind(panel.linkMsg, hide.length ? "lesson.link.copiedHiding" : "lesson.link.copied");
    } catch { // no clipboard permission: the link is in the box to copy by hand
      bind(panel.linkMsg, "lesson.link.select");
      panel.link.select();
    }
  });
  // Hints can only be hidden with the solutions: a hint is a step towards the solution.
  panel.hide.solutions.addEventListener("change", () => {
    panel.hide.hints.disabled = !panel.hide.solutions.checked;
    if (!panel.hide.solutions.checked) panel.hide.hints.checked = false;
  });
  watchWorker(py, (error) => {
    notices.push(deathNotice(py, ["lesson.worker.died", "lesson.worker.back"], error, show));
    show();
  });

  // The saved run, drawn at once if its parts have the right types; dropped if Python refuses its network.
  function restoreRun() {
    const { value: run, notice: bad } = runs.load();
    if (bad) notices.push(bad);
    if (!run) return;
    const ignore = (error) => {
      runs.clear();
      notices.push({ key: "lesson.run.ignored", params: { error } });
      show();
    };
    const checked = checkRun(run);
    if (!checked) return ignore(["lesson.run.malformed"]);
    training.restore(checked);
    lessonPage.checkModel({ model: checked.model }).catch((e) => {
      if (!e.key && e.name !== "ValueError") return; // Python did not answer (a restart): not the network's fault
      if (training.saved()?.model !== checked.model) return; // trained anew or reset meanwhile
      training.clear();
      ignore(e);
    });
  }
}

// The panel at the end of the lesson and its dialog, in markup made here: the page's HTML is the lesson's.
function buildPanel(root) {
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (attrs["data-i18n"]) e.textContent = t(attrs["data-i18n"]);
    e.append(...children);
    return e;
  };
  const button = el("button", { type: "button", id: "lesson-defaults", "data-i18n": "lesson.defaults" });
  const notices = el("ul", { id: "lesson-notices", class: "save-notices", "aria-live": "polite" });
  const dialog = el("dialog", { id: "lesson-reset-dialog", class: "save-dialog", "aria-labelledby": "lesson-reset-h" },
    el("form", { method: "dialog" },
      el("h2", { id: "lesson-reset-h", "data-i18n": "lesson.reset.title" }),
      el("p", { "data-i18n": "lesson.reset.text" }),
      el("div", { class: "save-buttons" },
        el("button", { value: "cancel", autofocus: "", "data-i18n": "lesson.reset.cancel" }),
        el("button", { value: "reset", class: "danger", "data-i18n": "lesson.reset.ok" }))));
  root.querySelectorAll(".save-panel, #lesson-reset-dialog").forEach((e) => e.remove()); // the build's copy
  const check = (id, key) => el("label", { class: "check" }, el("input", { type: "checkbox", id }),
    " ", el("span", { "data-i18n": key }));
  const copy = el("button", { type: "button", id: "lesson-copy-link", "data-i18n": "lesson.link.copy" });
  const link = el("input", { type: "url", id: "lesson-link", class: "save-link", readonly: "", hidden: "", "aria-label": t("lesson.link.box"),
    "data-i18n-attr": "aria-label:lesson.link.box" });
  const linkMsg = el("p", { id: "lesson-link-msg", class: "save-msg", role: "status" });
  const hideSolutions = check("lesson-hide-solutions", "lesson.link.hideSolutions");
  const hideHints = check("lesson-hide-hints", "lesson.link.hideHints");
  hideHints.firstChild.disabled = true;
  root.append(el("div", { class: "save-panel", role: "region", "aria-label": t("lesson.defaults"), "data-i18n-attr": "aria-label:lesson.defaults" },
    el("p", { class: "save-hint", "data-i18n": "lesson.save.hint" }), button, notices,
    el("p", { class: "save-hint lesson-link-hint", "data-i18n": "lesson.link.hint" }),
    el("div", { class: "lesson-link" }, copy, hideSolutions, hideHints), link, linkMsg), dialog);
  return { button, dialog, notices, copy, link, linkMsg,
    hide: { solutions: hideSolutions.firstChild, hints: hideHints.firstChild } };
}
